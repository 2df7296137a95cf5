/**
 * Closing the window or quitting while in a call asks first ("Leave the call and close?"): a stray Ctrl+Q or a click
 * on the wrong window's close button must not drop someone out of a meeting. Outside a call nothing is asked. Main has
 * no message catalogue, so the question comes in the app's two languages here.
 */
import type { Language } from '../../common/api-contract';

export type CloseKind = 'close-window' | 'quit';

export interface CloseQuestion {
  title: string;
  message: string;
  detail: string;
  /** buttons[leaveButton] leaves; the other one (the default, also for Escape) stays in the call. */
  buttons: [string, string];
  leaveButton: 0;
  stayButton: 1;
}

const TEXT: Record<Language, { title: string; message: Record<CloseKind, string>; detail: string; leave: Record<CloseKind, string>; stay: string }> = {
  en: {
    title: 'Licode Desktop',
    message: { 'close-window': 'Leave the call and close Licode Desktop?', quit: 'Leave the call and quit Licode Desktop?' },
    detail: 'You are in a call. Closing the app ends it for you; the others stay in the room.',
    leave: { 'close-window': 'Leave and close', quit: 'Leave and quit' },
    stay: 'Stay in the call',
  },
  'zh-CN': {
    title: 'Licode Desktop',
    message: { 'close-window': '离开通话并关闭 Licode Desktop？', quit: '离开通话并退出 Licode Desktop？' },
    detail: '您正在通话中。关闭应用会让您离开通话，其他人仍留在会议室中。',
    leave: { 'close-window': '离开并关闭', quit: '离开并退出' },
    stay: '留在通话中',
  },
};

/** The question to ask before closing, or null when closing needs no confirmation (not in a call). */
export function closeQuestion(kind: CloseKind, inCall: boolean, language: Language): CloseQuestion | null {
  if (!inCall) return null;
  const text = TEXT[language];
  return { title: text.title, message: text.message[kind], detail: text.detail, buttons: [text.leave[kind], text.stay], leaveButton: 0, stayButton: 1 };
}
