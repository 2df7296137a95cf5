import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
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
});
