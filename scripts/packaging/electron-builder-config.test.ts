/**
 * electron-builder.yml against electron-builder's own JSON schema (the one it validates with before building), plus
 * what each platform's installer needs: targets, icons in every size, usage strings and entitlements, the link scheme.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { PROJECT_DIR, readBuilderConfig } from './builder-config';

const require = createRequire(import.meta.url);
const schemaPath = join(require.resolve('app-builder-lib/package.json'), '..', 'scheme.json');
// strict: false because the schema uses a non-standard `typeof` keyword (for options that take functions), as
// electron-builder's own validator does; unlike that validator this one does not coerce types.
const validate = new Ajv({ allErrors: true, strict: false }).compile(JSON.parse(readFileSync(schemaPath, 'utf8')) as object);
const config = readBuilderConfig();
const fromProject = (path: string) => join(PROJECT_DIR, path);

function targetNames(targets: unknown): string[] {
  return (targets as (string | { target: string })[]).map((target) => (typeof target === 'string' ? target : target.target));
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(path: string): { width: number; height: number } {
  const bytes = readFileSync(path);
  expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe('electron-builder.yml', () => {
  it("matches electron-builder's configuration schema", () => {
    expect(validate(config), JSON.stringify(validate.errors, null, 2)).toBe(true);
  });

  it('is checked for real: the schema refuses an unknown option and a wrong type', () => {
    expect(validate({ ...config, mac: { ...config.mac, hardenedRuntme: true } })).toBe(false);
    expect(validate({ ...config, asar: 'yes' })).toBe(false);
  });

  it('names the app and registers the licode-desktop link scheme', () => {
    expect(config.appId).toBe('org.licode.desktop');
    expect(config.productName).toBe('Licode Desktop');
    expect(config.protocols).toEqual([expect.objectContaining({ schemes: ['licode-desktop'] })]);
  });

  it('packs only the built app (no source maps, no node_modules) and flips the fuses after packing', () => {
    expect(config.files).toEqual(['out/main/**', 'out/preload/**', 'out/renderer/**', 'package.json', '!**/*.map', '!node_modules/**']);
    expect(config.asar).toBe(true);
    expect(existsSync(fromProject(config.afterPack as string))).toBe(true);
    expect(config.extraResources).toEqual([{ from: 'build/icons', to: 'icons', filter: ['32x32.png'] }]);
  });

  it('Linux: AppImage, deb and rpm with a hicolor icon set in every size and a desktop entry', () => {
    const linux = config.linux!;
    expect(targetNames(linux.target)).toEqual(['AppImage', 'deb', 'rpm']);
    expect(linux.category).toBe('AudioVideo');
    for (const size of [16, 24, 32, 48, 64, 128, 256, 512, 1024]) {
      expect(pngSize(fromProject(`${linux.icon}/${size}x${size}.png`))).toEqual({ width: size, height: size });
    }
    expect(linux.desktop?.entry).toMatchObject({ Name: 'Licode Desktop', StartupWMClass: 'Licode Desktop' });
  });

  it('macOS: a universal dmg, hardened runtime, camera/microphone/sound usage strings and entitlements', () => {
    const mac = config.mac!;
    expect(mac.target).toEqual([{ target: 'dmg', arch: 'universal' }]);
    expect(mac.hardenedRuntime).toBe(true);
    expect(pngSize(fromProject(mac.icon!))).toEqual({ width: 1024, height: 1024 });
    for (const key of ['NSCameraUsageDescription', 'NSMicrophoneUsageDescription', 'NSAudioCaptureUsageDescription']) {
      expect(mac.extendInfo?.[key]).toMatch(/^Licode Desktop .{10,}\.$/);
    }
    const entitlements = readFileSync(fromProject(mac.entitlements!), 'utf8');
    for (const key of ['com.apple.security.cs.allow-jit', 'com.apple.security.device.camera', 'com.apple.security.device.audio-input']) {
      expect(entitlements).toContain(`<key>${key}</key>`);
    }
  });

  it('Windows: an nsis installer with a 256 px icon that registers the link scheme', () => {
    expect(targetNames(config.win!.target)).toEqual(['nsis']);
    expect(pngSize(fromProject(config.win!.icon!))).toEqual({ width: 256, height: 256 });
    const script = readFileSync(fromProject(config.nsis!.include!), 'utf8');
    expect(script).toContain('WriteRegStr SHCTX "Software\\Classes\\licode-desktop" "URL Protocol" ""');
    expect(script).toContain('DeleteRegKey SHCTX "Software\\Classes\\licode-desktop"');
  });
});
