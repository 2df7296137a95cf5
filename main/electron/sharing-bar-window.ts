/**
 * Electron glue of the presenter's sharing bar (policy: main/display-media/sharing-bar-controller.ts, options:
 * main/display-media/sharing-bar.ts): a small frameless window that floats above everything, is shown without taking
 * focus, is excluded from capture, and loads its own page with its own narrow preload (Pause, Resume, Stop and its
 * state — not the main window's API). Its one IPC channel accepts only this window.
 */
import { BrowserWindow, type IpcMain, type Screen } from 'electron';
import type { Language } from '../../common/api-contract';
import type { ShareControlAction } from '../../common/screen-share';
import { SHARING_BAR_STATE_CHANNEL, type SharingBarState } from '../../common/sharing-bar-api';
import { SHARING_BAR_CONTENT_PROTECTION, SHARING_BAR_LEVEL, SHARING_BAR_WINDOW_OPTIONS, type Rectangle } from '../display-media/sharing-bar';
import { SharingBarController, type SharingBarWindowHandle } from '../display-media/sharing-bar-controller';
import { bindSharingBarIpc } from '../ipc/sharing-bar-ipc';
import { APP_ORIGIN } from './app-protocol';

export const SHARING_BAR_URL = `${APP_ORIGIN}/sharing-bar.html`;

export interface OpenSharingBar extends SharingBarWindowHandle {
  readonly webContentsId: number;
  /** desktopCapturer's id of the bar, which the picker leaves out. */
  readonly mediaSourceId: string;
}

export function openSharingBarWindow(preloadPath: string, bounds: Rectangle, initial: SharingBarState, onClosed: () => void): OpenSharingBar {
  // The options stay a literal at the constructor call: electronegativity (npm run lint:electron) only
  // sees webPreferences written here.
  const win = new BrowserWindow({
    ...SHARING_BAR_WINDOW_OPTIONS,
    ...bounds,
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
  win.setAlwaysOnTop(true, SHARING_BAR_LEVEL);
  win.setContentProtection(SHARING_BAR_CONTENT_PROTECTION);
  // Reachable from every virtual desktop and above a full-screen presentation (macOS spaces).
  win.setVisibleOnAllWorkspaces(true, { visibleOnFullScreen: true });

  let state = initial;
  let loaded = false;
  const sendState = () => {
    if (loaded && !win.isDestroyed()) win.webContents.send(SHARING_BAR_STATE_CHANNEL, state);
  };
  win.webContents.on('did-finish-load', () => {
    loaded = true;
    sendState();
  });
  // Shown without activating it: the presentation keeps the keyboard.
  win.once('ready-to-show', () => win.showInactive());
  win.on('closed', onClosed);
  // Like the main window: no pop-ups, no navigation away from the bar's page.
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  win.webContents.on('will-navigate', (event) => event.preventDefault());
  win.webContents.on('will-redirect', (event) => event.preventDefault());
  win.webContents.on('will-attach-webview', (event) => event.preventDefault());
  void win.loadURL(SHARING_BAR_URL);

  return {
    webContentsId: win.webContents.id,
    mediaSourceId: win.getMediaSourceId(),
    setState: (next) => {
      state = next;
      sendState();
    },
    setBounds: (next) => {
      if (!win.isDestroyed()) win.setBounds(next);
    },
    close: () => {
      if (!win.isDestroyed()) win.close();
    },
  };
}

/** The work area of the display with desktopCapturer's `displayId`, or of the primary display. */
export function displayWorkArea(screen: Pick<Screen, 'getAllDisplays' | 'getPrimaryDisplay'>, displayId: string | null): Rectangle {
  const display = displayId === null ? undefined : screen.getAllDisplays().find((d) => String(d.id) === displayId);
  return (display ?? screen.getPrimaryDisplay()).workArea;
}

export interface SharingBarDeps {
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>;
  screen: Pick<Screen, 'getAllDisplays' | 'getPrimaryDisplay'>;
  preloadPath: string;
  language(): Language;
  sendToPage(action: ShareControlAction): void;
}

export interface SharingBar {
  controller: SharingBarController;
  /** The open bar's desktopCapturer id, for the picker to leave out. */
  mediaSourceId(): string | null;
}

export function installSharingBar({ ipcMain, screen, preloadPath, language, sendToPage }: SharingBarDeps): SharingBar {
  let open: OpenSharingBar | null = null;
  const controller = new SharingBarController({
    open: (bounds, state, onClosed) => {
      const bar = openSharingBarWindow(preloadPath, bounds, state, () => {
        if (open === bar) open = null;
        onClosed();
      });
      open = bar;
      return bar;
    },
    workArea: (displayId) => displayWorkArea(screen, displayId),
    language,
    sendToPage,
  });
  bindSharingBarIpc(ipcMain, (action) => controller.control(action), { webContentsId: () => open?.webContentsId, origin: APP_ORIGIN });
  return { controller, mediaSourceId: () => open?.mediaSourceId ?? null };
}
