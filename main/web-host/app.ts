/**
 * Assembles the web host: config store in the given user-data directory, the shared handlers, and the
 * HTTP transport. Used by the CLI (`npm run web`) and by the Playwright fixtures.
 */
import { fileURLToPath } from 'node:url';
import { ConfigStore } from '../config/config-store';
import { readAppInfo } from '../app-info';
import { createDispatcher } from '../ipc/dispatcher';
import { createHandlers } from '../ipc/handlers';
import { createToken } from '../token/token-service';
import { startWebHost, type WebHost } from './web-host';

export const DEFAULT_RENDERER_DIR = fileURLToPath(new URL('../../out/renderer', import.meta.url));
const PACKAGE_JSON = fileURLToPath(new URL('../../package.json', import.meta.url));

export interface WebHostAppOptions {
  port: number;
  userDataDir: string;
  rendererDir?: string;
}

export interface WebHostApp extends WebHost {
  config: ConfigStore;
}

export async function startWebHostApp(options: WebHostAppOptions): Promise<WebHostApp> {
  const config = await ConfigStore.open(options.userDataDir);
  const handlers = createHandlers({
    config,
    createToken,
    appInfo: () => readAppInfo(PACKAGE_JSON, 'web', { node: process.versions.node }),
  });
  const host = await startWebHost({ rendererDir: options.rendererDir ?? DEFAULT_RENDERER_DIR, dispatch: createDispatcher(handlers), port: options.port });
  const unsubscribe = config.onChange((next) => host.emit('config:changed', next));
  return {
    ...host,
    config,
    close: async () => {
      unsubscribe();
      await host.close();
    },
  };
}
