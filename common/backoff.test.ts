import { describe, expect, it } from 'vitest';
import { Backoff } from './backoff';

/** The kiosk's endless reconnect: full jitter, capped at 30 s. */
const kiosk = (random: () => number) => new Backoff({ initialMs: 1000, maxMs: 30_000, jitter: 'full', maxAttempts: Infinity, random });

describe('Backoff with full jitter (kiosk reconnect)', () => {
  it('stays between 0 and the exponential value, and never above the cap', () => {
    const top = kiosk(() => 0.999_999);
    expect([1, 2, 3, 4, 5, 6, 7].map(() => top.next())).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000]);
    const bottom = kiosk(() => 0);
    expect([1, 2, 3].map(() => bottom.next())).toEqual([0, 0, 0]);
  });

  it('spreads delays uniformly over the whole interval (jitter)', () => {
    const backoff = kiosk(Math.random);
    for (let i = 0; i < 6; i++) backoff.next();
    const delays = Array.from({ length: 2000 }, () => backoff.next()!);
    expect(Math.min(...delays)).toBeLessThan(3000);
    expect(Math.max(...delays)).toBeGreaterThan(27_000);
    expect(delays.every((d) => d >= 0 && d <= 30_000)).toBe(true);
    const mean = delays.reduce((a, b) => a + b, 0) / delays.length;
    expect(mean).toBeGreaterThan(13_000);
    expect(mean).toBeLessThan(17_000);
  });

  it('never gives up and never overflows after very many attempts', () => {
    const backoff = kiosk(() => 0.5);
    for (let n = 0; n < 100_000; n++) backoff.next();
    expect(backoff.next()).toBe(15_000);
  });

  it('starts again from the first delay after a success (reset)', () => {
    const backoff = kiosk(() => 0.5);
    for (let n = 0; n < 8; n++) backoff.next();
    backoff.reset();
    expect(backoff.attempt).toBe(0);
    expect(backoff.next()).toBe(500);
  });
});
