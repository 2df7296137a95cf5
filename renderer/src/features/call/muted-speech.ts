/**
 * "You are muted": repeated sound (not one click) on the microphone while the user is muted shows a notice for a
 * few seconds. The level is polled only while muted — nothing else in the call needs the local meter (the active
 * speaker uses the publication's 1 Hz stats like everyone else's) — so an unmuted call wakes no timer for it, and
 * neither does a hidden window.
 * One interval does both jobs (listening and hiding the notice again); it is framework-free for unit tests.
 */
export interface MutedSpeechOptions {
  /** Loudest level (0..1, square-root curve) heard since the previous read; 0 without a microphone. */
  read: () => number;
  /** The notice's visibility changed. */
  onChange: (shown: boolean) => void;
  /** How often the level is read while muted (the read must cover this long, see LocalDevices.readLevel). */
  periodMs?: number;
  /** Level that counts as sound. */
  threshold?: number;
  /** Sound heard over at least this long (first to last loud read within `windowMs`) shows the notice. */
  heardForMs?: number;
  windowMs?: number;
  /** The notice stays this long after the last detection. */
  showMs?: number;
  now?: () => number;
}

export const MUTED_SPEECH_POLL_MS = 250;

export class MutedSpeechWatch {
  #timer: ReturnType<typeof setInterval> | undefined;
  #loudAt: number[] = [];
  #shown = false;
  #muted = false;
  #visible = true;
  #detectedAt = 0;
  readonly #o: Required<MutedSpeechOptions>;

  constructor(options: MutedSpeechOptions) {
    this.#o = { periodMs: MUTED_SPEECH_POLL_MS, threshold: 0.3, heardForMs: 400, windowMs: 2000, showMs: 4000, now: () => Date.now(), ...options };
  }

  get polling(): boolean {
    return this.#timer !== undefined;
  }

  /** Listens while muted; unmuting hides the notice at once and stops the timer. */
  setMuted(muted: boolean): void {
    this.#muted = muted;
    this.#update();
  }

  /** A hidden window (minimised, another tab) cannot show the notice: no polling meanwhile. */
  setVisible(visible: boolean): void {
    this.#visible = visible;
    this.#update();
  }

  #update(): void {
    if (!this.#muted) {
      this.dispose();
      return;
    }
    if (!this.#visible) {
      clearInterval(this.#timer);
      this.#timer = undefined;
      this.#loudAt = [];
      return;
    }
    if (this.#timer === undefined) {
      this.#o.read(); // drop what was heard before: the user was unmuted, or could not see the notice
      this.#timer = setInterval(() => this.#poll(), this.#o.periodMs);
    }
  }

  dispose(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#loudAt = [];
    this.#show(false);
  }

  #poll(): void {
    const now = this.#o.now();
    const level = this.#o.read();
    this.#loudAt = this.#loudAt.filter((at) => now - at < this.#o.windowMs);
    if (level >= this.#o.threshold) this.#loudAt.push(now);
    const heardFor = this.#loudAt.length > 1 ? this.#loudAt[this.#loudAt.length - 1]! - this.#loudAt[0]! : 0;
    if (heardFor >= this.#o.heardForMs) {
      this.#detectedAt = now;
      this.#show(true);
    } else if (this.#shown && now - this.#detectedAt >= this.#o.showMs) {
      this.#show(false);
    }
  }

  #show(shown: boolean): void {
    if (shown === this.#shown) return;
    this.#shown = shown;
    this.#o.onChange(shown);
  }
}
