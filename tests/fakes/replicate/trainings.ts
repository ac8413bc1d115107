/**
 * Trainings, shaped like the OpenAPI `trainings.*` examples: starting -> processing ->
 * succeeded | failed | canceled. While processing the trainer writes its log a line at a time
 * (reading the zip, then steps with a progress bar), so `logs` grows between polls. A success
 * adds a version to the destination model (user-models.ts) whose pictures take the training
 * set's dominant colours (trained-style.ts). Failures a trainer really has: a zip with no
 * images, and (the fake's convention, as for predictions) a caption saying "explode" runs out
 * of GPU memory half-way.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { ModelEntry } from './models';
import { OOM_ERROR } from './predictions';
import { trainedStyleDef } from './trainers';
import { dominantColours, readTrainingSet } from './trained-style';
import type { UserModels } from './user-models';
import type { Rgb } from './palette';

export interface Training {
  id: string;
  model: string;
  version: string;
  input: Record<string, unknown>;
  logs: string;
  output: { version: string; weights: string } | null;
  error: string | null;
  status: 'starting' | 'processing' | 'succeeded' | 'failed' | 'canceled';
  source: 'api';
  created_at: string;
  started_at: string | null;
  completed_at: string | null;
  urls: { get: string; cancel: string; web: string };
  metrics?: { predict_time: number };
}

interface Runtime {
  destination: string;
  timers: ReturnType<typeof setTimeout>[];
  /** What the trainer read from the zip: its colours, or why it cannot train. */
  prepared?: Promise<{ palette: Rgb[]; explode: boolean } | { error: string; log: string }>;
}

export interface TrainingContext {
  fetchInput(url: string): Promise<Buffer>;
  userModels: UserModels;
  publicUrl(): string;
  apiUrl(): string;
  /** Told once when a training ends (the server sends its webhook). */
  onEnd?(t: Training): void;
}

/** Progress lines written over a training's run. */
const PROGRESS_LINES = 8;

const iso = () => new Date().toISOString();

export class TrainingStore {
  readonly trainings = new Map<string, Training>();
  private readonly runtime = new Map<string, Runtime>();

  constructor(private readonly ctx: TrainingContext) {}

  create(model: ModelEntry, destination: string, input: Record<string, unknown>, latency: number): Training {
    const id = randomBytes(13).toString('hex').slice(0, 26);
    const api = this.ctx.apiUrl();
    const t: Training = {
      id,
      model: model.id,
      version: model.versionId,
      input,
      logs: '',
      output: null,
      error: null,
      status: 'starting',
      source: 'api',
      created_at: iso(),
      started_at: null,
      completed_at: null,
      urls: { get: `${api}/v1/trainings/${id}`, cancel: `${api}/v1/trainings/${id}/cancel`, web: `https://replicate.com/p/${id}` },
    };
    this.trainings.set(id, t);
    const rt: Runtime = { destination, timers: [] };
    this.runtime.set(id, rt);
    const begin = Math.floor(latency / 4);
    rt.timers.push(setTimeout(() => this.start(t, rt), begin));
    for (let i = 1; i <= PROGRESS_LINES; i++) {
      rt.timers.push(setTimeout(() => void this.step(t, rt, i), begin + Math.floor(((latency - begin) * i) / (PROGRESS_LINES + 1))));
    }
    rt.timers.push(setTimeout(() => void this.finish(t, rt), latency));
    return t;
  }

  json(t: Training): Training {
    return t;
  }

  cancel(id: string): Training | undefined {
    const t = this.trainings.get(id);
    if (t && (t.status === 'starting' || t.status === 'processing')) {
      t.logs += 'Training canceled by user\n';
      this.end(t, 'canceled', null);
    }
    return t;
  }

  close(): void {
    for (const rt of this.runtime.values()) rt.timers.forEach(clearTimeout);
  }

  private start(t: Training, rt: Runtime): void {
    if (t.status !== 'starting') return;
    t.status = 'processing';
    t.started_at = iso();
    t.logs += 'Downloading input_images...\n';
    rt.prepared = this.prepare(t).catch((e: unknown) => ({ error: String((e as Error).message ?? e), log: `Error: ${(e as Error).message}\n` }));
    void rt.prepared.then((prep) => {
      if (t.status !== 'processing') return;
      if ('error' in prep) {
        t.logs += prep.log;
        this.end(t, 'failed', prep.error);
      }
    });
  }

  private async prepare(t: Training): Promise<{ palette: Rgb[]; explode: boolean } | { error: string; log: string }> {
    const url = t.input.input_images;
    if (typeof url !== 'string') return { error: 'input_images is required', log: 'Error: input_images is required\n' };
    const zip = await this.ctx.fetchInput(url);
    let set;
    try {
      set = readTrainingSet(zip);
    } catch {
      return { error: 'input_images is not a zip file', log: 'zipfile.BadZipFile: File is not a zip file\n' };
    }
    t.logs += `Extracted ${set.images.length} images, ${set.captions.size} captions\n`;
    if (set.images.length === 0) {
      return { error: 'No images found in input_images', log: 'ValueError: No images found in input_images. Use a zip of .png, .jpg or .webp files.\n' };
    }
    const missing = set.images.filter((i) => !set.captions.has(i.name.replace(/\.[^./]+$/, ''))).length;
    if (missing) t.logs += `${missing} images have no caption; using the trigger word alone for them\n`;
    const palette = await dominantColours(set.images.map((i) => i.bytes));
    t.logs += `Trigger word: ${String(t.input.trigger_word ?? 'TOK')}\n`;
    return { palette, explode: [...set.captions.values()].some((c) => /explode/i.test(c)) };
  }

  private async step(t: Training, rt: Runtime, i: number): Promise<void> {
    if (t.status !== 'processing') return;
    const prep = await rt.prepared;
    if (t.status !== 'processing' || !prep || 'error' in prep) return;
    const steps = Number(t.input.steps ?? t.input.training_steps ?? 1000) || 1000;
    const done = Math.round((steps * i) / (PROGRESS_LINES + 1));
    if (prep.explode && i > PROGRESS_LINES / 2) {
      t.logs += `Traceback (most recent call last):\n  File "/src/train.py", line 388, in train\ntorch.OutOfMemoryError: ${OOM_ERROR}\n`;
      this.end(t, 'failed', OOM_ERROR);
      return;
    }
    const pct = Math.round((done / steps) * 100);
    const bar = '█'.repeat(Math.round(pct / 10)).padEnd(10, ' ');
    t.logs += `flux_train_replicate: ${String(pct).padStart(3)}%|${bar}| ${done}/${steps} [lr: 4.0e-04 loss: ${(0.6 - 0.04 * i).toFixed(3)}]\n`;
  }

  private async finish(t: Training, rt: Runtime): Promise<void> {
    if (t.status !== 'processing' && t.status !== 'starting') return;
    if (t.status === 'starting') this.start(t, rt);
    const prep = await rt.prepared;
    if (t.status !== 'processing' || !prep || 'error' in prep) return;
    if (prep.explode) return;
    const [owner, name] = rt.destination.split('/');
    const versionId = createHash('sha256').update(t.id).digest('hex');
    const trigger = String(t.input.trigger_word ?? 'TOK');
    this.ctx.userModels.addVersion(
      rt.destination,
      trainedStyleDef({ owner, name, description: `A FLUX LoRA trained on ${t.id}`, trigger, palette: prep.palette, createdAt: iso() }),
      versionId,
    );
    t.logs += 'Saved LoRA weights to output/flux_train_replicate/lora.safetensors\n';
    t.output = { version: `${rt.destination}:${versionId}`, weights: `${this.ctx.publicUrl()}/delivery/${t.id}/trained_model.tar` };
    this.end(t, 'succeeded', null);
  }

  private end(t: Training, status: Training['status'], error: string | null): void {
    const rt = this.runtime.get(t.id);
    rt?.timers.forEach(clearTimeout);
    t.status = status;
    t.error = error;
    t.completed_at = iso();
    t.started_at ??= t.completed_at;
    t.metrics = { predict_time: (Date.parse(t.completed_at) - Date.parse(t.started_at)) / 1000 };
    this.ctx.onEnd?.(t);
  }
}
