/**
 * The Electron glue with a stand-in 'electron' module (the real binary is not installable everywhere):
 * checks that the window denies pop-ups, sends only https links to the system browser, blocks navigation,
 * and that the session's permission handlers apply the policy.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';

const electron = vi.hoisted(() => {
  type Listener = (...args: unknown[]) => void;
  class FakeWebContents {
    handlers = new Map<string, Listener>();
    windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
    loaded: string | null = null;
    on(event: string, listener: Listener) {
      this.handlers.set(event, listener);
      return this;
    }
    setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
      this.windowOpenHandler = handler;
    }
    getURL() {
      return 'app://licode/index.html';
    }
  }
  class FakeBrowserWindow {
    static created: FakeBrowserWindow[] = [];
    webContents = new FakeWebContents();
    constructor(readonly options: unknown) {
      FakeBrowserWindow.created.push(this);
    }
    once() {}
    loadURL(url: string) {
      this.webContents.loaded = url;
      return Promise.resolve();
    }
  }
  return { BrowserWindow: FakeBrowserWindow, shell: { openExternal: vi.fn(async () => undefined) } };
});

vi.mock('electron', () => ({
  BrowserWindow: electron.BrowserWindow,
  shell: electron.shell,
  protocol: {},
  net: {},
  desktopCapturer: {},
}));

const { createMainWindow } = await import('./window');
const { installPermissionPolicy } = await import('./permissions');

beforeEach(() => {
  electron.BrowserWindow.created.length = 0;
  electron.shell.openExternal.mockClear();
});

describe('main window', () => {
  it('loads our origin in a sandboxed window', () => {
    createMainWindow('/app/out/preload/index.cjs');
    const [win] = electron.BrowserWindow.created;
    expect(win!.webContents.loaded).toBe('app://licode/index.html');
    expect(win!.options).toMatchObject({
      show: false,
      webPreferences: {
        preload: '/app/out/preload/index.cjs',
        sandbox: true,
        contextIsolation: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        webviewTag: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        experimentalFeatures: false,
      },
    });
  });

  it('denies new windows and opens only https links externally', () => {
    createMainWindow('/p.cjs');
    const open = electron.BrowserWindow.created[0]!.webContents.windowOpenHandler!;
    expect(open({ url: 'https://github.com/lynckia/licode' })).toEqual({ action: 'deny' });
    expect(open({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(open({ url: 'http://example.com' })).toEqual({ action: 'deny' });
    expect(electron.shell.openExternal.mock.calls).toEqual([['https://github.com/lynckia/licode']]);
  });

  it('blocks navigation, redirects and webviews', () => {
    createMainWindow('/p.cjs');
    const { handlers } = electron.BrowserWindow.created[0]!.webContents;
    for (const event of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
      const preventDefault = vi.fn();
      handlers.get(event)!({ preventDefault }, 'https://evil.example/');
      expect(preventDefault, event).toHaveBeenCalled();
    }
  });
});

describe('permission handlers', () => {
  it('grant media and display capture to our origin only', () => {
    let request: ((wc: unknown, permission: string, cb: (ok: boolean) => void, details: { requestingUrl: string }) => void) | undefined;
    let check: ((wc: unknown, permission: string, origin: string) => boolean) | undefined;
    installPermissionPolicy({
      setPermissionRequestHandler: (h: typeof request) => (request = h),
      setPermissionCheckHandler: (h: typeof check) => (check = h),
    } as never);
    const ask = (permission: string, url: string) => {
      let answer: boolean | undefined;
      request!({ getURL: () => url }, permission, (ok) => (answer = ok), { requestingUrl: url });
      return answer;
    };
    expect(ask('media', 'app://licode/index.html')).toBe(true);
    expect(ask('display-capture', 'app://licode/index.html')).toBe(true);
    expect(ask('geolocation', 'app://licode/index.html')).toBe(false);
    expect(ask('media', 'https://evil.example/')).toBe(false);
    expect(check!(null, 'media', 'app://licode')).toBe(true);
    expect(check!(null, 'notifications', 'app://licode')).toBe(false);
  });
});
