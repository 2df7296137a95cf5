/**
 * The notification glue with a stand-in 'electron' Notification and stand-ins for the window and app: notifications
 * only in the background, a click brings the window forward, the badge counts unread chat until the window comes back
 * or the call ends.
 */
import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';

const electron = vi.hoisted(() => {
  class FakeNotification {
    static created: FakeNotification[] = [];
    static supported = true;
    static isSupported() {
      return FakeNotification.supported;
    }
    listeners = new Map<string, () => void>();
    shown = false;
    closed = false;
    constructor(readonly options: { title: string; body: string }) {
      FakeNotification.created.push(this);
    }
    on(event: string, listener: () => void) {
      this.listeners.set(event, listener);
      return this;
    }
    show() {
      this.shown = true;
    }
    close() {
      this.closed = true;
      this.listeners.get('close')?.();
    }
  }
  return { Notification: FakeNotification };
});
vi.mock('electron', () => electron);

const { CallState } = await import('../calls/call-state');
const { CallNotifications } = await import('../desktop/call-notifications');
const { installDesktopNotifications } = await import('./notifications');

class FakeWindow extends EventEmitter {
  focused = true;
  minimized = false;
  isVisible = () => true;
  isMinimized = () => this.minimized;
  isFocused = () => this.focused;
}

function setUp() {
  electron.Notification.created.length = 0;
  const win = new FakeWindow();
  const callState = new CallState();
  callState.set({ inCall: true, muted: false });
  const badge: number[] = [];
  const showWindow = vi.fn();
  const notifications = new CallNotifications({ language: () => 'en', doNotDisturb: () => false });
  const app = Object.assign(new EventEmitter(), { setBadgeCount: (count?: number) => badge.push(count ?? 0) > 0 });
  const desktop = installDesktopNotifications({
    app: app as never,
    notifications,
    callState,
    window: () => win as never,
    showWindow,
  });
  return { win, app, callState, badge, showWindow, desktop };
}

const chat = { kind: 'chat', from: 'Grace', preview: 'Still there?', focused: true } as const;

describe('desktop notifications', () => {
  it('notify only while the window is in the background; a click shows the window', () => {
    const { win, showWindow, desktop } = setUp();
    expect(desktop.report(chat)).toBe(false);
    win.focused = false;
    expect(desktop.report(chat)).toBe(true);
    const [notification] = electron.Notification.created;
    expect(notification!.options).toEqual({ title: 'Message from Grace', body: 'Still there?' });
    expect(notification!.shown).toBe(true);
    notification!.listeners.get('click')!();
    expect(showWindow).toHaveBeenCalledTimes(1);
  });

  it('a minimised window counts as in the background, and a newer notification replaces the one before', () => {
    const { win, desktop } = setUp();
    win.minimized = true;
    desktop.report(chat);
    desktop.report({ ...chat, preview: 'Hello?' });
    expect(electron.Notification.created.map((n) => n.closed)).toEqual([true, false]);
  });

  it('badge the unread chat until the window comes to the front or the call ends', () => {
    const { win, app, callState, badge, desktop } = setUp();
    win.focused = false;
    desktop.report(chat);
    desktop.report(chat);
    app.emit('browser-window-focus', {}, new FakeWindow()); // another window of ours (the sharing bar)
    expect(badge).toEqual([1, 2]);
    win.focused = true;
    app.emit('browser-window-focus', {}, win);
    win.focused = false;
    desktop.report(chat);
    callState.set({ inCall: false, muted: false });
    expect(badge).toEqual([1, 2, 0, 1, 0]);
  });

  it('show nothing where the OS has no notifications, but still count', () => {
    const { win, badge, desktop } = setUp();
    electron.Notification.supported = false;
    win.focused = false;
    expect(desktop.report(chat)).toBe(false);
    expect(electron.Notification.created).toEqual([]);
    expect(badge).toEqual([1]);
    electron.Notification.supported = true;
  });
});
