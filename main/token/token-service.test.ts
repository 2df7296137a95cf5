import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createToken, createTokenUrl, refusalDetail, refuseDowngrade, TokenError } from './token-service';

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

  it('reports text that is not base64 JSON as not a Licode server', async () => {
    let answer = 'not*base64!';
    const { url } = await serve((_req, res) => res.end(answer));
    expect((await tokenError(createToken(request(url)))).code).toBe('not-licode');
    answer = Buffer.from('not json').toString('base64');
    expect((await tokenError(createToken(request(url)))).code).toBe('not-licode');
  });

  it('reports plain JSON without a token (200) as not a Licode server', async () => {
    const { url } = await serve((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ status: 'ok', version: '2.1' }));
    });
    const error = await tokenError(createToken(request(url)));
    expect(error.code).toBe('not-licode');
    expect(error.message).toContain('JSON instead of a Licode token');
  });

  it.each([
    ['a 404 "Cannot POST" (Express without the route)', 404, 'text/html', 'Cannot POST /createToken/'],
    ['a 404 HTML page', 404, 'text/html', '<!DOCTYPE html><html><body><h1>Not Found</h1></body></html>'],
    ['a 501 (a static file server)', 501, 'text/plain', "Unsupported method ('POST')"],
    ['a 405 with an empty body', 405, 'text/plain', ''],
    ['a 401 HTML login page (a proxy)', 401, 'text/html', '<html><head><title>401 Authorization Required</title></head></html>'],
    ['a 403 JSON error of another API', 403, 'application/json', '{"error":"forbidden","code":403}'],
    ['a 401 with an empty body', 401, 'text/plain', ''],
    ['a 500 stack trace', 500, 'text/plain', 'Error: boom\n    at Object.<anonymous> (/srv/app.js:1:1)'],
    ['a 502 from a proxy', 502, 'text/html', '<html><body>Bad Gateway</body></html>'],
  ])('reports %s as not a Licode server, with the status', async (_name, status, contentType, body) => {
    const { url } = await serve((_req, res) => {
      res.writeHead(status, { 'content-type': contentType });
      res.end(body);
    });
    const error = await tokenError(createToken(request(url)));
    expect(error.code).toBe('not-licode');
    expect(error.status).toBe(status);
    expect(error.message).toContain(`HTTP ${status}`);
    expect(error.message).not.toMatch(/<html|<!DOCTYPE/i);
  });

  it.each([
    ['401 "No Erizo Controller found" (basicServer)', 401, 'No Erizo Controller found'],
    ['403 with a short plain-text reason', 403, 'Role not allowed'],
    ['404 "Room does not exist" (Nuve, passed on)', 404, 'Room does not exist'],
    ['404 "No Erizo Controller found" (Nuve, passed on)', 404, 'No Erizo Controller found'],
  ])('keeps %s a refusal', async (_name, status, body) => {
    const { url } = await serve((_req, res) => {
      res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
      res.end(body);
    });
    const error = await tokenError(createToken(request(url)));
    expect(error.code).toBe('refused');
    expect(error.status).toBe(status);
    expect(error.message).toContain(body);
  });

  it('stops at once when the check is cancelled, before or during the request', async () => {
    const { url } = await serve(() => undefined);
    const controller = new AbortController();
    const started = Date.now();
    const pending = tokenError(createToken(request(url), { signal: controller.signal }));
    setTimeout(() => controller.abort(), 100);
    const error = await pending;
    expect(error.code).toBe('cancelled');
    expect(Date.now() - started).toBeLessThan(1_000);
    expect((await tokenError(createToken(request(url), { signal: AbortSignal.abort() }))).code).toBe('cancelled');
  });

  it('tells a foreign JSON answer (not-licode) from a Licode token with missing fields (malformed)', async () => {
    let answer = encode({ error: 'unknown endpoint' });
    const { url } = await serve((_req, res) => res.end(answer));
    expect((await tokenError(createToken(request(url)))).code).toBe('not-licode');
    answer = encode({ tokenId: 'x', host: 'h:1' });
    const missing = await tokenError(createToken(request(url)));
    expect(missing.code).toBe('malformed');
    expect(missing.message).toMatch(/malformed Licode token.*secure/);
  });

  it.each([
    ['credentials in host', { ...goodToken, host: 'user@evil.example:443' }],
    ['a query in host', { ...goodToken, host: 'host?x' }],
    ['a fragment in host', { ...goodToken, host: 'host#@other' }],
    ['a path in host', { ...goodToken, host: 'host:8080/path' }],
    ['port 99999', { ...goodToken, host: 'host:99999' }],
    ['port 0', { ...goodToken, host: 'host:0' }],
    ['a tokenId with spaces', { ...goodToken, tokenId: 'a b' }],
    ['secure as a number', { ...goodToken, secure: 1 }],
  ])('refuses a token with %s as malformed', async (_name, token) => {
    const { url } = await serve((_req, res) => res.end(encode(token)));
    const error = await tokenError(createToken(request(url)));
    expect(error.code).toBe('malformed');
    expect(error.message).toMatch(/malformed|not a Licode token/);
  });

  it('refuses a 40 kB answer as not a Licode token', async () => {
    const { url } = await serve((_req, res) => res.end(encode({ ...goodToken, tokenId: 'a'.repeat(40_000) })));
    expect((await tokenError(createToken(request(url)))).code).toBe('not-licode');
  });

  it('accepts IPv4, IPv6 and DNS controller hosts, with or without a port', async () => {
    let host = '';
    const { url } = await serve((_req, res) => res.end(encode({ ...goodToken, host })));
    for (host of ['10.0.0.5:8080', '[2001:db8::1]:443', 'ec-1.licode.example.com', 'localhost:8080']) {
      expect((await createToken(request(url))).decoded.host).toBe(host);
    }
  });

  it('shows at most a short, single-line, printable excerpt of a refusal body', async () => {
    let body = '';
    const { url } = await serve((_req, res) => {
      res.statusCode = 404;
      res.end(body);
    });
    body = `Room\u202Efdp.exe\u0007 not\n\nfound ${'x'.repeat(500)}`;
    const error = await tokenError(createToken(request(url)));
    expect(error.message).not.toMatch(/[\u202E\n]/u);
    expect(error.message).not.toContain('\u0007');
    expect(error.message).toContain('Room fdp.exe not found');
    expect(error.message.length).toBeLessThan(200);
    body = '<html><body>secret page</body></html>';
    expect((await tokenError(createToken(request(url)))).message).toBe(
      'The address answered HTTP 404 instead of a Licode token; no Licode token server is at this URL.',
    );
    expect(refusalDetail('\u200B\u2066\u2069')).toBe('');
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

describe('refuseDowngrade', () => {
  const created = (host: string, secure: boolean) => ({ encoded: 'x', decoded: { ...goodToken, host, secure } });

  it('refuses an https token server whose token sends signalling in clear text to another machine', () => {
    expect(() => refuseDowngrade(new URL('https://licode.example.com/'), created('ec.example.com:8080', false))).toThrow(
      expect.objectContaining({ code: 'insecure', message: expect.stringContaining('ws://ec.example.com:8080') }),
    );
  });

  it('allows secure tokens, http token servers, and controllers on this machine', () => {
    expect(() => refuseDowngrade(new URL('https://licode.example.com/'), created('ec.example.com:8080', true))).not.toThrow();
    expect(() => refuseDowngrade(new URL('http://licode.example.com/'), created('ec.example.com:8080', false))).not.toThrow();
    expect(() => refuseDowngrade(new URL('https://127.0.0.1:3004/'), created('127.0.0.1:8080', false))).not.toThrow();
    expect(() => refuseDowngrade(new URL('https://localhost:3004/'), created('localhost:8080', false))).not.toThrow();
  });
});
