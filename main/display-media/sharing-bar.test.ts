import { describe, expect, it } from 'vitest';
import { SHARING_BAR_CONTENT_PROTECTION, SHARING_BAR_LEVEL, SHARING_BAR_WINDOW_OPTIONS, sharingBarBounds } from './sharing-bar';

describe('sharing bar window', () => {
  it('floats above everything, never takes focus, stays out of the taskbar and out of the capture', () => {
    expect(SHARING_BAR_WINDOW_OPTIONS).toMatchObject({ alwaysOnTop: true, focusable: false, skipTaskbar: true, frame: false, resizable: false, show: false });
    expect(SHARING_BAR_LEVEL).toBe('screen-saver');
    expect(SHARING_BAR_CONTENT_PROTECTION).toBe(true);
  });

  it('sits at the top centre of the work area of the display, also on a secondary display', () => {
    expect(sharingBarBounds({ x: 0, y: 25, width: 1920, height: 1055 })).toEqual({ x: 700, y: 33, width: 520, height: 56 });
    expect(sharingBarBounds({ x: 1920, y: -200, width: 1280, height: 1024 })).toEqual({ x: 2300, y: -192, width: 520, height: 56 });
  });

  it('fits a display narrower than the bar', () => {
    expect(sharingBarBounds({ x: 0, y: 0, width: 400, height: 300 })).toEqual({ x: 0, y: 8, width: 400, height: 56 });
  });
});
