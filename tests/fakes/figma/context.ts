import type { ImageStore } from './paints-and-images';
import type { FakeBaseNode } from './node-base';
import type { StyleStore } from './styles';
import type { VariableStore } from './variables';

/** What every fake node shares: id allocation, the node registry, images, fonts, events. */
export interface FakeContext {
  nextId(): string;
  register(node: FakeBaseNode): void;
  readonly images: ImageStore;
  /** Loaded fonts, as `family\u0000style`. */
  readonly loadedFonts: Set<string>;
  /** Manifest `relaunchButtons` commands, when the test told the fake about them. */
  readonly relaunchCommands: readonly string[] | undefined;
  readonly mixed: symbol;
  /** Resolves paints bound to colour variables. */
  readonly variables: Pick<VariableStore, 'resolvePaints'>;
  /** Local paint and text styles, by id. */
  readonly styles: Pick<StyleStore, 'paintsOf' | 'textOf'>;
  /** The page new nodes go to and clones land on by default. */
  currentPage(): FakeBaseNode;
  /** Marks the auto layout around `node` stale; it is recomputed before geometry is next read. */
  layoutDirty(node: FakeBaseNode): void;
  /** Recomputes stale auto layout (cheap when nothing is stale). */
  flushLayout(): void;
  /** Called after anything in the document may have changed (batched for listeners). */
  changed(): void;
  /** Called when a page's selection changes; `sync` for user clicks, later for plugin writes. */
  selectionChanged(page: FakeBaseNode, sync: boolean): void;
}

export function fontKey(font: FontName): string {
  return `${font.family}\u0000${font.style}`;
}
