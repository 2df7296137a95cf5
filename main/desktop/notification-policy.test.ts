import { describe, expect, it } from 'vitest';
import { JOIN_BURST_MS, NotificationPolicy, unreadBadge } from './notification-policy';

const background = { windowInFront: false, doNotDisturb: false, now: 1_000_000 };

describe('NotificationPolicy', () => {
  it('notifies about chat and joins while the window is in the background', () => {
    const policy = new NotificationPolicy();
    expect(policy.shouldNotify('chat-message', background)).toBe(true);
    expect(policy.shouldNotify('participant-joined', background)).toBe(true);
  });

  it('stays quiet while the window is in front', () => {
    const policy = new NotificationPolicy();
    expect(policy.shouldNotify('chat-message', { ...background, windowInFront: true })).toBe(false);
    expect(policy.shouldNotify('participant-joined', { ...background, windowInFront: true })).toBe(false);
  });

  it('respects do-not-disturb', () => {
    const policy = new NotificationPolicy();
    expect(policy.shouldNotify('chat-message', { ...background, doNotDisturb: true })).toBe(false);
    expect(policy.shouldNotify('participant-joined', { ...background, doNotDisturb: true })).toBe(false);
  });

  it('shows one join notification per burst, but every chat message', () => {
    const policy = new NotificationPolicy();
    expect(policy.shouldNotify('participant-joined', background)).toBe(true);
    expect(policy.shouldNotify('participant-joined', { ...background, now: background.now + 3_000 })).toBe(false);
    expect(policy.shouldNotify('chat-message', { ...background, now: background.now + 3_000 })).toBe(true);
    expect(policy.shouldNotify('participant-joined', { ...background, now: background.now + JOIN_BURST_MS })).toBe(true);
  });
});

describe('unreadBadge', () => {
  it('counts unread chat in the background and clears in front', () => {
    expect(unreadBadge(3, false)).toBe(3);
    expect(unreadBadge(3, true)).toBe(0);
    expect(unreadBadge(-1, false)).toBe(0);
  });
});
