/**
 * Exponential back-off, shared by the Licode client library (reconnects, republishing) and the kiosk supervisor in
 * main (reload spacing). Pure: no timers, no platform APIs; the caller waits for the delay it returns.
 */
export interface BackoffOptions {
  /** First delay (ms). */
  initialMs?: number;
  /** Upper bound of a single delay (ms). */
  maxMs?: number;
  factor?: number;
  /**
   * Randomisation, so a room of clients does not reconnect in lock step: a fraction (0.5 = ±50 % around the
   * exponential value), or 'full' for "full jitter" (uniform between 0 and the exponential value), which spreads a
   * herd of kiosks coming back after a server restart the most.
   */
  jitter?: number | 'full';
  /** Attempts before giving up; Infinity for kiosks that must never give up. */
  maxAttempts?: number;
  random?: () => number;
}

/** Exponential back-off with jitter (bounded by default — Licode's own client gives up after 3). */
export class Backoff {
  readonly initialMs: number;
  readonly maxMs: number;
  readonly factor: number;
  readonly jitter: number | 'full';
  readonly maxAttempts: number;
  readonly #random: () => number;
  #attempt = 0;

  constructor(options: BackoffOptions = {}) {
    this.initialMs = positive(options.initialMs, 500);
    this.maxMs = Math.max(this.initialMs, positive(options.maxMs, 10_000));
    this.factor = Math.max(1, positive(options.factor, 2));
    this.jitter = options.jitter === 'full' ? 'full' : Math.min(1, Math.max(0, options.jitter ?? 0.5));
    this.maxAttempts = options.maxAttempts === Infinity ? Infinity : Math.max(0, Math.floor(options.maxAttempts ?? 10));
    this.#random = options.random ?? Math.random;
  }

  get attempt(): number {
    return this.#attempt;
  }

  /** The next delay in ms, or null when the attempts are exhausted. */
  next(): number | null {
    if (this.#attempt >= this.maxAttempts) return null;
    // The exponent is capped so an endless kiosk never computes Infinity (2 ** 60 is already far above any maxMs).
    const base = Math.min(this.maxMs, this.initialMs * this.factor ** Math.min(this.#attempt, 60));
    this.#attempt++;
    const delay = this.jitter === 'full' ? base * this.#random() : base + base * this.jitter * (this.#random() * 2 - 1);
    return Math.max(0, Math.min(this.maxMs, Math.round(delay)));
  }

  /** Called after a success, so the next failure starts again from the first delay. */
  reset(): void {
    this.#attempt = 0;
  }
}

function positive(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : fallback;
}
