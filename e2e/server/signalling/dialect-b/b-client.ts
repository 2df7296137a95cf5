import { randomUUID } from 'node:crypto';
import type { LiveRoom, UserInfo } from '../../rooms/room-registry';
import type { ConnectionRole } from '../dialect-c/c-client';
import type { ConnectionOwner } from '../dialect-c/c-connections';
import type { V2Socket } from '../dialect-a/socketio-v2';
import type { ServerConnection } from '../server-connection';

/**
 * One dialect-B client (Licode v7/v8 `models/Client.js` + `Channel.js`): A2/A3's session — a uuid clientId, events
 * buffered while the socket is gone and flushed on `reconnected` — with numbered Erizo connections as in C.
 */
export class BClient implements ConnectionOwner {
  readonly clientId = randomUUID();
  /** connectionId → connection. */
  readonly connections = new Map<string, ServerConnection>();
  /** Always empty: single PC is not emulated for B's Plan B (several streams in one section). */
  readonly sharedConnections: Partial<Record<ConnectionRole, ServerConnection>> = {};
  readonly published = new Set<number>();
  readonly subscriptions = new Map<number, ServerConnection>();
  readonly p2pSubscriptions = new Set<number>();
  /** Events buffered while the socket is gone (Channel.js RECONNECTING), flushed on `reconnected`. */
  private buffer: { event: string; payload: unknown }[] = [];
  graceTimer: NodeJS.Timeout | undefined;
  removed = false;
  private connectionCounter = 0;

  constructor(
    public socket: V2Socket,
    readonly user: UserInfo,
    readonly room: LiveRoom,
    readonly singlePC: boolean,
  ) {}

  get connected(): boolean {
    return this.socket.connected;
  }

  nextConnectionId(erizoId: string): string {
    this.connectionCounter += 1;
    return `${this.clientId}_${erizoId}_${this.connectionCounter}`;
  }

  isShared(connection: ServerConnection): boolean {
    return this.sharedConnections.publish === connection || this.sharedConnections.subscribe === connection;
  }

  send(event: string, payload: unknown): void {
    if (this.removed) return;
    if (this.socket.connected) this.socket.emit(event, payload);
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
