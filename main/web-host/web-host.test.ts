import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startWebHost, SECRET_META, type WebHost } from './web-host';

let dir: string;
let host: WebHost;
const calls: Array<[unknown, unknown]> = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'licode-webhost-'));
  await writeFile(join(dir, 'index.html'), '<!doctype html><html><head><title>t</title></head><body></body></html>');
  await writeFile(join(dir, 'app.js'), 'console.log(1)');
  calls.length = 0;
  host = await startWebHost({
    rendererDir: dir,
    port: 0,
    dispatch: async (channel, args) => {
      calls.push([channel, args]);
      return { ok: true, value: 'done' };
    },
  });
});
afterEach(async () => {
  await host.close();
  await rm(dir, { recursive: true, force: true });
});

const origin = () => new URL(host.url).origin;
const api = (channel: string, init: { origin?: string; secret?: string; body?: string }) =>
  fetch(`${host.url}__api/${channel}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: init.origin ?? origin(), 'x-licode-secret': init.secret ?? host.secret },
    body: init.body ?? JSON.stringify({ args: { language: 'en' } }),
  });

describe('web host', () => {
  it('listens on 127.0.0.1 and injects the secret and CSP into the page', async () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const res = await fetch(host.url);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await res.text()).toContain(`<meta name="${SECRET_META}" content="${host.secret}">`);
    expect((await fetch(`${host.url}app.js`)).headers.get('content-type')).toContain('javascript');
    expect((await fetch(`${host.url}..%2f..%2fetc%2fpasswd`)).status).toBe(404);
  });

  it('serves WebAssembly as application/wasm, which streaming compilation requires', async () => {
    await writeFile(join(dir, 'runtime.wasm'), new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));
    expect((await fetch(`${host.url}runtime.wasm`)).headers.get('content-type')).toBe('application/wasm');
  });

  it('passes authorised calls to the dispatcher', async () => {
    const res = await api('config:update', {});
    expect(await res.json()).toEqual({ ok: true, value: 'done' });
    expect(calls).toEqual([['config:update', { language: 'en' }]]);
  });

  it('refuses a foreign origin or a wrong secret', async () => {
    const foreign = await api('config:get', { origin: 'http://evil.example' });
    expect(foreign.status).toBe(403);
    expect(await foreign.json()).toMatchObject({ ok: false, error: { code: 'forbidden-sender' } });
    expect((await api('config:get', { secret: 'x'.repeat(64) })).status).toBe(403);
    expect(calls).toEqual([]);
  });

  it('answers a bad body with a typed error', async () => {
    const res = await api('config:get', { body: '{not json' });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ ok: false, error: { code: 'invalid-arguments' } });
  });

  it('streams events to a client holding the secret only', async () => {
    expect((await fetch(`${host.url}__events?secret=wrong`)).status).toBe(403);
    const res = await fetch(`${host.url}__events?secret=${host.secret}`);
    const reader = res.body!.getReader();
    await reader.read(); // ": connected"
    host.emit('config:changed', { language: 'zh-CN' } as never);
    const { value } = await reader.read();
    expect(new TextDecoder().decode(value)).toContain('event: config:changed\ndata: {"language":"zh-CN"}');
    await reader.cancel();
  });

  it('answers a malformed path with 400 and a short message, and logs nothing', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      for (const path of ['/%zz', '/assets/%E0%A4%A', '/__api/%', '/__api/config%3Aget%']) {
        const res = await raw(path, path.startsWith('/__api/') ? 'POST' : 'GET');
        expect(res.status, path).toBe(400);
        expect(res.body, path).toBe('Bad request: the path is not a valid URL path.');
      }
      expect(logged).not.toHaveBeenCalled();
      expect(calls).toEqual([]);
    } finally {
      logged.mockRestore();
    }
  });

  it('does not follow a symlink out of the served folder', async () => {
    const outside = await mkdtemp(join(tmpdir(), 'licode-outside-'));
    try {
      await writeFile(join(outside, 'secret.txt'), 'private');
      await symlink(join(outside, 'secret.txt'), join(dir, 'leak.txt'));
      await mkdir(join(dir, 'assets'));
      await symlink(outside, join(dir, 'assets', 'home'));
      expect((await raw('/leak.txt')).status).toBe(404);
      expect((await raw('/assets/home/secret.txt')).status).toBe(404);
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });

  it('sends X-Content-Type-Options: nosniff on every answer', async () => {
    const answers = [
      await raw('/'),
      await raw('/app.js'),
      await raw('/missing.js'),
      await raw('/%zz'),
      await raw('/app.js', 'POST'),
      await raw('/__api/config:get', 'POST'),
      await raw('/__events?secret=wrong'),
      await raw('/', 'GET', { host: 'evil.example' }),
      await api('config:get', {}),
    ];
    for (const res of answers) expect(res.headers.get('x-content-type-options'), `${res.status}`).toBe('nosniff');
    expect(answers.map((r) => r.status)).toEqual([200, 200, 404, 400, 405, 403, 403, 421, 200]);
  });
});

/** A request with the path exactly as given (fetch would normalise it) and optional raw headers. */
function raw(path: string, method = 'GET', headers: Record<string, string> = {}): Promise<{ status: number; headers: Headers; body: string }> {
  return new Promise((resolvePromise, reject) => {
    const req = request(`${origin()}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const received = new Headers();
        for (const [name, value] of Object.entries(res.headers)) if (typeof value === 'string') received.set(name, value);
        resolvePromise({ status: res.statusCode ?? 0, headers: received, body: Buffer.concat(chunks).toString('utf8') });
      });
    });
    req.on('error', reject);
    req.end();
  });
}
