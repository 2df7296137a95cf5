/** HEAD `erizoJS/models/WebRtcConnection.js`: CONNECTION_QUALITY_LEVEL_UPDATE_INTERVAL / …_INCREASE_UPDATE_INTERVAL. */
export const QUALITY_CHECK_INTERVAL_MS = 5_000;
export const QUALITY_INCREASE_INTERVAL_MS = 30_000;

/** Erizo's connection quality levels (§5.5): 0 very low, 1 low, 2 good. */
export const GOOD_QUALITY = 2;

export interface QualityLevelTiming {
  /** How often the level is evaluated (HEAD: 5 s). */
  checkMs: number;
  /** An increase is reported only this long after the last change (HEAD: 30 s); decreases at the next check. */
  increaseMs: number;
}

export const HEAD_QUALITY_TIMING: QualityLevelTiming = { checkMs: QUALITY_CHECK_INTERVAL_MS, increaseMs: QUALITY_INCREASE_INTERVAL_MS };

/**
 * One connection's `quality_level` (info 150) as HEAD's WebRtcConnection reports it (§5.5): a periodic check from the
 * moment the connection is initialised, which reports only a changed level, and an increase only when the last change
 * is at least `increaseMs` old. The level starts at −1 and the last change counts as `increaseMs` ago, so the first
 * check reports the measured level. The test server has no loss or bandwidth measurement: the measured level is
 * "good" unless the admin API injected another one.
 */
export class QualityLevelReporter {
  #reported = -1;
  #measured = GOOD_QUALITY;
  #lastChangeAt: number;
  readonly #timer: NodeJS.Timeout;

  constructor(
    private readonly timing: QualityLevelTiming,
    private readonly report: (level: number) => void,
    private readonly now: () => number = Date.now,
  ) {
    this.#lastChangeAt = now() - timing.increaseMs;
    this.#timer = setInterval(() => this.check(), timing.checkMs);
    this.#timer.unref();
  }

  /** HEAD `_updateConnectionQualityLevel`. */
  check(): void {
    const level = this.#measured;
    const canIncrease = level > this.#reported && this.now() - this.#lastChangeAt > this.timing.increaseMs;
    const canDecrease = level < this.#reported;
    if (!canIncrease && !canDecrease) return;
    this.#change(level);
  }

  /** What Erizo's quality manager measures now; the next check decides whether it is reported. */
  measure(level: number): void {
    this.#measured = level;
  }

  /**
   * Admin fault injection: the connection's quality is now `level`. Reported at once (tests should not wait for the
   * next check) and kept as the measured level, so the periodic check does not undo it.
   */
  inject(level: number): void {
    this.#measured = level;
    this.#change(level);
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  #change(level: number): void {
    this.#reported = level;
    this.#lastChangeAt = this.now();
    this.report(level);
  }
}
