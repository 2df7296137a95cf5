/**
 * Calls `tick` `fps` times a second by the clock, not by the timer: each tick is scheduled for its due time, so a
 * tick that runs late (a busy event loop — 25 bots share one) makes the next wait shorter instead of pushing every
 * later frame back. `setInterval` re-arms from when its callback ran, so under load a 15 fps bot sent ~13.6 fps and
 * the scale benchmark measured the bots' lateness, not the client. A camera keeps its rate; so does this.
 */
export interface FrameClock {
  stop(): void;
}

export interface FrameClockOptions {
  fps: number;
  tick: () => void;
  /** Milliseconds, monotonic (tests pass a fake). */
  now?: () => number;
  /**
   * When the process stalled for longer than this, the missed frames are dropped and the schedule starts again from
   * now (a camera does not replay a stall at double speed either).
   */
  maxLagMs?: number;
}

export function startFrameClock(options: FrameClockOptions): FrameClock {
  const now = options.now ?? (() => performance.now());
  const period = 1000 / options.fps;
  const maxLag = options.maxLagMs ?? 500;
  let due = now() + period;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const schedule = (): void => {
    timer = setTimeout(run, Math.max(0, due - now()));
  };
  const run = (): void => {
    if (now() - due > maxLag) due = now();
    options.tick();
    due += period;
    schedule();
  };
  schedule();
  return {
    stop() {
      clearTimeout(timer);
      timer = undefined;
    },
  };
}
