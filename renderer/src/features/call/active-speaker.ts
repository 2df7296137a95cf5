/**
 * Chooses the active speaker from audio levels (0..1) without flicker: a new speaker must be clearly louder than
 * the threshold, and the current one keeps the highlight for `holdMs` after going quiet.
 */
export interface SpeakerOptions {
  threshold?: number;
  holdMs?: number;
}

export class ActiveSpeaker {
  #current: string | null = null;
  #lastHeard = 0;
  readonly #threshold: number;
  readonly #holdMs: number;

  constructor(options: SpeakerOptions = {}) {
    this.#threshold = options.threshold ?? 0.02;
    this.#holdMs = options.holdMs ?? 1500;
  }

  /** Feed the latest levels; returns the speaker to highlight (or null). */
  update(levels: ReadonlyMap<string, number>, now: number): string | null {
    let loudest: string | null = null;
    let loudestLevel = this.#threshold;
    for (const [key, level] of levels) {
      if (level > loudestLevel) {
        loudest = key;
        loudestLevel = level;
      }
    }
    if (this.#current !== null && !levels.has(this.#current)) this.#current = null;
    if (loudest !== null) {
      const currentLevel = this.#current === null ? 0 : (levels.get(this.#current) ?? 0);
      // Keep the current speaker while they are still speaking unless someone is clearly louder.
      if (this.#current === null || currentLevel <= this.#threshold || loudestLevel > currentLevel * 1.5) this.#current = loudest;
      if (this.#current === loudest || currentLevel > this.#threshold) this.#lastHeard = now;
    } else if (this.#current !== null && now - this.#lastHeard > this.#holdMs) {
      this.#current = null;
    }
    return this.#current;
  }
}
