import type { LicodeDesktopBridge } from '../../preload/api-contract';

declare global {
  interface Window {
    licodeDesktop?: LicodeDesktopBridge;
  }
}
