import type { IncomingMessage, ServerResponse } from 'node:http';

/** Largest request body the REST and admin listeners read; their real bodies are a few hundred bytes. */
export const BODY_LIMIT_BYTES = 64 * 1024;

export type LimitedBody = { ok: true; text: string } | { ok: false };

/**
 * The request body as text, or `{ok: false}` as soon as it is known to exceed `limit` bytes: from Content-Length
 * before anything is read, otherwise when the running count passes it. Nothing past the limit is kept; answer with
 * `replyAndClose()`, so the rest is never received.
 */
export function readLimitedBody(req: IncomingMessage, limit = BODY_LIMIT_BYTES): Promise<LimitedBody> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.resolve({ ok: false });
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }
      req.off('data', onData);
      req.off('end', onEnd);
      req.pause();
      resolve({ ok: false });
    };
    const onEnd = (): void => resolve({ ok: true, text: Buffer.concat(chunks).toString('utf8') });
    req.on('data', onData);
    req.on('end', onEnd);
    req.once('error', reject);
  });
}

/**
 * A reply to a request whose body is left unread (413, 415), with `Connection: close`: Node closes the socket once
 * the reply is out, and discards what arrives until then.
 */
export function replyAndClose(res: ServerResponse, status: number, body: string, contentType: string): void {
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body), Connection: 'close' });
  res.end(body);
}
