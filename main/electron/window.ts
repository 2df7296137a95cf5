import { BrowserWindow, shell, type BrowserWindowConstructorOptions } from 'electron';
import { isSafeExternalUrl } from '../security/policies';
import { APP_ORIGIN } from './app-protocol';

/** Size and frame of the main window; the web preferences are always the ones below. */
export type MainWindowShape = Omit<BrowserWindowConstructorOptions, 'webPreferences'>;

/** The desktop's resizable window; kiosk mode passes its full-screen shape instead (kiosk-mode.ts). */
const DESKTOP_WINDOW_SHAPE: MainWindowShape = { width: 1280, height: 800, minWidth: 800, minHeight: 600 };

export function createMainWindow(preloadPath: string, shape: MainWindowShape = DESKTOP_WINDOW_SHAPE): BrowserWindow {
  // The webPreferences stay a literal at the constructor call: electronegativity (npm run lint:electron) only
  // sees webPreferences written here, not ones returned by a helper function.
  const window = new BrowserWindow({
    title: 'Licode Desktop',
    ...shape,
    backgroundColor: '#0d1117',
    show: false,
    webPreferences: {
      preload: preloadPath,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      spellcheck: false,
    },
  });
  window.once('ready-to-show', () => window.show());

  // New windows are never created (this also covers middle-click/auxclick on links); validated https
  // links open in the system browser instead.
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (isSafeExternalUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  // The app is a single page: any navigation away from it is an attack or a bug.
  window.webContents.on('will-navigate', (event) => event.preventDefault());
  window.webContents.on('will-redirect', (event) => event.preventDefault());
  window.webContents.on('will-attach-webview', (event) => event.preventDefault());

  void window.loadURL(`${APP_ORIGIN}/index.html`);
  return window;
}
