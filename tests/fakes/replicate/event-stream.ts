/**
 * GET <publicUrl>/streams/<id>: a language-model prediction's `urls.stream`, served as
 * server-sent events while it is written (real Replicate serves it from
 * streaming.api.replicate.com; the fake's own host stands in). A client that connects late,
 * or reconnects with Last-Event-ID, gets what it missed first. The response ends after `done`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { formatEvent, type TextRun } from './text-runs';

export function serveEventStream(req: IncomingMessage, res: ServerResponse, run: TextRun, headOnly: boolean): void {
  res.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
  });
  if (headOnly) {
    res.end();
    return;
  }
  res.flushHeaders();
  const lastId = req.headers['last-event-id'];
  let unsubscribe: () => void = () => {};
  let closed = false;
  const stop = () => {
    closed = true;
    unsubscribe();
  };
  res.on('close', stop);
  // Events that come out together (the backlog, several pieces in one timer step) go out in
  // one write: thousands of tiny writes would make the stream crawl.
  let pending = '';
  let ending = false;
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (res.destroyed) return;
    if (pending) res.write(pending);
    pending = '';
    if (ending) res.end();
  };
  unsubscribe = run.subscribe(
    (event) => {
      if (closed) return;
      pending += formatEvent(event);
      if (event.event === 'done') {
        ending = true;
        stop();
      }
      if (!scheduled) {
        scheduled = true;
        queueMicrotask(flush);
      }
    },
    typeof lastId === 'string' ? lastId : undefined,
  );
  if (closed) unsubscribe();
}
