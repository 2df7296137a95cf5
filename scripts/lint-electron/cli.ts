/**
 * `npm run lint:electron`: runs electronegativity over the Electron sources (main/, preload/ and the
 * renderer's index.html with its CSP) and fails on any finding that is not in the reviewed allow-list.
 * Works offline: the Electron version is passed explicitly and the one check that needs GitHub's release
 * list (AvailableSecurityFixesGlobalCheck) is replaced by an offline support table (./electron-support.ts):
 * the pinned major must still be supported.
 *
 *   tsx scripts/lint-electron/cli.ts [--root DIR]   (DIR defaults to the repository)
 */
import { spawn } from 'node:child_process';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as v from 'valibot';
import { ALLOW_LIST } from './allow-list';
import { checkElectronSupport } from './electron-support';
import { AllowListSchema, parseSarif, reviewFindings, type Finding } from './review';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** What ships in the Electron app and is not renderer UI code: main, preload, and the page that carries the CSP. */
const SCANNED = ['main', 'preload', 'renderer/index.html'];
/** Needs https://raw.githubusercontent.com (Electron's release list); CI has no network. */
const OFFLINE_EXCLUDED_CHECKS = ['AvailableSecurityFixesGlobalCheck'];
const SCAN_TIMEOUT_MS = 180_000;

const require = createRequire(import.meta.url);

function electronVersion(): string {
  return (require('electron/package.json') as { version: string }).version;
}

/** Copies the scanned paths (without tests, which use stand-in objects) into `stage`, keeping relative paths. */
async function stageSources(root: string, stage: string): Promise<void> {
  for (const path of SCANNED) {
    await cp(join(root, path), join(stage, path), {
      recursive: true,
      filter: (source) => !/\.(test|spec)\.ts$/.test(source) && !source.includes('node_modules'),
    });
  }
}

function runElectronegativity(input: string, sarifFile: string): Promise<{ code: number | null; output: string }> {
  const cli = require.resolve('@doyensec/electronegativity/dist/index.js');
  const args = [cli, '-i', input, '-e', electronVersion(), '-r', '-v', 'false', '-x', OFFLINE_EXCLUDED_CHECKS.join(','), '-o', sarifFile];
  return new Promise((resolveRun, reject) => {
    // LANG picks the language of the messages, which the allow-list compares.
    const env = { ...process.env, LANG: 'en-US' };
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], timeout: SCAN_TIMEOUT_MS, env });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolveRun({ code, output }));
  });
}

function describe(finding: Finding): string {
  return `${finding.rule} at ${finding.file || '(whole app)'}${finding.line ? `:${finding.line}` : ''} - ${finding.message}`;
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { root: { type: 'string' } } });
  const root = resolve(values.root ?? REPO);
  const support = checkElectronSupport(electronVersion(), new Date());
  if (!support.ok) {
    console.error(`lint:electron: ${support.reason}`);
    return 1;
  }
  console.log(`Electron ${electronVersion()}: supported until ${support.endOfSupport}.`);
  if (support.warning) console.warn(`  WARNING   ${support.warning}`);
  const allowList = v.parse(AllowListSchema, ALLOW_LIST);
  const work = await mkdtemp(join(tmpdir(), 'lint-electron-'));
  try {
    const stage = join(work, 'app');
    const sarifFile = join(work, 'electronegativity.sarif');
    await stageSources(root, stage);
    const run = await runElectronegativity(stage, sarifFile);
    let findings: Finding[];
    try {
      findings = parseSarif(await readFile(sarifFile, 'utf8'));
    } catch (error) {
      console.error(`electronegativity produced no readable results (exit code ${run.code}): ${String(error)}\n${run.output}`);
      return 2;
    }
    if (run.code !== 0) {
      console.error(`electronegativity exited with code ${run.code}:\n${run.output}`);
      return 2;
    }

    const lines = new Map<string, string[]>();
    for (const file of new Set(findings.map((f) => f.file).filter(Boolean))) {
      lines.set(file, (await readFile(join(stage, file), 'utf8').catch(() => '')).split('\n'));
    }
    const review = reviewFindings(findings, allowList, (file, line) => lines.get(file)?.[line - 1] ?? '');

    console.log(`electronegativity (Electron ${electronVersion()}) over ${SCANNED.join(', ')}: ${findings.length} finding(s).`);
    for (const { finding, entry } of review.allowed) console.log(`  reviewed  ${describe(finding)}\n            why it is safe: ${entry.reason}`);
    for (const finding of review.unreviewed) console.log(`  FAIL      ${describe(finding)}`);
    for (const entry of review.stale)
      console.log(`  STALE     allow-list entry ${entry.rule} in ${entry.file} ("${entry.lineContains}") matches no finding; remove it`);
    if (review.unreviewed.length > 0 || review.stale.length > 0) {
      console.log(
        'Fix the finding in the source, or (only if it is not a vulnerability here) add an entry with the reason to ' +
          'scripts/lint-electron/allow-list.ts. Check descriptions: https://github.com/doyensec/electronegativity/wiki',
      );
      return 1;
    }
    console.log('lint:electron passed.');
    return 0;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

process.exitCode = await main();
