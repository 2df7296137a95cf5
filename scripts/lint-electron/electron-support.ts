/**
 * Is the pinned Electron major still supported? Electron supports the latest three stable majors, so a major's
 * support ends the day the third major after it ships (https://www.electronjs.org/docs/latest/tutorial/electron-timelines).
 * electronegativity's own check for this (AvailableSecurityFixesGlobalCheck) needs GitHub and cannot run offline,
 * so this table replaces it. Dates of majors not yet released are projected on the 8-week cadence and marked so;
 * replace them with the real date when the major ships.
 */

export interface MajorSupport {
  /** Day the major's support ends (UTC, YYYY-MM-DD): the release day of major + 3. */
  endOfSupport: string;
  /** True while that release day is a projection, not a published date. */
  projected: boolean;
}

/** Release days of N.0.0 from the npm registry (`npm view electron time`), shifted by three majors. */
export const ELECTRON_SUPPORT: Readonly<Record<number, MajorSupport>> = {
  39: { endOfSupport: '2026-05-06', projected: false }, // 42.0.0 released
  40: { endOfSupport: '2026-07-01', projected: false }, // 43.0.0 released
  41: { endOfSupport: '2026-08-25', projected: false }, // 44.0.0 released
  42: { endOfSupport: '2026-10-21', projected: false }, // 45.0.0 released
  43: { endOfSupport: '2026-12-16', projected: true }, // 46.0.0, 8 weeks after 45.0.0
  44: { endOfSupport: '2027-02-10', projected: true }, // 47.0.0
  45: { endOfSupport: '2027-04-07', projected: true }, // 48.0.0
};

/** Days before the end of support when the check starts warning, so the upgrade is planned, not rushed. */
const WARN_DAYS = 30;
const DAY_MS = 86_400_000;

export type SupportVerdict = { ok: true; major: number; endOfSupport: string; warning: string | null } | { ok: false; major: number | null; reason: string };

export function checkElectronSupport(version: string, today: Date, table: Readonly<Record<number, MajorSupport>> = ELECTRON_SUPPORT): SupportVerdict {
  const match = /^(\d+)\.\d+\.\d+/.exec(version);
  if (!match) return { ok: false, major: null, reason: `"${version}" is not an Electron version.` };
  const major = Number(match[1]);
  const entry = table[major];
  if (!entry) {
    const known = Object.keys(table).map(Number);
    const newest = Math.max(...known);
    const reason =
      major > newest
        ? `Electron ${major} is newer than the support table; add its end-of-support date to scripts/lint-electron/electron-support.ts.`
        : `Electron ${major} is out of support (older than every major in the support table).`;
    return { ok: false, major, reason };
  }
  const end = Date.parse(`${entry.endOfSupport}T00:00:00Z`);
  const remainingDays = Math.floor((end - today.getTime()) / DAY_MS);
  if (today.getTime() >= end) {
    return { ok: false, major, reason: `Electron ${major} is out of support since ${entry.endOfSupport}; pin a supported major in package.json.` };
  }
  const when = entry.projected ? `around ${entry.endOfSupport} (projected)` : `on ${entry.endOfSupport}`;
  const warning = remainingDays < WARN_DAYS ? `Electron ${major} support ends ${when}: plan the upgrade to a newer major.` : null;
  return { ok: true, major, endOfSupport: entry.endOfSupport, warning };
}
