import { computed, effect, signal, type ReadonlySignal } from '@preact/signals';
import { toWireError } from '../../shared/errors';
import { EMPTY_BRAND_KIT, parseColourList, type BrandKit } from '../../shared/logo/brand-kit';
import type { NodeSummary } from '../../shared/messages/contract';
import type { Pick } from '../../shared/messages/logo-messages';
import { TOOL_SPECS } from '../../shared/tools';
import type { JobSpec } from '../jobs/job-spec';
import { refineSpec } from '../jobs/refine-spec';
import type { PluginChannel } from '../plugin-channel';

/**
 * The logo section's state: the file's brand kit (loaded from and saved to the file), the
 * local vector tools, lockups, the logo sheet, and picks. Runs that need a model (Vectorize,
 * More like picks) go through the panel's one job runner (`run`).
 */
export interface LogoModelDeps {
  plugin: PluginChannel;
  selection: ReadonlySignal<NodeSummary[]>;
  run: (spec: JobSpec) => string;
  /** Runs a refine tool on the selection as the Refine form would (Vectorize). */
  refine: (tool: 'vectorize') => void;
}

/** Variations per pick for "More like picks": enough to compare, few enough to pay for. */
export const MORE_LIKE_PICKS_COUNT = 2;

export function createLogoModel(deps: LogoModelDeps) {
  const kit = signal<BrandKit>(EMPTY_BRAND_KIT);
  const paletteText = signal('');
  const brandName = signal('');
  const font = signal(EMPTY_BRAND_KIT.font);
  const kitMessage = signal('');
  const kitProblem = signal('');
  /** New images get the kit's colours (as inputs where the model takes them, else in words). */
  const useKitColours = signal(true);
  const picks = signal<Pick[]>([]);
  const problem = signal('');
  const notice = signal('');
  const busy = signal(false);
  /** The kit editor starts open only in a file with no kit yet, and stays as the person leaves it. */
  const kitOpen = signal(true);

  // From the picks list, which is re-read after every toggle (the selection's summaries are not re-sent).
  const selectedPicked = computed(() => {
    const ids = new Set(picks.value.map((p) => p.id));
    return deps.selection.value.length > 0 && deps.selection.value.every((n) => ids.has(n.id));
  });

  async function loadKit(): Promise<void> {
    try {
      const loaded = await deps.plugin.request('loadBrandKit', {});
      kit.value = loaded;
      paletteText.value = loaded.colors.join(', ');
      brandName.value = loaded.name;
      font.value = loaded.font;
      kitOpen.value = loaded.colors.length === 0;
    } catch (error) {
      kitProblem.value = toWireError(error).message;
    }
  }

  async function saveKit(): Promise<void> {
    kitMessage.value = '';
    const parsed = parseColourList(paletteText.value);
    if (parsed.problem) {
      kitProblem.value = parsed.problem;
      return;
    }
    kitProblem.value = '';
    const next: BrandKit = { colors: parsed.colors, name: brandName.value.trim().slice(0, 80), font: font.value.trim().slice(0, 80) || EMPTY_BRAND_KIT.font };
    try {
      await deps.plugin.request('saveBrandKit', next);
      kit.value = next;
      paletteText.value = next.colors.join(', ');
      kitMessage.value = next.colors.length ? `Saved: ${next.colors.length} colours in the file’s “Brand kit” variables.` : 'Saved.';
    } catch (error) {
      kitProblem.value = toWireError(error).message;
    }
  }

  function withBrandColours(spec: JobSpec): JobSpec {
    if (spec.tool !== 'generate' || !useKitColours.value || kit.value.colors.length === 0 || spec.brandColors) return spec;
    return { ...spec, brandColors: [...kit.value.colors] };
  }

  /** Runs one controller tool, saying its notes or its problem under the buttons. */
  async function local(work: () => Promise<{ placed: string[]; notes: string[] }>): Promise<void> {
    problem.value = '';
    notice.value = '';
    busy.value = true;
    try {
      const { notes } = await work();
      notice.value = notes.join(' ');
    } catch (error) {
      problem.value = toWireError(error).message;
    } finally {
      busy.value = false;
    }
  }

  function oneMark(): NodeSummary | undefined {
    const selection = deps.selection.value;
    if (selection.length !== 1) {
      problem.value = selection.length === 0 ? 'Select a mark first.' : 'Select one mark: the lockups and the sheet are built from one.';
      return undefined;
    }
    return selection[0];
  }

  function recolor(tool: 'recolor' | 'mono' | 'inverse'): Promise<void> {
    const nodeIds = deps.selection.value.map((n) => n.id);
    if (nodeIds.length === 0) {
      problem.value = 'Select a vector mark first (an SVG result, or Vectorize an image).';
      return Promise.resolve();
    }
    return local(() => deps.plugin.request('recolorMarks', { tool, nodeIds }));
  }

  function lockups(): Promise<void> {
    const mark = oneMark();
    return mark ? local(() => deps.plugin.request('buildLockups', { nodeId: mark.id })) : Promise.resolve();
  }

  function logoSheet(): Promise<void> {
    const mark = oneMark();
    return mark ? local(() => deps.plugin.request('buildLogoSheet', { nodeId: mark.id })) : Promise.resolve();
  }

  function vectorize(): void {
    problem.value = '';
    deps.refine('vectorize');
  }

  async function refreshPicks(): Promise<void> {
    try {
      picks.value = (await deps.plugin.request('listPicks', {})).picks;
    } catch {
      // The list is a convenience; the picks themselves are safe on the layers.
    }
  }

  async function togglePick(): Promise<void> {
    const nodeIds = deps.selection.value.map((n) => n.id);
    if (nodeIds.length === 0) {
      problem.value = 'Select a result to pick it.';
      return;
    }
    problem.value = '';
    await deps.plugin.request('setPicked', { nodeIds, picked: !selectedPicked.value });
    await refreshPicks();
  }

  async function selectPick(id: string): Promise<void> {
    const { missing } = await deps.plugin.request('selectNodes', { nodeIds: [id] });
    if (missing) await refreshPicks();
  }

  /** Vary on each pick: a generated pick runs its own recipe with new seeds, any other is varied as an image. */
  function moreLikePicks(): void {
    problem.value = '';
    const sources: NodeSummary[] = picks.value.map((p) => ({ ...p }));
    if (sources.length === 0) {
      problem.value = 'Pick some results first (★ Pick on a selected result).';
      return;
    }
    const specs = refineSpec('vary', sources, {
      prompt: '',
      strength: TOOL_SPECS.vary.strength ?? 0.35,
      count: MORE_LIKE_PICKS_COUNT,
      expandTo: '1:1',
      scale: 2,
    });
    if ('problem' in specs) {
      problem.value = specs.problem;
      return;
    }
    for (const spec of specs) deps.run(spec);
  }

  // The list follows the canvas: a pick deleted or picked by the relaunch button shows up.
  effect(() => {
    void deps.selection.value;
    void refreshPicks();
  });

  return {
    kit, kitOpen, paletteText, brandName, font, kitMessage, kitProblem, useKitColours, picks, problem, notice, busy, selectedPicked,
    loadKit, saveKit, withBrandColours, recolor, lockups, logoSheet, vectorize, refreshPicks, togglePick, selectPick, moreLikePicks,
  };
}

export type LogoModel = ReturnType<typeof createLogoModel>;
