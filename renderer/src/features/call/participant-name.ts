/**
 * The name shown for a remote participant (tiles, participant list, chat sender, announcements), derived from the
 * attributes of their Licode stream. Other Licode clients do not all publish `name`: Licode's own basic example
 * publishes `attributes: {}`, its client API docs use `{name: 'myStream'}`, and apps built on Licode commonly set
 * `actualName`, `displayName`, `userName`/`username` or `nick(name)`. Framework-free so it is unit-tested in Node.
 */
import { displaySafe } from '../../../../common/display-text';

/**
 * Attributes that may carry a person's name, first match wins. Names that only make sense as a person's name come
 * first (`actualName` is what apps set next to a technical `name` such as Licode's documented 'myStream'), then
 * `name` (this app, Licode's docs), then account names and nicknames.
 */
export const NAME_ATTRIBUTES = ['actualName', 'displayName', 'name', 'userName', 'username', 'nickname', 'nick'] as const;

/** The longest name shown, in code points (the same limit as our own display name). */
export const MAX_NAME_LENGTH = 64;

/** Only this much of an attribute is looked at, so a hostile multi-megabyte value costs nothing. */
const MAX_INSPECTED = MAX_NAME_LENGTH * 16;

const graphemes = typeof Intl !== 'undefined' && 'Segmenter' in Intl ? new Intl.Segmenter(undefined, { granularity: 'grapheme' }) : null;

/**
 * A string fit for display: invisible and reordering characters removed (displaySafe, the one rule for every name and
 * message in the UI), whitespace collapsed and trimmed, at most MAX_NAME_LENGTH code points without splitting a
 * character (a grapheme that alone is longer, e.g. a letter with hundreds of combining marks, is cut). Returns '' for
 * anything that is not a string or has nothing visible left.
 */
export function cleanName(value: unknown): string {
  if (typeof value !== 'string') return '';
  const text = displaySafe(value.slice(0, MAX_INSPECTED));
  if (!text) return '';
  let out = '';
  let length = 0;
  const parts = graphemes ? Array.from(graphemes.segment(text), (s) => s.segment) : Array.from(text);
  for (const part of parts) {
    const points = Array.from(part);
    if (length + points.length > MAX_NAME_LENGTH) {
      if (length === 0) out = points.slice(0, MAX_NAME_LENGTH).join('');
      break;
    }
    out += part;
    length += points.length;
  }
  return out.trim();
}

/** The first usable name in the attributes (NAME_ATTRIBUTES order), or null. */
export function nameFromAttributes(attributes: Readonly<Record<string, unknown>> | null | undefined): string | null {
  if (!attributes || typeof attributes !== 'object') return null;
  for (const key of NAME_ATTRIBUTES) {
    if (!Object.prototype.hasOwnProperty.call(attributes, key)) continue;
    const name = cleanName(attributes[key]);
    if (name) return name;
  }
  return null;
}

/**
 * A short number (1000–9999) for a participant without a name, derived from the stream id alone (FNV-1a over the
 * id's decimal text; stream ids are doubles and their text is the same everywhere), so every machine and every
 * render shows the same "Guest 4821" for the same stream.
 */
export function guestNumber(streamId: number | string): number {
  const text = String(streamId);
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return 1000 + (hash % 9000);
}

export type ParticipantName = { kind: 'named'; name: string } | { kind: 'guest'; number: number };

/** The name of a stream's participant, or the guest number to show instead. */
export function participantName(stream: { id: number | string; attributes: Readonly<Record<string, unknown>> }): ParticipantName {
  const name = nameFromAttributes(stream.attributes);
  return name ? { kind: 'named', name } : { kind: 'guest', number: guestNumber(stream.id) };
}

/** The first visible character of a name for an avatar (a whole emoji or accented letter, not half of one). */
export function initialOf(name: string): string {
  const text = name.trim();
  if (!text) return '?';
  const first = graphemes ? (graphemes.segment(text)[Symbol.iterator]().next().value?.segment ?? '') : (Array.from(text)[0] ?? '');
  return first.toLocaleUpperCase();
}
