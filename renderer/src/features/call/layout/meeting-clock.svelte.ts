/** Time since this person joined the call, ticking once a second while the call view shows it. */
export class MeetingClock {
  elapsedMs = $state(0);
  #startedAt: number | null = null;
  #timer: ReturnType<typeof setInterval> | undefined;

  /** Starts counting (once: a reconnection does not reset the time in the meeting). */
  start(now: () => number = Date.now): void {
    this.#startedAt ??= now();
    clearInterval(this.#timer);
    const startedAt = this.#startedAt;
    this.elapsedMs = now() - startedAt;
    this.#timer = setInterval(() => (this.elapsedMs = now() - startedAt), 1000);
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
