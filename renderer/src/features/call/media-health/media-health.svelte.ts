/**
 * What the call knows about each remote stream's media beyond "subscribed": its video did not arrive and is being
 * retried (`unavailable`), or it arrived and stopped flowing (`lost`). The call session reports subscriptions and
 * quality samples; tiles read `of(id)`. Framework-free apart from the runes of its parts.
 */
import type { StreamId } from '../../../licode/index';
import { MediaFlowWatch } from './media-flow.svelte';
import { VideoRetries, type UnavailableVideo } from './video-retries.svelte';

export type TileHealth = { kind: 'unavailable'; video: UnavailableVideo } | { kind: 'lost' } | null;

export class MediaHealth {
  readonly #retries: VideoRetries;
  readonly #flow: MediaFlowWatch;

  /** `resubscribe(id)`: subscribe to the stream again (its back-off is over, or the user asked). */
  constructor(resubscribe: (id: StreamId) => void, now: () => number = Date.now) {
    this.#retries = new VideoRetries(resubscribe, now);
    this.#flow = new MediaFlowWatch(now);
  }

  of(id: StreamId | null): TileHealth {
    if (id === null) return null;
    const video = this.#retries.of(id);
    if (video) return { kind: 'unavailable', video };
    return this.#flow.isLost(id) ? { kind: 'lost' } : null;
  }

  /** The subscription's media is ready. */
  ready(id: StreamId): void {
    this.#retries.succeeded(id);
    this.#flow.watch(id);
  }

  /** The subscription never became ready, or failed for good: retried after the next back-off step. */
  failed(id: StreamId): void {
    this.#flow.forget(id);
    this.#retries.failed(id);
  }

  sample(id: StreamId, bitrateKbps: number): void {
    this.#flow.sample(id, bitrateKbps);
  }

  retryNow(id: StreamId): void {
    this.#retries.retryNow(id);
  }

  /** Unsubscribed (off the page) or the stream left the room: nothing to show or retry for it. */
  forget(id: StreamId): void {
    this.#retries.forget(id);
    this.#flow.forget(id);
  }

  dispose(): void {
    this.#retries.dispose();
    this.#flow.dispose();
  }
}
