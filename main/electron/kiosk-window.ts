/**
 * Electron's implementation of the kiosk watchdog's window (main/kiosk/watchdog.ts): thin glue from BrowserWindow
 * events to KioskWindow. A hung renderer cannot run a reload, so it is crashed on purpose first
 * (webContents.forcefullyCrashRenderer, which Electron provides for exactly this) and then reloaded.
 */
import type { BrowserWindow, Event, RenderProcessGoneDetails } from 'electron';
import type { KioskWindow } from '../kiosk/watchdog';

/** Chromium's net::ERR_ABORTED: a navigation replaced by another (our own reload), not a failure. */
const ERR_ABORTED = -3;

export function electronKioskWindow(window: BrowserWindow): KioskWindow {
  const { webContents } = window;
  let unresponsive = false;
  window.on('unresponsive', () => (unresponsive = true));
  window.on('responsive', () => (unresponsive = false));

  return {
    onCrashed(listener) {
      const handler = (_event: Event, details: RenderProcessGoneDetails) => {
        // 'clean-exit' is a renderer process replaced normally, not a crash.
        if (details.reason !== 'clean-exit') listener(`${details.reason}, exit code ${details.exitCode}`);
      };
      webContents.on('render-process-gone', handler);
      return () => void webContents.off('render-process-gone', handler);
    },
    onUnresponsive(listener) {
      const handler = () => listener();
      window.on('unresponsive', handler);
      return () => void window.off('unresponsive', handler);
    },
    onResponsive(listener) {
      const handler = () => listener();
      window.on('responsive', handler);
      return () => void window.off('responsive', handler);
    },
    onLoadFailed(listener) {
      const handler = (_event: Event, code: number, description: string, url: string, isMainFrame: boolean) => {
        if (isMainFrame && code !== ERR_ABORTED) listener(`${description} (${code}) for ${url}`);
      };
      webContents.on('did-fail-load', handler);
      return () => void webContents.off('did-fail-load', handler);
    },
    async reload() {
      if (window.isDestroyed()) return;
      if (unresponsive) {
        webContents.forcefullyCrashRenderer();
        unresponsive = false;
      }
      webContents.reloadIgnoringCache();
    },
  };
}
