import { describe, expect, it } from 'vitest';
import { compactPresenterBounds, PresenterWindowMode, type PresenterWindowLike } from './presenter-window-mode';
import type { Rectangle } from './sharing-bar';

/** A stand-in window that behaves like a BrowserWindow for what the policy uses. */
function fakeWindow(initial: { bounds: Rectangle; maximized?: boolean; fullScreen?: boolean }) {
  const state = {
    bounds: initial.bounds,
    maximized: initial.maximized ?? false,
    fullScreen: initial.fullScreen ?? false,
    minimumSize: [800, 600] as number[],
    onTop: false,
  };
  const win: PresenterWindowLike = {
    getBounds: () => state.bounds,
    setBounds: (bounds) => void (state.bounds = bounds),
    isMaximized: () => state.maximized,
    maximize: () => void (state.maximized = true),
    unmaximize: () => void (state.maximized = false),
    isFullScreen: () => state.fullScreen,
    setFullScreen: (on) => void (state.fullScreen = on),
    getMinimumSize: () => state.minimumSize,
    setMinimumSize: (width, height) => void (state.minimumSize = [width, height]),
    setAlwaysOnTop: (on) => void (state.onTop = on),
    workArea: () => ({ x: 1920, y: 0, width: 1280, height: 1000 }),
  };
  return { win, state };
}

describe('compact presenter window', () => {
  it('goes to the top-right corner of its display, always on top, and back to the very same bounds', () => {
    const { win, state } = fakeWindow({ bounds: { x: 2000, y: 100, width: 1280, height: 800 } });
    const mode = new PresenterWindowMode(win);
    mode.setCompact(true);
    expect(state).toMatchObject({ bounds: { x: 2824, y: 16, width: 360, height: 440 }, onTop: true, minimumSize: [360, 440] });
    // A second "compact" (e.g. the page asked twice) must not remember the compact bounds as the ones to restore.
    mode.setCompact(true);
    mode.setCompact(false);
    expect(state).toMatchObject({ bounds: { x: 2000, y: 100, width: 1280, height: 800 }, onTop: false, minimumSize: [800, 600] });
    expect(mode.compact).toBe(false);
    mode.setCompact(false);
    expect(state.bounds).toEqual({ x: 2000, y: 100, width: 1280, height: 800 });
  });

  it('returns a maximised or full-screen window to maximised or full screen', () => {
    const maximised = fakeWindow({ bounds: { x: 0, y: 0, width: 1000, height: 700 }, maximized: true });
    const mode = new PresenterWindowMode(maximised.win);
    mode.setCompact(true);
    expect(maximised.state.maximized).toBe(false);
    mode.setCompact(false);
    expect(maximised.state.maximized).toBe(true);

    const full = fakeWindow({ bounds: { x: 0, y: 0, width: 1000, height: 700 }, fullScreen: true });
    const fullMode = new PresenterWindowMode(full.win);
    fullMode.setCompact(true);
    expect(full.state.fullScreen).toBe(false);
    fullMode.setCompact(false);
    expect(full.state.fullScreen).toBe(true);
  });

  it('fits a display smaller than the compact view', () => {
    expect(compactPresenterBounds({ x: 0, y: 0, width: 300, height: 400 })).toEqual({ x: 0, y: 0, width: 300, height: 400 });
  });
});
