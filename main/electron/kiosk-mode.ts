/**
 * Kiosk mode in Electron (`--kiosk`): the same configuration reader and KioskService as the web host's kiosk
 * (main/kiosk/), with Electron's own window — full screen, no menu, no way to close it but the PIN exit — supervised by
 * the watchdog through kiosk-window.ts. The display stays awake for as long as the kiosk runs, not only in calls.
 */
import { kioskLogFile } from '../logging/app-log';
import { app, Menu, powerSaveBlocker, type BrowserWindow } from 'electron';
import type { ServerProfile } from '../../common/api-contract';
import { loadKioskConfig } from '../kiosk/kiosk-config';
import { KioskService, type KioskServiceOptions } from '../kiosk/kiosk-service';
import type { MaintenanceWindow } from '../kiosk/maintenance-window';
import { electronKioskWindow } from './kiosk-window';
import { createMainWindow, type MainWindowShape } from './window';

/**
 * Full screen over the taskbar, no frame and no close, minimise or maximise button. `closable` is honoured on macOS
 * and Windows only, so the window's 'close' event is refused as well (Alt+F4, the window manager).
 */
export const KIOSK_WINDOW_SHAPE: MainWindowShape = {
  kiosk: true,
  fullscreen: true,
  frame: false,
  closable: false,
  minimizable: false,
  maximizable: false,
  autoHideMenuBar: true,
};

export interface ElectronKioskOptions {
  /** The command line (kiosk flags) and environment (LICODE_KIOSK_*) the configuration is read from. */
  argv: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
  /** What the OS starts at login when openAtLogin is set: this run's arguments (after the executable), kiosk flags included. */
  launchArgs: readonly string[];
  preloadPath: string;
  platform: NodeJS.Platform;
  profiles: () => readonly ServerProfile[];
  createToken: KioskServiceOptions['createToken'];
  /** Where status.json goes when the configuration names no logDir: the app's log folder. */
  defaultLogDir: string;
  /** The configuration names a log folder: the app's log moves to this file in it. */
  useLogFile(file: string): void;
  log: { info(...args: unknown[]): void; warn(...args: unknown[]): void; error(...args: unknown[]): void };
}

export interface ElectronKiosk {
  service: KioskService;
  /** When the updater may install (null: whenever the app quits, as on the desktop). */
  maintenanceWindow: MaintenanceWindow | null;
  /** Settles once the status endpoint and file have started (or failed to, which is logged). */
  monitoring: Promise<void>;
  /** Opens the kiosk window as the app's main window and puts it under the watchdog. */
  openWindow(): BrowserWindow;
}

/** `--kiosk --help` gives the text to print instead of a kiosk. Call after app 'ready'. */
export function startElectronKiosk(options: ElectronKioskOptions): ElectronKiosk | { help: string } {
  const { log } = options;
  const loaded = loadKioskConfig(options.argv, options.env);
  if (loaded.status === 'help') return { help: loaded.text };
  // A bad configuration still opens the window: the page shows the one error naming the key.
  if (loaded.status === 'error') log.error(loaded.error.message);
  const config = loaded.status === 'ok' ? loaded.config : null;
  if (config?.logDir) options.useLogFile(kioskLogFile(config.logDir));

  let quitting = false;
  app.on('before-quit', () => (quitting = true));
  const service = new KioskService({
    configuration: loaded.status === 'ok' ? { status: 'ok', config: loaded.config } : { status: 'error', error: loaded.error },
    appVersion: app.getVersion(),
    profiles: options.profiles,
    createToken: options.createToken,
    defaultLogDir: options.defaultLogDir,
    // Closed after monitoring has started, so no status write lands after the close.
    onExit: () => void monitoring.then(() => service.close()).finally(() => app.quit()),
    log: (message) => log.info(message),
  });

  // No menu anywhere: its accelerators (reload, developer tools, quit) would be ways out of the kiosk.
  Menu.setApplicationMenu(null);
  // For the kiosk's whole life, not only in calls: the offline and error screens must stay readable across the room.
  powerSaveBlocker.start('prevent-display-sleep');
  if (config?.openAtLogin) {
    // Electron has no login items on Linux; there the session's autostart (~/.config/autostart) starts the kiosk.
    if (options.platform === 'linux') log.warn('Kiosk openAtLogin: not available on Linux; add an autostart entry for the kiosk instead');
    else app.setLoginItemSettings({ openAtLogin: true, args: [...options.launchArgs] });
  }
  const monitoring = service.startMonitoring().then(
    ({ statusUrl, statusFile }) => log.info(`Kiosk status: ${statusUrl ?? 'no endpoint (statusPort not set)'}, file ${statusFile}`),
    (error: unknown) => {
      // The kiosk still shows the room; the administrator finds the reason in the log and the status file.
      log.error('Kiosk status endpoint or file could not be started', error);
      service.status.reportError(`Status monitoring failed: ${error instanceof Error ? error.message : String(error)}`);
    },
  );

  return {
    service,
    maintenanceWindow: config?.maintenanceWindow ?? null,
    monitoring,
    openWindow() {
      const window = createMainWindow(options.preloadPath, KIOSK_WINDOW_SHAPE);
      window.on('close', (event) => {
        if (!quitting) event.preventDefault();
      });
      service.supervise(electronKioskWindow(window));
      return window;
    },
  };
}
