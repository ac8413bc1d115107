/**
 * @jest-environment jsdom
 */
import '../support/jsdom-web-globals';
import { render, screen } from '@testing-library/preact';
import { JobList } from '../../ui/panel/JobList';
import { createJobList } from '../../ui/state/job-list';
import { startJob, type PluginPort } from '../../ui/jobs/run-job';
import { createPacer } from '../../ui/jobs/pacer';
import { explainNetworkError } from '../../ui/replicate/explain-error';
import type { ReplicateAccess } from '../../ui/replicate/client';

describe('a run that fails as a whole', () => {
  it('says its reason once on its card, not again on each variant row', async () => {
    let made = 0;
    const plugin: PluginPort = {
      request: (async (name: string, payload: { count?: number }) => {
        if (name === 'startRun') {
          return { targets: Array.from({ length: payload.count ?? 1 }, () => ({ nodeId: `1:${++made}`, width: 256, height: 256 })) };
        }
        return {};
      }) as PluginPort['request'],
    };
    // The relay went away after the panel checked it: the model look-up is where the run fails.
    const replicate = {
      getModel: async () => {
        throw explainNetworkError('http://localhost:8787');
      },
    } as unknown as ReplicateAccess;
    const list = createJobList(plugin, () => undefined);
    render(<JobList model={{ jobList: list }} />);
    const handle = startJob(
      { tool: 'generate', model: 'black-forest-labs/flux-schnell', prompt: 'a fox', count: 4, shape: { kind: 'ratio', ratio: '1:1' } },
      { plugin, replicate, toPlaceable: async () => { throw new Error('unused'); }, pacer: createPacer() },
      list.update,
    );
    list.track(handle);
    const final = await handle.done;
    await new Promise((resolve) => setTimeout(resolve, 0));

    expect(final.variants.map((v) => v.status)).toEqual(['failed', 'failed', 'failed', 'failed']);
    expect(screen.getAllByText(/Can't reach the relay/)).toHaveLength(1);
    expect(screen.getAllByRole('listitem').map((row) => row.textContent)).toEqual(['1Failed', '2Failed', '3Failed', '4Failed']);
  });
});
