/**
 * Electron glue of the remembered window bounds (main/desktop/window-bounds.ts): puts a new window where it was, if
 * that place is still on a display, and saves its normal (unmaximised) bounds when it closes.
 */
import type { BrowserWindow, Screen } from 'electron';
import { loadWindowState, restoreWindowState, saveWindowState } from '../desktop/window-bounds';

export async function rememberWindowBounds(
  win: BrowserWindow,
  screen: Pick<Screen, 'getPrimaryDisplay' | 'getAllDisplays'>,
  userDataDir: string,
  log: { warn(...args: unknown[]): void },
): Promise<void> {
  const primary = screen.getPrimaryDisplay();
  const others = screen.getAllDisplays().filter((display) => display.id !== primary.id);
  const state = restoreWindowState(await loadWindowState(userDataDir), [primary.workArea, ...others.map((display) => display.workArea)]);
  win.setBounds(state.bounds);
  if (state.maximized) win.maximize();
  win.on('close', () => {
    saveWindowState(userDataDir, { bounds: win.getNormalBounds(), maximized: win.isMaximized() }).catch((error: unknown) =>
      log.warn('Could not save the window position', error),
    );
  });
}
