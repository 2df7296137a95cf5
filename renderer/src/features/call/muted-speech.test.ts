import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MutedSpeechWatch } from './muted-speech';

describe('MutedSpeechWatch', () => {
  let level = 0;
  let reads = 0;
  let changes: boolean[] = [];
  const make = () =>
    new MutedSpeechWatch({
      read: () => {
        reads += 1;
        return level;
      },
      onChange: (shown) => changes.push(shown),
      periodMs: 250,
    });

  beforeEach(() => {
    vi.useFakeTimers();
    level = 0;
    reads = 0;
    changes = [];
  });
  afterEach(() => vi.useRealTimers());

  it('reads nothing and keeps no timer while unmuted', () => {
    const watch = make();
    watch.setMuted(false);
    vi.advanceTimersByTime(10_000);
    expect(reads).toBe(0);
    expect(watch.polling).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('polls four times a second while muted, with a single timer', () => {
    const watch = make();
    watch.setMuted(true);
    watch.setMuted(true); // idempotent: still one interval
    expect(vi.getTimerCount()).toBe(1);
    reads = 0;
    vi.advanceTimersByTime(1_000);
    expect(reads).toBe(4);
    watch.setMuted(false);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('ignores a single click but shows the notice for sound heard over 400 ms', () => {
    const watch = make();
    watch.setMuted(true);
    level = 0.5;
    vi.advanceTimersByTime(250); // one loud read
    level = 0;
    vi.advanceTimersByTime(1_000);
    expect(changes).toEqual([]);
    // A beep every 500 ms (Chromium's fake microphone): loud reads 500 ms apart.
    for (let i = 0; i < 2; i += 1) {
      level = 0.5;
      vi.advanceTimersByTime(250);
      level = 0;
      vi.advanceTimersByTime(250);
    }
    expect(changes).toEqual([true]);
  });

  it('hides the notice 4 s after the last detection, and at once on unmute', () => {
    const watch = make();
    watch.setMuted(true);
    level = 0.5;
    vi.advanceTimersByTime(750); // loud reads at 250, 500, 750 ms: shown
    expect(changes).toEqual([true]);
    level = 0;
    // The loud reads count for 2 s (the last detection is at 2000 ms, while 250…750 are still in the window),
    // then the notice stays 4 s.
    vi.advanceTimersByTime(5_000); // t = 5750
    expect(changes).toEqual([true]);
    vi.advanceTimersByTime(500); // t = 6250
    expect(changes).toEqual([true, false]);

    level = 0.5;
    vi.advanceTimersByTime(750);
    expect(changes).toEqual([true, false, true]);
    watch.setMuted(false);
    expect(changes).toEqual([true, false, true, false]);
  });

  it('forgets sound heard before the user muted', () => {
    const watch = make();
    level = 0.5;
    watch.setMuted(true);
    expect(reads).toBe(1); // the read that drops what was heard while unmuted
    level = 0;
    vi.advanceTimersByTime(2_000);
    expect(changes).toEqual([]);
  });

  it('does not poll while the window is hidden, and resumes when it shows again', () => {
    const watch = make();
    watch.setMuted(true);
    watch.setVisible(false);
    expect(vi.getTimerCount()).toBe(0);
    level = 0.5;
    reads = 0;
    vi.advanceTimersByTime(2_000);
    expect(reads).toBe(0);
    expect(changes).toEqual([]);
    watch.setVisible(true);
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(750);
    expect(changes).toEqual([true]);
    watch.setMuted(false);
    watch.setVisible(false);
    watch.setVisible(true);
    expect(vi.getTimerCount()).toBe(0); // unmuted: visibility alone starts nothing
  });
});
