import { randomUUID } from 'node:crypto';
import type { LiveRoom, Participant, UserInfo } from '../../rooms/room-registry';
import type { ServerConnection } from '../server-connection';
import type { V2Socket } from './socketio-v2';

/** A joined dialect-A client (v3/v4 socket handlers; v5/v6 `models/Client.js` + `Channel.js`). */
export class AClient implements Participant {
  /** v4: the socket id; v5+: a uuid v4 that survives reconnections. */
  readonly clientId: string;
  /** Publisher connections by stream id (one PeerConnection per stream). */
  readonly publishers = new Map<number, ServerConnection>();
  /** Subscriber connections by stream id. */
  readonly subscriptions = new Map<number, ServerConnection>();
  readonly p2pSubscriptions = new Set<number>();
  readonly published = new Set<number>();
  /** v5/v6: events buffered while the socket is gone, flushed on `reconnected`. */
  private buffer: { event: string; payload: unknown }[] = [];
  graceTimer: NodeJS.Timeout | undefined;
  removed = false;

  constructor(
    public socket: V2Socket | undefined,
    readonly user: UserInfo,
    readonly room: LiveRoom,
    withClientId: boolean,
    readonly singlePC: boolean,
  ) {
    this.clientId = withClientId || !socket ? randomUUID() : socket.id;
  }

  get connected(): boolean {
    return this.socket?.connected === true;
  }

  send(event: string, payload: unknown): void {
    if (this.removed) return;
    if (this.socket?.connected) this.socket.emit(event, payload);
    else if (this.graceTimer) this.buffer.push({ event, payload });
  }

  /** Rebind to a new socket after `reconnected(clientId)` and flush what was buffered. */
  rebind(socket: V2Socket): void {
    this.socket = socket;
    const pending = this.buffer;
    this.buffer = [];
    for (const { event, payload } of pending) socket.emit(event, payload);
  }
}
