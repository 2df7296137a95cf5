#!/usr/bin/env node
// `npm start`: Electron when its binary is there (fetching it first if missing and the download host is
// reachable), otherwise the web host — with one line saying why and which URL to open.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, statSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ELECTRON_PACKAGE_DIR, electronBinaryPath } from './electron-binary.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const INSTALL_TIMEOUT_MS = 60_000;
const passThrough = process.argv.slice(2);

/** Runs electron's own install step (the postinstall that allowScripts skipped). Returns an error text or null. */
function fetchElectron() {
  const result = spawnSync(process.execPath, [join(ELECTRON_PACKAGE_DIR, 'install.js')], {
    cwd: ELECTRON_PACKAGE_DIR,
    encoding: 'utf8',
    timeout: INSTALL_TIMEOUT_MS,
    env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '' },
  });
  if (result.error?.code === 'ETIMEDOUT') return `the download did not finish within ${INSTALL_TIMEOUT_MS / 1000} s`;
  if (result.error) return result.error.message;
  if (result.status !== 0) {
    // The first line that is not a stack frame carries the reason, e.g. "TypeError: fetch failed".
    const reasonLine = `${result.stderr}`
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l && !l.startsWith('at ') && !l.startsWith('^'));
    return (reasonLine ?? `exit code ${result.status}`).slice(0, 160);
  }
  return null;
}

/** Newest modification time of the files under `dir` (recursive). */
function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function buildIfNeeded() {
  const built = ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html'].map((p) => join(root, p));
  const stale =
    built.some((p) => !existsSync(p)) ||
    Math.min(...built.map((p) => statSync(p).mtimeMs)) < Math.max(...['main', 'preload', 'renderer/src'].map((d) => newestMtime(join(root, d))));
  if (!stale) return;
  const result = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (result.status !== 0) {
    console.error('Licode Desktop could not be built; see the errors above (or run "npm run build").');
    process.exit(result.status ?? 1);
  }
}

function run(command, args) {
  const child = spawn(command, args, { cwd: root, stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

let binary = electronBinaryPath();
let reason = null;
if (!binary) {
  const error = fetchElectron();
  binary = electronBinaryPath();
  if (!binary) reason = `Electron's binary is not installed and could not be downloaded (${error ?? 'unknown reason'})`;
}

buildIfNeeded();
if (binary) {
  run(binary, [root, ...passThrough]);
} else {
  run(process.execPath, [
    join(root, 'node_modules/tsx/dist/cli.mjs'),
    join(root, 'scripts/web-host.ts'),
    '--reason',
    `${reason}, so Licode Desktop runs in the web host:`,
    ...passThrough,
  ]);
}
