/**
 * Webhooks as Replicate sends them (replicate.com/docs/topics/webhooks): a POST of the
 * prediction's JSON to its `webhook` URL, signed the Standard Webhooks way (`webhook-id`,
 * `webhook-timestamp`, `webhook-signature: v1,<base64 HMAC-SHA256 of id.timestamp.body>`, key =
 * base64 of the secret after `whsec_`), retried with the same id until a 2xx answer.
 * Signed here with node:crypto, independently of the relay's own verifier.
 */
import { createHmac, randomBytes } from 'node:crypto';

export interface WebhookDelivery {
  /** The webhook-id (the same for every retry of one event). */
  id: string;
  url: string;
  /** 1 for the first try. */
  attempt: number;
  /** The receiver's HTTP status, or 0 when it could not be reached. */
  status: number;
  /** The prediction's (or training's) id. */
  predictionId: string;
  at: number;
}

export function newWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}

export function signPayload(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

export class WebhookSender {
  readonly deliveries: WebhookDelivery[] = [];
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private closed = false;

  constructor(
    private readonly secret: string,
    /** Waits before each retry; Replicate backs off over minutes, tests over milliseconds. */
    private readonly retryDelaysMs: readonly number[],
  ) {}

  /** Sends `payload` to `url`, retrying on failure; resolves when it was taken or retries ran out. */
  send(url: string, payload: object): Promise<void> {
    const id = `msg_${randomBytes(12).toString('hex')}`;
    const body = JSON.stringify(payload);
    return new Promise((resolve) => {
      const attempt = async (n: number) => {
        if (this.closed) return resolve();
        const timestamp = Math.floor(Date.now() / 1000);
        let status = 0;
        try {
          const response = await fetch(url, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              'webhook-id': id,
              'webhook-timestamp': String(timestamp),
              'webhook-signature': signPayload(this.secret, id, timestamp, body),
            },
            body,
            signal: AbortSignal.timeout(10_000),
          });
          status = response.status;
          await response.arrayBuffer().catch(() => undefined);
        } catch {
          status = 0;
        }
        this.deliveries.push({ id, url, attempt: n, status, predictionId: String((payload as { id?: unknown }).id), at: Date.now() });
        if ((status >= 200 && status < 300) || n > this.retryDelaysMs.length || this.closed) return resolve();
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          void attempt(n + 1);
        }, this.retryDelaysMs[n - 1]);
        this.timers.add(timer);
      };
      void attempt(1);
    });
  }

  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}
