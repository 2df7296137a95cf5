/** The app:// handler with a stand-in 'electron' module: it serves only real files inside the renderer folder. */
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';

const electron = vi.hoisted(() => ({ handler: null as ((request: { url: string }) => Promise<Response>) | null }));
vi.mock('electron', () => ({
  protocol: {
    handle: (_scheme: string, handler: (request: { url: string }) => Promise<Response>) => (electron.handler = handler),
  },
  // Stands in for Chromium's file loader: answers with the path it was asked for.
  net: { fetch: async (url: string) => new Response(fileURLToPath(url), { headers: { 'content-type': 'text/plain' } }) },
}));

const { serveRenderer } = await import('./app-protocol');

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'licode-app-protocol-'));
  await writeFile(join(dir, 'secret.txt'), 'outside');
  await mkdir(join(dir, 'renderer'));
  await writeFile(join(dir, 'renderer', 'index.html'), '<!doctype html>');
  await symlink(join(dir, 'secret.txt'), join(dir, 'renderer', 'leak.txt'));
  serveRenderer(join(dir, 'renderer'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const get = (url: string) => electron.handler!({ url });

it('serves the renderer with CSP and nosniff', async () => {
  const res = await get('app://licode/');
  expect(res.status).toBe(200);
  expect(await res.text()).toBe(join(dir, 'renderer', 'index.html'));
  expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
});

it('refuses symlinks out of the folder, malformed paths and other hosts, with nosniff', async () => {
  const answers = await Promise.all([get('app://licode/leak.txt'), get('app://licode/%zz'), get('app://other/index.html')]);
  expect(answers.map((r) => r.status)).toEqual([404, 400, 404]);
  for (const res of answers) expect(res.headers.get('x-content-type-options')).toBe('nosniff');
});
