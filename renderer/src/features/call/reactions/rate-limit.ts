/**
 * Reactions per sender within a sliding window: a participant (or a hostile client) sending a flood of them fills
 * their own tile with at most `max` at a time and cannot make everyone's screen reader talk without end.
 */
export class SenderRateLimit {
  readonly #sent = new Map<string, number[]>();

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
  ) {}

  /** Whether one more from `sender` at `now` is allowed (and if so, counts it). */
  allow(sender: string, now: number): boolean {
    const recent = (this.#sent.get(sender) ?? []).filter((at) => now - at < this.windowMs);
    if (recent.length >= this.max) {
      this.#sent.set(sender, recent);
      return false;
    }
    recent.push(now);
    this.#sent.set(sender, recent);
    return true;
  }

  forget(sender: string): void {
    this.#sent.delete(sender);
  }

  clear(): void {
    this.#sent.clear();
  }
}
