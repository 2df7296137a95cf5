/**
 * Which remote streams the call subscribes to, and how many subscribe requests run at once. A big room (or a
 * hostile one: thousands of announced streams) must not get one peer connection per stream: the tiles on screen get
 * media, a bounded number of others audio only or a data-only subscription (Licode delivers chat and attribute updates only to a
 * stream's subscribers, and a data-only subscription needs no peer connection), the rest nothing. Requests are
 * queued: at most `maxInFlight` subscribe/unsubscribe requests are pending, the most wanted first.
 * Framework-free; the room is reached through two injected functions.
 */
import type { StreamId } from '../../licode/index';

/** `media`: audio and video (a tile on screen); `audio`: audio only (someone off the page we still hear); `data`: chat only. */
export type SubscriptionMode = 'media' | 'audio' | 'data';

export interface SubscriptionActions {
  subscribe(id: StreamId, mode: SubscriptionMode): Promise<unknown>;
  unsubscribe(id: StreamId): Promise<unknown>;
}

interface Held {
  mode: SubscriptionMode;
  /** A request for this stream is pending (subscribing, or unsubscribing when `leaving`). */
  busy: boolean;
  leaving: boolean;
}

/** Subscribe requests pending at once unless told otherwise: enough to fill a page quickly, few enough for a weak machine. */
export const DEFAULT_MAX_IN_FLIGHT = 4;
/** A subscription that failed is not asked for again before this (a refused stream must not be retried in a loop). */
export const RETRY_AFTER_MS = 5_000;

export class SubscriptionScheduler {
  /** What should be subscribed, most wanted first (Map keeps insertion order). */
  #wanted = new Map<StreamId, SubscriptionMode>();
  readonly #held = new Map<StreamId, Held>();
  /** Streams whose subscription failed, with when they may be tried again. */
  readonly #failedUntil = new Map<StreamId, number>();
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #inFlight = 0;
  #disposed = false;

  constructor(
    private readonly actions: SubscriptionActions,
    private readonly onError: (error: unknown) => void,
    private readonly maxInFlight = DEFAULT_MAX_IN_FLIGHT,
  ) {}

  /** Replaces the wanted set (ordered by priority) and starts what it can. */
  want(wanted: ReadonlyMap<StreamId, SubscriptionMode>): void {
    this.#wanted = new Map(wanted);
    this.#pump();
  }

  /** The stream is gone (the room dropped its subscription already): forget it without a request. */
  forget(id: StreamId): void {
    this.#wanted.delete(id);
    this.#held.delete(id);
    this.#failedUntil.delete(id);
  }

  /** The subscription mode held (or being set up) for a stream. */
  modeOf(id: StreamId): SubscriptionMode | undefined {
    const held = this.#held.get(id);
    return held && !held.leaving ? held.mode : undefined;
  }

  get inFlight(): number {
    return this.#inFlight;
  }

  dispose(): void {
    this.#disposed = true;
    clearTimeout(this.#retryTimer);
    this.#wanted.clear();
    this.#held.clear();
    this.#failedUntil.clear();
  }

  #pump(): void {
    if (this.#disposed) return;
    // Leaving first: unsubscribing frees server and peer connection resources for what is wanted now.
    for (const [id, held] of this.#held) {
      if (this.#inFlight >= this.maxInFlight) return;
      if (held.busy || this.#wanted.get(id) === held.mode) continue;
      this.#run(id, held, true);
    }
    const now = Date.now();
    for (const [id, mode] of this.#wanted) {
      if (this.#inFlight >= this.maxInFlight) return;
      if (this.#held.has(id) || (this.#failedUntil.get(id) ?? 0) > now) continue;
      const held: Held = { mode, busy: false, leaving: false };
      this.#held.set(id, held);
      this.#run(id, held, false);
    }
  }

  #run(id: StreamId, held: Held, leaving: boolean): void {
    held.busy = true;
    held.leaving = leaving;
    this.#inFlight++;
    const request = leaving ? this.actions.unsubscribe(id) : this.actions.subscribe(id, held.mode);
    const current = () => !this.#disposed && this.#held.get(id) === held;
    void request.then(
      () => {
        if (leaving && current()) this.#held.delete(id);
        this.#settled(held);
      },
      (error: unknown) => {
        if (current()) {
          this.#held.delete(id);
          if (!leaving) {
            this.onError(error);
            this.#failedUntil.set(id, Date.now() + RETRY_AFTER_MS);
            clearTimeout(this.#retryTimer);
            this.#retryTimer = setTimeout(() => this.#pump(), RETRY_AFTER_MS);
          }
        }
        this.#settled(held);
      },
    );
  }

  #settled(held: Held): void {
    this.#inFlight--;
    held.busy = false;
    this.#pump();
  }
}
