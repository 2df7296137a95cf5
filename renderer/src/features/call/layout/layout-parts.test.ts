import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ChatToast, PREVIEW_LENGTH, TOAST_MS, previewOf } from './chat-toast.svelte';
import { formatElapsed } from './elapsed';
import { MeetingClock } from './meeting-clock.svelte';

const message = (text: string, mine = false) => ({ id: 'm1', from: 'Grace', mine, text, at: new Date() });

describe('chat toast', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('previews a message on one bounded line, never splitting an emoji', () => {
    expect(previewOf('  hello\n\n  there ')).toBe('hello there');
    const long = previewOf('😀'.repeat(300));
    expect([...long]).toHaveLength(PREVIEW_LENGTH);
    expect(long.endsWith('😀…')).toBe(true);
  });

  it('shows messages from others while the chat is closed and hides them after a while', () => {
    const toast = new ChatToast();
    toast.offer(message('mine', true), false);
    toast.offer(message('seen in the panel'), true);
    expect(toast.current).toBeNull();
    toast.offer(message('lunch?'), false);
    expect(toast.current).toEqual({ from: 'Grace', preview: 'lunch?' });
    vi.advanceTimersByTime(TOAST_MS);
    expect(toast.current).toBeNull();
  });

  it('stays while the pointer or focus is on it', () => {
    const toast = new ChatToast();
    toast.offer(message('read me slowly'), false);
    toast.hold(true);
    vi.advanceTimersByTime(TOAST_MS * 3);
    expect(toast.current?.preview).toBe('read me slowly');
    toast.hold(false);
    vi.advanceTimersByTime(TOAST_MS);
    expect(toast.current).toBeNull();
  });
});

describe('meeting clock', () => {
  it('formats minutes and seconds, and hours once there are some', () => {
    expect([0, 5_000, 754_000, 3_723_000, -1].map(formatElapsed)).toEqual(['0:00', '0:05', '12:34', '1:02:03', '0:00']);
  });

  it('counts from the first join, not from a reconnection', () => {
    vi.useFakeTimers();
    let now = 1_000;
    const clock = new MeetingClock();
    clock.start(() => now);
    now += 65_000;
    vi.advanceTimersByTime(1000);
    expect(formatElapsed(clock.elapsedMs)).toBe('1:05');
    clock.stop();
    now += 10_000;
    clock.start(() => now);
    expect(formatElapsed(clock.elapsedMs)).toBe('1:15');
    clock.stop();
    vi.useRealTimers();
  });
});
