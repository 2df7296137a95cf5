import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createToken, createTokenUrl, TokenError } from './token-service';

const goodToken = { tokenId: '5f2b8c1e9d3a4b6c7d8e9f01', host: '127.0.0.1:8080', secure: false, signature: 'ZjE0YmM0YTY3ZGQ2ZDUzN2M0ZWQ=' };
const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64');

let server: Server | undefined;
afterEach(async () => {
  if (server) await new Promise<void>((resolve) => server!.close(() => resolve()));
  server = undefined;
});

interface Seen {
  method?: string;
  url?: string;
  contentType?: string;
  body?: unknown;
}

async function serve(handler: (req: IncomingMessage, res: ServerResponse, seen: Seen) => void): Promise<{ url: string; seen: Seen }> {
  const seen: Seen = {};
  server = createServer((req, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString()));
    req.on('end', () => {
      seen.method = req.method;
      seen.url = req.url;
      seen.contentType = req.headers['content-type'];
      seen.body = text ? JSON.parse(text) : undefined;
      handler(req, res, seen);
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', () => resolve()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

async function tokenError(promise: Promise<unknown>): Promise<TokenError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TokenError) return error;
    throw error;
  }
  throw new Error('expected a TokenError');
}

const request = (serverUrl: string) => ({ serverUrl, room: 'standup', username: 'Ada', role: 'presenter' });

describe('createToken', () => {
  it('posts JSON to <serverUrl>/createToken/ and decodes a good token', async () => {
    const { url, seen } = await serve((_req, res) => res.end(encode(goodToken)));
    const token = await createToken(request(url));
    expect(token.decoded).toEqual(goodToken);
    expect(token.encoded).toBe(encode(goodToken));
    expect(seen).toEqual({
      method: 'POST',
      url: '/createToken/',
      contentType: 'application/json',
      body: { username: 'Ada', role: 'presenter', room: 'standup' },
    });
  });

  it('joins the path correctly with or without a trailing slash', () => {
    expect(createTokenUrl('http://h:3001').href).toBe('http://h:3001/createToken/');
    expect(createTokenUrl('http://h:3001/licode/').href).toBe('http://h:3001/licode/createToken/');
  });

  it('reports 401 "No Erizo Controller found" as a refusal with the status', async () => {
    const { url } = await serve((_req, res) => {
      res.statusCode = 401;
      res.end('No Erizo Controller found');
    });
    const error = await tokenError(createToken(request(url)));
    expect(error.code).toBe('refused');
    expect(error.status).toBe(401);
    expect(error.message).toContain('No Erizo Controller found');
  });

  it('times out when the server never answers', async () => {
    const { url } = await serve(() => undefined);
    const started = Date.now();
    const error = await tokenError(createToken(request(url), { timeoutMs: 300 }));
    expect(error.code).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('recognises an HTML page instead of a token', async () => {
    const { url } = await serve((_req, res) => {
      res.setHeader('content-type', 'text/html');
      res.end('<!doctype html><html><body>Welcome to nginx!</body></html>');
    });
    expect((await tokenError(createToken(request(url)))).code).toBe('not-licode');
  });

  it('rejects malformed base64 and base64 that is not JSON', async () => {
    let answer = 'not*base64!';
    const { url } = await serve((_req, res) => res.end(answer));
    expect((await tokenError(createToken(request(url)))).code).toBe('malformed');
    answer = Buffer.from('not json').toString('base64');
    expect((await tokenError(createToken(request(url)))).code).toBe('malformed');
  });

  it('rejects JSON that lacks the token fields', async () => {
    const { url } = await serve((_req, res) => res.end(encode({ tokenId: 'x', host: 'h:1' })));
    expect((await tokenError(createToken(request(url)))).code).toBe('not-licode');
  });

  it('reports an unreachable server', async () => {
    const { url } = await serve(() => undefined);
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    server = undefined;
    const error = await tokenError(createToken(request(url)));
    expect(error.code).toBe('unreachable');
    expect(error.message).toContain('ECONNREFUSED');
  });
});
