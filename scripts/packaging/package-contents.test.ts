/**
 * Packs the built app the way the installers do (`electron-builder --dir --linux`) and lists the archive. Electron's
 * binary cannot be downloaded here, so a stand-in distribution (electronDist: a shell script named `electron`, locales,
 * LICENSE, version) takes its place; the app archive electron-builder writes is the same as with the real one.
 * Where the real binary exists (node_modules/electron/dist), the fuses of the packaged binary are read back too.
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listPackage } from '@electron/asar';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { Arch, build, Platform, type Configuration } from 'electron-builder';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_DIR, readBuilderConfig } from './builder-config';
import { RELEASE_FUSES } from './fuses.mjs';

/** The archive held 1.23 MB on 2026-12-06 (main 0.2 MB + the lazily loaded electron-updater chunk 0.5 MB, preloads, renderer without maps). */
/**
 * The app's own code and assets are under 2 MB; the models that run on the device ship inside it (nothing may be
 * downloaded at run time): MediaPipe's SIMD segmentation runtime (5.7 MB) and model for background blur, RNNoise's
 * wasm (0.3 MB) for noise suppression.
 */
const ASAR_BUDGET_BYTES = 9 * 1024 * 1024;
/** The byte of an enabled fuse in the wire (@electron/fuses' FuseState.ENABLE, not exported): ASCII '1'. */
const FUSE_ENABLED = 49;
const RUNTIME_FILES = /^\/(package\.json|out\/(main|preload|renderer)(\/.*)?|out)$/;
const builtApp = join(PROJECT_DIR, 'out/main/index.js');
const realElectronDist = join(PROJECT_DIR, 'node_modules/electron/dist');
const workDir = mkdtempSync(join(tmpdir(), 'licode-package-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

function standInElectronDist(): string {
  const dist = join(workDir, 'electron-dist');
  mkdirSync(join(dist, 'resources'), { recursive: true });
  mkdirSync(join(dist, 'locales'));
  writeFileSync(join(dist, 'electron'), '#!/bin/sh\necho "stand-in for Electron, not runnable"\nexit 1\n');
  chmodSync(join(dist, 'electron'), 0o755);
  for (const locale of ['en-US', 'zh-CN', 'fr', 'de']) writeFileSync(join(dist, 'locales', `${locale}.pak`), locale);
  writeFileSync(join(dist, 'LICENSE'), 'stand-in');
  writeFileSync(join(dist, 'LICENSES.chromium.html'), 'stand-in');
  writeFileSync(join(dist, 'version'), '45.6.1');
  return dist;
}

/** `electron-builder --dir --linux --x64` with our electron-builder.yml; returns the unpacked app's directory. */
async function packLinuxDir(electronDist: string, overrides: Configuration): Promise<string> {
  const config = readBuilderConfig();
  const output = join(workDir, `dist-${Math.random().toString(36).slice(2)}`);
  await build({
    projectDir: PROJECT_DIR,
    targets: Platform.LINUX.createTarget('dir', Arch.x64),
    // electron-builder loads electron-builder.yml itself and merges these on top (repeating its lists would copy twice).
    config: { ...overrides, electronDist, directories: { ...config.directories, output } },
  });
  return join(output, 'linux-unpacked');
}

describe('the packaged app (electron-builder --dir --linux)', () => {
  it('holds only the built app, within the size budget', async ({ skip }) => {
    if (!existsSync(builtApp)) skip('out/ is missing: run `npm run build` first');
    // The stand-in has no fuse wire to flip, so the afterPack hook is left out here (the test below runs it).
    const appDir = await packLinuxDir(standInElectronDist(), { afterPack: null });

    const archive = join(appDir, 'resources/app.asar');
    const files = listPackage(archive, { isPack: false });
    expect(files.filter((file) => !RUNTIME_FILES.test(file))).toEqual([]);
    expect(files).toEqual(expect.arrayContaining(['/package.json', '/out/main/index.js', '/out/preload/index.cjs', '/out/renderer/index.html']));
    expect(files.filter((file) => /\.map$|node_modules|\/(e2e|bench|harness)\/|\.test\./.test(file))).toEqual([]);
    expect(statSync(archive).size).toBeLessThan(ASAR_BUDGET_BYTES);

    expect(existsSync(join(appDir, 'licode-desktop'))).toBe(true);
    expect(existsSync(join(appDir, 'resources/icons/32x32.png'))).toBe(true);
    expect(existsSync(join(appDir, 'locales/fr.pak'))).toBe(false);
    expect(existsSync(join(appDir, 'locales/zh-CN.pak'))).toBe(true);
  }, 90_000);

  it('has the release fuses flipped in the packaged binary', async ({ skip }) => {
    if (!existsSync(join(realElectronDist, 'electron')))
      skip("Electron's binary is not installed here (node_modules/electron/dist), so there are no fuses to read");
    if (!existsSync(builtApp)) skip('out/ is missing: run `npm run build` first');
    const appDir = await packLinuxDir(realElectronDist, {});

    const wire = await getCurrentFuseWire(join(appDir, 'licode-desktop'));
    const released = Object.keys(RELEASE_FUSES)
      .filter((key) => key !== 'version')
      .map(Number) as FuseV1Options[];
    const named = (enabled: (option: FuseV1Options) => boolean) => Object.fromEntries(released.map((option) => [FuseV1Options[option], enabled(option)]));
    expect(named((option) => wire[option] === FUSE_ENABLED)).toEqual(named((option) => RELEASE_FUSES[option] === true));
  }, 120_000);
});
