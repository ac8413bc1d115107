import { imageNodes, allNodes, startLoop, type Loop } from '../support/loop';

let loop: Loop;
afterEach(async () => loop?.close());

const placeholders = () => allNodes(loop.figma).filter((n) => n.name.startsWith('Generating'));
const reasons = (job: { variants: { status: string; reason?: string }[] }) =>
  job.variants.map((v) => ('reason' in v ? v.reason : v.status));

describe('bad input gets a clear message and leaves nothing behind', () => {
  it('empty prompt: asks for one, touches neither canvas nor network', async () => {
    loop = await startLoop();
    const job = await loop.generate({ prompt: '   ' });
    expect(job.message).toBe('Type a prompt first.');
    expect(allNodes(loop.figma)).toHaveLength(0);
    expect(loop.replicate.requests).toHaveLength(0);
  });

  it('a model name that is not owner/name', async () => {
    loop = await startLoop();
    const job = await loop.generate({ model: 'flux' });
    expect(job.message).toMatch(/not a model name; use owner\/name/);
    expect(allNodes(loop.figma)).toHaveLength(0);
  });

  it('wrong token (401)', async () => {
    loop = await startLoop({ token: 'r8_wrong' });
    const job = await loop.generate({ count: 2 });
    expect(job.phase).toBe('failed');
    expect(job.message).toBe("Replicate didn't accept your API token. Check it in Settings.");
    expect(placeholders()).toHaveLength(0);
  });

  it('no credit (402)', async () => {
    loop = await startLoop({ replicate: { noCreditTokens: ['r8_test_token'] } });
    const job = await loop.generate({ count: 1 });
    expect(reasons(job)[0]).toMatch(/out of credit/);
    expect(placeholders()).toHaveLength(0);
  });

  it('invalid input (422) names the field', async () => {
    loop = await startLoop();
    const job = await loop.generate({ count: 1, baseInput: { num_inference_steps: 99 } });
    expect(reasons(job)[0]).toMatch(/The model rejected an input: num_inference_steps/);
  });

  it('a model that does not exist', async () => {
    loop = await startLoop();
    const job = await loop.generate({ model: 'nobody/nothing' });
    expect(job.message).toBe('Replicate has no model called "nobody/nothing".');
  });

  it('a required input the plugin cannot fill is named', async () => {
    loop = await startLoop();
    const job = await loop.generate({ model: 'acme/needs-style' });
    expect(job.message).toMatch(/can't fill: style_reference/);
    expect(placeholders()).toHaveLength(0);
  });

  it('throttled (429): waits as told, then succeeds', async () => {
    loop = await startLoop();
    loop.replicate.faults.next('POST /v1/models/*/*/predictions', { kind: 'status', status: 429, retryAfter: 1 });
    const started = Date.now();
    const job = await loop.generate({ count: 1 });
    expect(job.variants[0].status).toBe('placed');
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(loop.replicate.faults.count).toBe(1);
  });

  it('the safety filter gets its own words', async () => {
    loop = await startLoop();
    const job = await loop.generate({ prompt: 'something forbidden', count: 2 });
    expect(reasons(job)).toEqual([
      "The model's safety filter blocked this result. Try rewording the prompt.",
      "The model's safety filter blocked this result. Try rewording the prompt.",
    ]);
    expect(placeholders()).toHaveLength(0);
  });

  it('a model failure is reported with the model’s reason', async () => {
    loop = await startLoop();
    const job = await loop.generate({ prompt: 'explode', count: 1 });
    expect(reasons(job)[0]).toMatch(/^The model failed: .*memory/i);
  });

  it('fewer outputs than asked: the rest are placed, the missing ones say why', async () => {
    loop = await startLoop();
    const job = await loop.generate({ prompt: 'give me fewer please', count: 4 });
    expect(job.variants.filter((v) => v.status === 'placed')).toHaveLength(1);
    expect(reasons(job).slice(1)).toEqual(Array(3).fill(expect.stringMatching(/returned 1 of 4 images/)));
    expect(imageNodes(loop.figma)).toHaveLength(1);
    expect(placeholders()).toHaveLength(0);
  });

  it('a server error on create is reported, not retried into a duplicate', async () => {
    loop = await startLoop();
    loop.replicate.faults.next('POST /v1/models/*/*/predictions', { kind: 'status', status: 500 });
    const job = await loop.generate({ count: 1 });
    expect(reasons(job)[0]).toMatch(/Replicate is having trouble \(HTTP 500\)/);
    expect(loop.replicate.predictions.size).toBe(0);
  });

  it('an HTML error page from upstream is called what it is', async () => {
    loop = await startLoop();
    loop.replicate.faults.next(
      'GET /v1/models/*/*',
      { kind: 'status', status: 403, body: '<html><body>Forbidden</body></html>', contentType: 'text/html' },
    );
    const job = await loop.generate({ count: 1 });
    expect(job.message).toMatch(/web page instead of Replicate's reply/);
  });

  it('relay unreachable', async () => {
    loop = await startLoop({ relayUrl: 'http://127.0.0.1:9' });
    const job = await loop.generate({ count: 1 });
    expect(job.message).toMatch(/^Can't reach the relay at http:\/\/127\.0\.0\.1:9/);
    expect(placeholders()).toHaveLength(0);
  });

  it('an output download that fails once is retried', async () => {
    loop = await startLoop();
    loop.replicate.faults.next('GET /delivery/*', { kind: 'status', status: 502 });
    const job = await loop.generate({ count: 1 });
    expect(job.variants[0].status).toBe('placed');
  });
});

describe('the canvas changes under a running job', () => {
  it('a placeholder deleted mid-run: the image still lands, and the panel says so', async () => {
    loop = await startLoop({ replicate: { latencyMs: 400 } });
    const handle = loop.start({ count: 2 });
    await waitFor(() => placeholders().length === 2);
    placeholders()[0].remove();
    const job = await handle.done;
    expect(job.variants.map((v) => v.status)).toEqual(['placed', 'placed']);
    expect(job.variants.some((v) => v.status === 'placed' && /deleted/.test(v.note ?? ''))).toBe(true);
    expect(imageNodes(loop.figma)).toHaveLength(2);
  });

  it('a target locked mid-run is not painted over', async () => {
    loop = await startLoop({ replicate: { latencyMs: 400 } });
    const frame = loop.figma.createFrame();
    frame.resize(300, 300);
    loop.fake.select([frame]);
    await loop.fake.settle();
    const handle = loop.start({ shape: { kind: 'match-selection' } });
    await waitFor(() => loop.snapshots.some((s) => s.phase === 'running'));
    frame.locked = true;
    const job = await handle.done;
    expect(job.variants[0]).toMatchObject({ status: 'placed', note: expect.stringMatching(/locked/) });
    expect((frame.fills as Paint[]).some((p) => p.type === 'IMAGE')).toBe(false);
  });

  it('Cancel mid-run cancels upstream and leaves no placeholder', async () => {
    loop = await startLoop({ replicate: { latencyMs: 3000 }, waitSeconds: 1 });
    const handle = loop.start({ count: 4 });
    await waitFor(() => loop.snapshots.some((s) => s.variants.some((v) => v.status === 'running' && v.predictionId)));
    handle.cancel();
    const job = await handle.done;
    expect(job.phase).toBe('canceled');
    expect(job.variants.every((v) => v.status === 'canceled')).toBe(true);
    expect(placeholders()).toHaveLength(0);
    await waitFor(() => loop.replicate.requests.some((r) => r.path.endsWith('/cancel')));
    expect([...loop.replicate.predictions.values()].every((p) => p.status === 'canceled')).toBe(true);
  });

  it('Cancel during the sync-mode hold ends the job at once and cancels upstream when the id arrives', async () => {
    loop = await startLoop({ replicate: { latencyMs: 4000 }, waitSeconds: 1 });
    const handle = loop.start({ count: 1 });
    await waitFor(() => loop.replicate.predictions.size > 0);
    const pressed = Date.now();
    handle.cancel();
    const job = await handle.done;
    expect(Date.now() - pressed).toBeLessThan(900);
    expect(job.phase).toBe('canceled');
    expect(placeholders()).toHaveLength(0);
    await waitFor(() => [...loop.replicate.predictions.values()].every((p) => p.status === 'canceled'));
  });

  it('closing the plugin mid-run leaves no placeholder behind', async () => {
    loop = await startLoop({ replicate: { latencyMs: 3000 } });
    loop.start({ count: 3 });
    await waitFor(() => placeholders().length === 3);
    loop.fake.close();
    expect(placeholders()).toHaveLength(0);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}
