/**
 * One language-model prediction being written: its answer's pieces come out at a fixed token
 * rate (one piece = one token), and everything it writes is kept as the server-sent events
 * Replicate's stream carries (replicate.com/docs/topics/predictions/streaming): `output` per
 * piece, `error` with `{"detail": …}` when it fails, `done` at the end — `{}` on success,
 * `{"reason":"canceled"}` or `{"reason":"error"}` otherwise. A client that connects late gets
 * everything so far first (or, with Last-Event-ID, what came after that event).
 */

export interface StreamEvent {
  event: 'output' | 'error' | 'done';
  data: string;
  /** Replicate's ids look like `1690212292:0`: the run's start second, then a counter. */
  id: string;
}

export type TextOutcome = 'succeeded' | 'failed' | 'canceled' | 'aborted';

export interface TextRunHooks {
  /** More pieces were written (the prediction's partial `output`). */
  progress(soFar: string[]): void;
  /** Every piece is written. */
  complete(): void;
  /** Reached `stopAt` (a scripted fault ends the run part-way). */
  interrupted(): void;
}

/** Coarsest timer step; at high rates several pieces come out per step. */
const MAX_STEP_MS = 50;
const MIN_STEP_MS = 4;

export class TextRun {
  private written = 0;
  private readonly log: StreamEvent[] = [];
  private readonly listeners = new Set<(event: StreamEvent) => void>();
  private timer: ReturnType<typeof setInterval> | undefined;
  private startedAt = 0;
  private firstPieceAt: number | undefined;
  private ended = false;
  private readonly idPrefix = String(Math.floor(Date.now() / 1000));

  constructor(
    /** The answer as it will be written (already cut at its token limit). */
    readonly pieces: readonly string[],
    private readonly tokensPerSecond: number,
    private readonly hooks: TextRunHooks,
    /** Stop after this many pieces (a fault); undefined = write them all. */
    private readonly stopAt?: number,
  ) {}

  get produced(): number {
    return this.written;
  }

  soFar(): string[] {
    return this.pieces.slice(0, this.written);
  }

  /** Seconds from start to the first piece, once there is one. */
  timeToFirstToken(): number | undefined {
    return this.firstPieceAt === undefined ? undefined : (this.firstPieceAt - this.startedAt) / 1000;
  }

  get isEnded(): boolean {
    return this.ended;
  }

  start(now = Date.now()): void {
    if (this.timer || this.ended) return;
    this.startedAt = now;
    const step = Math.min(MAX_STEP_MS, Math.max(MIN_STEP_MS, 1000 / this.tokensPerSecond));
    this.timer = setInterval(() => this.tick(), step);
    this.tick();
  }

  private tick(): void {
    if (this.ended) return;
    const limit = this.stopAt === undefined ? this.pieces.length : Math.min(this.stopAt, this.pieces.length);
    // The first token after one token's time, then at the rate: (elapsed × rate) tokens.
    const due = Math.min(limit, Math.floor(((Date.now() - this.startedAt) * this.tokensPerSecond) / 1000));
    if (due > this.written) {
      this.firstPieceAt ??= Date.now();
      while (this.written < due) this.emit('output', this.pieces[this.written++]);
      this.hooks.progress(this.soFar());
    }
    if (this.written >= limit) {
      this.clear();
      if (limit === this.pieces.length && this.stopAt === undefined) this.hooks.complete();
      else this.hooks.interrupted();
    }
  }

  /** Ends the stream the way the prediction ended (called once the prediction is terminal). */
  finish(outcome: TextOutcome, error: string | null): void {
    if (this.ended) return;
    this.clear();
    if (outcome === 'failed' || outcome === 'aborted') {
      this.emit('error', JSON.stringify({ detail: error ?? 'Prediction failed' }));
      this.emit('done', JSON.stringify({ reason: 'error' }));
    } else if (outcome === 'canceled') {
      this.emit('done', JSON.stringify({ reason: 'canceled' }));
    } else {
      this.emit('done', '{}');
    }
    this.ended = true;
    this.listeners.clear();
  }

  /** Stops writing without ending the stream (the server is closing). */
  halt(): void {
    this.clear();
    this.listeners.clear();
  }

  /**
   * Hands `listener` every event after `afterId` (all, when undefined), then each new one.
   * Returns the unsubscribe function. After `done`, nothing more comes.
   */
  subscribe(listener: (event: StreamEvent) => void, afterId?: string): () => void {
    let from = 0;
    if (afterId !== undefined) {
      const index = this.log.findIndex((e) => e.id === afterId);
      if (index >= 0) from = index + 1;
    }
    for (const event of this.log.slice(from)) listener(event);
    if (this.ended) return () => {};
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(event: StreamEvent['event'], data: string): void {
    const e: StreamEvent = { event, data, id: `${this.idPrefix}:${this.log.length}` };
    this.log.push(e);
    for (const listener of [...this.listeners]) listener(e);
  }

  private clear(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}

/**
 * One event in the text/event-stream format. A piece with line breaks goes as several
 * `data:` lines, which a reader joins with "\n" (the format has no other way to carry them);
 * "\r" and "\r\n" are line breaks to a reader too, so they come back as "\n".
 */
export function formatEvent(e: StreamEvent): string {
  const lines = e.data.split(/\r\n|\r|\n/);
  return `event: ${e.event}\nid: ${e.id}\n${lines.map((line) => `data: ${line}`).join('\n')}\n\n`;
}
