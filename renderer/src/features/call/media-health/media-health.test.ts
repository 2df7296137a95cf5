import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MediaFlowWatch, STALLED_AFTER_MS } from './media-flow.svelte';
import { MediaHealth } from './media-health.svelte';
import { ReconnectStatus, RECONNECTED_SHOWN_MS } from './reconnect-status.svelte';
import { MAX_RETRY_MS, retryDelayMs } from './retry-delay';
import { VideoRetries } from './video-retries.svelte';

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(1_000_000);
});
afterEach(() => {
  vi.useRealTimers();
});

describe('retryDelayMs', () => {
  it('doubles from 2 s and stays at 30 s', () => {
    expect([1, 2, 3, 4, 5, 6, 50, 10_000].map(retryDelayMs)).toEqual([2_000, 4_000, 8_000, 16_000, 30_000, 30_000, MAX_RETRY_MS, MAX_RETRY_MS]);
  });

  it('treats nonsense as a first failure', () => {
    expect([0, -3, Number.NaN].map(retryDelayMs)).toEqual([2_000, 2_000, 2_000]);
  });
});

describe('VideoRetries', () => {
  it('retries a failed video after 2 s, then 4 s, saying when; success clears it', () => {
    const retried: number[] = [];
    const retries = new VideoRetries((id) => retried.push(id));
    retries.failed(7);
    expect(retries.of(7)).toEqual({ failures: 1, retryAt: 1_002_000 });
    vi.advanceTimersByTime(1_999);
    expect(retried).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(retried).toEqual([7]);
    expect(retries.of(7)).toEqual({ failures: 1, retryAt: null }); // "Retrying…"
    retries.failed(7);
    expect(retries.of(7)).toEqual({ failures: 2, retryAt: Date.now() + 4_000 });
    vi.advanceTimersByTime(4_000);
    expect(retried).toEqual([7, 7]);
    retries.succeeded(7);
    expect(retries.of(7)).toBeUndefined();
    retries.failed(7); // the back-off starts over
    expect(retries.of(7)?.failures).toBe(1);
  });

  it('"Retry now" skips the wait once; nothing while a retry runs; forget stops the timer', () => {
    const retried: number[] = [];
    const retries = new VideoRetries((id) => retried.push(id));
    retries.failed(1);
    retries.retryNow(1);
    expect(retried).toEqual([1]);
    retries.retryNow(1); // under way already
    vi.advanceTimersByTime(60_000); // and the timer was cancelled
    expect(retried).toEqual([1]);
    retries.failed(2);
    retries.forget(2);
    vi.advanceTimersByTime(60_000);
    expect(retried).toEqual([1]);
    expect(retries.of(2)).toBeUndefined();
    retries.retryNow(3); // unknown: nothing
    expect(retried).toEqual([1]);
  });
});

describe('MediaFlowWatch', () => {
  it('marks a ready subscription lost after 5 s without bytes, and unmarks it when bytes flow again', () => {
    const flow = new MediaFlowWatch();
    flow.watch(4);
    flow.sample(4, 300);
    vi.advanceTimersByTime(STALLED_AFTER_MS - 1_000);
    flow.sample(4, 0);
    vi.advanceTimersByTime(999);
    expect(flow.isLost(4)).toBe(false);
    vi.advanceTimersByTime(1_000); // the periodic check, 5 s after the last bytes
    expect(flow.isLost(4)).toBe(true);
    flow.sample(4, 0);
    expect(flow.isLost(4)).toBe(true);
    flow.sample(4, 120);
    expect(flow.isLost(4)).toBe(false);
  });

  it('also marks a subscription whose samples stopped coming; ignores samples of unwatched streams; forget unmarks', () => {
    const flow = new MediaFlowWatch();
    flow.watch(1);
    flow.sample(2, 500); // not watched: no effect
    vi.advanceTimersByTime(STALLED_AFTER_MS);
    expect(flow.isLost(1)).toBe(true);
    expect(flow.isLost(2)).toBe(false);
    flow.forget(1);
    expect(flow.isLost(1)).toBe(false);
    vi.advanceTimersByTime(STALLED_AFTER_MS);
    expect(flow.isLost(1)).toBe(false);
  });
});

describe('MediaHealth', () => {
  it('one state per tile: unavailable while retried, lost while stalled, nothing when healthy', () => {
    const resubscribed: number[] = [];
    const health = new MediaHealth((id) => resubscribed.push(id));
    expect(health.of(null)).toBeNull();
    health.failed(9);
    expect(health.of(9)).toEqual({ kind: 'unavailable', video: { failures: 1, retryAt: Date.now() + 2_000 } });
    vi.advanceTimersByTime(2_000);
    expect(resubscribed).toEqual([9]);
    health.ready(9);
    expect(health.of(9)).toBeNull();
    vi.advanceTimersByTime(STALLED_AFTER_MS);
    expect(health.of(9)).toEqual({ kind: 'lost' });
    health.sample(9, 50);
    expect(health.of(9)).toBeNull();
    health.failed(9); // failed for good after being ready: unavailable, no longer watched for flow
    vi.advanceTimersByTime(1_000);
    expect(health.of(9)?.kind).toBe('unavailable');
    health.forget(9);
    expect(health.of(9)).toBeNull();
    health.dispose();
  });
});

describe('ReconnectStatus', () => {
  it('counts the tries since the loss, then shows "Reconnected" for a while', () => {
    const status = new ReconnectStatus();
    status.attempted(); // connected: not counted
    expect(status.attempts).toBe(0);
    status.lost();
    expect(status.since).toBe(Date.now());
    status.attempted();
    vi.advanceTimersByTime(3_000);
    status.lost(); // still the same outage
    status.attempted();
    expect(status).toMatchObject({ since: 1_000_000, attempts: 2, reconnected: false });
    status.restored();
    expect(status).toMatchObject({ since: null, reconnected: true });
    vi.advanceTimersByTime(RECONNECTED_SHOWN_MS);
    expect(status.reconnected).toBe(false);
    status.lost();
    expect(status.attempts).toBe(0); // a new outage counts from the start
  });
});
