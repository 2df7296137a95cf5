/**
 * The real Electron app. Electron's binary cannot be downloaded on every machine (see README); there these
 * tests are reported as skipped with the reason instead of silently missing.
 */
import { _electron as electron, expect, test, type ElectronApplication } from '@playwright/test';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronBinaryPath } from '../../scripts/electron-binary.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const binary = electronBinaryPath();
const skipReason = !binary
  ? "Electron's binary is not installed here (node_modules/electron/dist is missing; `node node_modules/electron/install.js` fetches it)"
  : process.platform === 'linux' && !process.env['DISPLAY'] && !process.env['WAYLAND_DISPLAY']
    ? 'no display for Electron on Linux (DISPLAY and WAYLAND_DISPLAY are unset; run the tests under xvfb-run)'
    : null;

let app: ElectronApplication | undefined;
let userData: string | undefined;

test.beforeEach(async () => {
  if (skipReason) {
    // CI shows only the list reporter, which does not print skip reasons: say it on stdout too.
    console.log(`[electron e2e] skipped: ${skipReason}`);
    test.skip(true, skipReason);
  }
  // npm test builds first; a missing build is a failure here, not a skip.
  expect(existsSync(join(ROOT, 'out/main/index.js')), 'out/main/index.js is missing: run `npm run build` first').toBe(true);
  expect(existsSync(join(ROOT, 'out/preload/index.cjs')), 'out/preload/index.cjs is missing: run `npm run build` first').toBe(true);
  userData = await mkdtemp(join(tmpdir(), 'licode-electron-'));
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) if (value !== undefined) env[name] = value;
  delete env['ELECTRON_RUN_AS_NODE']; // set by some editors' terminals; Electron would then start as plain Node
  app = await electron.launch({
    executablePath: binary!,
    // The repository root: Electron reads package.json "main" (out/main/index.js) from there.
    args: [ROOT, ...(process.platform === 'linux' ? ['--no-sandbox'] : [])],
    cwd: ROOT,
    env: { ...env, LICODE_DESKTOP_USER_DATA: userData },
  });
});

test.afterEach(async () => {
  await app?.close();
  app = undefined;
  if (userData) await rm(userData, { recursive: true, force: true });
  userData = undefined;
});

test('creates one secure window showing the first-run screen', async () => {
  const page = await app!.firstWindow();
  await expect(page.getByRole('heading', { name: 'Add a Licode server' })).toBeVisible();
  const windows = await app!.evaluate(({ BrowserWindow }) =>
    BrowserWindow.getAllWindows().map((win) => ({ url: win.webContents.getURL(), title: win.getTitle() })),
  );
  expect(windows).toEqual([{ url: 'app://licode/index.html', title: 'Licode Desktop' }]);
  // Sandboxed, isolated renderer: no Node globals leak into the page.
  expect(await page.evaluate(() => ['require', 'process', 'module', 'Buffer'].filter((name) => name in window))).toEqual([]);
});

test('exposes only the typed preload API, validating its arguments', async () => {
  const page = await app!.firstWindow();
  await page.waitForLoadState('domcontentloaded');
  const probe = await page.evaluate(async () => {
    const api = window.licodeDesktop!;
    const info = await api.invoke('app:info', undefined);
    // Deliberately wrong arguments, as a compromised page might send them.
    const bad = await (api.invoke as (c: string, a: unknown) => Promise<unknown>)('config:update', { language: 'klingon' });
    const unknown = await (api.invoke as (c: string, a: unknown) => Promise<unknown>)('fs:read', '/etc/passwd');
    return { keys: Object.keys(api).sort(), host: api.host, info, bad, unknown, hasRequire: 'require' in window, hasProcess: 'process' in window };
  });
  expect(probe.keys).toEqual(['host', 'invoke', 'on']);
  expect(probe.unknown).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
  expect(probe.host).toBe('electron');
  expect(probe.info).toMatchObject({ ok: true, value: { name: 'Licode Desktop', host: 'electron', versions: { electron: expect.stringMatching(/^\d+\./) } } });
  expect(probe.bad).toMatchObject({ ok: false, error: { code: 'invalid-arguments' } });
  expect(probe.hasRequire).toBe(false);
  expect(probe.hasProcess).toBe(false);
});
