/**
 * Picks a camera, microphone or speaker by a label pattern from the kiosk configuration. Pure and DOM-free: the
 * renderer passes what enumerateDevices() returned (in OS order), main validates the patterns when it reads the
 * configuration. Called again on every `devicechange`, so a preferred device that comes back is chosen again.
 */

/** Long enough for any real device label; short enough that a pattern stays cheap to test on every devicechange. */
export const LABEL_PATTERN_MAX_LENGTH = 200;

export interface LabelPattern {
  /** The text as written in the configuration, for logs and the status endpoint. */
  readonly source: string;
  readonly matches: (label: string) => boolean;
}

export type LabelPatternError = 'pattern-empty' | 'pattern-too-long' | 'pattern-invalid-regex';

export type LabelPatternResult = { ok: true; pattern: LabelPattern } | { ok: false; error: LabelPatternError; detail: string };

/**
 * `/…/` is a regular expression (always case-insensitive; flags after the closing slash are refused so the meaning
 * stays obvious); anything else is a case-insensitive substring.
 */
export function parseLabelPattern(text: string): LabelPatternResult {
  const source = text.trim();
  if (source === '') return { ok: false, error: 'pattern-empty', detail: 'the pattern is empty' };
  if (source.length > LABEL_PATTERN_MAX_LENGTH) {
    return { ok: false, error: 'pattern-too-long', detail: `the pattern is longer than ${LABEL_PATTERN_MAX_LENGTH} characters` };
  }
  if (source.length >= 2 && source.startsWith('/') && source.endsWith('/')) {
    try {
      const regex = new RegExp(source.slice(1, -1), 'i');
      return { ok: true, pattern: { source, matches: (label) => regex.test(label) } };
    } catch (error) {
      return { ok: false, error: 'pattern-invalid-regex', detail: error instanceof Error ? error.message : String(error) };
    }
  }
  const needle = source.toLowerCase();
  return { ok: true, pattern: { source, matches: (label) => label.toLowerCase().includes(needle) } };
}

/** The part of MediaDeviceInfo the choice needs. */
export interface LabelledDevice {
  readonly deviceId: string;
  readonly label: string;
}

export type DeviceChoice<D extends LabelledDevice> =
  | { kind: 'matched'; device: D }
  /** No pattern configured: the system default. */
  | { kind: 'default'; device: D }
  /** The pattern matched nothing (unplugged?): the default meanwhile, reported so the admin sees it. */
  | { kind: 'fallback'; device: D; pattern: string }
  | { kind: 'none' };

/**
 * Chromium lists pseudo-devices ("default", "communications") whose labels repeat a real device's name ("Default -
 * USB Speakerphone"); they are skipped when matching so the concrete device is chosen and stays chosen when the
 * OS default changes, but "default" is the fallback.
 */
const PSEUDO_DEVICE_IDS = new Set(['default', 'communications']);

/** Several matches: the first in OS order, so the same set of devices always gives the same choice. */
export function chooseDevice<D extends LabelledDevice>(devices: readonly D[], pattern: LabelPattern | undefined): DeviceChoice<D> {
  if (pattern) {
    const match = devices.find((device) => !PSEUDO_DEVICE_IDS.has(device.deviceId) && pattern.matches(device.label));
    if (match) return { kind: 'matched', device: match };
  }
  const fallback = devices.find((device) => device.deviceId === 'default') ?? devices[0];
  if (!fallback) return { kind: 'none' };
  return pattern ? { kind: 'fallback', device: fallback, pattern: pattern.source } : { kind: 'default', device: fallback };
}
