import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { checkElectronSupport, ELECTRON_SUPPORT } from './electron-support';

const require = createRequire(import.meta.url);

describe('Electron support check', () => {
  it('refuses the major the app pinned before (41.10.0): its support ended on 2026-08-25', () => {
    const verdict = checkElectronSupport('41.10.0', new Date('2026-12-06T00:00:00Z'));
    expect(verdict).toMatchObject({ ok: false, major: 41 });
    if (!verdict.ok) expect(verdict.reason).toMatch(/out of support since 2026-08-25/);
  });

  it('accepts a supported major and warns in the last month', () => {
    expect(checkElectronSupport('45.6.1', new Date('2026-12-06T00:00:00Z'))).toEqual({ ok: true, major: 45, endOfSupport: '2027-04-07', warning: null });
    const late = checkElectronSupport('43.8.13', new Date('2026-12-01T00:00:00Z'));
    expect(late).toMatchObject({ ok: true, major: 43 });
    if (late.ok) expect(late.warning).toMatch(/support ends around 2026-12-16 \(projected\)/);
  });

  it('refuses on the end day itself, a major older or newer than the table, and a non-version', () => {
    expect(checkElectronSupport('42.0.0', new Date('2026-10-21T00:00:00Z')).ok).toBe(false);
    expect(checkElectronSupport('30.1.0', new Date('2026-01-01T00:00:00Z'))).toMatchObject({ ok: false, major: 30 });
    const newer = checkElectronSupport('99.0.0', new Date('2026-01-01T00:00:00Z'));
    expect(newer.ok).toBe(false);
    if (!newer.ok) expect(newer.reason).toMatch(/add its end-of-support date/);
    expect(checkElectronSupport('latest', new Date()).ok).toBe(false);
  });

  it('the installed Electron (pinned in package.json) is supported today', () => {
    const installed = (require('electron/package.json') as { version: string }).version;
    const pinned = (require('../../package.json') as { devDependencies: Record<string, string> }).devDependencies['electron'];
    expect(pinned).toBe(installed);
    const verdict = checkElectronSupport(installed, new Date());
    expect(verdict, verdict.ok ? '' : verdict.reason).toMatchObject({ ok: true });
  });

  it('the table runs in major order with ends eight weeks or so apart', () => {
    const majors = Object.keys(ELECTRON_SUPPORT).map(Number);
    for (let i = 1; i < majors.length; i++) {
      const gapDays = (Date.parse(ELECTRON_SUPPORT[majors[i]!]!.endOfSupport) - Date.parse(ELECTRON_SUPPORT[majors[i - 1]!]!.endOfSupport)) / 86_400_000;
      expect(majors[i]).toBe(majors[i - 1]! + 1);
      expect(gapDays).toBeGreaterThan(30);
      expect(gapDays).toBeLessThan(120);
    }
  });
});
