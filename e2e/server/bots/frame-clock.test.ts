import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startFrameClock } from './frame-clock';

describe('FrameClock', () => {
  beforeEach(() => vi.useFakeTimers({ now: 0 }));
  afterEach(() => vi.useRealTimers());

  it('keeps its rate when every tick runs late (setInterval would lose a frame in six here)', () => {
    let ticks = 0;
    // Each tick "takes" 12 ms of a busy event loop: the clock it reads moves on while the timers' own does not.
    const clock = startFrameClock({
      fps: 15,
      now: () => Date.now(),
      tick: () => {
        ticks += 1;
        vi.setSystemTime(Date.now() + 12);
      },
    });
    vi.advanceTimersByTime(10_000);
    clock.stop();
    // By the clock it reads, 15 a second; re-arming from the late callback (66.7 + 12 ms a frame) would give 12.7.
    const fps = ticks / (Date.now() / 1000);
    expect(fps).toBeGreaterThan(14.8);
    expect(fps).toBeLessThan(15.2);
  });

  it('drops the frames of a long stall instead of replaying them at once', () => {
    let ticks = 0;
    const clock = startFrameClock({ fps: 10, now: () => Date.now(), tick: () => (ticks += 1) });
    vi.advanceTimersByTime(1_000);
    expect(ticks).toBe(10);
    vi.setSystemTime(Date.now() + 3_000); // the process was stopped for 3 s
    vi.advanceTimersByTime(100);
    const afterStall = ticks;
    expect(afterStall).toBeLessThanOrEqual(12);
    vi.advanceTimersByTime(1_000);
    expect(ticks - afterStall).toBeGreaterThanOrEqual(9);
    expect(ticks - afterStall).toBeLessThanOrEqual(11);
    clock.stop();
  });

  it('stops', () => {
    let ticks = 0;
    const clock = startFrameClock({ fps: 30, now: () => Date.now(), tick: () => (ticks += 1) });
    vi.advanceTimersByTime(100);
    clock.stop();
    const stopped = ticks;
    vi.advanceTimersByTime(1_000);
    expect(ticks).toBe(stopped);
  });
});
