/**
 * Tells main about chat from others and people joining (call:event), so it can raise a desktop notification while the
 * window is in the background and count unread chat for the badge. While the page has focus there is nothing to
 * notify or count (main would decide the same), so nothing is sent: a busy chat costs no calls. Best effort: a
 * notification that could not be raised is not worth an error on screen.
 */
import { CALL_EVENT_PREVIEW_MAX } from '../../../../common/api-contract';
import type { HostApi } from '../../platform/api';

export type CallEventReport = { kind: 'chat'; from: string; text: string } | { kind: 'joined'; name: string };

export function reportCallEvent(host: Pick<HostApi, 'call'>, report: CallEventReport, focused = document.hasFocus()): void {
  if (focused) return;
  const event =
    report.kind === 'chat'
      ? { kind: 'chat' as const, from: report.from, preview: preview(report.text), focused }
      : { kind: 'joined' as const, name: report.name, focused };
  host.call('call:event', event).catch((error: unknown) => console.warn('Could not tell the host about the call event', error));
}

/** The start of a message, within the contract's bound, never splitting a character. */
function preview(text: string): string {
  let start = '';
  for (const character of text) {
    if (start.length + character.length > CALL_EVENT_PREVIEW_MAX) break;
    start += character;
  }
  return start;
}
