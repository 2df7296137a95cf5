/**
 * Electron glue of call notifications (main/desktop/call-notifications.ts): an Electron Notification while the window
 * is in the background (clicking it brings the window forward), the unread chat count on the app badge where the OS
 * has one (app.setBadgeCount: the macOS dock, Unity/KDE launchers; the tray tooltip counts it everywhere, tray.ts),
 * cleared when the main window comes to the front or the call ends.
 *
 * Do-not-disturb: Electron has no API that reads the OS's focus / do-not-disturb state. The OS itself holds our
 * notifications back while it is on (macOS Focus, Windows Do not disturb / Focus assist, GNOME and KDE do not
 * disturb), so they respect it without our help; the policy's doNotDisturb input stays false here.
 */
import { Notification, type App, type BrowserWindow } from 'electron';
import type { CallEvent } from '../../common/api-contract';
import type { CallState } from '../calls/call-state';
import type { CallNotifications } from '../desktop/call-notifications';

/** electron-builder.yml's appId: Windows shows notifications only for an app with a user model id. */
export const APP_USER_MODEL_ID = 'org.licode.desktop';

export interface DesktopNotificationsDeps {
  app: Pick<App, 'setBadgeCount' | 'on'>;
  notifications: CallNotifications;
  callState: CallState;
  window(): BrowserWindow | null;
  showWindow(): void;
}

export interface DesktopNotifications {
  /** call:event: shows the notification the policy allows; true when one was shown. */
  report(event: CallEvent): boolean;
}

export function installDesktopNotifications({ app, notifications, callState, window, showWindow }: DesktopNotificationsDeps): DesktopNotifications {
  // Kept referenced: a notification that is garbage-collected no longer answers its click.
  let shown: Notification | null = null;
  notifications.onUnreadChange((count) => app.setBadgeCount(count));
  callState.onChange(({ inCall }) => {
    if (!inCall) notifications.clearUnread();
  });
  // The main window in front again: the chat is in view (our other windows, e.g. the sharing bar, do not count).
  app.on('browser-window-focus', (_event, focused) => {
    if (focused === window()) notifications.clearUnread();
  });
  return {
    report(event) {
      const win = window();
      const inFront = win !== null && win.isVisible() && !win.isMinimized() && win.isFocused();
      const content = notifications.report(event, inFront);
      if (!content || !Notification.isSupported()) return false;
      // One at a time: a burst of chat replaces the previous message instead of stacking up (the chat keeps them all).
      shown?.close();
      const notification = new Notification({ title: content.title, body: content.body });
      notification.on('click', showWindow);
      notification.on('close', () => {
        if (shown === notification) shown = null;
      });
      notification.show();
      shown = notification;
      return true;
    },
  };
}
