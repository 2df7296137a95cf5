/**
 * The compact presenter view's window (Electron): while sharing, the meeting window may shrink to a small
 * always-on-top window in the top-right corner of its display (active speaker + controls) and return exactly where and
 * how it was (bounds, maximised, full screen, minimum size). Electron-free: main/electron/presenter-window.ts adapts
 * a BrowserWindow.
 */
import type { Rectangle } from './sharing-bar';

export interface PresenterWindowLike {
  getBounds(): Rectangle;
  setBounds(bounds: Rectangle): void;
  isMaximized(): boolean;
  maximize(): void;
  unmaximize(): void;
  isFullScreen(): boolean;
  setFullScreen(fullScreen: boolean): void;
  getMinimumSize(): number[];
  setMinimumSize(width: number, height: number): void;
  setAlwaysOnTop(onTop: boolean): void;
  /** Work area of the display the window is on. */
  workArea(): Rectangle;
}

export const COMPACT_PRESENTER_SIZE = { width: 360, height: 440 } as const;
/** Gap to the work area's edges, so the window does not cover the scrollbar or the menu bar's edge. */
const EDGE_MARGIN = 16;

/** Top-right corner of the work area (where it least covers a presentation), inside it on a small display. */
export function compactPresenterBounds(workArea: Rectangle): Rectangle {
  const width = Math.min(COMPACT_PRESENTER_SIZE.width, workArea.width);
  const height = Math.min(COMPACT_PRESENTER_SIZE.height, workArea.height);
  return {
    x: workArea.x + Math.max(0, workArea.width - width - EDGE_MARGIN),
    y: workArea.y + Math.min(EDGE_MARGIN, workArea.height - height),
    width,
    height,
  };
}

interface Saved {
  bounds: Rectangle;
  maximized: boolean;
  fullScreen: boolean;
  minimumSize: [number, number];
}

export class PresenterWindowMode {
  #saved: Saved | null = null;

  constructor(private readonly window: PresenterWindowLike) {}

  get compact(): boolean {
    return this.#saved !== null;
  }

  /** Idempotent: a second "compact" keeps the bounds remembered by the first, a second "full" does nothing. */
  setCompact(compact: boolean): void {
    if (compact === this.compact) return;
    if (compact) this.#enter();
    else this.#leave();
  }

  #enter(): void {
    const win = this.window;
    const [minWidth = 0, minHeight = 0] = win.getMinimumSize();
    const saved: Saved = { bounds: win.getBounds(), maximized: win.isMaximized(), fullScreen: win.isFullScreen(), minimumSize: [minWidth, minHeight] };
    this.#saved = saved;
    if (saved.fullScreen) win.setFullScreen(false);
    if (saved.maximized) win.unmaximize();
    const bounds = compactPresenterBounds(win.workArea());
    // The meeting window's minimum size is larger than the compact view.
    win.setMinimumSize(bounds.width, bounds.height);
    win.setBounds(bounds);
    win.setAlwaysOnTop(true);
  }

  #leave(): void {
    const saved = this.#saved;
    if (!saved) return;
    this.#saved = null;
    const win = this.window;
    win.setAlwaysOnTop(false);
    win.setMinimumSize(...saved.minimumSize);
    win.setBounds(saved.bounds);
    if (saved.maximized) win.maximize();
    if (saved.fullScreen) win.setFullScreen(true);
  }
}
