import type { JobSnapshot } from '../jobs/job-spec';

/**
 * Keeps a double-click from paying twice: while a run is being started (until its
 * predictions exist, and at least for a short window), the same inputs again are ignored.
 * Different inputs start at once; the same inputs again, after that, are a deliberate rerun.
 */
export interface SubmitGuard {
  /** True if `key` may start now (and marks it starting); false if an identical start is under way. */
  claim(key: string): boolean;
  /** The start of `key` became these jobs (one per source layer for some tools). */
  attach(key: string, jobIds: string[]): void;
  /** The start of `key` was given up before any job existed. */
  drop(key: string): void;
  /** Called with each job update: a job that has created its predictions, or ended, no longer holds its key. */
  update(job: JobSnapshot): void;
}

export const DOUBLE_SUBMIT_WINDOW_MS = 1500;

export function createSubmitGuard(options: { now?: () => number; windowMs?: number } = {}): SubmitGuard {
  const now = options.now ?? Date.now;
  const windowMs = options.windowMs ?? DOUBLE_SUBMIT_WINDOW_MS;
  const starts = new Map<string, { since: number; jobIds: string[]; waiting: Set<string> }>();

  return {
    claim(key) {
      const current = starts.get(key);
      const starting = current && (current.jobIds.length === 0 || current.waiting.size > 0);
      if (current && (starting || now() - current.since < windowMs)) return false;
      starts.set(key, { since: now(), jobIds: [], waiting: new Set() });
      return true;
    },
    attach(key, jobIds) {
      const current = starts.get(key);
      if (!current) return;
      current.jobIds = jobIds;
      current.waiting = new Set(jobIds);
      if (jobIds.length === 0) starts.delete(key);
    },
    drop(key) {
      starts.delete(key);
    },
    update(job) {
      if (!predictionsCreated(job)) return;
      for (const start of starts.values()) start.waiting.delete(job.id);
    },
  };
}

/** The job's spending is settled: every prediction exists (or failed to), or the job ended. */
export function predictionsCreated(job: JobSnapshot): boolean {
  if (job.phase === 'done' || job.phase === 'failed' || job.phase === 'canceled') return true;
  if (job.phase !== 'running' || job.variants.length === 0) return false;
  return job.variants.every((v) => v.status !== 'queued' && !(v.status === 'running' && !v.predictionId));
}
