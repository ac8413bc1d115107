/** Minimal trainings: starting -> processing -> succeeded, shaped like the OpenAPI examples. */
import { createHash, randomBytes } from 'node:crypto';
import type { ModelEntry } from './models';

export interface Training {
  id: string;
  model: string;
  version: string;
  destination: string;
  input: Record<string, unknown>;
  logs: string;
  output: { version: string; weights: string } | null;
  error: string | null;
  status: 'starting' | 'processing' | 'succeeded' | 'failed' | 'canceled';
  created_at: string;
  started_at: string | null;
  completed_at: string | null;
  urls: { get: string; cancel: string; web: string };
  metrics?: { predict_time: number };
}

export class TrainingStore {
  readonly trainings = new Map<string, Training>();
  private timers = new Map<string, ReturnType<typeof setTimeout>[]>();

  create(model: ModelEntry, destination: string, input: Record<string, unknown>, apiUrl: string, publicUrl: string, latency: number): Training {
    const id = randomBytes(13).toString('hex').slice(0, 26);
    const t: Training = {
      id,
      model: model.id,
      version: model.versionId,
      destination,
      input,
      logs: '',
      output: null,
      error: null,
      status: 'starting',
      created_at: new Date().toISOString(),
      started_at: null,
      completed_at: null,
      urls: {
        get: `${apiUrl}/v1/trainings/${id}`,
        cancel: `${apiUrl}/v1/trainings/${id}/cancel`,
        web: `https://replicate.com/p/${id}`,
      },
    };
    this.trainings.set(id, t);
    const timers = [
      setTimeout(() => {
        if (t.status !== 'starting') return;
        t.status = 'processing';
        t.started_at = new Date().toISOString();
        t.logs = 'Training started\n';
      }, Math.floor(latency / 4)),
      setTimeout(() => {
        if (t.status !== 'processing' && t.status !== 'starting') return;
        t.status = 'succeeded';
        t.completed_at = new Date().toISOString();
        t.started_at ??= t.completed_at;
        t.metrics = { predict_time: (Date.parse(t.completed_at) - Date.parse(t.started_at)) / 1000 };
        t.output = {
          version: `${destination}:${createHash('sha256').update(id).digest('hex')}`,
          weights: `${publicUrl}/delivery/${id}/trained_model.tar`,
        };
      }, latency),
    ];
    this.timers.set(id, timers);
    return t;
  }

  cancel(id: string): Training | undefined {
    const t = this.trainings.get(id);
    if (t && (t.status === 'starting' || t.status === 'processing')) {
      t.status = 'canceled';
      t.completed_at = new Date().toISOString();
      this.timers.get(id)?.forEach(clearTimeout);
    }
    return t;
  }

  close(): void {
    for (const ts of this.timers.values()) ts.forEach(clearTimeout);
  }
}
