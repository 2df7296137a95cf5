/**
 * Runs the real `lint:electron` (electronegativity, offline) against a small app with a deliberately unsafe
 * window, so the check is known to fail when it should. The repository itself is checked by `npm test`.
 */
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const cli = new URL('./cli.ts', import.meta.url).pathname;
const tsx = new URL('../../node_modules/tsx/dist/cli.mjs', import.meta.url).pathname;
const roots: string[] = [];

afterAll(async () => {
  await Promise.all(roots.map((root) => rm(root, { recursive: true, force: true })));
});

describe('lint:electron', () => {
  it('fails on an unreviewed finding and on a missing CSP, naming them', { timeout: 120_000 }, async () => {
    const root = await mkdtemp(join(tmpdir(), 'lint-electron-fixture-'));
    roots.push(root);
    await mkdir(join(root, 'main'), { recursive: true });
    await mkdir(join(root, 'preload'), { recursive: true });
    await mkdir(join(root, 'renderer'), { recursive: true });
    await writeFile(
      join(root, 'main/window.ts'),
      "import { BrowserWindow } from 'electron';\nexport const win = new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false } });\n",
    );
    await writeFile(join(root, 'preload/index.ts'), 'export {};\n');
    await writeFile(join(root, 'renderer/index.html'), '<!doctype html><html><head><title>x</title></head><body></body></html>\n');

    const run = spawnSync(process.execPath, [tsx, cli, '--root', root], { encoding: 'utf8', timeout: 110_000 });
    expect(run.status, run.stdout + run.stderr).toBe(1);
    expect(run.stdout).toMatch(/FAIL +NODE_INTEGRATION_JS_CHECK at main\/window\.ts:2/);
    expect(run.stdout).toMatch(/FAIL +CONTEXT_ISOLATION_JS_CHECK at main\/window\.ts:2/);
    expect(run.stdout).toMatch(/FAIL +CSP_GLOBAL_CHECK at \(whole app\) - No CSP has been detected/);
    // The reviewed entries describe the real app, so here they match nothing and are reported as stale.
    expect(run.stdout).toMatch(/STALE +allow-list entry OPEN_EXTERNAL_JS_CHECK/);
  });
});
