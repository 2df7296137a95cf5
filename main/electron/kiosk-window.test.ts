/**
 * The Electron kiosk window glue with a stand-in BrowserWindow (the real binary is not installable everywhere; see
 * electron-glue.test.ts): its events drive the same watchdog as the system-Chromium window.
 */
import { EventEmitter } from 'node:events';
import type { BrowserWindow } from 'electron';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { KioskStatus } from '../kiosk/status';
import { Watchdog } from '../kiosk/watchdog';
import { electronKioskWindow } from './kiosk-window';

class FakeWebContents extends EventEmitter {
  calls: string[] = [];
  forcefullyCrashRenderer() {
    this.calls.push('crash-renderer');
  }
  reloadIgnoringCache() {
    this.calls.push('reload');
  }
}
class FakeBrowserWindow extends EventEmitter {
  webContents = new FakeWebContents();
  destroyed = false;
  isDestroyed() {
    return this.destroyed;
  }
}

let fake: FakeBrowserWindow;
let status: KioskStatus;
let watchdog: Watchdog;

beforeEach(() => {
  vi.useFakeTimers();
  fake = new FakeBrowserWindow();
  status = new KioskStatus({ room: 'boardroom', appVersion: 'test' });
  const window = electronKioskWindow(fake as unknown as BrowserWindow);
  watchdog = new Watchdog(window, status, { unresponsiveMs: 5_000, heartbeatTimeoutMs: 600_000, startupGraceMs: 600_000, mediaSilenceMs: 600_000 });
  watchdog.start();
});
afterEach(() => {
  watchdog.stop();
  vi.useRealTimers();
});

const reasons = () =>
  status
    .snapshot()
    .history.filter((entry) => entry.state === 'reloading')
    .map((entry) => entry.reason);

describe('Electron kiosk window', () => {
  it('reloads after render-process-gone, but not after a clean exit', async () => {
    fake.webContents.emit('render-process-gone', {}, { reason: 'clean-exit', exitCode: 0 });
    await vi.advanceTimersByTimeAsync(0);
    expect(fake.webContents.calls).toEqual([]);
    fake.webContents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 139 });
    await vi.advanceTimersByTimeAsync(0);
    expect(fake.webContents.calls).toEqual(['reload']);
    expect(reasons()).toEqual(['renderer crashed (crashed, exit code 139)']);
  });

  it('crashes a renderer hung past the limit on purpose, then reloads it', async () => {
    fake.emit('unresponsive');
    await vi.advanceTimersByTimeAsync(6_000);
    expect(fake.webContents.calls).toEqual(['crash-renderer', 'reload']);
    expect(reasons()).toEqual(['renderer unresponsive for 5 s']);
  });

  it('leaves a renderer that became responsive again alone', async () => {
    fake.emit('unresponsive');
    await vi.advanceTimersByTimeAsync(3_000);
    fake.emit('responsive');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(fake.webContents.calls).toEqual([]);
  });

  it('reloads after a failed main-frame load, ignoring sub-frames and aborted navigations', async () => {
    fake.webContents.emit('did-fail-load', {}, -105, 'ERR_NAME_NOT_RESOLVED', 'https://ads.example/', false);
    fake.webContents.emit('did-fail-load', {}, -3, 'ERR_ABORTED', 'app://licode/index.html', true);
    await vi.advanceTimersByTimeAsync(0);
    expect(fake.webContents.calls).toEqual([]);
    fake.webContents.emit('did-fail-load', {}, -6, 'ERR_FILE_NOT_FOUND', 'app://licode/index.html', true);
    await vi.advanceTimersByTimeAsync(0);
    expect(reasons()).toEqual(['page failed to load (ERR_FILE_NOT_FOUND (-6) for app://licode/index.html)']);
  });

  it('unsubscribes when the watchdog stops', () => {
    watchdog.stop();
    expect(fake.webContents.listenerCount('render-process-gone')).toBe(0);
    expect(fake.listenerCount('unresponsive')).toBe(1);
  });
});
