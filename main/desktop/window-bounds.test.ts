/** Window bounds across restarts: kept where visible, pulled back or re-centred when a monitor is gone. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadWindowState, restoreWindowState, saveWindowState, type Rect } from './window-bounds';

const laptop: Rect = { x: 0, y: 0, width: 1920, height: 1040 };
const rightMonitor: Rect = { x: 1920, y: 0, width: 2560, height: 1400 };

describe('restoreWindowState', () => {
  it('keeps a window that is still on a display', () => {
    const saved = { bounds: { x: 2200, y: 100, width: 1400, height: 900 }, maximized: false };
    expect(restoreWindowState(saved, [laptop, rightMonitor])).toEqual(saved);
  });

  it('re-centres on the primary display when the monitor it was on is gone', () => {
    const saved = { bounds: { x: 2200, y: 100, width: 1400, height: 900 }, maximized: true };
    expect(restoreWindowState(saved, [laptop])).toEqual({ bounds: { x: 320, y: 120, width: 1280, height: 800 }, maximized: true });
  });

  it('pulls a partly visible window fully onto its display and shrinks it to fit', () => {
    const saved = { bounds: { x: 1700, y: 10, width: 2400, height: 1300 }, maximized: false };
    expect(restoreWindowState(saved, [laptop])).toEqual({ bounds: { x: 0, y: 0, width: 1920, height: 1040 }, maximized: false });
  });

  it('does not count a window whose title bar is off-screen (only its bottom edge shows) as visible', () => {
    const saved = { bounds: { x: 100, y: -780, width: 1200, height: 800 }, maximized: false };
    expect(restoreWindowState(saved, [laptop]).bounds).toEqual({ x: 320, y: 120, width: 1280, height: 800 });
  });

  it('opens a first start centred, and fits a small screen', () => {
    expect(restoreWindowState(null, [laptop]).bounds).toEqual({ x: 320, y: 120, width: 1280, height: 800 });
    expect(restoreWindowState(null, [{ x: 0, y: 0, width: 1024, height: 700 }]).bounds).toEqual({ x: 0, y: 0, width: 1024, height: 700 });
  });
});

describe('window-state.json', () => {
  let dir: string;
  beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'licode-window-'))));
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('round-trips, and a missing or damaged file means no saved state', async () => {
    expect(await loadWindowState(dir)).toBeNull();
    const state = { bounds: { x: 10, y: 20, width: 1000, height: 700 }, maximized: false };
    await saveWindowState(dir, state);
    expect(await loadWindowState(dir)).toEqual(state);
    for (const damaged of [
      '{',
      '{"bounds":{"x":"10","y":0,"width":1,"height":1},"maximized":false}',
      '{"bounds":{"x":1e9,"y":0,"width":1,"height":1},"maximized":false}',
    ]) {
      await writeFile(join(dir, 'window-state.json'), damaged);
      expect(await loadWindowState(dir)).toBeNull();
    }
  });
});
