import type { Rect } from '../../shared/layout';

/** What the controller remembers about a run between its messages (memory only). */
export interface RunTarget {
  nodeId: string;
  /** Held so the close handler can clean up synchronously (getNodeByIdAsync can't run then). */
  node: SceneNode;
  kind: 'placeholder' | 'selection';
  /** Where the target was when the run started, to re-place an image whose target vanished. */
  rect: Rect;
  state: 'waiting' | 'placed' | 'failed';
  /** The result takes the target's size exactly (a selected frame's, or one made at a frame's size). */
  exact?: boolean;
}

export interface Run {
  id: string;
  targets: Map<string, RunTarget>;
  placed: string[];
  /** The page the run started on: replacement nodes go there even if the person moved on. */
  page: PageNode;
  /** Part of something larger (a design's image slots): no undo step or selection of its own. */
  quiet?: boolean;
  /** An Explore run's section: removed at the end if no image landed in it. */
  section?: SceneNode;
}

const runs = new Map<string, Run>();
let lastResults: Rect | undefined;

export function openRun(id: string, targets: RunTarget[], options: { quiet?: boolean; section?: SceneNode } = {}): Run {
  const run: Run = {
    id,
    targets: new Map(targets.map((t) => [t.nodeId, t])),
    placed: [],
    page: figma.currentPage,
    ...(options.quiet ? { quiet: true } : {}),
    ...(options.section ? { section: options.section } : {}),
  };
  runs.set(id, run);
  return run;
}

export function getRun(id: string): Run | undefined {
  return runs.get(id);
}

export function closeRun(id: string): void {
  runs.delete(id);
}

export function openRuns(): Run[] {
  return [...runs.values()];
}

export function rememberResults(rect: Rect | undefined): void {
  if (rect) lastResults = rect;
}

/** Bounds of the previous run's results: the next run goes beside them. */
export function lastResultsBounds(): Rect | undefined {
  return lastResults;
}
