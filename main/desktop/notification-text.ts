/**
 * The words of the desktop notifications and of the unread count, in the app's two languages (main has no message
 * catalogue; the tray menu keeps its own words the same way). Chat previews are shortened, made safe to show and
 * redacted like the logs, so a pasted token or signature never reaches the notification centre's history.
 */
import type { CallEvent, Language } from '../../common/api-contract';
import { displaySafe } from '../../common/display-text';
import { redact } from '../logging/redact';

/** Graphemes of a chat message a notification shows (notification centres cut longer text anyway). */
export const PREVIEW_GRAPHEMES = 100;

export interface NotificationContent {
  title: string;
  body: string;
}

const TEXT = {
  en: {
    chatTitle: (from: string) => `Message from ${from}`,
    joinedTitle: (name: string) => `${name} joined the call`,
    joinedBody: 'Licode Desktop',
    unread: (count: number) => (count === 1 ? '1 unread message' : `${count} unread messages`),
  },
  'zh-CN': {
    chatTitle: (from: string) => `来自 ${from} 的消息`,
    joinedTitle: (name: string) => `${name} 加入了通话`,
    joinedBody: 'Licode Desktop',
    unread: (count: number) => `${count} 条未读消息`,
  },
} satisfies Record<Language, unknown>;

export function notificationContent(event: CallEvent, language: Language): NotificationContent {
  const text = TEXT[language];
  if (event.kind === 'joined') return { title: text.joinedTitle(displaySafe(event.name)), body: text.joinedBody };
  return { title: text.chatTitle(displaySafe(event.from)), body: chatPreview(event.preview) };
}

export function unreadText(count: number, language: Language): string {
  return TEXT[language].unread(count);
}

/** One line, redacted before it is cut (a token cut in half would no longer look like one), at most PREVIEW_GRAPHEMES. */
export function chatPreview(text: string): string {
  const line = redact(displaySafe(text), []);
  const graphemes = Array.from(new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(line), (part) => part.segment);
  return graphemes.length <= PREVIEW_GRAPHEMES ? line : `${graphemes.slice(0, PREVIEW_GRAPHEMES - 1).join('')}…`;
}
