import type { LicodeDesktopBridge } from '../../common/api-contract';

declare global {
  interface Window {
    licodeDesktop?: LicodeDesktopBridge;
  }
}
