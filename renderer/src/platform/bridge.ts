/**
 * Picks the host bridge: Electron's preload (window.licodeDesktop) or, in the web host, an HTTP bridge
 * keyed by the secret the host injected into index.html. Both implement the same contract.
 */
import { PRELOAD_GLOBAL, type LicodeDesktopBridge } from '../../../common/api-contract';
import { createWebHostBridge, readWebHostSecret } from './web-host-bridge';

declare global {
  interface Window {
    [PRELOAD_GLOBAL]?: LicodeDesktopBridge;
  }
}

export function detectBridge(): LicodeDesktopBridge | null {
  const fromPreload = window[PRELOAD_GLOBAL];
  if (fromPreload) return fromPreload;
  const secret = readWebHostSecret(document);
  return secret ? createWebHostBridge(secret) : null;
}
