/**
 * @jest-environment jsdom
 */
import { fireEvent, render, screen, within } from '@testing-library/preact';
import { JobList } from '../../ui/panel/JobList';
import { createJobList, MAX_FINISHED_JOBS } from '../../ui/state/job-list';
import type { JobSnapshot, JobSpec } from '../../ui/jobs/job-spec';
import type { JobHandle, PluginPort } from '../../ui/jobs/run-job';

const spec: JobSpec = { tool: 'generate', model: 'black-forest-labs/flux-schnell', prompt: 'a fox', count: 2, shape: { kind: 'ratio', ratio: '1:1' } };

function setup() {
  const requests: { name: string; payload: unknown }[] = [];
  const port: PluginPort = {
    request: (async (name: string, payload: unknown) => {
      requests.push({ name, payload });
      return { selected: (payload as { nodeIds: string[] }).nodeIds.length, missing: 0 };
    }) as PluginPort['request'],
  };
  const said: string[] = [];
  const list = createJobList(port, (m) => said.push(m));
  const canceled: string[] = [];
  /** A job as the runner reports it, with a handle whose Cancel is recorded. */
  function job(id: string, over: Partial<JobSnapshot> = {}): JobSnapshot {
    const snapshot: JobSnapshot = { id, spec: { ...spec, prompt: `prompt ${id}` }, phase: 'running', variants: [], ...over };
    const handle: JobHandle = { id, cancel: () => canceled.push(id), done: new Promise(() => undefined) };
    list.track(handle);
    list.update(snapshot);
    return snapshot;
  }
  render(<JobList model={{ jobList: list }} />);
  return { list, job, requests, canceled, said };
}

const card = (name: RegExp) => screen.getByRole('article', { name });
/** Signals re-render on the next tick. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

let revoked: string[] = [];
beforeEach(() => {
  revoked = [];
  // jsdom has no object URLs; the job list frees thumbnails through this.
  URL.revokeObjectURL = (url: string) => void revoked.push(url);
});

describe('job list', () => {
  it('shows a thumbnail for each placed variant, and clicking one selects that layer', async () => {
    const { job, requests } = setup();
    job('a', {
      phase: 'done',
      variants: [
        { status: 'placed', nodeId: '1:1', thumbnail: 'blob:one' },
        { status: 'failed', reason: 'Filtered' },
        { status: 'placed', nodeId: '1:3', thumbnail: 'blob:three' },
      ],
      targetIds: ['1:1', '1:2', '1:3'],
    });
    await settle();
    const images = card(/prompt a/).querySelectorAll('img');
    expect([...images].map((img) => img.getAttribute('src'))).toEqual(['blob:one', 'blob:three']);
    fireEvent.click(screen.getByRole('button', { name: 'Select variant 3 on the canvas' }));
    await Promise.resolve();
    expect(requests).toEqual([{ name: 'selectNodes', payload: { nodeIds: ['1:3'] } }]);
  });

  it('redraws a row when its variant changes, the rest as they were', async () => {
    const { job, list } = setup();
    const queued = { status: 'queued' } as const;
    const first = job('a', { variants: [queued, queued, queued] });
    await settle();
    const rows = () => [...card(/prompt a/).querySelectorAll('li')];
    const before = rows();
    expect(before.map((li) => li.textContent)).toEqual(['1Queued', '2Queued', '3Queued']);
    // The runner replaces only the changed variant; the others keep their identity.
    list.update({ ...first, variants: [queued, { status: 'placed', nodeId: '1:2', thumbnail: 'blob:two' }, queued] });
    await settle();
    expect(rows().map((li) => li.textContent)).toEqual(['1Queued', '2Placed', '3Queued']);
    expect(rows()[1].querySelector('img')?.getAttribute('src')).toBe('blob:two');
    expect(rows()[0]).toBe(before[0]);
  });

  it('Cancel on one running card cancels only that job', async () => {
    const { job, canceled } = setup();
    job('a', { variants: [{ status: 'running', since: 0 }] });
    job('b', { variants: [{ status: 'running', since: 0 }] });
    await settle();
    fireEvent.click(within(card(/prompt a/)).getByRole('button', { name: /^Cancel/ }));
    expect(canceled).toEqual(['a']);
  });

  it('clicking a card selects exactly its layers: placed results and placeholders still on the way', async () => {
    const { job, requests } = setup();
    job('a', {
      variants: [{ status: 'placed', nodeId: '9:1' }, { status: 'running', since: 0 }, { status: 'canceled' }],
      targetIds: ['1:1', '1:2', '1:3'],
    });
    job('b', { phase: 'done', variants: [{ status: 'placed', nodeId: '2:1' }], targetIds: ['2:1'] });
    await settle();
    fireEvent.click(within(card(/prompt a/)).getByText(/^Running/));
    await Promise.resolve();
    expect(requests).toEqual([{ name: 'selectNodes', payload: { nodeIds: ['9:1', '1:2'] } }]);
  });

  it('Clear removes finished jobs, keeps running ones, and frees their thumbnails', async () => {
    const { job } = setup();
    job('done', { phase: 'done', variants: [{ status: 'placed', nodeId: '1:1', thumbnail: 'blob:done' }] });
    job('live', { variants: [{ status: 'running', since: 0 }] });
    await settle();
    fireEvent.click(screen.getByRole('button', { name: 'Clear finished' }));
    await settle();
    expect(screen.getAllByRole('article').map((a) => a.getAttribute('aria-label'))).toEqual(['prompt live']);
    expect(revoked).toEqual(['blob:done']);
    expect(screen.queryByRole('button', { name: 'Clear finished' })).toBeNull();
  });

  it('keeps a bounded number of finished jobs, dropping the oldest and their thumbnails', () => {
    const { list, job } = setup();
    job('live', { variants: [{ status: 'running', since: 0 }] });
    for (let i = 0; i < MAX_FINISHED_JOBS + 2; i++) {
      job(`f${i}`, { phase: 'done', variants: [{ status: 'placed', nodeId: `1:${i}`, thumbnail: `blob:f${i}` }] });
    }
    expect(list.jobs.value).toHaveLength(MAX_FINISHED_JOBS + 1);
    expect(list.jobs.value.map((j) => j.id)).toContain('live');
    expect(revoked).toEqual(['blob:f0', 'blob:f1']);
  });
});
