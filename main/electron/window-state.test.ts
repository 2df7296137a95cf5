/** The window-bounds glue with a stand-in window and screen, against a real temp user-data directory. */
import { EventEmitter } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserWindow, Screen } from 'electron';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { saveWindowState } from '../desktop/window-bounds';
import { rememberWindowBounds } from './window-state';

let dir: string;
beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'licode-window-glue-'))));
afterEach(() => rm(dir, { recursive: true, force: true }));

const display = (id: number, workArea: { x: number; y: number; width: number; height: number }) => ({ id, workArea });

function fakeWindow() {
  return Object.assign(new EventEmitter(), {
    setBounds: vi.fn(),
    maximize: vi.fn(),
    getNormalBounds: () => ({ x: 2000, y: 50, width: 1000, height: 700 }),
    isMaximized: () => false,
  });
}

it('restores onto a remaining display, and saves the bounds on close', async () => {
  await saveWindowState(dir, { bounds: { x: 2200, y: 100, width: 1400, height: 900 }, maximized: true });
  const win = fakeWindow();
  const laptopOnly = {
    getPrimaryDisplay: () => display(1, { x: 0, y: 0, width: 1920, height: 1040 }),
    getAllDisplays: () => [display(1, { x: 0, y: 0, width: 1920, height: 1040 })],
  };
  await rememberWindowBounds(win as unknown as BrowserWindow, laptopOnly as unknown as Screen, dir, { warn: vi.fn() });
  expect(win.setBounds).toHaveBeenCalledWith({ x: 320, y: 120, width: 1280, height: 800 });
  expect(win.maximize).toHaveBeenCalled();

  win.emit('close');
  await vi.waitFor(async () =>
    expect(JSON.parse(await readFile(join(dir, 'window-state.json'), 'utf8'))).toEqual({
      bounds: { x: 2000, y: 50, width: 1000, height: 700 },
      maximized: false,
    }),
  );
});
