/**
 * Remote videos that did not arrive (the subscription never became ready, or failed for good): each is retried by
 * itself with back-off, and the tile shows when ("Retrying in 4 s…") with a way to retry at once. Rune state for the
 * view; the retry itself is the caller's (`retry(id)` subscribes again).
 */
import { SvelteMap } from 'svelte/reactivity';
import type { StreamId } from '../../../licode/index';
import { retryDelayMs } from './retry-delay';

export interface UnavailableVideo {
  /** Failures in a row. */
  failures: number;
  /** When the next retry starts (ms since epoch); null while a retry is under way. */
  retryAt: number | null;
}

export class VideoRetries {
  readonly #videos = new SvelteMap<StreamId, UnavailableVideo>();
  readonly #timers = new Map<StreamId, ReturnType<typeof setTimeout>>();

  constructor(
    private readonly retry: (id: StreamId) => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** The stream's video is unavailable (and when it is retried), or undefined when it is not known to be. */
  of(id: StreamId): UnavailableVideo | undefined {
    return this.#videos.get(id);
  }

  /** The subscription failed: show it and retry after the next back-off step. */
  failed(id: StreamId): void {
    const failures = (this.#videos.get(id)?.failures ?? 0) + 1;
    const delay = retryDelayMs(failures);
    this.#videos.set(id, { failures, retryAt: this.now() + delay });
    this.#clearTimer(id);
    this.#timers.set(
      id,
      setTimeout(() => this.#start(id), delay),
    );
  }

  /** "Retry now": skip the rest of the wait. Nothing happens while a retry is already under way. */
  retryNow(id: StreamId): void {
    if (this.#videos.get(id)?.retryAt == null) return;
    this.#start(id);
  }

  /** Media arrived: the video is no longer unavailable and the back-off starts over next time. */
  succeeded(id: StreamId): void {
    this.forget(id);
  }

  /** The stream left, or is no longer wanted on screen: no more retries. */
  forget(id: StreamId): void {
    this.#clearTimer(id);
    this.#videos.delete(id);
  }

  dispose(): void {
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
    this.#videos.clear();
  }

  #start(id: StreamId): void {
    const video = this.#videos.get(id);
    if (!video) return;
    this.#clearTimer(id);
    this.#videos.set(id, { ...video, retryAt: null });
    this.retry(id);
  }

  #clearTimer(id: StreamId): void {
    clearTimeout(this.#timers.get(id));
    this.#timers.delete(id);
  }
}
