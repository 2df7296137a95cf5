/**
 * The updater glue with a stand-in electron-updater (its autoUpdater talks to a feed and to Electron's app): the page
 * hears 'downloading' and 'ready', a download running when a call starts is cancelled, and "Restart now" installs
 * only outside a call.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { UpdateStatus } from '../../common/api-contract';

const updater = await vi.hoisted(async () => {
  // Hoisted above the imports: it loads what it needs itself.
  const { EventEmitter } = await import('node:events');
  class CancellationToken {
    cancelled = false;
    onCancel: (() => void) | null = null;
    cancel() {
      this.cancelled = true;
      this.onCancel?.();
    }
  }
  class FakeAutoUpdater extends EventEmitter {
    logger: unknown = null;
    autoDownload = true;
    autoInstallOnAppQuit = false;
    feed: unknown = null;
    latest: string | null = null;
    /** Settles the running download: resolves it (and reports it downloaded) or leaves it to a cancel. */
    finishDownload: (() => void) | null = null;
    quitAndInstall = vi.fn();
    setFeedURL(options: unknown) {
      this.feed = options;
    }
    async checkForUpdates() {
      return this.latest ? { isUpdateAvailable: true, updateInfo: { version: this.latest } } : { isUpdateAvailable: false, updateInfo: { version: '0.1.0' } };
    }
    downloadUpdate(token: CancellationToken) {
      return new Promise<string[]>((resolve, reject) => {
        token.onCancel = () => reject(new Error('cancelled'));
        this.finishDownload = () => {
          this.emit('update-downloaded', { version: this.latest });
          resolve(['/tmp/update']);
        };
      });
    }
  }
  return { autoUpdater: new FakeAutoUpdater(), CancellationToken };
});
vi.mock('electron-updater', () => updater);

const { CallState } = await import('../calls/call-state');
const { startUpdater } = await import('./updater');

const ON = { updatesEnabled: true, updateUrl: 'https://updates.example.com/licode/', problem: null };
const quietLog = { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined };
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

afterEach(() => {
  updater.autoUpdater.removeAllListeners();
  updater.autoUpdater.quitAndInstall.mockClear();
  updater.autoUpdater.latest = null;
  updater.autoUpdater.finishDownload = null;
});

describe('startUpdater', () => {
  it('tells the page an update is downloading, then ready; Restart now installs outside a call only', async () => {
    updater.autoUpdater.latest = '0.2.0';
    const statuses: UpdateStatus[] = [];
    const callState = new CallState();
    const control = await startUpdater({ policy: ON, callState, maintenanceWindow: null, onStatus: (s) => statuses.push(s), log: quietLog });
    await settle();
    expect(updater.autoUpdater.feed).toEqual({ provider: 'generic', url: ON.updateUrl });
    expect(updater.autoUpdater.autoInstallOnAppQuit).toBe(true);
    expect(control.status()).toEqual({ state: 'downloading', version: '0.2.0' });
    expect(control.restartNow()).toBe('not-ready');

    updater.autoUpdater.finishDownload!();
    await settle();
    expect(statuses).toEqual([
      { state: 'downloading', version: '0.2.0' },
      { state: 'ready', version: '0.2.0' },
    ]);
    expect(control.status()).toEqual({ state: 'ready', version: '0.2.0' });

    callState.set({ inCall: true, muted: false });
    expect(control.restartNow()).toBe('in-call');
    expect(updater.autoUpdater.quitAndInstall).not.toHaveBeenCalled();
    callState.set({ inCall: false, muted: false });
    expect(control.restartNow()).toBe('restart');
    expect(updater.autoUpdater.quitAndInstall).toHaveBeenCalledTimes(1);
  });

  it('cancels a download when a call starts and says nothing is coming until it ends', async () => {
    updater.autoUpdater.latest = '0.2.0';
    const statuses: UpdateStatus[] = [];
    const callState = new CallState();
    const control = await startUpdater({ policy: ON, callState, maintenanceWindow: null, onStatus: (s) => statuses.push(s), log: quietLog });
    await settle();
    callState.set({ inCall: true, muted: false });
    await settle();
    expect(control.status()).toEqual({ state: 'idle' });
    callState.set({ inCall: false, muted: false });
    await settle();
    expect(statuses.map((s) => s.state)).toEqual(['downloading', 'idle', 'downloading']);
  });

  it('without a feed or against the policy: no updater at all, and never an update to show', async () => {
    const callState = new CallState();
    const onStatus = vi.fn();
    const off = await startUpdater({ policy: { ...ON, updatesEnabled: false }, callState, maintenanceWindow: null, onStatus, log: quietLog });
    expect(off.status()).toEqual({ state: 'idle' });
    expect(off.restartNow()).toBe('not-ready');
    expect(onStatus).not.toHaveBeenCalled();
  });
});
