import { allNodes, imageNodes, startLoop, type Loop } from '../support/loop';

let loop: Loop;
afterEach(async () => loop?.close());

const PROMPT = 'a lighthouse at dusk, flat illustration';

interface Seen {
  name: string;
  fill: string;
}

/** Records every distinct name and solid tint each placeholder-like node shows, as it changes. */
function watchCanvas(figma: PluginAPI): { history: Map<string, Seen[]>; stop(): void } {
  const history = new Map<string, Seen[]>();
  const sample = () => {
    for (const node of allNodes(figma)) {
      const paint = (node as RectangleNode).fills as Paint[];
      const first = Array.isArray(paint) ? paint[0] : undefined;
      const fill = first?.type === 'SOLID' ? `${JSON.stringify(first.color)}/${first.opacity}` : first?.type ?? 'none';
      const seen = history.get(node.id) ?? [];
      const last = seen.at(-1);
      if (!last || last.name !== node.name || last.fill !== fill) seen.push({ name: node.name, fill });
      history.set(node.id, seen);
    }
  };
  const timer = setInterval(sample, 10);
  // A last look when stopped: the final rename may land between two samples.
  return {
    history,
    stop: () => {
      clearInterval(timer);
      sample();
    },
  };
}

describe('placeholders show signs of life on the canvas', () => {
  it('counts the seconds while running, in a tint of its own, and becomes the result with its real name', async () => {
    // Long enough that the count passes 2 s however late it starts on a loaded machine.
    loop = await startLoop({ replicate: { latencyMs: 3600 }, waitSeconds: 1 });
    const watch = watchCanvas(loop.figma);
    const started = Date.now();
    const job = await loop.generate({ count: 1 });
    const elapsed = Date.now() - started;
    watch.stop();
    expect(job.variants[0].status).toBe('placed');

    const [result] = imageNodes(loop.figma);
    const seen = watch.history.get(result.id)!;
    const names = seen.map((s) => s.name);
    expect(names[0]).toBe(`Generating… queued · ${PROMPT}`);
    // The count goes up while it runs (about once a second; a late tick may skip a number).
    const counts = names.flatMap((n) => /^Generating… (\d+) s · /.exec(n)?.[1] ?? []).map(Number);
    expect(counts).toContain(1);
    expect(Math.max(...counts)).toBeGreaterThanOrEqual(2);
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
    // Queued and running look different on the canvas, and the result is an image.
    const running = seen.find((s) => s.name.startsWith('Generating… 1 s'))!;
    expect(running.fill).not.toBe(seen[0].fill);
    expect(seen.at(-1)).toEqual({ name: PROMPT, fill: 'IMAGE' });
    // At most about one write a second: no more states than seconds, plus start and end.
    expect(seen.length).toBeLessThanOrEqual(Math.ceil(elapsed / 1000) + 3);
    expect(allNodes(loop.figma).filter((n) => /^(Generating|Failed)/.test(n.name))).toHaveLength(0);
  });

  it('stops counting once the prediction is done, so the placeholder is not relabelled while its image downloads', async () => {
    loop = await startLoop({ replicate: { latencyMs: 300 } });
    // The image takes 2.5 s to arrive: a count still running would show 1 s and 2 s meanwhile.
    loop.replicate.faults.next('GET /delivery/*', { kind: 'delay', ms: 2500 });
    const watch = watchCanvas(loop.figma);
    const job = await loop.generate({ count: 1 });
    watch.stop();
    expect(job.variants[0].status).toBe('placed');
    const [result] = imageNodes(loop.figma);
    const names = watch.history.get(result.id)!.map((s) => s.name);
    expect(names.filter((n) => /^Generating… [1-9]\d* s · /.test(n))).toEqual([]);
    expect(names.at(-1)).toBe(PROMPT);
  });

  it('says on the canvas why a variant failed while the others are still running, then tidies up', async () => {
    // FLUX 1.1 pro makes one image per prediction: the first create fails, the second runs on.
    loop = await startLoop({ replicate: { latencyMs: 1500 } });
    loop.replicate.faults.next('POST /v1/models/*/*/predictions', { kind: 'status', status: 500 });
    const watch = watchCanvas(loop.figma);
    let failedWhileRunning: Seen | undefined;
    const sampler = setInterval(() => {
      const nodes = allNodes(loop.figma);
      const failed = nodes.find((n) => n.name.startsWith('Failed:'));
      if (failed && nodes.some((n) => n.name.startsWith('Generating…'))) {
        const paint = (failed as RectangleNode).fills as SolidPaint[];
        failedWhileRunning ??= { name: failed.name, fill: JSON.stringify(paint[0].color) };
      }
    }, 10);
    const job = await loop.generate({ model: 'black-forest-labs/flux-1.1-pro', count: 2 });
    clearInterval(sampler);
    watch.stop();

    expect(job.variants.map((v) => v.status).sort()).toEqual(['failed', 'placed']);
    expect(failedWhileRunning?.name).toMatch(/^Failed: Replicate is having trouble \(HTTP 500\) · a lighthouse/);
    const tint = JSON.parse(failedWhileRunning!.fill) as RGB;
    expect(tint.r).toBeGreaterThan(tint.g);
    // No failed or waiting placeholder is left once the run is over; the result keeps its name.
    expect(allNodes(loop.figma).filter((n) => /^(Generating|Failed)/.test(n.name))).toHaveLength(0);
    expect(imageNodes(loop.figma).map((n) => n.name)).toEqual([PROMPT]);
  });

  it('counts on the placeholders beside a matched frame, never on the frame filled in place', async () => {
    // Long enough that the count reaches 1 s however late it starts (with 1.6 s, a loaded CI
    // machine once finished the prediction before the count's first tick).
    loop = await startLoop({ replicate: { latencyMs: 3000 }, waitSeconds: 1 });
    const frame = loop.figma.createFrame();
    frame.resize(400, 300);
    frame.name = 'Hero';
    loop.fake.select([frame]);
    await loop.fake.settle();
    const watch = watchCanvas(loop.figma);
    const job = await loop.generate({ shape: { kind: 'match-selection' }, count: 2 });
    watch.stop();
    expect(job.variants.map((v) => v.status)).toEqual(['placed', 'placed']);
    expect(new Set(watch.history.get(frame.id)!.map((s) => s.name))).toEqual(new Set(['Hero']));
    const [beside] = imageNodes(loop.figma).filter((n) => n !== frame);
    expect(watch.history.get(beside.id)!.map((s) => s.name)).toContain(`Generating… 1 s · ${PROMPT}`);
  });
});
