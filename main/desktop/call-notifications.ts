/**
 * What main does with a call event the page reports (call:event): asks the notification policy whether to raise a
 * desktop notification and words it, and counts chat that arrives while the window is in the background (the unread
 * badge), until the window comes back or the call ends. Electron-free: main/electron/notifications.ts shows the
 * notification and the badge, the web host only answers whether it would notify.
 */
import type { CallEvent, Language } from '../../common/api-contract';
import { NotificationPolicy, unreadBadge } from './notification-policy';
import { notificationContent, type NotificationContent } from './notification-text';

export interface CallNotificationsOptions {
  language(): Language;
  /** Whether the OS's do-not-disturb / focus mode is on, where the host can tell (otherwise false: see notifications.ts). */
  doNotDisturb(): boolean;
  /** The Settings screen's "Desktop notifications" (config.notifications); on when left out. Unread chat still counts. */
  notificationsOn?(): boolean;
  now?(): number;
}

type UnreadListener = (unread: number) => void;

export class CallNotifications {
  readonly #policy = new NotificationPolicy();
  readonly #options: CallNotificationsOptions;
  readonly #listeners = new Set<UnreadListener>();
  #unread = 0;

  constructor(options: CallNotificationsOptions) {
    this.#options = options;
  }

  /** The notification to show for `event`, or null; chat in the background also counts as unread. */
  report(event: CallEvent, windowInFront: boolean): NotificationContent | null {
    if (event.kind === 'chat') this.#setUnread(unreadBadge(this.#unread + 1, windowInFront));
    if (this.#options.notificationsOn?.() === false) return null;
    const situation = { windowInFront, doNotDisturb: this.#options.doNotDisturb(), now: this.#options.now?.() ?? Date.now() };
    if (!this.#policy.shouldNotify(event.kind === 'chat' ? 'chat-message' : 'participant-joined', situation)) return null;
    return notificationContent(event, this.#options.language());
  }

  get unread(): number {
    return this.#unread;
  }

  /** The window came to the front (the chat is in view), or the call ended (its chat is gone). */
  clearUnread(): void {
    this.#setUnread(0);
  }

  /** Returns the unsubscribe function. */
  onUnreadChange(listener: UnreadListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #setUnread(count: number): void {
    if (count === this.#unread) return;
    this.#unread = count;
    for (const listener of this.#listeners) listener(count);
  }
}
