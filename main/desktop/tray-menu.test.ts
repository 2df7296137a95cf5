import { describe, expect, it } from 'vitest';
import { trayMenu } from './tray-menu';

describe('trayMenu', () => {
  it('outside a call offers only Show; mute and leave are disabled', () => {
    expect(trayMenu({ inCall: false, muted: false }, 'en')).toEqual({
      tooltip: 'Licode Desktop',
      items: [
        { id: 'toggle-mute', label: 'Mute microphone', enabled: false },
        { id: 'leave', label: 'Leave call', enabled: false },
        { id: 'show', label: 'Show Licode Desktop', enabled: true },
      ],
    });
  });

  it('shows the mute state in a call and offers the opposite action', () => {
    const live = trayMenu({ inCall: true, muted: false }, 'en');
    expect(live.tooltip).toBe('Licode Desktop — in a call, microphone on');
    expect(live.items[0]).toEqual({ id: 'toggle-mute', label: 'Mute microphone', enabled: true });
    const muted = trayMenu({ inCall: true, muted: true }, 'zh-CN');
    expect(muted.tooltip).toBe('Licode Desktop — 通话中，已静音');
    expect(muted.items.map((item) => item.label)).toEqual(['取消麦克风静音', '离开通话', '显示 Licode Desktop']);
  });

  it('counts unread chat in the tooltip, in both languages', () => {
    expect(trayMenu({ inCall: true, muted: false }, 'en', 1).tooltip).toBe('Licode Desktop — in a call, microphone on · 1 unread message');
    expect(trayMenu({ inCall: true, muted: true }, 'en', 3).tooltip).toBe('Licode Desktop — in a call, muted · 3 unread messages');
    expect(trayMenu({ inCall: true, muted: true }, 'zh-CN', 3).tooltip).toBe('Licode Desktop — 通话中，已静音 · 3 条未读消息');
  });
});
