import { createPacer } from '../../ui/jobs/pacer';
import { startJob, THUMBNAIL_BYTES, type PluginPort } from '../../ui/jobs/run-job';
import { EXPIRED_MESSAGE, type JobSnapshot } from '../../ui/jobs/job-spec';
import type { ReplicateAccess } from '../../ui/replicate/client';
import { readCapabilities } from '../../shared/models/capabilities';
import { MODELS } from '../fakes/replicate/models';
import { waitFor } from '../support/wait-for';

const spec = { tool: 'generate' as const, model: 'black-forest-labs/flux-schnell', prompt: 'a fox', count: 2, shape: { kind: 'ratio' as const, ratio: '1:1' } };

function plugin(overrides: Partial<Record<string, (payload: never) => unknown>> = {}): PluginPort & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    request(name, payload) {
      calls.push(name);
      const handler = overrides[name];
      if (handler) return Promise.resolve(handler(payload as never)) as never;
      if (name === 'startRun') return Promise.resolve({ targets: [1, 2].map((n) => ({ nodeId: `1:${n}`, width: 100, height: 100, kind: 'placeholder' })) }) as never;
      if (name === 'finishRun') return Promise.resolve({ placed: [] }) as never;
      return Promise.resolve(undefined) as never;
    },
  };
}

function replicate(prediction: Record<string, unknown>): ReplicateAccess {
  const schema = MODELS.get('black-forest-labs/flux-schnell')!.schema;
  return {
    getModel: async () => ({ id: 'black-forest-labs/flux-schnell', capabilities: readCapabilities(schema as never) }),
    createPrediction: async () => ({ id: 'p1', status: 'succeeded', ...prediction }) as never,
    getPrediction: async () => ({ id: 'p1', status: 'succeeded', ...prediction }) as never,
    cancelPrediction: async () => undefined,
    download: async () => new Uint8Array(),
    inputUrl: async () => 'data:',
    streamText: async () => '',
  };
}

describe('job runner', () => {
  it('shows the job (and so its Cancel button) before the controller has answered', () => {
    const seen: JobSnapshot[] = [];
    startJob(spec, { plugin: plugin({ startRun: () => new Promise(() => undefined) }), replicate: replicate({}), toPlaceable: async () => { throw new Error('unused'); }, pacer: createPacer() }, (s) => seen.push(s));
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ phase: 'starting', spec: { prompt: 'a fox' } });
  });

  it('says a finished prediction expired when Replicate has already removed its outputs', async () => {
    const port = plugin();
    const job = await startJob(
      spec,
      { plugin: port, replicate: replicate({ output: null, data_removed: true }), toPlaceable: async () => { throw new Error('unused'); }, pacer: createPacer() },
      () => undefined,
    ).done;
    expect(job.variants).toEqual([
      { status: 'failed', reason: EXPIRED_MESSAGE },
      { status: 'failed', reason: EXPIRED_MESSAGE },
    ]);
    expect(port.calls.filter((c) => c === 'failTarget')).toHaveLength(2);
    expect(port.calls.at(-1)).toBe('finishRun');
  });

  it('names each result after its source, the tool and its variant number, and gives it a thumbnail once the run is placed', async () => {
    const placed: { name: string; bytes: number }[] = [];
    const order: string[] = [];
    const port = plugin({
      placeImages: (payload: { items: { name: string; bytes: Uint8Array; nodeId: string }[] }) => {
        order.push('place');
        placed.push(...payload.items.map((i) => ({ name: i.name, bytes: i.bytes.byteLength })));
        // Like the real channel: the bytes are transferred, leaving the panel's buffer empty.
        structuredClone(payload.items.map((i) => i.bytes), { transfer: [...new Set(payload.items.map((i) => i.bytes.buffer as ArrayBuffer))] });
        return { outcomes: payload.items.map((i) => ({ nodeId: i.nodeId })) };
      },
      finishRun: () => (order.push('finish'), { placed: [] }),
    });
    const png = new Uint8Array([1, 2, 3]);
    const job = await startJob(
      { ...spec, tool: 'vary', name: 'Ember & Oak logo, flat vector mark, warm amber on cream, geometric', nameSuffix: 'Vary' },
      {
        plugin: port,
        replicate: replicate({ output: ['https://x/1.png', 'https://x/2.png'] }),
        toPlaceable: async () => ({ kind: 'raster', bytes: png.slice(), width: 100, height: 100 }),
        pacer: createPacer(),
        demo: true,
        // Drawn after placing (it would slow it down), from a copy of the bytes placing handed over.
        thumbnail: async (image) => {
          order.push('thumbnail');
          return image.kind === 'raster' ? `blob:thumb-${image.bytes.byteLength}` : undefined;
        },
      },
      () => undefined,
    ).done;
    expect(placed.map((p) => p.name).sort()).toEqual([
      'Ember & Oak logo, flat vector mark, warm am… · Vary 1 (demo)',
      'Ember & Oak logo, flat vector mark, warm am… · Vary 2 (demo)',
    ]);
    // Drawn once the run is on the canvas, not between its images.
    expect(order).toEqual(['place', 'finish', 'thumbnail', 'thumbnail']);
    expect(placed.map((p) => p.bytes)).toEqual([3, 3]);
    expect(job.variants).toEqual([
      { status: 'placed', nodeId: '1:1', thumbnail: 'blob:thumb-3' },
      { status: 'placed', nodeId: '1:2', thumbnail: 'blob:thumb-3' },
    ]);
    expect(job.targetIds).toEqual(['1:1', '1:2']);
  });

  it('creates the prediction while the controller is still making the placeholders', async () => {
    let answerStart: () => void = () => undefined;
    const events: string[] = [];
    const port = plugin({
      startRun: () =>
        new Promise((resolve) => {
          answerStart = () => resolve({ targets: [1, 2].map((n) => ({ nodeId: `1:${n}`, width: 100, height: 100, kind: 'placeholder' })) });
        }),
      placeImages: (payload: { items: { nodeId: string }[] }) => ({ outcomes: payload.items.map((i) => ({ nodeId: i.nodeId })) }),
    });
    const access = replicate({ output: ['https://x/1.png', 'https://x/2.png'] });
    const create = access.createPrediction;
    access.createPrediction = async (args) => {
      events.push(`create ${JSON.stringify([args.input.width, args.input.height, args.input.aspect_ratio])}`);
      return create(args);
    };
    const job = startJob(spec, { plugin: port, replicate: access, toPlaceable: async () => ({ kind: 'raster', bytes: new Uint8Array(3), width: 100, height: 100 }), pacer: createPacer() }, () => undefined);
    await waitFor(() => events.length > 0);
    expect(port.calls).toEqual(['startRun']);
    events.push('startRun answered');
    answerStart();
    const final = await job.done;
    expect(events[0]).toMatch(/^create .*"1:1"/);
    expect(final.variants.map((v) => v.status)).toEqual(['placed', 'placed']);
  });

  it('cancels a prediction created early when the controller could not make the placeholders', async () => {
    const canceled: string[] = [];
    const port = plugin({ startRun: () => Promise.reject(Object.assign(new Error('This page is read-only.'), { name: 'ReadOnly' })) });
    const access = replicate({ status: 'processing' });
    access.cancelPrediction = async (id) => void canceled.push(id);
    const final = await startJob(spec, { plugin: port, replicate: access, toPlaceable: async () => { throw new Error('unused'); }, pacer: createPacer() }, () => undefined).done;
    expect(final.phase).toBe('failed');
    expect(final.message).toBe('This page is read-only.');
    await waitFor(() => canceled.length > 0);
    expect(canceled).toEqual(['p1']);
    expect(port.calls).not.toContain('trackPrediction');
    expect(port.calls).not.toContain('finishRun');
  });

  it('waits for the selection\'s sizes before creating a Match selection run', async () => {
    const sizes: unknown[] = [];
    const port = plugin({
      startRun: () => ({ targets: [{ nodeId: '5:1', width: 300, height: 600, kind: 'selection' }] }),
      placeImages: (payload: { items: { nodeId: string }[] }) => ({ outcomes: payload.items.map((i) => ({ nodeId: i.nodeId })) }),
    });
    const access = replicate({ output: ['https://x/1.png'] });
    const create = access.createPrediction;
    access.createPrediction = async (args) => {
      sizes.push(args.input.aspect_ratio);
      return create(args);
    };
    await startJob({ ...spec, count: 1, shape: { kind: 'match-selection' } }, { plugin: port, replicate: access, toPlaceable: async () => ({ kind: 'raster', bytes: new Uint8Array(3), width: 300, height: 600 }), pacer: createPacer() }, () => undefined).done;
    expect(sizes).toEqual(['9:16']);
  });

  it('remembers a prediction for resume until placed, unless it came back finished with its files inside', async () => {
    const run = async (output: string[]) => {
      const port = plugin({ placeImages: (payload: { items: { nodeId: string }[] }) => ({ outcomes: payload.items.map((i) => ({ nodeId: i.nodeId })) }) });
      const job = await startJob(spec, { plugin: port, replicate: replicate({ output }), toPlaceable: async () => ({ kind: 'raster', bytes: new Uint8Array(3), width: 100, height: 100 }), pacer: createPacer() }, () => undefined).done;
      expect(job.variants.map((v) => v.status)).toEqual(['placed', 'placed']);
      return port.calls.filter((c) => c === 'trackPrediction' || c === 'untrackPrediction');
    };
    expect(await run(['https://replicate.delivery/1.png', 'https://replicate.delivery/2.png'])).toEqual(['trackPrediction', 'untrackPrediction']);
    expect(await run(['data:image/png;base64,iVBORw==', 'data:image/png;base64,iVBORw=='])).toEqual([]);
  });

  it('draws thumbnails at once rather than keep more than its budget of large images until the run ends', async () => {
    const order: string[] = [];
    const port = plugin({
      placeImages: (payload: { items: { nodeId: string }[] }) => (order.push('place'), { outcomes: payload.items.map((i) => ({ nodeId: i.nodeId })) }),
      finishRun: () => (order.push('finish'), { placed: [] }),
    });
    const access = replicate({ output: ['https://x/1.png', 'https://x/2.png'] });
    const big = () => ({ kind: 'raster' as const, bytes: new Uint8Array(THUMBNAIL_BYTES / 2 + 1), width: 100, height: 100 });
    await startJob(
      spec,
      { plugin: port, replicate: access, toPlaceable: async () => big(), pacer: createPacer(), thumbnail: async () => (order.push('thumbnail'), 'blob:t') },
      () => undefined,
    ).done;
    expect(order.filter((o) => o === 'thumbnail')).toHaveLength(2);
    expect(order.indexOf('thumbnail')).toBeLessThan(order.indexOf('finish'));
    expect(order.lastIndexOf('thumbnail')).toBeGreaterThan(order.indexOf('finish'));
  });

  it('marks the creates of a run of several predictions as made together, and a lone one not', async () => {
    const marks = async (count: number) => {
      const seen: (boolean | undefined)[] = [];
      const access = replicate({ output: [] });
      const create = access.createPrediction;
      access.createPrediction = async (args) => (seen.push(args.together), create(args));
      await startJob({ ...spec, count }, { plugin: plugin(), replicate: access, toPlaceable: async () => { throw new Error('unused'); }, pacer: createPacer() }, () => undefined).done;
      return seen;
    };
    // FLUX schnell makes up to 4 images a prediction: 8 variants are 2 predictions.
    expect(await marks(8)).toEqual([true, true]);
    expect(await marks(2)).toEqual([undefined]);
  });
});
