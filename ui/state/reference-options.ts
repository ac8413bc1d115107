import { computed, signal, type ReadonlySignal } from '@preact/signals';
import type { Capabilities } from '../../shared/models/capabilities';
import type { NodeSummary } from '../../shared/messages/contract';
import { referenceLimit } from '../jobs/reference-inputs';

/**
 * The Generate tab's reference options, offered only when the chosen model takes reference
 * images (read from its schema): the selected layers as references, or, when the result goes
 * into the selection (Match selection), a snapshot of the frame around it.
 */
export function createReferenceOptions(selection: ReadonlySignal<NodeSummary[]>) {
  /** How many reference images the chosen model takes; 0 when none (or not yet known). */
  const limit = signal(0);
  const useSelection = signal(false);
  const matchFrame = signal(true);
  /** The Design tab's option: on by default, used only when the image model takes references. */
  const designMatchFrame = signal(true);
  const designMatchesFrame = computed(() => limit.value > 0 && designMatchFrame.value);

  const selected = computed(() => selection.value);

  function readModel(caps: Capabilities | undefined): void {
    limit.value = caps ? referenceLimit(caps) : 0;
  }

  /** What a press of Generate adds to its job. */
  function specPart(matching: boolean): { references?: string[]; matchFrame?: boolean } {
    if (limit.value === 0) return {};
    if (matching) return matchFrame.value ? { matchFrame: true } : {};
    if (!useSelection.value || selected.value.length === 0) return {};
    return { references: selected.value.slice(0, limit.value).map((n) => n.id) };
  }

  return { limit, useSelection, matchFrame, designMatchFrame, designMatchesFrame, selected, readModel, specPart };
}

export type ReferenceOptions = ReturnType<typeof createReferenceOptions>;
