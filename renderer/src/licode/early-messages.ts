import type { ServerEvent } from './transport';

/** How long a server message for a connection/stream we do not know yet is kept (§8 18, 24a). */
const EARLY_MESSAGE_TTL_MS = 15_000;
const MAX_PER_KEY = 50;

/**
 * Server messages that arrive before we know their target (an offer before its subscribe ack — Licode's own client
 * hangs there), kept briefly and replayed once the target exists.
 */
export class EarlyMessages {
  readonly #byKey = new Map<string, Array<{ at: number; event: ServerEvent }>>();

  keep(key: string, event: ServerEvent): void {
    const now = Date.now();
    for (const [k, list] of this.#byKey) {
      const fresh = list.filter((e) => now - e.at < EARLY_MESSAGE_TTL_MS);
      if (fresh.length) this.#byKey.set(k, fresh);
      else this.#byKey.delete(k);
    }
    const list = this.#byKey.get(key) ?? [];
    if (list.length < MAX_PER_KEY) list.push({ at: now, event });
    this.#byKey.set(key, list);
  }

  /** Removes and returns what was kept for `key`, oldest first. */
  take(key: string): ServerEvent[] {
    const list = this.#byKey.get(key) ?? [];
    this.#byKey.delete(key);
    return list.map((e) => e.event);
  }

  clear(): void {
    this.#byKey.clear();
  }
}
