import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HEAD_QUALITY_TIMING, QualityLevelReporter } from '../signalling/dialect-c/quality-level';

/** HEAD `WebRtcConnection._updateConnectionQualityLevel` timing, on a fake clock with HEAD's own intervals. */
describe('quality_level reporter (§5.5)', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('reports the first level at the first 5 s check, decreases at the next check, increases only 30 s after the last change', () => {
    const reported: [number, number][] = [];
    const start = Date.now();
    const reporter = new QualityLevelReporter(HEAD_QUALITY_TIMING, (level) => reported.push([Date.now() - start, level]));
    vi.advanceTimersByTime(4_999);
    expect(reported).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(reported).toEqual([[5_000, 2]]);
    reporter.measure(0);
    vi.advanceTimersByTime(5_000);
    expect(reported.at(-1)).toEqual([10_000, 0]);
    reporter.measure(2);
    vi.advanceTimersByTime(25_000); // 35 s: the last change (10 s) is only 25 s old
    expect(reported).toHaveLength(2);
    vi.advanceTimersByTime(10_000); // the check at 45 s is the first more than 30 s after it
    expect(reported.at(-1)).toEqual([45_000, 2]);
    vi.advanceTimersByTime(60_000); // unchanged: silent
    expect(reported).toHaveLength(3);
    reporter.stop();
  });

  it('reports an injected level at once and does not report the measured one back over it', () => {
    const reported: number[] = [];
    const reporter = new QualityLevelReporter(HEAD_QUALITY_TIMING, (level) => reported.push(level));
    vi.advanceTimersByTime(5_000);
    reporter.inject(1);
    expect(reported).toEqual([2, 1]);
    vi.advanceTimersByTime(120_000);
    expect(reported).toEqual([2, 1]);
    reporter.stop();
    reporter.measure(0);
    vi.advanceTimersByTime(10_000);
    expect(reported).toEqual([2, 1]);
  });
});
