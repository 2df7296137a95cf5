/**
 * Screen sharing as main and the renderer both see it: the picker's entries, the platform's options, and how a share
 * is captured for what it shows. Text (slides, code, documents) needs every pixel and few frames: `contentHint`
 * 'detail' makes the encoder keep resolution and drop frames under pressure. Video needs motion: 'motion' keeps the
 * frame rate and lets resolution drop.
 */

export type ShareOptimisation = 'text' | 'motion';
export const SHARE_OPTIMISATIONS = ['text', 'motion'] as const satisfies readonly ShareOptimisation[];

export interface ShareCaptureSettings {
  contentHint: 'detail' | 'motion';
  /** getDisplayMedia / applyConstraints frame rate. */
  frameRate: { ideal: number; max: number };
  /** The share's own maxVideoBW (kbps) asked of Licode; the server may grant less (its maxVideoBW caps every publisher). */
  maxVideoBW: number;
}

export const SHARE_SETTINGS: Readonly<Record<ShareOptimisation, ShareCaptureSettings>> = {
  // 5–15 fps: a slide change or a scroll arrives within a frame or two, and the bits go to sharpness.
  text: { contentHint: 'detail', frameRate: { ideal: 10, max: 15 }, maxVideoBW: 2500 },
  motion: { contentHint: 'motion', frameRate: { ideal: 30, max: 30 }, maxVideoBW: 3000 },
};

export interface PickerSource {
  id: string;
  kind: 'screen' | 'window';
  /** Never empty: unnamed screens become "Screen N", unnamed windows "Window". */
  name: string;
  /** PNG or SVG data URLs, null when the source has none (minimised windows, some compositors). */
  thumbnail: string | null;
  appIcon: string | null;
}

export interface CaptureCapabilities {
  /**
   * `in-app`: our picker lists the sources. `system`: the OS's own dialog is the only one (Linux Wayland, where the
   * desktop portal asks the person itself; showing ours too would mean two pickers in a row).
   */
  picker: 'in-app' | 'system';
  /** "Share computer sound": Electron captures loopback audio on Windows and on macOS 13 (Darwin 22) and later. */
  loopbackAudio: boolean;
}

/** What the sharing bar window asks the page's screen share to do (main forwards it as the share:control event). */
export const SHARE_CONTROL_ACTIONS = ['pause', 'resume', 'stop'] as const;
export type ShareControlAction = (typeof SHARE_CONTROL_ACTIONS)[number];

export function isShareControlAction(value: unknown): value is ShareControlAction {
  return typeof value === 'string' && (SHARE_CONTROL_ACTIONS as readonly string[]).includes(value);
}
