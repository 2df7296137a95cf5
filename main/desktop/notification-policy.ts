/**
 * When a chat message or someone joining raises a desktop notification: only while the window is not in front (the
 * person would see it anyway), never while the OS's do-not-disturb / focus mode is on, and joins in a burst (a meeting
 * starting) become one notification per JOIN_BURST_MS instead of one per person.
 */
export type CallEventKind = 'chat-message' | 'participant-joined';

export interface NotificationSituation {
  /** The window has focus and is not minimised. */
  windowInFront: boolean;
  doNotDisturb: boolean;
  now: number;
}

export const JOIN_BURST_MS = 10_000;

export class NotificationPolicy {
  #lastJoinShownAt = Number.NEGATIVE_INFINITY;

  shouldNotify(kind: CallEventKind, situation: NotificationSituation): boolean {
    if (situation.windowInFront || situation.doNotDisturb) return false;
    if (kind === 'participant-joined') {
      if (situation.now - this.#lastJoinShownAt < JOIN_BURST_MS) return false;
      this.#lastJoinShownAt = situation.now;
    }
    return true;
  }
}

/** The unread-chat badge: counts while the window is not in front, cleared when it comes back. */
export function unreadBadge(unread: number, windowInFront: boolean): number {
  return windowInFront ? 0 : Math.max(0, Math.floor(unread));
}
