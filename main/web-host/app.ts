/**
 * Assembles the web host: config store in the given user-data directory, the shared handlers, and the
 * HTTP transport. Used by the CLI (`npm run web`) and by the Playwright fixtures.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import log from 'electron-log/node';
import { CallState } from '../calls/call-state';
import { ConfigStore } from '../config/config-store';
import { CallNotifications } from '../desktop/call-notifications';
import { readAppInfo } from '../app-info';
import { createDispatcher } from '../ipc/dispatcher';
import { createHandlers } from '../ipc/handlers';
import type { KioskHandlers } from '../kiosk/kiosk-service';
import { PendingMeetingLink } from '../links/pending-link';
import { configureAppLog, webHostLogFile } from '../logging/app-log';
import { exportFileName, exportLogs } from '../logging/export-logs';
import { ScreenShareService } from '../display-media/screen-share-service';
import { createToken } from '../token/token-service';
import { standInCaptureSources } from './stand-in-capture-sources';
import { startWebHost, type WebHost } from './web-host';

export const DEFAULT_RENDERER_DIR = fileURLToPath(new URL('../../out/renderer', import.meta.url));
const PACKAGE_JSON = fileURLToPath(new URL('../../package.json', import.meta.url));

export interface WebHostAppOptions {
  port: number;
  userDataDir: string;
  rendererDir?: string;
  /** Kiosk mode (main/kiosk/web-host-kiosk.ts): the kiosk's channels. */
  kiosk?: KioskHandlers;
  /** Another log file than <user data>/logs/web-host.log (a kiosk's configured log folder). */
  logFile?: string;
}

export interface WebHostApp extends WebHost {
  config: ConfigStore;
}

export async function startWebHostApp(options: WebHostAppOptions): Promise<WebHostApp> {
  const config = await ConfigStore.open(options.userDataDir);
  let host: WebHost | null = null;
  // One logger per web host (tests start several in one process); its file is redacted, the secret included.
  const logger = log.create({ logId: `web-host-${options.userDataDir}` });
  const logFile = options.logFile ?? webHostLogFile(options.userDataDir);
  configureAppLog(logger, { file: logFile, secrets: () => (host ? [host.secret] : []) });
  const webNotifications = new CallNotifications({
    language: () => config.get().language,
    doNotDisturb: () => false,
    notificationsOn: () => config.get().notifications,
  });
  const screenShare = new ScreenShareService({
    // The browser answers getDisplayMedia itself and offers computer sound where it can.
    captures: 'page',
    capabilities: { picker: 'in-app', loopbackAudio: false },
    listSources: standInCaptureSources,
    // The page that asked opens the picker from display:request's answer: every tab of the web host hears its
    // events, and another tab is another person.
    emitPick: () => undefined,
  });
  const handlers = createHandlers({
    config,
    createToken,
    screenShare,
    // The web host is opened by no OS link; a page URL's ?link=… is parsed with links:open instead.
    links: new PendingMeetingLink({
      announce: (link) => host?.emit('links:opened', link),
      announceRefusal: (problem) => host?.emit('links:refused', { problem }),
      warn: (message) => logger.warn(message),
    }),
    callState: new CallState(),
    // No save dialog in a browser tab: the export goes next to the log, and the page shows where.
    exportLogs: async () => {
      const destination = join(dirname(logFile), exportFileName(new Date()));
      await exportLogs(logFile, destination, host ? [host.secret] : []);
      return destination;
    },
    appInfo: () => readAppInfo(PACKAGE_JSON, 'web', { node: process.versions.node }),
    // The same policy answers whether it would notify, with the page's own focus (a tab has no window of ours). No OS
    // notification: the page is a browser tab, and the browser's Notification API would need a permission prompt.
    callEvent: (event) => webNotifications.report(event, event.focused) !== null,
    ...(options.kiosk ? { kiosk: options.kiosk } : {}),
  });
  const started = await startWebHost({ rendererDir: options.rendererDir ?? DEFAULT_RENDERER_DIR, dispatch: createDispatcher(handlers), port: options.port });
  host = started;
  const unsubscribe = config.onChange((next) => started.emit('config:changed', next));
  return {
    ...started,
    config,
    close: async () => {
      unsubscribe();
      screenShare.cancelAll('window-closed');
      await started.close();
    },
  };
}
