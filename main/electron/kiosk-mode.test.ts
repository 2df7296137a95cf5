/**
 * Kiosk mode's Electron glue with a stand-in 'electron' module (the real binary is not installable everywhere; see
 * electron-glue.test.ts): the window's shape and close refusal, no menu, the display kept awake, the login item, the
 * maintenance window for the updater, the PIN exit, and a configuration error that still opens the window.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { hashPin } from '../kiosk/pin';

const electron = await vi.hoisted(async () => {
  // Imported here: the hoisted block runs before the file's imports. Events as on BrowserWindow and app.
  const { EventEmitter: Emitter } = await import('node:events');
  class FakeWebContents extends Emitter {
    calls: string[] = [];
    setWindowOpenHandler() {}
    reloadIgnoringCache() {
      this.calls.push('reload');
    }
    forcefullyCrashRenderer() {
      this.calls.push('crash-renderer');
    }
  }
  class FakeBrowserWindow extends Emitter {
    static created: FakeBrowserWindow[] = [];
    webContents = new FakeWebContents();
    constructor(readonly options: Record<string, unknown>) {
      super();
      FakeBrowserWindow.created.push(this);
    }
    loadURL() {
      return Promise.resolve();
    }
    isDestroyed() {
      return false;
    }
  }
  const app = Object.assign(new Emitter(), {
    quit: vi.fn(),
    getVersion: () => '9.9.9',
    setLoginItemSettings: vi.fn(),
  });
  return {
    BrowserWindow: FakeBrowserWindow,
    app,
    Menu: { setApplicationMenu: vi.fn() },
    powerSaveBlocker: { start: vi.fn(() => 7) },
  };
});

vi.mock('electron', () => ({
  app: electron.app,
  BrowserWindow: electron.BrowserWindow,
  Menu: electron.Menu,
  powerSaveBlocker: electron.powerSaveBlocker,
  shell: { openExternal: vi.fn() },
  protocol: {},
  net: {},
}));

const { startElectronKiosk } = await import('./kiosk-mode');
type Started = Exclude<ReturnType<typeof startElectronKiosk>, { help: string }>;

const PIN = '2468';
const pinHash = await hashPin(PIN, { N: 2 ** 10, r: 8, p: 1 });
const log = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
const useLogFile = vi.fn();
let logDir: string;
let started: Started[] = [];

beforeEach(async () => {
  logDir = await mkdtemp(join(tmpdir(), 'licode-kiosk-mode-'));
  electron.BrowserWindow.created.length = 0;
  electron.app.removeAllListeners();
  for (const spy of [
    electron.app.quit,
    electron.app.setLoginItemSettings,
    electron.Menu.setApplicationMenu,
    electron.powerSaveBlocker.start,
    ...Object.values(log),
    useLogFile,
  ])
    spy.mockClear();
});
afterEach(async () => {
  await Promise.all(started.map((kiosk) => kiosk.monitoring.then(() => kiosk.service.close())));
  started = [];
  await rm(logDir, { recursive: true, force: true });
});

const ROOM_FLAGS = ['--kiosk', '--kiosk-server', 'https://licode.example.com:3001', '--kiosk-room', 'boardroom'];

function start(flags: string[], platform: NodeJS.Platform = 'win32'): Started {
  const kiosk = startElectronKiosk({
    argv: ['/opt/licode-desktop/licode-desktop', ...flags],
    env: {},
    launchArgs: flags,
    preloadPath: '/app/out/preload/index.cjs',
    platform,
    profiles: () => [],
    createToken: () => Promise.reject(new Error('no server in this test')),
    defaultLogDir: logDir,
    useLogFile,
    log,
  });
  if ('help' in kiosk) throw new Error('expected a kiosk, got the help text');
  started.push(kiosk);
  return kiosk;
}

const windowOf = (kiosk: Started) => kiosk.openWindow() as unknown as InstanceType<typeof electron.BrowserWindow>;

function closeEvent() {
  return { preventDefault: vi.fn() };
}

describe('Electron kiosk mode', () => {
  it('opens a full-screen kiosk window with no frame, no close button and the sandboxed preload', () => {
    const window = windowOf(start(ROOM_FLAGS));
    expect(window.options).toMatchObject({
      kiosk: true,
      fullscreen: true,
      frame: false,
      closable: false,
      minimizable: false,
      webPreferences: { preload: '/app/out/preload/index.cjs', sandbox: true, contextIsolation: true, nodeIntegration: false },
    });
  });

  it('removes the menu and keeps the display awake', () => {
    start(ROOM_FLAGS);
    expect(electron.Menu.setApplicationMenu).toHaveBeenCalledWith(null);
    expect(electron.powerSaveBlocker.start).toHaveBeenCalledWith('prevent-display-sleep');
  });

  it('refuses to close the window until the app quits', () => {
    const window = windowOf(start(ROOM_FLAGS));
    const refused = closeEvent();
    window.emit('close', refused);
    expect(refused.preventDefault).toHaveBeenCalled();
    electron.app.emit('before-quit');
    const quitting = closeEvent();
    window.emit('close', quitting);
    expect(quitting.preventDefault).not.toHaveBeenCalled();
  });

  it('sets the login item only when openAtLogin is configured, with the kiosk flags', () => {
    start(ROOM_FLAGS);
    expect(electron.app.setLoginItemSettings).not.toHaveBeenCalled();
    const flags = [...ROOM_FLAGS, '--kiosk-open-at-login'];
    start(flags);
    expect(electron.app.setLoginItemSettings).toHaveBeenCalledWith({ openAtLogin: true, args: flags });
  });

  it('says on Linux that open-at-login needs an autostart entry instead of pretending', () => {
    start([...ROOM_FLAGS, '--kiosk-open-at-login'], 'linux');
    expect(electron.app.setLoginItemSettings).not.toHaveBeenCalled();
    expect(log.warn).toHaveBeenCalledWith(expect.stringContaining('autostart'));
  });

  it("logs into the configured log folder, and leaves the app's log where it is without one", () => {
    start(ROOM_FLAGS);
    expect(useLogFile).not.toHaveBeenCalled();
    start([...ROOM_FLAGS, '--kiosk-log-dir', logDir]);
    expect(useLogFile).toHaveBeenCalledWith(join(logDir, 'kiosk.log'));
  });

  it('hands the configured maintenance window to the updater (none: null)', () => {
    expect(start(ROOM_FLAGS).maintenanceWindow).toBeNull();
    expect(start([...ROOM_FLAGS, '--kiosk-maintenance-window', '02:00-04:00']).maintenanceWindow).toMatchObject({ text: '02:00-04:00', startMinute: 120 });
  });

  it('quits on the right PIN, not on a wrong one', async () => {
    const kiosk = start([...ROOM_FLAGS, '--kiosk-pin-hash', pinHash]);
    expect(await kiosk.service.handlers['kiosk:exit']({ pin: '1357' })).toMatchObject({ outcome: 'refused' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(electron.app.quit).not.toHaveBeenCalled();
    expect(await kiosk.service.handlers['kiosk:exit']({ pin: PIN })).toEqual({ outcome: 'accepted' });
    await vi.waitFor(() => expect(electron.app.quit).toHaveBeenCalledTimes(1));
  });

  it('puts the window under the watchdog: a crashed renderer is reloaded', async () => {
    const window = windowOf(start(ROOM_FLAGS));
    window.webContents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 139 });
    await vi.waitFor(() => expect(window.webContents.calls).toEqual(['reload']));
  });

  it('still opens the kiosk window on a configuration error, and the page and status get the error', async () => {
    const kiosk = start(['--kiosk', '--kiosk-room', 'boardroom']);
    const window = windowOf(kiosk);
    expect(window.options).toMatchObject({ kiosk: true, fullscreen: true });
    expect(await kiosk.service.handlers['kiosk:config'](undefined)).toMatchObject({ mode: 'error', key: 'server' });
    expect(kiosk.service.status.snapshot()).toMatchObject({ state: 'error', lastError: { message: expect.stringContaining('server') } });
    expect(log.error).toHaveBeenCalledWith(expect.stringContaining('Kiosk configuration: server'));
    expect(electron.powerSaveBlocker.start).toHaveBeenCalled();
  });

  it('gives the help text for --kiosk --help instead of a kiosk', () => {
    const result = startElectronKiosk({
      argv: ['licode-desktop', '--kiosk', '--help'],
      env: {},
      launchArgs: [],
      preloadPath: '/p.cjs',
      platform: 'win32',
      profiles: () => [],
      createToken: () => Promise.reject(new Error('unused')),
      useLogFile,
      defaultLogDir: logDir,
      log,
    });
    expect(result).toMatchObject({ help: expect.stringContaining('--kiosk-room') });
    expect(electron.powerSaveBlocker.start).not.toHaveBeenCalled();
  });
});
