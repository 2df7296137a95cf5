/** A kiosk's configured log folder: the web host logs there, and "Export logs" reads that log and writes next to it. */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { ApiResult } from '../../common/api-contract';
import { kioskLogFile } from '../logging/app-log';
import { startWebHostApp, type WebHostApp } from './app';

let dir = '';
let host: WebHostApp;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'licode-kiosk-log-'));
  const rendererDir = join(dir, 'renderer');
  await mkdir(rendererDir);
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
  const logFile = kioskLogFile(join(dir, 'kiosk-logs'));
  await mkdir(dirname(logFile));
  await writeFile(logFile, 'kiosk joined boardroom\n');
  host = await startWebHostApp({ port: 0, userDataDir: join(dir, 'user-data'), rendererDir, logFile });
});
afterEach(async () => {
  await host.close();
  await rm(dir, { recursive: true, force: true });
});

it('exports the log of the configured file, next to it (not the user data folder)', async () => {
  const response = await fetch(`${host.url}__api/logs:export`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: new URL(host.url).origin, 'x-licode-secret': host.secret },
    body: '{}',
  });
  const result = (await response.json()) as ApiResult<{ path: string } | null>;
  if (!result.ok || !result.value) throw new Error(`export failed: ${JSON.stringify(result)}`);
  expect(dirname(result.value.path)).toBe(join(dir, 'kiosk-logs'));
  expect(await readFile(result.value.path, 'utf8')).toContain('kiosk joined boardroom');
});
