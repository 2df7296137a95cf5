import { describe, expect, it } from 'vitest';
import { isInMaintenanceWindow, parseMaintenanceWindow } from './maintenance-window';

const at = (hours: number, minutes: number) => new Date(2026, 11, 6, hours, minutes);

describe('maintenance window', () => {
  it('contains local times from the start up to (not including) the end', () => {
    const window = parseMaintenanceWindow('02:00-04:00');
    expect([at(1, 59), at(2, 0), at(3, 59), at(4, 0)].map((time) => isInMaintenanceWindow(window, time))).toEqual([false, true, true, false]);
  });

  it('wraps midnight', () => {
    const window = parseMaintenanceWindow('23:30-01:00');
    expect([at(23, 29), at(23, 30), at(0, 30), at(1, 0)].map((time) => isInMaintenanceWindow(window, time))).toEqual([false, true, true, false]);
  });

  it('refuses malformed and empty windows', () => {
    for (const bad of ['2:00-4:00', '24:00-01:00', '02:00', '02:00-04:60', '02:00 - 04:00x', 'x'.repeat(10_000)]) {
      expect(() => parseMaintenanceWindow(bad)).toThrow('must look like "02:00-04:00"');
    }
    expect(() => parseMaintenanceWindow('03:00-03:00')).toThrow('same time');
  });
});
