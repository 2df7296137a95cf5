/**
 * The presenter's "You are sharing · Pause · Stop" bar in Electron: a small window of its own, so it stays reachable
 * above whatever is being shared. It floats above full-screen windows, never takes focus from the presentation
 * (clicks still work), stays out of the taskbar, and is excluded from capture so the audience never sees it.
 * Electron-free: the glue in main/electron/sharing-bar-window.ts applies these.
 */

export interface Rectangle {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const SHARING_BAR_SIZE = { width: 520, height: 56 } as const;
/** Gap between the bar and the top of the screen's work area (below the menu bar / panels). */
const TOP_MARGIN = 8;

/** The BrowserWindow options that make the bar what it is (webPreferences are written at the constructor call). */
export const SHARING_BAR_WINDOW_OPTIONS = {
  ...SHARING_BAR_SIZE,
  frame: false,
  resizable: false,
  minimizable: false,
  maximizable: false,
  fullscreenable: false,
  skipTaskbar: true,
  alwaysOnTop: true,
  // Clicks reach it, but it never becomes the focused window: typing stays in the presentation.
  focusable: false,
  show: false,
  hasShadow: true,
  title: 'Licode Desktop — sharing',
  backgroundColor: '#202a37',
} as const;

/** Above full-screen windows and the Dock/taskbar ('screen-saver' is the highest level Electron offers). */
export const SHARING_BAR_LEVEL = 'screen-saver' as const;
/** setContentProtection(true): screen capture shows nothing where the bar is. */
export const SHARING_BAR_CONTENT_PROTECTION = true;

/** Top centre of the display's work area, inside it even on a display narrower than the bar. */
export function sharingBarBounds(workArea: Rectangle): Rectangle {
  const width = Math.min(SHARING_BAR_SIZE.width, workArea.width);
  const height = SHARING_BAR_SIZE.height;
  return {
    x: Math.round(workArea.x + (workArea.width - width) / 2),
    y: workArea.y + Math.min(TOP_MARGIN, Math.max(0, workArea.height - height)),
    width,
    height,
  };
}
