import type { RemoteStreamInfo, StreamId } from './messages';
import type { RoomEvents } from './room-types';
import { RemoteStreamEntry } from './streams';

/** The other participants' streams in the room, each listed once, whatever the server repeats or replays. */
export class RemoteStreams {
  readonly byId = new Map<StreamId, RemoteStreamEntry>();
  /** Ids we published in an earlier session; never shown as remote streams. */
  readonly formerOwnIds = new Set<StreamId>();

  constructor(
    private readonly emit: <K extends keyof RoomEvents>(event: K, payload: RoomEvents[K]) => void,
    /** Called before `stream-removed` is emitted, so the subscription is gone when listeners hear of it. */
    private readonly beforeRemove: (id: StreamId) => void,
  ) {}

  get(id: StreamId): RemoteStreamEntry | undefined {
    return this.byId.get(id);
  }

  upsert(info: RemoteStreamInfo): void {
    if (this.formerOwnIds.has(info.id)) return;
    const existing = this.byId.get(info.id);
    if (existing) {
      // Never duplicate a stream: a replayed or repeated onAddStream only refreshes it.
      existing.update(info);
      return;
    }
    const entry = new RemoteStreamEntry(info.id, info);
    this.byId.set(info.id, entry);
    this.emit('stream-added', entry);
  }

  remove(id: StreamId): void {
    const remote = this.byId.get(id);
    if (!remote) return;
    this.byId.delete(id);
    this.beforeRemove(id);
    remote.subscribed = false;
    remote.mediaStream = null;
    this.emit('stream-removed', remote);
  }

  /** The join reply's list; after a rejoin, streams missing from it left while we were away. */
  applyJoinList(streams: readonly RemoteStreamInfo[], rejoin: boolean): void {
    const seen = new Set<StreamId>();
    for (const s of streams) {
      if (this.formerOwnIds.has(s.id)) continue;
      seen.add(s.id);
      this.upsert(s);
    }
    if (rejoin) for (const id of [...this.byId.keys()]) if (!seen.has(id)) this.remove(id);
  }

  clear(): void {
    this.byId.clear();
  }
}
