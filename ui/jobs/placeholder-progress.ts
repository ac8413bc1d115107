import type { PlaceholderState, Target } from '../../shared/messages/contract';
import type { VariantState } from './job-spec';
import type { PluginPort } from './run-job';

/** Each placeholder is rewritten at most this often: every write is a document change. */
export const PROGRESS_INTERVAL_MS = 1000;

export interface PlaceholderProgress {
  /** A variant's new state; running ones then count their seconds on the canvas. */
  update(index: number, state: VariantState): void;
  /**
   * The variant's prediction is done and its image on its way: its seconds stop, since
   * relabelling the placeholder now only makes the canvas redraw just before the image lands.
   */
  arrived(index: number): void;
  stop(): void;
}

/**
 * Shows each running variant's seconds on its placeholder, so the canvas shows a sign of
 * life. Only placeholders: a person's frame being filled in place is never renamed.
 * Queued is how placeholders are made, and failure is shown by failTarget.
 */
export function placeholderProgress(
  plugin: PluginPort,
  runId: string,
  targets: () => Target[],
  now: () => number,
): PlaceholderProgress {
  const running = new Map<string, number>();
  const sent = new Map<string, { at: number; key: string }>();
  let timer: ReturnType<typeof setInterval> | undefined;

  function send(nodeId: string, state: PlaceholderState): void {
    const key = JSON.stringify(state);
    const last = sent.get(nodeId);
    if (last && (last.key === key || now() - last.at < PROGRESS_INTERVAL_MS)) return;
    sent.set(nodeId, { at: now(), key });
    void plugin.request('showTargetState', { runId, nodeId, state }).catch(() => undefined);
  }

  function tick(): void {
    for (const [nodeId, since] of running) {
      send(nodeId, { state: 'running', seconds: Math.max(0, Math.floor((now() - since) / 1000)) });
    }
  }

  function stop(): void {
    running.clear();
    if (timer !== undefined) clearInterval(timer);
    timer = undefined;
  }

  function forget(nodeId: string): void {
    running.delete(nodeId);
    if (running.size === 0) stop();
  }

  return {
    update(index, state) {
      const target = targets()[index];
      if (!target || target.kind !== 'placeholder') return;
      if (state.status !== 'running') return forget(target.nodeId);
      const known = running.has(target.nodeId);
      running.set(target.nodeId, state.since);
      if (!known) send(target.nodeId, { state: 'running', seconds: Math.max(0, Math.floor((now() - state.since) / 1000)) });
      timer ??= setInterval(tick, PROGRESS_INTERVAL_MS);
    },
    arrived(index) {
      const target = targets()[index];
      if (target) forget(target.nodeId);
    },
    stop,
  };
}
