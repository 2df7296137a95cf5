/**
 * The room's way back after a lost connection, for the banner: since when it has been trying and how many tries so
 * far; then "Reconnected" for a few seconds, so the end of the outage is seen and not only announced.
 */
/** How long "Reconnected" stays on screen. */
export const RECONNECTED_SHOWN_MS = 5_000;

export class ReconnectStatus {
  /** When the connection was lost (ms since epoch); null while connected. */
  since = $state<number | null>(null);
  /** Tries to get the room back since then (socket reconnections and rejoins). */
  attempts = $state(0);
  /** "Reconnected" is on screen. */
  reconnected = $state(false);
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly now: () => number = Date.now) {}

  lost(): void {
    if (this.since !== null) return;
    this.since = this.now();
    this.attempts = 0;
    this.#hideReconnected();
  }

  attempted(): void {
    if (this.since !== null) this.attempts += 1;
  }

  restored(): void {
    if (this.since === null) return;
    this.since = null;
    this.reconnected = true;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => (this.reconnected = false), RECONNECTED_SHOWN_MS);
  }

  dispose(): void {
    this.since = null;
    this.#hideReconnected();
  }

  #hideReconnected(): void {
    clearTimeout(this.#timer);
    this.reconnected = false;
  }
}
