/**
 * Text from other people (participant names, chat) and from settings (profile names, display names) made safe to
 * show: characters that reorder or hide the text around them are removed, so "Ana\u202Etxt.exe" cannot display as
 * "Anaexe.txt" and a name cannot flip the sentence it appears in ("‮Bob joined." read backwards).
 *
 * Removed: C0 and C1 controls and DEL (a tab is whitespace: a space; in multi-line text, newlines stay and CR/CRLF and the Unicode line and paragraph
 * separators become \n); the bidi embeddings and overrides U+202A–U+202E and isolates U+2066–U+2069; the bidi marks
 * LRM, RLM and ALM (U+200E, U+200F, U+061C) — decided: they are invisible, a name never needs one, and in text that
 * the UI isolates anyway (dir="auto") their only remaining effect would be moving punctuation; invisible characters
 * used to make look-alike names (zero-width space U+200B, word joiner and invisible operators U+2060–U+2064, the
 * BOM U+FEFF) and interlinear annotation controls (U+FFF9–U+FFFB). Kept: ZWJ and ZWNJ (U+200D, U+200C), which emoji
 * sequences and Persian and Indic scripts need.
 */

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const INVISIBLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ufff9-\ufffb]/g;
/** Line breaks in all their spellings; in single-line text they become a space. */
const LINE_BREAKS = /\r\n|[\n\r\u2028\u2029]/g;

export interface DisplaySafeOptions {
  /** Keep line breaks (as \n), e.g. in chat text; otherwise they become spaces and whitespace runs collapse. */
  multiline?: boolean;
}

/** `text` without the characters above; single-line text also gets its whitespace collapsed and trimmed. */
export function displaySafe(text: string, options: DisplaySafeOptions = {}): string {
  const withBreaks = text.replace(LINE_BREAKS, '\n').replace(INVISIBLE, '');
  if (options.multiline) return withBreaks.replaceAll('\t', ' ').trim();
  return withBreaks.replace(/\s+/gu, ' ').trim();
}

/** Whether `text` holds any character displaySafe removes (ignoring line breaks), e.g. to refuse it rather than alter it. */
export function hasUnsafeCharacters(text: string): boolean {
  return text.replace(LINE_BREAKS, '').search(INVISIBLE) >= 0;
}
