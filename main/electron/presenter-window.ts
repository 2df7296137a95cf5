/**
 * Electron glue of the compact presenter view (policy: main/display-media/presenter-window-mode.ts): the meeting
 * window shrinks to the top-right corner of its display, floats above other windows, and returns.
 */
import type { BrowserWindow, Screen } from 'electron';
import { PresenterWindowMode } from '../display-media/presenter-window-mode';

export function attachPresenterWindow(win: BrowserWindow, screen: Pick<Screen, 'getDisplayMatching'>): PresenterWindowMode {
  const mode = new PresenterWindowMode({
    getBounds: () => win.getBounds(),
    setBounds: (bounds) => win.setBounds(bounds),
    isMaximized: () => win.isMaximized(),
    maximize: () => win.maximize(),
    unmaximize: () => win.unmaximize(),
    isFullScreen: () => win.isFullScreen(),
    setFullScreen: (fullScreen) => win.setFullScreen(fullScreen),
    getMinimumSize: () => win.getMinimumSize(),
    setMinimumSize: (width, height) => win.setMinimumSize(width, height),
    // 'floating': above normal windows (the presentation), below the sharing bar's 'screen-saver' level.
    setAlwaysOnTop: (onTop) => (onTop ? win.setAlwaysOnTop(true, 'floating') : win.setAlwaysOnTop(false)),
    workArea: () => screen.getDisplayMatching(win.getBounds()).workArea,
  });
  // Closing in the compact view: the full view's bounds are the ones remembered for the next start (window-state.ts
  // saves on 'close' too, and registers after this, once its file is read). A close the close guard cancelled keeps
  // the compact view.
  win.on('close', (event) => {
    if (!event.defaultPrevented) mode.setCompact(false);
  });
  return mode;
}
