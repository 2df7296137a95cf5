/**
 * The server checks in flight, by the id the page gave them, so "Cancel" stops the HTTP request in main at once
 * instead of leaving it to run until its 10 s timeout.
 */
export class RunningChecks {
  readonly #controllers = new Map<string, AbortController>();

  /** Runs `check` with a signal that `cancel(id)` aborts; without an id the check simply cannot be cancelled. */
  async run<T>(id: string | undefined, check: (signal: AbortSignal | undefined) => Promise<T>): Promise<T> {
    if (id === undefined) return check(undefined);
    this.#controllers.get(id)?.abort();
    const controller = new AbortController();
    this.#controllers.set(id, controller);
    try {
      return await check(controller.signal);
    } finally {
      if (this.#controllers.get(id) === controller) this.#controllers.delete(id);
    }
  }

  cancel(id: string): void {
    this.#controllers.get(id)?.abort();
    this.#controllers.delete(id);
  }

  get size(): number {
    return this.#controllers.size;
  }
}
