/**
 * What our screen-share picker offers: the sources in a predictable order, and which options the platform supports.
 * Electron-free: the Electron glue turns desktopCapturer sources into `CaptureSource`s, the web host supplies stand-ins.
 */
import type { CaptureCapabilities, PickerSource } from '../../common/screen-share';

export interface CaptureSource {
  /** desktopCapturer id: `screen:<n>:<m>` or `window:<n>:<m>`. */
  id: string;
  name: string;
  /** desktopCapturer's display id for screens ('' for windows), which orders monitors as the OS numbers them. */
  displayId: string;
  /** PNG data URLs, null when the source has none (minimised windows, some compositors). */
  thumbnail: string | null;
  appIcon: string | null;
}

/** Longest name shown; window titles can be arbitrarily long (and are chosen by other programs). */
const MAX_NAME_CHARS = 120;

function kindOf(id: string): PickerSource['kind'] {
  return id.startsWith('screen:') ? 'screen' : 'window';
}

/** A source name as our UI shows it (window titles are chosen by other programs). */
export function cleanSourceName(name: string): string {
  // Titles come from other programs: no control, bidi or zero-width characters, no runs of spaces, bounded.
  const plain = name
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const chars = [...plain];
  return chars.length > MAX_NAME_CHARS ? `${chars.slice(0, MAX_NAME_CHARS - 1).join('')}…` : plain;
}

function numericParts(id: string): number[] {
  return id
    .split(':')
    .slice(1)
    .map((part) => Number(part))
    .map((n) => (Number.isFinite(n) ? n : 0));
}

/**
 * Screens first, in the OS's display order, then windows alphabetically (case- and accent-insensitive), without our own
 * windows (`ownWindowIds`: the sharing bar and the meeting window would only show the meeting to itself).
 */
export function pickerSources(sources: readonly CaptureSource[], ownWindowIds: ReadonlySet<string> = new Set()): PickerSource[] {
  const screens = sources
    .filter((s) => kindOf(s.id) === 'screen')
    .sort((a, b) => {
      const [a1 = 0] = numericParts(a.id);
      const [b1 = 0] = numericParts(b.id);
      return a.displayId && b.displayId && a.displayId !== b.displayId ? Number(a.displayId) - Number(b.displayId) || a1 - b1 : a1 - b1;
    });
  const windows = sources
    .filter((s) => kindOf(s.id) === 'window' && !ownWindowIds.has(s.id))
    .sort((a, b) => cleanSourceName(a.name).localeCompare(cleanSourceName(b.name), undefined, { sensitivity: 'base' }) || a.id.localeCompare(b.id));
  return [
    ...screens.map((s, index) => ({
      id: s.id,
      kind: 'screen' as const,
      name: cleanSourceName(s.name) || `Screen ${index + 1}`,
      thumbnail: s.thumbnail,
      appIcon: null,
    })),
    ...windows.map((s) => ({ id: s.id, kind: 'window' as const, name: cleanSourceName(s.name) || 'Window', thumbnail: s.thumbnail, appIcon: s.appIcon })),
  ];
}

export interface PlatformFacts {
  platform: string;
  /** os.release(): the Darwin kernel version on macOS. */
  osRelease: string;
  env: Readonly<Record<string, string | undefined>>;
}

export function captureCapabilities({ platform, osRelease, env }: PlatformFacts): CaptureCapabilities {
  const wayland = platform === 'linux' && (env['XDG_SESSION_TYPE'] === 'wayland' || Boolean(env['WAYLAND_DISPLAY']));
  const darwinMajor = Number(osRelease.split('.')[0]);
  const loopbackAudio = platform === 'win32' || (platform === 'darwin' && darwinMajor >= 22);
  return { picker: wayland ? 'system' : 'in-app', loopbackAudio };
}
