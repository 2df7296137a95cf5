/**
 * Remote media that stopped flowing: a subscription that was ready but has received no bytes for `STALLED_AFTER_MS`
 * (the participant froze: their network, their machine, or the path to the server) is marked "connection lost" until
 * bytes flow again or the stream leaves the room. Judged from the room's 1 Hz quality samples; a check every second
 * also catches a subscription whose samples stopped altogether.
 */
import { SvelteSet } from 'svelte/reactivity';
import type { StreamId } from '../../../licode/index';

/** No inbound bytes for this long while the stream is still listed: the participant's media is lost. */
export const STALLED_AFTER_MS = 5_000;
const CHECK_EVERY_MS = 1_000;

export class MediaFlowWatch {
  /** Watched subscriptions and when their media last flowed (or was first expected to). */
  readonly #lastFlow = new Map<StreamId, number>();
  readonly #lost = new SvelteSet<StreamId>();
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly now: () => number = Date.now) {}

  /** The subscription's media is ready: from now on it is expected to flow. */
  watch(id: StreamId): void {
    this.#lastFlow.set(id, this.now());
    this.#lost.delete(id);
    this.#timer ??= setInterval(() => this.check(), CHECK_EVERY_MS);
  }

  /** A quality sample of the subscription: bytes received over the last interval (kbit/s). */
  sample(id: StreamId, bitrateKbps: number): void {
    if (!this.#lastFlow.has(id) || bitrateKbps <= 0) return;
    this.#lastFlow.set(id, this.now());
    this.#lost.delete(id);
  }

  /** Marks the watched streams whose media has not flowed for `STALLED_AFTER_MS`. */
  check(): void {
    const now = this.now();
    for (const [id, at] of this.#lastFlow) if (now - at >= STALLED_AFTER_MS) this.#lost.add(id);
  }

  isLost(id: StreamId): boolean {
    return this.#lost.has(id);
  }

  /** Unsubscribed or gone: neither watched nor marked any more. */
  forget(id: StreamId): void {
    this.#lastFlow.delete(id);
    this.#lost.delete(id);
    if (this.#lastFlow.size === 0) this.#stop();
  }

  dispose(): void {
    this.#lastFlow.clear();
    this.#lost.clear();
    this.#stop();
  }

  #stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
