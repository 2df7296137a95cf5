/**
 * The sharing bar window's own narrow API (Electron only): its preload exposes Pause, Resume and Stop and the bar's
 * state, nothing of the main window's API. Kept free of runtime imports beyond common/screen-share.ts (itself
 * import-free) so the sandboxed preload stays tiny.
 */
import type { Language } from './api-contract';
import type { ShareControlAction } from './screen-share';

/** Name of the global the bar's preload exposes through contextBridge. */
export const SHARING_BAR_GLOBAL = 'licodeSharingBar';

/** ipcMain channel of the bar's buttons (invoke, one ShareControlAction argument). */
export const SHARING_BAR_CONTROL_CHANNEL = 'licode-sharing-bar:control';

/** Channel main sends the bar's state on. */
export const SHARING_BAR_STATE_CHANNEL = 'licode-sharing-bar:state';

/** What the bar shows: the shared source's name (null when main does not know it, e.g. the Wayland portal chose). */
export interface SharingBarState {
  sourceName: string | null;
  paused: boolean;
  language: Language;
}

/** What the bar's preload exposes as `window.licodeSharingBar`. */
export interface SharingBarBridge {
  control(action: ShareControlAction): Promise<void>;
  /** Subscribes to the bar's state; returns the unsubscribe function. */
  onState(listener: (state: SharingBarState) => void): () => void;
}
