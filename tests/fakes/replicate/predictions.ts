/**
 * Prediction lifecycle: starting -> processing (after latency/4) -> succeeded | failed after
 * latency; canceled on request; aborted when a Cancel-After deadline passes first. Output files
 * are planned when the run ends and drawn lazily (then cached) when first downloaded.
 * Language models instead write their answer a token at a time from processing on
 * (text-runs.ts): `output` grows while processing, and `urls.stream` serves it as it is written.
 */
import { randomBytes } from 'node:crypto';
import { CONTENT_TYPES, EXTENSIONS, renderCutout, renderFill, renderGrade, renderSynth, renderUpscale, renderVectorSvg } from './images';
import { renderVectorize } from './vectorize';
import { layeredOutput, renderLayerized } from './layerize';
import { renderStyled } from './trained-style';
import type { ModelEntry, OutputPlan } from './models';
import { tokenPieces } from './token-pieces';
import { TextRun } from './text-runs';
import type { Fault, FakePrediction, PredictionStatus } from './types';
import sharp from 'sharp';

export const NSFW_ERROR = 'NSFW content detected. Try running it again, or try a different prompt.';
export const OOM_ERROR =
  'CUDA out of memory. Tried to allocate 2.00 GiB (GPU 0; 79.15 GiB total capacity; 76.02 GiB already allocated; 1.31 GiB free; 77.10 GiB reserved in total by PyTorch)';
export const DEADLINE_ERROR = 'Prediction exceeded its Cancel-After deadline';
/** Largest side the fake will draw for outputs derived from an input image (upscaler, edits). */
export const MAX_DERIVED_SIDE = 8192;

const TERMINAL: PredictionStatus[] = ['succeeded', 'failed', 'canceled', 'aborted'];
export const isTerminal = (s: PredictionStatus) => TERMINAL.includes(s);

export interface OutputFile {
  contentType: string;
  bytes: () => Promise<Buffer>;
}

export interface StoreContext {
  /** Base for output URLs (publicUrl). */
  publicUrl(): string;
  /** Base for API URLs in `urls` (publicUrl too, API under /v1). */
  apiUrl(): string;
  outputScale: number;
  /** Bytes of an input file URL (data:, this server's files/delivery, or a fetch). */
  fetchInput(url: string): Promise<Buffer>;
  random(): number;
  /** Language models' writing speed. */
  tokensPerSecond: number;
  /** Told once when a prediction ends (the server sends its webhook). */
  onEnd?(p: FakePrediction): void;
}

interface Runtime {
  timers: ReturnType<typeof setTimeout>[];
  waiters: Set<() => void>;
  model: ModelEntry;
  fault?: Fault;
  plannedInput: Record<string, unknown>;
}

function predictionId(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = randomBytes(26);
  let s = '';
  for (const b of bytes) s += alphabet[b % alphabet.length];
  return s;
}

const iso = (ms: number) => new Date(ms).toISOString();

export class PredictionStore {
  readonly predictions = new Map<string, FakePrediction>();
  private readonly runtime = new Map<string, Runtime>();
  private readonly outputs = new Map<string, OutputFile>();
  private readonly latency = new Map<string, number>();
  private readonly texts = new Map<string, TextRun>();
  /** Layerize results: their text boxes go in the output object, so they are drawn before it ends. */
  private readonly layered = new Map<string, Promise<{ image: Buffer; boxes: Parameters<typeof layeredOutput>[3]; width: number; height: number }>>();
  private closed = false;

  constructor(
    private readonly ctx: StoreContext,
    private defaultLatency: number,
  ) {}

  setLatency(modelOrAll: string, ms: number): void {
    if (modelOrAll === '*') {
      this.defaultLatency = ms;
      this.latency.clear();
    } else this.latency.set(modelOrAll, ms);
  }

  setTokensPerSecond(tokensPerSecond: number): void {
    if (!(tokensPerSecond > 0)) throw new Error(`tokensPerSecond must be positive, got ${tokensPerSecond}`);
    this.ctx.tokensPerSecond = tokensPerSecond;
  }

  latencyOf(model: string): number {
    return this.latency.get(model) ?? this.defaultLatency;
  }

  create(args: {
    model: ModelEntry;
    input: Record<string, unknown>;
    plannedInput: Record<string, unknown>;
    ignored: string[];
    token: string;
    sync: boolean;
    cancelAfterMs: number | null;
    fault?: Fault;
  }): FakePrediction {
    const id = predictionId();
    const now = Date.now();
    const api = this.ctx.apiUrl();
    const seedIn = args.plannedInput.seed;
    const seed = typeof seedIn === 'number' ? seedIn : Math.floor(this.ctx.random() * 65535);
    const p: FakePrediction = {
      id,
      model: args.model.id,
      version: args.model.versionId,
      input: args.input,
      logs: '',
      output: null,
      error: null,
      status: 'starting',
      source: 'api',
      created_at: iso(now),
      started_at: null,
      completed_at: null,
      data_removed: false,
      urls: {
        get: `${api}/v1/predictions/${id}`,
        cancel: `${api}/v1/predictions/${id}/cancel`,
        web: `https://replicate.com/p/${id}`,
      },
      ignoredInputs: args.ignored,
      token: args.token,
      seed,
      sync: args.sync,
      deadline: args.cancelAfterMs === null ? null : now + args.cancelAfterMs,
    };
    this.predictions.set(id, p);
    const rt: Runtime = { timers: [], waiters: new Set(), model: args.model, fault: args.fault, plannedInput: args.plannedInput };
    this.runtime.set(id, rt);
    const latency = this.latencyOf(args.model.id);
    if (args.model.text) {
      // Every prediction of a model that streams gets a stream URL, asked or not
      // (replicate.com/changelog/2024-07-15-streams-always-available-stream-parameter-deprecated).
      p.urls.stream = `${this.ctx.publicUrl()}/streams/${id}`;
      this.texts.set(id, this.textRun(id, rt));
      rt.timers.push(setTimeout(() => this.startText(id), Math.floor(latency / 4)));
    } else {
      rt.timers.push(setTimeout(() => this.start(id), Math.floor(latency / 4)));
      rt.timers.push(setTimeout(() => void this.finish(id), latency));
    }
    if (args.cancelAfterMs !== null) {
      rt.timers.push(setTimeout(() => this.end(id, 'aborted', DEADLINE_ERROR), args.cancelAfterMs));
    }
    return p;
  }

  /** The API view of a prediction (test-only fields removed). */
  json(p: FakePrediction): Record<string, unknown> {
    const { ignoredInputs: _i, token: _t, seed: _s, sync: _y, deadline: _d, ...rest } = p;
    return rest;
  }

  cancel(id: string): FakePrediction | undefined {
    const p = this.predictions.get(id);
    if (p && !isTerminal(p.status)) this.end(id, 'canceled', null);
    return p;
  }

  /** Resolves when the prediction is terminal or `ms` passed (or `signal` aborts). */
  waitTerminal(id: string, ms: number, signal?: AbortSignal): Promise<void> {
    const p = this.predictions.get(id);
    const rt = this.runtime.get(id);
    if (!p || !rt || isTerminal(p.status)) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        rt.waiters.delete(done);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      rt.waiters.add(done);
      signal?.addEventListener('abort', done);
    });
  }

  output(id: string, file: string): OutputFile | undefined {
    return this.outputs.get(`${id}/${file}`);
  }

  /** A language-model prediction's writing (for its event stream). */
  text(id: string): TextRun | undefined {
    return this.texts.get(id);
  }

  close(): void {
    this.closed = true;
    for (const run of this.texts.values()) run.halt();
    for (const rt of this.runtime.values()) {
      rt.timers.forEach(clearTimeout);
      [...rt.waiters].forEach((w) => w());
    }
  }

  // -------------------------------------------------------------------------------------------

  private start(id: string): void {
    const p = this.predictions.get(id);
    if (!p || p.status !== 'starting') return;
    p.status = 'processing';
    p.started_at = iso(Date.now());
    if (!this.texts.has(id)) p.logs = `Using seed: ${p.seed}\n`;
  }

  private textRun(id: string, rt: Runtime): TextRun {
    const model = rt.model;
    const input = rt.plannedInput;
    let pieces = tokenPieces(model.text!.answer(input));
    const cap = model.text!.maxTokensField ? input[model.text!.maxTokensField] : undefined;
    // The model stops at its token limit mid-answer: cut JSON, as a real one would write.
    if (typeof cap === 'number' && cap >= 0 && pieces.length > cap) pieces = pieces.slice(0, cap);
    const faulted = rt.fault?.kind === 'fail-prediction' || rt.fault?.kind === 'cancel-upstream';
    const tokensPerSecond = this.ctx.tokensPerSecond;
    return new TextRun(
      pieces,
      tokensPerSecond,
      {
        progress: (soFar) => {
          const p = this.predictions.get(id);
          if (p && !isTerminal(p.status)) p.output = soFar;
        },
        complete: () => this.end(id, 'succeeded', null, [...pieces]),
        interrupted: () => {
          if (rt.fault?.kind === 'fail-prediction') this.end(id, 'failed', rt.fault.error);
          else this.end(id, 'canceled', null);
        },
      },
      // A scripted failure or upstream cancel happens half-way through the answer.
      faulted ? Math.floor(pieces.length / 2) : undefined,
    );
  }

  private startText(id: string): void {
    const p = this.predictions.get(id);
    const run = this.texts.get(id);
    if (!p || !run || p.status !== 'starting' || this.closed) return;
    this.start(id);
    run.start();
  }

  private end(id: string, status: PredictionStatus, error: string | null, output: string | string[] | Record<string, unknown> | null = null): void {
    const p = this.predictions.get(id);
    const rt = this.runtime.get(id);
    if (!p || !rt || isTerminal(p.status)) return;
    const now = Date.now();
    if (!p.started_at) p.started_at = iso(now);
    p.status = status;
    p.error = error;
    const run = this.texts.get(id);
    // A language model's canceled or failed run keeps what it had written.
    p.output = output ?? (run && run.produced > 0 ? run.soFar() : null);
    p.completed_at = iso(now);
    const started = Date.parse(p.started_at);
    p.metrics = {
      predict_time: Math.max(0, (now - started) / 1000),
      total_time: Math.max(0, (now - Date.parse(p.created_at)) / 1000),
    };
    if (run) {
      // The counts Replicate reports for language models.
      const predictTime = p.metrics.predict_time ?? 0;
      p.metrics.input_token_count = Math.ceil(inputText(rt.plannedInput).length / 4);
      p.metrics.output_token_count = run.produced;
      p.metrics.tokens_per_second = predictTime > 0 ? Math.round((run.produced / predictTime) * 100) / 100 : 0;
      const first = run.timeToFirstToken();
      if (first !== undefined) p.metrics.time_to_first_token = first;
      run.finish(status === 'starting' || status === 'processing' ? 'failed' : (status as 'succeeded' | 'failed' | 'canceled' | 'aborted'), error);
    }
    rt.timers.forEach(clearTimeout);
    rt.timers = [];
    [...rt.waiters].forEach((w) => w());
    this.ctx.onEnd?.(p);
  }

  /** Replicate's retention: the prediction's output and files are deleted. */
  removeData(id: string): void {
    const p = this.predictions.get(id);
    if (!p || p.data_removed) return;
    p.output = null;
    p.data_removed = true;
    for (const key of [...this.outputs.keys()]) if (key.startsWith(`${id}/`)) this.outputs.delete(key);
  }

  private async finish(id: string): Promise<void> {
    const p = this.predictions.get(id);
    const rt = this.runtime.get(id);
    if (!p || !rt || isTerminal(p.status) || this.closed) return;
    this.start(id);
    const model = rt.model;
    const prompt = model.promptField ? String(rt.plannedInput[model.promptField] ?? '') : '';
    if (rt.fault?.kind === 'cancel-upstream') return this.end(id, 'canceled', null);
    if (rt.fault?.kind === 'fail-prediction') return this.end(id, 'failed', rt.fault.error);
    if (/forbidden/i.test(prompt)) return this.end(id, 'failed', NSFW_ERROR);
    if (/explode/i.test(prompt)) {
      p.logs += 'Traceback (most recent call last):\n  File "/src/predict.py", line 212, in predict\ntorch.OutOfMemoryError: ' + OOM_ERROR + '\n';
      return this.end(id, 'failed', OOM_ERROR);
    }
    const plan = model.plan(rt.plannedInput);
    if (/\bfewer\b/i.test(prompt)) plan.count = Math.min(plan.count, 1);
    let files: { name: string; file: OutputFile }[];
    try {
      files = await this.prepare(id, p, rt, plan, prompt);
    } catch (e) {
      return this.end(id, 'failed', `${(e as Error).message}`);
    }
    // Canceled or aborted while input files were downloading.
    if (isTerminal(p.status) || this.closed) return;
    for (const f of files) this.outputs.set(`${id}/${f.name}`, f.file);
    const urls = files.map((f) => `${this.ctx.publicUrl()}/delivery/${id}/${f.name}`);
    p.logs += `100%|██████████| ${plan.count}/${plan.count} [00:00<00:00, 3.21it/s]\n`;
    const layered = this.layered.get(id);
    if (model.output === 'layers' && layered) {
      this.layered.delete(id);
      try {
        const { boxes, width, height } = await layered;
        return this.end(id, 'succeeded', null, layeredOutput(urls[0], width, height, boxes, p.seed));
      } catch (e) {
        return this.end(id, 'failed', `${(e as Error).message}`);
      }
    }
    this.end(id, 'succeeded', null, model.output === 'array' ? urls : urls[0] ?? null);
  }

  private async prepare(
    id: string,
    p: FakePrediction,
    rt: Runtime,
    plan: OutputPlan,
    prompt: string,
  ): Promise<{ name: string; file: OutputFile }[]> {
    const scale = this.ctx.outputScale;
    let width = plan.width ?? 1024;
    let height = plan.height ?? 1024;
    let inputBytes: Buffer | undefined;
    let maskBytes: Buffer | undefined;
    if (plan.sizeFromInput) {
      const given = rt.plannedInput[plan.sizeFromInput];
      // Image lists (`image_input`, `input_images`): the first is the one edited.
      const url = Array.isArray(given) ? given[0] : given;
      if (typeof url !== 'string') throw new Error(`${plan.sizeFromInput} is required`);
      try {
        inputBytes = await this.ctx.fetchInput(url);
      } catch (e) {
        throw new Error(`Failed to download input file ${plan.sizeFromInput}: ${(e as Error).message}`);
      }
      let meta: sharp.Metadata;
      try {
        meta = await sharp(inputBytes).metadata();
      } catch {
        throw new Error(`cannot identify image file for ${plan.sizeFromInput}`);
      }
      // Inpainting models reject a mask whose size differs from the image's.
      const maskUrl = rt.plannedInput[plan.mask?.field ?? 'mask'];
      if (typeof maskUrl === 'string') {
        maskBytes = await this.ctx.fetchInput(maskUrl);
        const mask = await sharp(maskBytes).metadata();
        if (!plan.mask?.resized && (mask.width !== meta.width || mask.height !== meta.height)) {
          throw new Error(`mask must have the same size as image (${mask.width}x${mask.height} vs ${meta.width}x${meta.height})`);
        }
      }
      const f = plan.inputFactor ?? 1;
      width = Math.max(1, Math.round((meta.width ?? 1) * f));
      height = Math.max(1, Math.round((meta.height ?? 1) * f));
      const over = Math.max(width, height) / MAX_DERIVED_SIDE;
      if (over > 1) {
        width = Math.max(1, Math.round(width / over));
        height = Math.max(1, Math.round(height / over));
      }
    } else {
      width = Math.max(1, Math.round(width * scale));
      height = Math.max(1, Math.round(height * scale));
    }
    const quality = typeof rt.plannedInput.output_quality === 'number' ? rt.plannedInput.output_quality : 80;
    const out: { name: string; file: OutputFile }[] = [];
    for (let i = 0; i < plan.count; i++) {
      const key = `${p.model}|${prompt}|${p.seed}|${i}`;
      const name = `out-${i}.${EXTENSIONS[plan.format]}`;
      const src = inputBytes;
      const mask = plan.mask && maskBytes ? { bytes: maskBytes, repaint: plan.mask.repaint } : undefined;
      // Models without a strength field (instruction editing) move a middling distance.
      const strength = plan.strength ?? 0.6;
      let draw: () => Promise<Buffer>;
      switch (plan.mode) {
        case 'svg':
          draw = async () => renderVectorSvg(width, height, key, prompt);
          break;
        case 'vectorize':
          draw = () => renderVectorize(src!, width, height);
          break;
        case 'cutout':
          draw = () => renderCutout(src!, width, height, plan.format);
          break;
        case 'upscale':
          draw = () => renderUpscale(src!, width, height, plan.format);
          break;
        case 'edit':
          draw = () => renderGrade({ input: src!, width, height, prompt, key, strength, format: plan.format, quality });
          break;
        case 'layerize': {
          const rendered = renderLayerized(src!, width, height, prompt, plan.format).then((r) => ({ ...r, width, height }));
          rendered.catch(() => undefined);
          this.layered.set(id, rendered);
          draw = async () => (await rendered).image;
          break;
        }
        case 'fill':
          draw = () => renderFill({ input: src!, mask, width, height, prompt, key, strength, format: plan.format, quality });
          break;
        default:
          draw = plan.palette
            ? async () => renderStyled(await renderSynth(width, height, key, 'png', quality, prompt), plan.palette!.colours, plan.palette!.strength, plan.format, quality)
            : plan.transparent
            ? async () => renderCutout(await renderSynth(width, height, key, 'png', quality, prompt), width, height, plan.format)
            : () => renderSynth(width, height, key, plan.format, quality, prompt);
      }
      let cached: Promise<Buffer> | undefined;
      out.push({
        name,
        file: {
          contentType: CONTENT_TYPES[plan.format],
          bytes: () => (cached ??= draw()),
        },
      });
    }
    return out;
  }
}

/** The text a language model reads from its input (for its input token count). */
function inputText(input: Record<string, unknown>): string {
  return Object.values(input)
    .map((v) => (typeof v === 'string' ? v : v && typeof v === 'object' ? JSON.stringify(v) : ''))
    .join('\n');
}
