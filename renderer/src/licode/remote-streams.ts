import { toRemoteStreamInfo, type PublicStream, type StreamId } from './messages';
import type { RoomEvents } from './room-types';
import { RemoteStreamEntry } from './streams';

/** How many remote streams a room lists unless `RoomOptions.maxRemoteStreams` says otherwise. */
export const DEFAULT_MAX_REMOTE_STREAMS = 500;

/**
 * The other participants' streams in the room, each listed once, whatever the server repeats or replays, and at most
 * `limit` of them: a server or participant announcing thousands of streams must not make us do thousands of things.
 * Streams beyond the limit are ignored (not listed, never announced); one `stream-limit` event says so each time the
 * room goes over it.
 */
export class RemoteStreams {
  readonly byId = new Map<StreamId, RemoteStreamEntry>();
  /** Ids we published in an earlier session; never shown as remote streams. */
  readonly formerOwnIds = new Set<StreamId>();
  /** A stream was ignored since the room was last below its limit (so the next one is not reported again). */
  #overLimit = false;

  constructor(
    private readonly emit: <K extends keyof RoomEvents>(event: K, payload: RoomEvents[K]) => void,
    /** Called before `stream-removed` is emitted, so the subscription is gone when listeners hear of it. */
    private readonly beforeRemove: (id: StreamId) => void,
    readonly limit = DEFAULT_MAX_REMOTE_STREAMS,
  ) {}

  get(id: StreamId): RemoteStreamEntry | undefined {
    return this.byId.get(id);
  }

  /** A stream of the join list or an onAddStream; converted only when it is listed (a flood over the limit costs little). */
  upsert(stream: PublicStream): void {
    if (this.formerOwnIds.has(stream.id)) return;
    const existing = this.byId.get(stream.id);
    if (existing) {
      // Never duplicate a stream: a replayed or repeated onAddStream only refreshes it.
      existing.update(toRemoteStreamInfo(stream));
      return;
    }
    if (!this.#hasRoom()) return;
    const entry = new RemoteStreamEntry(stream.id, toRemoteStreamInfo(stream));
    this.byId.set(stream.id, entry);
    this.emit('stream-added', entry);
  }

  remove(id: StreamId): void {
    const remote = this.byId.get(id);
    if (!remote) return;
    this.byId.delete(id);
    if (this.byId.size < this.limit) this.#overLimit = false;
    this.beforeRemove(id);
    remote.subscribed = false;
    remote.mediaStream = null;
    this.emit('stream-removed', remote);
  }

  /** The join reply's list; after a rejoin, streams missing from it left while we were away. */
  applyJoinList(streams: readonly PublicStream[], rejoin: boolean): void {
    const seen = new Set<StreamId>();
    for (const s of streams) {
      if (this.formerOwnIds.has(s.id)) continue;
      if (!this.byId.has(s.id) && !this.#hasRoom()) continue;
      seen.add(s.id);
      this.upsert(s);
    }
    if (rejoin) for (const id of [...this.byId.keys()]) if (!seen.has(id)) this.remove(id);
  }

  clear(): void {
    this.byId.clear();
    this.#overLimit = false;
  }

  /** Whether one more stream may be listed; reports the first one that may not. */
  #hasRoom(): boolean {
    if (this.byId.size < this.limit) return true;
    if (!this.#overLimit) {
      this.#overLimit = true;
      this.emit('stream-limit', { limit: this.limit });
    }
    return false;
  }
}
