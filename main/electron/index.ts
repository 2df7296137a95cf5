/** Electron main process entry (built to out/main/index.js). Everything but window/OS glue lives elsewhere. */
import { app, BrowserWindow, dialog, ipcMain, powerSaveBlocker, screen, session } from 'electron';
import log from 'electron-log/main';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EVENT_PREFIX } from '../../common/ipc-channels';
import { ConfigStore } from '../config/config-store';
import { createDispatcher } from '../ipc/dispatcher';
import { bindIpc } from '../ipc/electron-ipc';
import { createHandlers } from '../ipc/handlers';
import { CertificateTrust } from '../security/certificate-trust';
import { createToken, type CreateTokenRequest, type TokenServiceOptions } from '../token/token-service';
import { isKioskRequested } from '../kiosk/kiosk-config';
import { PendingMeetingLink } from '../links/pending-link';
import { CallState } from '../calls/call-state';
import { CallNotifications } from '../desktop/call-notifications';
import { NO_UPDATES, type UpdateControl } from '../updates/update-control';
import { adminPolicyPath, readAdminPolicy } from '../updates/admin-policy';
import { configureAppLog, moveAppLog } from '../logging/app-log';
import { exportFileName, exportLogs } from '../logging/export-logs';
import { APP_ORIGIN, registerAppScheme, serveRenderer } from './app-protocol';
import { installCertificatePolicy } from './certificates';
import { installPermissionPolicy } from './permissions';
import { installMeetingLinks } from './meeting-links';
import { keepDisplayAwakeInCalls } from './power-save';
import { CloseGuard } from './close-guard';
import { rememberWindowBounds } from './window-state';
import { createCallTray } from './tray';
import { startUpdater } from './updater';
import { APP_USER_MODEL_ID, installDesktopNotifications } from './notifications';
import { createElectronScreenShare, installDisplayMediaHandler } from './display-media';
import { attachPresenterWindow } from './presenter-window';
import { installSharingBar } from './sharing-bar-window';
import type { PresenterWindowMode } from '../display-media/presenter-window-mode';
import { createMainWindow } from './window';
import { startElectronKiosk } from './kiosk-mode';

const RENDERER_DIR = fileURLToPath(new URL('../renderer', import.meta.url));
const PRELOAD_PATH = fileURLToPath(new URL('../preload/index.cjs', import.meta.url));
const SHARING_BAR_PRELOAD_PATH = fileURLToPath(new URL('../preload/sharing-bar.cjs', import.meta.url));
// Installed: copied next to the archive by electron-builder (extraResources); development: the rendered icon set.
const TRAY_ICON = app.isPackaged ? join(process.resourcesPath, 'icons', '32x32.png') : fileURLToPath(new URL('../../build/icons/32x32.png', import.meta.url));

// Rotated and redacted (tokens, signatures) before anything is logged.
configureAppLog(log);

// Lets tests (and portable setups) keep settings away from the real profile.
const userDataOverride = process.env['LICODE_DESKTOP_USER_DATA'];
if (userDataOverride) app.setPath('userData', userDataOverride);

registerAppScheme();
if (process.platform === 'win32') app.setAppUserModelId(APP_USER_MODEL_ID);
// A second launch focuses the running window instead of opening another config writer.
const isPrimaryInstance = app.requestSingleInstanceLock();

let mainWindow: BrowserWindow | null = null;
/** The main window's compact presenter view (one per window: the window may be recreated). */
let presenterMode: PresenterWindowMode | null = null;

const meetingLinks = new PendingMeetingLink({
  announce: (link) => mainWindow?.webContents.send(`${EVENT_PREFIX}links:opened`, link),
  announceRefusal: (problem) => mainWindow?.webContents.send(`${EVENT_PREFIX}links:refused`, { problem }),
  warn: (message) => log.warn(message),
});
// Before 'ready': macOS delivers the link that launched the app as open-url during start-up. A second launch
// (another link clicked) reaches this instance as 'second-instance', which also brings the window forward.
if (isPrimaryInstance)
  installMeetingLinks(app, meetingLinks, () => mainWindow, { argv: process.argv, defaultApp: process.defaultApp === true, execPath: process.execPath }, log);

async function start(): Promise<void> {
  await app.whenReady();
  const config = await ConfigStore.open(app.getPath('userData'));
  // Self-signed certificates: only for profiles that allow them, and for the controllers named in tokens
  // main fetched from those profiles' servers.
  const certificateTrust = new CertificateTrust(() => config.get().profiles);
  const createTrustedToken = async (request: CreateTokenRequest, options: TokenServiceOptions) => {
    const token = await createToken(request, options);
    certificateTrust.recordToken(request.serverUrl, token.decoded);
    return token;
  };
  const kiosk = isKioskRequested(process.argv)
    ? startElectronKiosk({
        argv: process.argv,
        env: process.env,
        launchArgs: process.argv.slice(1),
        preloadPath: PRELOAD_PATH,
        platform: process.platform,
        profiles: () => config.get().profiles,
        createToken: createTrustedToken,
        defaultLogDir: dirname(log.transports.file.getFile().path),
        useLogFile: (file) => moveAppLog(log, file),
        log,
      })
    : null;
  if (kiosk && 'help' in kiosk) {
    process.stdout.write(kiosk.help);
    app.exit(0);
    return;
  }
  const callState = new CallState();
  keepDisplayAwakeInCalls(powerSaveBlocker, callState);
  const callNotifications = new CallNotifications({
    language: () => config.get().language,
    doNotDisturb: () => false,
    notificationsOn: () => config.get().notifications,
  });
  const showWindow = () => {
    if (!mainWindow) open();
    mainWindow?.show();
    mainWindow?.focus();
  };
  const desktopNotifications = installDesktopNotifications({ app, notifications: callNotifications, callState, window: () => mainWindow, showWindow });
  // Replaced once the updater runs (installed builds whose administrator allows updates).
  let updates: UpdateControl = NO_UPDATES;
  const closeGuard = new CloseGuard(dialog, callState, () => config.get().language);
  // A kiosk is left only through its PIN: no question on the way out (nobody is there to answer it).
  if (!kiosk) closeGuard.guardQuit(app, () => mainWindow);
  installCertificatePolicy(app, certificateTrust, log);
  const sharingBar = installSharingBar({
    ipcMain,
    screen,
    preloadPath: SHARING_BAR_PRELOAD_PATH,
    language: () => config.get().language,
    sendToPage: (action) => mainWindow?.webContents.send(`${EVENT_PREFIX}share:control`, { action }),
  });
  const screenShare = createElectronScreenShare({
    emitPick: (pick) => mainWindow?.webContents.send(`${EVENT_PREFIX}display:pick`, pick),
    // The meeting window would only show the meeting to itself; the sharing bar is ours too.
    ownWindowIds: () => new Set([mainWindow?.getMediaSourceId(), sharingBar.mediaSourceId()].filter((id): id is string => typeof id === 'string')),
  });
  const handlers = createHandlers({
    config,
    screenShare,
    links: meetingLinks,
    callState,
    callEvent: (event) => desktopNotifications.report(event),
    updates: { status: () => updates.status(), restartNow: () => updates.restartNow() },
    presenter: {
      shareState: (report) => sharingBar.controller.report(report),
      setCompact: (compact) => presenterMode?.setCompact(compact),
    },
    exportLogs: async () => {
      const options = { defaultPath: join(app.getPath('downloads'), exportFileName(new Date())), filters: [{ name: 'Log', extensions: ['log'] }] };
      const choice = mainWindow ? await dialog.showSaveDialog(mainWindow, options) : await dialog.showSaveDialog(options);
      if (choice.canceled || !choice.filePath) return null;
      await exportLogs(log.transports.file.getFile().path, choice.filePath, []);
      return choice.filePath;
    },
    createToken: createTrustedToken,
    appInfo: () => ({
      name: app.getName(),
      version: app.getVersion(),
      host: 'electron',
      platform: process.platform,
      versions: { electron: process.versions.electron ?? '', chrome: process.versions.chrome ?? '', node: process.versions.node },
    }),
    ...(kiosk ? { kiosk: kiosk.service.handlers } : {}),
  });
  bindIpc(ipcMain, createDispatcher(handlers), { webContentsId: () => mainWindow?.webContents.id, origin: APP_ORIGIN });
  config.onChange((next) => mainWindow?.webContents.send(`${EVENT_PREFIX}config:changed`, next));
  config.onChange(() => sharingBar.controller.languageChanged());

  serveRenderer(RENDERER_DIR);
  installPermissionPolicy(session.defaultSession);
  installDisplayMediaHandler(session.defaultSession, screenShare, (source) => sharingBar.controller.captured(source));

  const open = () => {
    // The kiosk's window keeps its full screen: no compact presenter view, no remembered bounds, no close question.
    const win = kiosk ? kiosk.openWindow() : createMainWindow(PRELOAD_PATH);
    mainWindow = win;
    if (!kiosk) closeGuard.guardWindow(win);
    // Before rememberWindowBounds: a close in the compact view restores the full view before its bounds are saved.
    const compactView = kiosk ? null : attachPresenterWindow(win, screen);
    presenterMode = compactView;
    // A reloaded or crashed page has no share any more: no bar, and the full view back.
    const pageGone = () => {
      sharingBar.controller.pageGone();
      compactView?.setCompact(false);
    };
    win.webContents.on('did-start-loading', pageGone);
    win.webContents.on('render-process-gone', pageGone);
    if (!kiosk) void rememberWindowBounds(win, screen, app.getPath('userData'), log);
    mainWindow.on('closed', () => {
      mainWindow = null;
      presenterMode = null;
      sharingBar.controller.pageGone();
      screenShare.cancelAll('window-closed');
    });
  };
  open();
  // No tray on a kiosk: its Leave would be a way out of the room that bypasses the PIN, and nobody sits at its taskbar.
  if (!kiosk)
    createCallTray({
      iconPath: TRAY_ICON,
      callState,
      unread: callNotifications,
      language: () => config.get().language,
      sendAction: (action) => mainWindow?.webContents.send(`${EVENT_PREFIX}tray:action`, { action }),
      showWindow,
    });
  // Updates only in installed builds (a development run has no update metadata); a kiosk installs only in its maintenance window.
  if (app.isPackaged) {
    const policy = await readAdminPolicy(adminPolicyPath(process.platform, process.env));
    updates = await startUpdater({
      policy,
      callState,
      maintenanceWindow: kiosk?.maintenanceWindow ?? null,
      onStatus: (status) => mainWindow?.webContents.send(`${EVENT_PREFIX}update:status`, status),
      log,
    });
  }
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) open();
  });
}

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

if (isPrimaryInstance) {
  start().catch((error: unknown) => {
    log.error('Licode Desktop failed to start', error);
    // Without a window the user would see nothing at all: say what failed before exiting.
    // Main has no message catalogue, so the dialog says it in both of the app's languages.
    const reason = error instanceof Error ? error.message : String(error);
    dialog.showErrorBox('Licode Desktop could not start / Licode Desktop 无法启动', `${reason}\n\nDetails / 详细信息: ${log.transports.file.getFile().path}`);
    app.exit(1);
  });
} else {
  app.quit();
}
