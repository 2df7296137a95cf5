/**
 * What the tray icon shows: the call and mute state in its tooltip, and Mute/Unmute, Leave call and Show window.
 * Mute and leave go to the page (the call lives there) as the tray:action event; show is main's own. The tooltip also
 * counts unread chat: where the OS has no app badge (Windows, most Linux desktops) the tray is where it shows.
 */
import type { CallStateReport, Language, TrayAction } from '../../common/api-contract';
import { unreadText } from './notification-text';

export interface TrayMenuItem {
  id: TrayAction | 'show';
  label: string;
  enabled: boolean;
}

export interface TrayMenu {
  tooltip: string;
  items: TrayMenuItem[];
}

const TEXT = {
  en: {
    idle: 'Licode Desktop',
    inCall: 'Licode Desktop — in a call, microphone on',
    muted: 'Licode Desktop — in a call, muted',
    mute: 'Mute microphone',
    unmute: 'Unmute microphone',
    leave: 'Leave call',
    show: 'Show Licode Desktop',
  },
  'zh-CN': {
    idle: 'Licode Desktop',
    inCall: 'Licode Desktop — 通话中，麦克风已打开',
    muted: 'Licode Desktop — 通话中，已静音',
    mute: '麦克风静音',
    unmute: '取消麦克风静音',
    leave: '离开通话',
    show: '显示 Licode Desktop',
  },
} satisfies Record<Language, Record<string, string>>;

export function trayMenu(state: CallStateReport, language: Language, unread = 0): TrayMenu {
  const text = TEXT[language];
  const call = state.inCall ? (state.muted ? text.muted : text.inCall) : text.idle;
  return {
    tooltip: unread > 0 ? `${call} · ${unreadText(unread, language)}` : call,
    items: [
      { id: 'toggle-mute', label: state.muted ? text.unmute : text.mute, enabled: state.inCall },
      { id: 'leave', label: text.leave, enabled: state.inCall },
      { id: 'show', label: text.show, enabled: true },
    ],
  };
}
