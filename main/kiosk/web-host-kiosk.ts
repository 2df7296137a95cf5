/**
 * Kiosk mode without Electron (`npm run web -- --kiosk --kiosk-config FILE`): the web host serves the kiosk page and
 * its API, the system's Chromium shows it full screen (chromium-window.ts) under the watchdog, and the status
 * endpoint and file tell the administrator what is going on. A configuration error still opens the window: the
 * page shows the one error naming the key.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readAppInfo } from '../app-info';
import { kioskLogFile } from '../logging/app-log';
import { createToken } from '../token/token-service';
import { startWebHostApp, type WebHostApp } from '../web-host/app';
import { ChromiumKioskWindow, type ChromiumKioskOptions } from './chromium-window';
import { loadKioskConfig } from './kiosk-config';
import { KioskService } from './kiosk-service';
import type { WatchdogOptions } from './watchdog';

const PACKAGE_JSON = fileURLToPath(new URL('../../package.json', import.meta.url));

export interface WebHostKioskOptions {
  /** The command line (kiosk flags) and environment (LICODE_KIOSK_*) the configuration is read from. */
  argv: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
  port: number;
  userDataDir: string;
  rendererDir?: string;
  /** The supervised Chromium (tests: headless, fake devices). */
  chromium?: Omit<ChromiumKioskOptions, 'url'>;
  /** Tests shorten the watchdog's clocks. */
  watchdog?: Partial<WatchdogOptions>;
  /** The right PIN was typed; the kiosk has already closed its window. */
  onExit: () => void;
  log?: (message: string) => void;
}

export interface WebHostKiosk {
  app: WebHostApp;
  service: KioskService;
  window: ChromiumKioskWindow;
  statusUrl: string | null;
  statusFile: string;
  close(): Promise<void>;
}

/** `--help` gives the text to print instead of a kiosk. */
export async function startWebHostKiosk(options: WebHostKioskOptions): Promise<WebHostKiosk | { help: string }> {
  const loaded = loadKioskConfig(options.argv, options.env);
  if (loaded.status === 'help') return { help: loaded.text };
  if (loaded.status === 'error') options.log?.(loaded.error.message);
  let kiosk: WebHostKiosk | null = null;
  let app: WebHostApp | null = null;
  const service = new KioskService({
    configuration: loaded.status === 'ok' ? { status: 'ok', config: loaded.config } : { status: 'error', error: loaded.error },
    appVersion: readAppInfo(PACKAGE_JSON, 'web', {}).version,
    profiles: () => app?.config.get().profiles ?? [],
    createToken,
    defaultLogDir: join(options.userDataDir, 'logs'),
    onExit: () => void kiosk?.close().then(options.onExit),
    ...(options.log ? { log: options.log } : {}),
  });
  app = await startWebHostApp({
    port: options.port,
    userDataDir: options.userDataDir,
    kiosk: service.handlers,
    ...(options.rendererDir ? { rendererDir: options.rendererDir } : {}),
    ...(loaded.status === 'ok' && loaded.config.logDir ? { logFile: kioskLogFile(loaded.config.logDir) } : {}),
  });
  const started = app;
  try {
    const monitoring = await service.startMonitoring();
    const window = await ChromiumKioskWindow.launch({ ...options.chromium, url: started.url });
    service.supervise(window, options.watchdog);
    let closing: Promise<void> | null = null;
    kiosk = {
      app: started,
      service,
      window,
      ...monitoring,
      close: () => (closing ??= Promise.all([service.close(), window.close(), started.close()]).then(() => undefined)),
    };
    return kiosk;
  } catch (error) {
    await Promise.all([service.close(), started.close()]);
    throw error;
  }
}
