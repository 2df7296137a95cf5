import type { CConnectionPool } from './connection-pool-c';
import type { PeerConnectionRegistry } from './peer';
import type { RemoteStreams } from './remote-streams';
import type { RoomConnectionState, RoomEvents, RoomOptions } from './room-types';
import type { RoomSession } from './session';

/** What the room's parts (publications, subscriptions, recovery) share; owned by `Room`. */
export interface RoomContext {
  readonly options: RoomOptions;
  readonly session: RoomSession;
  readonly peers: PeerConnectionRegistry;
  readonly connections: CConnectionPool;
  readonly remotes: RemoteStreams;
  state(): RoomConnectionState;
  emit<K extends keyof RoomEvents>(event: K, payload: RoomEvents[K]): void;
  /** Re-dispatch the server messages that arrived for `key` before its target existed. */
  replayEarly(key: string): void;
}

/** Time to wait for a publication/subscription to become ready unless `mediaTimeoutMs` says otherwise. */
export const DEFAULT_MEDIA_TIMEOUT_MS = 20_000;
export const DEFAULT_MAX_MEDIA_RECOVERIES = 3;
