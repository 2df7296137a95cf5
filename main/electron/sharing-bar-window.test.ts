/**
 * The sharing bar window and the compact presenter window with a stand-in 'electron' module: the bar floats, never
 * takes focus, is excluded from capture, loads its own page with its own preload, and its channel accepts only it;
 * the compact view floats and a close restores the full view first.
 */
import { readFile } from 'node:fs/promises';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { InvokeEventLike } from '../ipc/electron-ipc';

const electron = vi.hoisted(() => {
  type Listener = (...args: unknown[]) => void;
  let nextId = 100;
  class FakeWebContents {
    readonly id = nextId++;
    handlers = new Map<string, Listener>();
    sent: Array<[string, unknown]> = [];
    windowOpenHandler: (() => { action: string }) | null = null;
    on(event: string, listener: Listener) {
      this.handlers.set(event, listener);
      return this;
    }
    send(channel: string, payload: unknown) {
      this.sent.push([channel, payload]);
    }
    setWindowOpenHandler(handler: () => { action: string }) {
      this.windowOpenHandler = handler;
    }
  }
  class FakeBrowserWindow {
    static created: FakeBrowserWindow[] = [];
    webContents = new FakeWebContents();
    calls: Array<[string, ...unknown[]]> = [];
    onceListeners = new Map<string, Listener>();
    handlers = new Map<string, Listener>();
    loaded: string | null = null;
    destroyed = false;
    constructor(readonly options: Record<string, unknown>) {
      FakeBrowserWindow.created.push(this);
    }
    on(event: string, listener: Listener) {
      this.handlers.set(event, listener);
      return this;
    }
    once(event: string, listener: Listener) {
      this.onceListeners.set(event, listener);
    }
    loadURL(url: string) {
      this.loaded = url;
      return Promise.resolve();
    }
    isDestroyed() {
      return this.destroyed;
    }
    getMediaSourceId() {
      return `window:${this.webContents.id}:0`;
    }
  }
  // Every other BrowserWindow method is recorded by name with its arguments.
  for (const name of ['setAlwaysOnTop', 'setContentProtection', 'setVisibleOnAllWorkspaces', 'showInactive', 'show', 'focus', 'setBounds', 'close']) {
    (FakeBrowserWindow.prototype as unknown as Record<string, unknown>)[name] = function (this: FakeBrowserWindow, ...args: unknown[]) {
      this.calls.push([name, ...args]);
    };
  }
  return { BrowserWindow: FakeBrowserWindow };
});

vi.mock('electron', () => ({ BrowserWindow: electron.BrowserWindow, protocol: {}, net: {} }));

const { installSharingBar, openSharingBarWindow, displayWorkArea } = await import('./sharing-bar-window');
const { attachPresenterWindow } = await import('./presenter-window');
const { SHARING_BAR_CONTROL_CHANNEL, SHARING_BAR_STATE_CHANNEL } = await import('../../common/sharing-bar-api');

beforeEach(() => {
  electron.BrowserWindow.created.length = 0;
});

const BOUNDS = { x: 700, y: 33, width: 520, height: 56 };
const STATE = { sourceName: 'Screen 2', paused: false, language: 'en' as const };

describe('sharing bar window', () => {
  it('is a sandboxed, frameless, always-on-top window with its own preload and page, shown without taking focus', () => {
    openSharingBarWindow('/app/out/preload/sharing-bar.cjs', BOUNDS, STATE, () => {});
    const [win] = electron.BrowserWindow.created;
    expect(win!.options).toMatchObject({
      ...BOUNDS,
      frame: false,
      alwaysOnTop: true,
      focusable: false,
      skipTaskbar: true,
      show: false,
      webPreferences: {
        preload: '/app/out/preload/sharing-bar.cjs',
        sandbox: true,
        contextIsolation: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        webviewTag: false,
        webSecurity: true,
      },
    });
    expect(win!.loaded).toBe('app://licode/sharing-bar.html');
    expect(win!.calls).toContainEqual(['setAlwaysOnTop', true, 'screen-saver']);
    expect(win!.calls).toContainEqual(['setContentProtection', true]);
    win!.onceListeners.get('ready-to-show')!();
    expect(win!.calls.map(([name]) => name)).toContain('showInactive');
    expect(win!.calls.map(([name]) => name)).not.toContain('show');
    expect(win!.calls.map(([name]) => name)).not.toContain('focus');
    expect(win!.webContents.windowOpenHandler!()).toEqual({ action: 'deny' });
    const preventDefault = vi.fn();
    win!.webContents.handlers.get('will-navigate')!({ preventDefault });
    expect(preventDefault).toHaveBeenCalled();
  });

  it('sends its state once the page has loaded, then on every change', () => {
    const bar = openSharingBarWindow('/p.cjs', BOUNDS, STATE, () => {});
    const [win] = electron.BrowserWindow.created;
    bar.setState({ ...STATE, paused: true });
    expect(win!.webContents.sent).toEqual([]);
    win!.webContents.handlers.get('did-finish-load')!();
    bar.setState({ ...STATE, paused: false });
    expect(win!.webContents.sent).toEqual([
      [SHARING_BAR_STATE_CHANNEL, { ...STATE, paused: true }],
      [SHARING_BAR_STATE_CHANNEL, STATE],
    ]);
  });

  it("loads a page that carries the app's content security policy", async () => {
    const meta = (file: string) =>
      readFile(new URL(`../../renderer/${file}`, import.meta.url), 'utf8').then((html) => html.match(/<meta http-equiv="Content-Security-Policy"[^>]*>/)?.[0]);
    const barPolicy = await meta('sharing-bar.html');
    expect(barPolicy).toBeDefined();
    expect(barPolicy).toBe(await meta('index.html'));
  });

  it("goes on the shared screen's display, or the primary one", () => {
    const screen = {
      getAllDisplays: () => [
        { id: 1, workArea: { x: 0, y: 0, width: 1, height: 1 } },
        { id: 2, workArea: { x: 5, y: 0, width: 1, height: 1 } },
      ],
      getPrimaryDisplay: () => ({ id: 1, workArea: { x: 0, y: 0, width: 1, height: 1 } }),
    } as never;
    expect(displayWorkArea(screen, '2').x).toBe(5);
    expect(displayWorkArea(screen, '9').x).toBe(0);
    expect(displayWorkArea(screen, null).x).toBe(0);
  });

  it("accepts Pause/Stop only from the open bar's window, forwards them to the page, and closes with the share", async () => {
    const handlers = new Map<string, (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>>();
    const sent: string[] = [];
    const { controller, mediaSourceId } = installSharingBar({
      ipcMain: { handle: (channel: string, listener: never) => void handlers.set(channel, listener), removeHandler: () => {} } as never,
      screen: { getAllDisplays: () => [], getPrimaryDisplay: () => ({ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }) } as never,
      preloadPath: '/p.cjs',
      language: () => 'en',
      sendToPage: (action) => void sent.push(action),
    });
    const control = handlers.get(SHARING_BAR_CONTROL_CHANNEL)!;
    const from = (id: number) => ({ sender: { id }, senderFrame: { url: 'app://licode/sharing-bar.html', parent: null } });
    expect(await control(from(100), 'stop')).toMatchObject({ ok: false });

    controller.report({ sharing: true, paused: false });
    const [win] = electron.BrowserWindow.created;
    expect(win!.options).toMatchObject({ x: 700, y: 8, width: 520, height: 56 });
    expect(mediaSourceId()).toBe(`window:${win!.webContents.id}:0`);
    expect(await control(from(win!.webContents.id + 1), 'pause')).toMatchObject({ ok: false });
    expect(await control(from(win!.webContents.id), 'pause')).toEqual({ ok: true, forwarded: true });
    expect(sent).toEqual(['pause']);

    controller.report({ sharing: false, paused: false });
    expect(win!.calls.map(([name]) => name)).toContain('close');
    win!.handlers.get('closed')!();
    expect(mediaSourceId()).toBeNull();
    expect(await control(from(win!.webContents.id), 'stop')).toMatchObject({ ok: false });
  });
});

describe('compact presenter window', () => {
  function fakeMainWindow() {
    const listeners = new Map<string, (event: { defaultPrevented: boolean }) => void>();
    const calls: Array<[string, ...unknown[]]> = [];
    let bounds = { x: 10, y: 20, width: 1280, height: 800 };
    const win = {
      on: (event: string, listener: (event: { defaultPrevented: boolean }) => void) => void listeners.set(event, listener),
      getBounds: () => bounds,
      setBounds: (next: typeof bounds) => {
        calls.push(['setBounds', next]);
        bounds = next;
      },
      isMaximized: () => false,
      isFullScreen: () => false,
      getMinimumSize: () => [800, 600],
      setMinimumSize: (...args: unknown[]) => void calls.push(['setMinimumSize', ...args]),
      setAlwaysOnTop: (...args: unknown[]) => void calls.push(['setAlwaysOnTop', ...args]),
    };
    const screen = { getDisplayMatching: () => ({ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }) };
    return { mode: attachPresenterWindow(win as never, screen as never), listeners, calls, bounds: () => bounds };
  }

  it('floats above the presentation, and a close in the compact view restores the full view first', () => {
    const { mode, listeners, calls, bounds } = fakeMainWindow();
    mode.setCompact(true);
    expect(calls).toContainEqual(['setAlwaysOnTop', true, 'floating']);
    expect(bounds()).toEqual({ x: 1544, y: 16, width: 360, height: 440 });
    // The close guard kept the window open (the person stays in the call): still compact.
    listeners.get('close')!({ defaultPrevented: true });
    expect(mode.compact).toBe(true);
    listeners.get('close')!({ defaultPrevented: false });
    expect(mode.compact).toBe(false);
    expect(bounds()).toEqual({ x: 10, y: 20, width: 1280, height: 800 });
    expect(calls).toContainEqual(['setAlwaysOnTop', false]);
  });
});
