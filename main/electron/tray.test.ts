/** The tray glue with a stand-in 'electron' (Tray and Menu): tooltip and menu follow the call; clicks route right. */
import { describe, expect, it, vi } from 'vitest';

const electron = vi.hoisted(() => {
  class FakeTray {
    static created: FakeTray[] = [];
    tooltip = '';
    template: { label: string; enabled: boolean; click: () => void }[] = [];
    listeners = new Map<string, () => void>();
    constructor(readonly iconPath: string) {
      FakeTray.created.push(this);
    }
    setToolTip(text: string) {
      this.tooltip = text;
    }
    setContextMenu(menu: { template: FakeTray['template'] }) {
      this.template = menu.template;
    }
    on(event: string, listener: () => void) {
      this.listeners.set(event, listener);
    }
  }
  return { Tray: FakeTray, Menu: { buildFromTemplate: (template: unknown) => ({ template }) } };
});
vi.mock('electron', () => electron);

const { CallState } = await import('../calls/call-state');
const { CallNotifications } = await import('../desktop/call-notifications');
const { createCallTray } = await import('./tray');

describe('call tray', () => {
  it('shows the mute state, sends mute/leave to the page and shows the window itself', () => {
    const callState = new CallState();
    const sendAction = vi.fn();
    const showWindow = vi.fn();
    const unread = new CallNotifications({ language: () => 'en', doNotDisturb: () => false });
    createCallTray({ iconPath: '/app/resources/icons/32x32.png', callState, unread, language: () => 'en', sendAction, showWindow });
    const tray = electron.Tray.created[0]!;
    expect(tray.iconPath).toBe('/app/resources/icons/32x32.png');
    expect(tray.tooltip).toBe('Licode Desktop');
    expect(tray.template.map((item) => item.enabled)).toEqual([false, false, true]);

    callState.set({ inCall: true, muted: true });
    expect(tray.tooltip).toBe('Licode Desktop — in a call, muted');
    tray.template[0]!.click();
    tray.template[1]!.click();
    expect(sendAction.mock.calls).toEqual([['toggle-mute'], ['leave']]);
    tray.template[2]!.click();
    tray.listeners.get('click')!();
    expect(showWindow).toHaveBeenCalledTimes(2);

    unread.report({ kind: 'chat', from: 'Grace', preview: 'Hi', focused: false }, false);
    expect(tray.tooltip).toBe('Licode Desktop — in a call, muted · 1 unread message');
    unread.clearUnread();
    expect(tray.tooltip).toBe('Licode Desktop — in a call, muted');
  });
});
