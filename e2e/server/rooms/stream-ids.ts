/**
 * Stream ids as Licode draws them (docs/licode-protocol.md §8.1, §9.1): 18-digit integer-valued doubles ≥ 1e17,
 * `floor(1e17 + random·9e17)`. Every other id is drawn from [2^57, 2^59), where the shortest decimal JavaScript
 * prints differs from the exact binary value — the ids that break clients that parse them as integers.
 */
const TWO_57 = 2 ** 57;
const TWO_59 = 2 ** 59;

export class StreamIdGenerator {
  private counter = 0;
  private readonly used = new Set<number>();

  next(): number {
    for (;;) {
      this.counter += 1;
      const id = this.counter % 2 === 1 ? Math.floor(TWO_57 + Math.random() * (TWO_59 - TWO_57)) : Math.floor(1e17 + Math.random() * 9e17);
      if (!this.used.has(id)) {
        this.used.add(id);
        return id;
      }
    }
  }
}

/** Licode's recording ids are raw `random·1e18` floats. */
export function recordingId(): number {
  return Math.random() * 1e18;
}
