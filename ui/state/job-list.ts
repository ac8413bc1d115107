import { computed, signal } from '@preact/signals';
import type { JobSnapshot } from '../jobs/job-spec';
import type { JobHandle } from '../jobs/run-job';
import { releaseThumbnail } from '../images/thumbnail';
import type { PluginPort } from '../jobs/run-job';

/** Finished cards kept in the list; running ones always stay, with their progress and Cancel. */
export const MAX_FINISHED_JOBS = 6;

/**
 * The panel's job list: every run's latest snapshot, newest first, and what a card can do
 * (cancel its own run, select its layers, be cleared once finished). A job leaving the list
 * takes its thumbnails with it.
 */
export function createJobList(plugin: PluginPort, say: (message: string) => void) {
  const jobs = signal<JobSnapshot[]>([]);
  const handles = new Map<string, JobHandle>();
  const running = computed(() => jobs.value.some(isActive));
  const finished = computed(() => jobs.value.filter((job) => !isActive(job)).length);

  function replace(next: JobSnapshot[]): void {
    const kept = new Set(next.map((job) => job.id));
    for (const job of jobs.value) if (!kept.has(job.id)) releaseThumbnails(job);
    jobs.value = next;
  }

  function update(snapshot: JobSnapshot): void {
    const others = jobs.value.filter((job) => job.id !== snapshot.id);
    let kept = 0;
    replace([snapshot, ...others].filter((job) => isActive(job) || ++kept <= MAX_FINISHED_JOBS));
  }

  function track(handle: JobHandle): void {
    handles.set(handle.id, handle);
    const forget = () => void handles.delete(handle.id);
    handle.done.then(forget, forget);
  }

  function cancel(jobId: string): void {
    handles.get(jobId)?.cancel();
  }

  function cancelAll(): void {
    for (const handle of handles.values()) handle.cancel();
  }

  function clearFinished(): void {
    replace(jobs.value.filter(isActive));
  }

  /** Selects a job's layers: placed results, and the placeholders of those still on the way. */
  async function select(jobId: string): Promise<void> {
    const job = jobs.value.find((j) => j.id === jobId);
    if (!job) return;
    const nodeIds = job.variants.flatMap((variant, i) =>
      variant.status === 'placed' ? [variant.nodeId] : isFinalVariant(variant) ? [] : job.targetIds?.slice(i, i + 1) ?? [],
    );
    await selectNodes(nodeIds);
  }

  async function selectNodes(nodeIds: string[]): Promise<void> {
    if (nodeIds.length === 0) {
      say('This run placed nothing on the canvas.');
      return;
    }
    try {
      const { selected, missing } = await plugin.request('selectNodes', { nodeIds });
      if (selected === 0) say(missing === 1 ? 'That layer was deleted.' : 'Its layers were deleted.');
      else if (missing > 0) say(`Selected ${selected}; ${missing} ${missing === 1 ? 'was' : 'were'} deleted.`);
    } catch {
      say('Could not select its layers on the canvas.');
    }
  }

  return { jobs, running, finished, update, track, cancel, cancelAll, clearFinished, select, selectNodes };
}

export type JobList = ReturnType<typeof createJobList>;

export function isActive(job: JobSnapshot): boolean {
  return job.phase === 'starting' || job.phase === 'running';
}

function isFinalVariant(variant: JobSnapshot['variants'][number]): boolean {
  return variant.status === 'failed' || variant.status === 'canceled';
}

function releaseThumbnails(job: JobSnapshot): void {
  for (const variant of job.variants) if (variant.status === 'placed') releaseThumbnail(variant.thumbnail);
}
