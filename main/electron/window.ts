import { BrowserWindow, shell } from 'electron';
import { isSafeExternalUrl } from '../security/policies';
import { mainWindowOptions } from '../security/window-options';
import { APP_ORIGIN } from './app-protocol';

export function createMainWindow(preloadPath: string): BrowserWindow {
  const window = new BrowserWindow(mainWindowOptions(preloadPath));
  window.once('ready-to-show', () => window.show());

  // New windows are never created; validated https links open in the system browser instead.
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
