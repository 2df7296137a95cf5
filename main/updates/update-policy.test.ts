/** The update rules: never in a call, the kiosk maintenance window, the administrator's off switch, install on quit. */
import { describe, expect, it } from 'vitest';
import { parseMaintenanceWindow } from '../kiosk/maintenance-window';
import type { AdminPolicy } from './admin-policy';
import { installOnQuit, nextUpdateStep, restartNowAnswer, type UpdateSituation } from './update-policy';

const ON: AdminPolicy = { updatesEnabled: true, updateUrl: 'https://updates.example.com/licode/', problem: null };
const at = (time: string) => new Date(`2026-12-06T${time}:00`);
const base: UpdateSituation = { policy: ON, inCall: false, maintenanceWindow: null, available: false, downloaded: false, now: at('10:00') };

describe('nextUpdateStep', () => {
  it('checks, then downloads what it found, then waits for quit on a desktop', () => {
    expect(nextUpdateStep(base)).toEqual({ do: 'check' });
    expect(nextUpdateStep({ ...base, available: true })).toEqual({ do: 'download' });
    expect(nextUpdateStep({ ...base, downloaded: true })).toEqual({ do: 'nothing', why: 'waiting-for-quit' });
  });

  it('never checks, downloads or installs during a call', () => {
    for (const state of [{}, { available: true }, { downloaded: true, maintenanceWindow: parseMaintenanceWindow('02:00-04:00'), now: at('03:00') }]) {
      expect(nextUpdateStep({ ...base, ...state, inCall: true })).toEqual({ do: 'nothing', why: 'in-call' });
    }
  });

  it('a kiosk installs only inside its maintenance window, also one that wraps midnight', () => {
    const kiosk = { ...base, downloaded: true, maintenanceWindow: parseMaintenanceWindow('23:30-01:00') };
    expect(nextUpdateStep({ ...kiosk, now: at('23:45') })).toEqual({ do: 'install-now' });
    expect(nextUpdateStep({ ...kiosk, now: at('00:59') })).toEqual({ do: 'install-now' });
    expect(nextUpdateStep({ ...kiosk, now: at('01:00') })).toEqual({ do: 'nothing', why: 'waiting-for-window' });
    expect(nextUpdateStep({ ...kiosk, now: at('12:00') })).toEqual({ do: 'nothing', why: 'waiting-for-window' });
  });

  it("does nothing when the administrator's policy turns updates off, or no feed is configured", () => {
    expect(nextUpdateStep({ ...base, policy: { ...ON, updatesEnabled: false } })).toEqual({ do: 'nothing', why: 'disabled' });
    expect(nextUpdateStep({ ...base, downloaded: true, policy: { ...ON, updatesEnabled: false } })).toEqual({ do: 'nothing', why: 'disabled' });
    expect(nextUpdateStep({ ...base, policy: { ...ON, updateUrl: null } })).toEqual({ do: 'nothing', why: 'no-feed' });
  });
});

describe('installOnQuit', () => {
  it('installs a downloaded update on quit on a desktop, not on a kiosk nor when updates are off', () => {
    expect(installOnQuit(base)).toBe(true);
    expect(installOnQuit({ ...base, maintenanceWindow: parseMaintenanceWindow('02:00-04:00') })).toBe(false);
    expect(installOnQuit({ ...base, policy: { ...ON, updatesEnabled: false } })).toBe(false);
  });
});

describe('restartNowAnswer', () => {
  it('restarts into a downloaded update only outside a call', () => {
    expect(restartNowAnswer({ inCall: false, downloaded: true })).toBe('restart');
    expect(restartNowAnswer({ inCall: true, downloaded: true })).toBe('in-call');
    expect(restartNowAnswer({ inCall: false, downloaded: false })).toBe('not-ready');
  });
});
