/**
 * Which arrivals and departures the call view announces. A participant who rejoins (a controller restart, a lost
 * session) gets a NEW stream id: either the new stream appears before the old one is removed, or the old one goes
 * first and the new one follows a few seconds later. Neither is someone leaving or joining, so:
 *  - a departure is not announced while the same participant is still present on another current stream;
 *  - otherwise it is announced only after REJOIN_WINDOW_MS, and dropped if the participant comes back meanwhile;
 *  - an arrival is not announced when the same participant is already present or is coming back within the window.
 * "The same participant" means the same name and the same kind of stream (camera or screen share); participants
 * without a name (guests, whose fallback name comes from the stream id) cannot be recognised and are announced at
 * once. Framework-free; the clock is injected so the policy is unit-tested without waiting.
 */

/** How long a departure waits for the participant to come back (a rejoin after a controller restart took 8–10 s). */
export const REJOIN_WINDOW_MS = 10_000;

export interface PresenceStream {
  /** The name shown; used in the announcement. */
  name: string;
  /** Whether the participant has a name of their own (guests do not and are never matched). */
  named: boolean;
  screen: boolean;
}

export interface PresenceAnnouncement {
  kind: 'joined' | 'left';
  name: string;
  screen: boolean;
}

export interface PresenceTimers {
  set(callback: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const realTimers: PresenceTimers = {
  set: (callback, ms) => setTimeout(callback, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** Who a stream belongs to, as far as we can tell: kind + case-insensitive name; null for guests. */
export function identityOf(stream: PresenceStream): string | null {
  if (!stream.named) return null;
  return `${stream.screen ? 'screen' : 'camera'}:${stream.name.normalize('NFC').toLocaleLowerCase()}`;
}

/**
 * Who is in the call, counted by identity, so that checking "is this participant still here" costs the same in a
 * room of 5 and of 500 (a flood of streams must not make every arrival scan every other stream).
 */
export class PresentIdentities {
  readonly #counts = new Map<string, number>();

  add(stream: PresenceStream): void {
    const identity = identityOf(stream);
    if (identity !== null) this.#counts.set(identity, (this.#counts.get(identity) ?? 0) + 1);
  }

  remove(stream: PresenceStream): void {
    const identity = identityOf(stream);
    if (identity === null) return;
    const count = (this.#counts.get(identity) ?? 0) - 1;
    if (count > 0) this.#counts.set(identity, count);
    else this.#counts.delete(identity);
  }

  has(identity: string): boolean {
    return this.#counts.has(identity);
  }

  clear(): void {
    this.#counts.clear();
  }
}

/** The identities of the other current streams. */
export interface Present {
  has(identity: string): boolean;
}

export class PresenceAnnouncer {
  readonly #announce: (announcement: PresenceAnnouncement) => void;
  readonly #timers: PresenceTimers;
  readonly #windowMs: number;
  /** Departures waiting for the window to pass, by identity. */
  readonly #pending = new Map<string, unknown>();

  constructor(announce: (announcement: PresenceAnnouncement) => void, options: { timers?: PresenceTimers; windowMs?: number } = {}) {
    this.#announce = announce;
    this.#timers = options.timers ?? realTimers;
    this.#windowMs = options.windowMs ?? REJOIN_WINDOW_MS;
  }

  /**
   * A stream appeared. `others`: the identities of every other current stream. `announce`: false for the streams found at join (the
   * view says "N others are here" instead), which still cancel a pending departure.
   */
  added(stream: PresenceStream, others: Present, announce = true): void {
    const identity = identityOf(stream);
    if (identity !== null) {
      const pending = this.#pending.get(identity);
      if (pending !== undefined) {
        // Came back within the window: neither the departure nor this arrival is news.
        this.#timers.clear(pending);
        this.#pending.delete(identity);
        return;
      }
      if (others.has(identity)) return; // already here on another stream
    }
    if (announce) this.#announce({ kind: 'joined', name: stream.name, screen: stream.screen });
  }

  /** A stream went away. `remaining`: the identities of the streams still current after its removal. */
  removed(stream: PresenceStream, remaining: Present): void {
    const identity = identityOf(stream);
    const departure: PresenceAnnouncement = { kind: 'left', name: stream.name, screen: stream.screen };
    if (identity === null) {
      this.#announce(departure);
      return;
    }
    if (remaining.has(identity)) return; // still here on its new stream
    if (this.#pending.has(identity)) return;
    const handle = this.#timers.set(() => {
      this.#pending.delete(identity);
      this.#announce(departure);
    }, this.#windowMs);
    this.#pending.set(identity, handle);
  }

  /** The call ended: departures still waiting are not announced any more. */
  dispose(): void {
    for (const handle of this.#pending.values()) this.#timers.clear(handle);
    this.#pending.clear();
  }
}
