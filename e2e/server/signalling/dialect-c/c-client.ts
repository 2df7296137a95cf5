import { randomUUID } from 'node:crypto';
import type { LiveRoom, Participant, UserInfo } from '../../rooms/room-registry';
import type { ServerConnection } from '../server-connection';
import { ReliableChannel } from './reliable-channel';

/** What a dialect-C connection carries in single PC: the client's publications, or its subscriptions. */
export type ConnectionRole = 'publish' | 'subscribe';

/** One dialect-C client (HEAD `models/Client.js` + `Channel.js`): identity, channel, connections and streams. */
export class CClient implements Participant {
  readonly clientId = randomUUID();
  readonly channel = new ReliableChannel();
  /** connectionId → connection. */
  readonly connections = new Map<string, ServerConnection>();
  /**
   * Single PC: the client's two shared connections (per ErizoJS), one carrying all its publications and one all its
   * subscriptions (HEAD `erizoJS/models/Client.js getOrCreateConnection`, keyed by `isRemote`; §5.6). Kept when they
   * become empty, as HEAD's `maybeCloseConnection` does in single PC.
   */
  readonly sharedConnections: Partial<Record<ConnectionRole, ServerConnection>> = {};
  /** Streams this client published. */
  readonly published = new Set<number>();
  /** Media subscriptions: streamId → the connection carrying it. */
  readonly subscriptions = new Map<number, ServerConnection>();
  /** P2P subscriptions (no connection). */
  readonly p2pSubscriptions = new Set<number>();
  /** `clientDisconnection` received: the next close is a departure, not a network drop. */
  disconnectionRequested = false;
  graceTimer: NodeJS.Timeout | undefined;
  removed = false;
  private connectionCounter = 0;

  constructor(
    readonly user: UserInfo,
    readonly room: LiveRoom,
    /** `!!query.singlePC && allowSinglePC` (the query value is a string, so "false" is a request too). */
    readonly singlePC: boolean,
  ) {}

  get connected(): boolean {
    return this.channel.currentSocket?.connected === true;
  }

  nextConnectionId(erizoId: string): string {
    this.connectionCounter += 1;
    return `${this.clientId}_${erizoId}_${this.connectionCounter}`;
  }

  /** Is this one of the client's single-PC shared connections (never closed for being empty)? */
  isShared(connection: ServerConnection): boolean {
    return this.sharedConnections.publish === connection || this.sharedConnections.subscribe === connection;
  }

  send(event: string, payload: unknown): void {
    this.channel.emit(event, payload);
  }
}
