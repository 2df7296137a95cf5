import type { LiveRoom, Participant } from '../rooms/room-registry';
import type { ClientSummary } from './context';
import type { ServerConnection } from './server-connection';

/**
 * What both dialects' clients (`AClient`, `CClient`) have in common: the room session, its publications and
 * subscriptions, and the reconnection-grace state. The shared request and teardown logic works on this shape; how a
 * client's connections are organised (one per stream in A, numbered and possibly shared in C) stays in the dialect.
 */
export interface SignallingClient extends Participant {
  readonly room: LiveRoom;
  /** Streams this client published. */
  readonly published: Set<number>;
  /** Media subscriptions: streamId → the connection carrying it. */
  readonly subscriptions: Map<number, ServerConnection>;
  /** P2P subscriptions (no connection). */
  readonly p2pSubscriptions: Set<number>;
  /** Has a live socket (false during the reconnection grace). */
  readonly connected: boolean;
  removed: boolean;
  graceTimer: NodeJS.Timeout | undefined;
}

/** The admin listing of one client; `connections` are the ids of its Erizo connections. */
export function summarize(client: SignallingClient, connections: string[]): ClientSummary {
  return {
    clientId: client.clientId,
    roomId: client.room.id,
    name: client.user.name,
    role: client.user.role,
    connected: client.connected,
    published: [...client.published],
    subscribed: [...client.subscriptions.keys(), ...client.p2pSubscriptions],
    connections,
  };
}
