import type { MediaConnectionEvent } from '../../media/types';
import type { StreamRecord } from '../../rooms/room-registry';
import { tick } from '../acks';
import type { ControllerContext } from '../context';
import { isRecord, type Ack } from '../faults';
import { candidateLine, ServerConnection } from '../server-connection';
import type { SignallingClient } from '../signalling-client';
import { announceWhenReady } from '../stream-requests';
import type { ConnectionRole } from './c-client';
import type { CGeneration } from './c-generations';
import { HEAD_QUALITY_TIMING, QualityLevelReporter, type QualityLevelTiming } from './quality-level';

/** Erizo connection status codes carried as `info` (docs/licode-protocol.md §5.5). */
const INFO = { offerOrAnswer: 202, ready: 104, failed: 500, qualityLevel: 150 } as const;

/**
 * What the connection handling needs of a client: dialect C's `CClient`, and dialect B's `BClient` (Licode v7–v8
 * signal per connection too, §4.1, on A's session layer).
 */
export interface ConnectionOwner extends SignallingClient {
  readonly singlePC: boolean;
  /** connectionId → connection. */
  readonly connections: Map<string, ServerConnection>;
  /** Single PC: the shared connection per role. */
  readonly sharedConnections: Partial<Record<ConnectionRole, ServerConnection>>;
  nextConnectionId(erizoId: string): string;
  isShared(connection: ServerConnection): boolean;
}

/**
 * HEAD's per-client Erizo connections (docs/licode-protocol.md §5.4, §5.5): numbered connection ids, the two shared
 * connections of single-PC clients (publications / subscriptions), server offers with impolite-peer glare handling
 * and re-offers, and the `connection_message_erizo` events each connection reports (with the periodic
 * `quality_level` check). Dialect A has none of this (one client-offered PeerConnection per stream), which is why it
 * lives with dialect C only.
 */
export class CConnections {
  readonly #quality = new Map<ServerConnection, QualityLevelReporter>();
  /**
   * Publications waiting for their connection's first `ready`. HEAD's ErizoJS reports a publisher `ready` from
   * `connection.onReady` (erizoJSController.addPublisher), i.e. once ICE and DTLS are up — not when media flows —
   * and at once for a publication added to a connection that is already up (single PC).
   */
  readonly #awaitingReady = new Map<ServerConnection, Set<number>>();
  /** Connections whose first `ready` came (a later one, after an ICE restart, announces nothing). */
  readonly #upConnections = new WeakSet<ServerConnection>();

  constructor(
    private readonly ctx: ControllerContext,
    private readonly generation: Pick<CGeneration, 'sdp'>,
    /** null: this generation's ErizoJS has no `quality_level` check (Licode v7). */
    private readonly qualityTiming: QualityLevelTiming | null = HEAD_QUALITY_TIMING,
  ) {}

  /**
   * A `connectionMessage`'s `{connectionId, erizoId, msg}` (B: the positional argument, C: the envelope's options),
   * routed to the client's connection. Without the room's erizoId the real controller routes it to a queue nobody
   * reads: it is lost. An offer for an unknown connection gets `{info: 'error', evt: {type: 'error', previousType:
   * 'offer'}}` (`Client.onConnectionMessage`'s callback).
   */
  route(client: ConnectionOwner, message: Record<string, unknown>): void {
    if (typeof message.erizoId !== 'string' || message.erizoId !== client.room.erizoId) return;
    const connectionId = message.connectionId;
    const signal = message.msg;
    if (!isRecord(signal) || typeof connectionId !== 'string') return;
    const connection = client.connections.get(connectionId);
    if (!connection) {
      if (signal.type === 'offer') {
        client.send('connection_message_erizo', { connectionId, info: 'error', evt: { type: 'error', previousType: 'offer' } });
      }
      return;
    }
    this.handleSignal(client, connection, signal);
  }

  /**
   * An Erizo subscription (after the shared subscribe steps): on a new connection, or the client's shared subscriber
   * connection (single PC, §5.6), acked `(true, erizoId, connectionId)` on ErizoJS's `initializing`; the stream reaches
   * the connection once its publisher is ready. `serverOffers`: ErizoJS offers after the ack (before it with the
   * offer-before-ack fault, §8 18); otherwise it answers the client's offer, as in dialect A.
   */
  async subscribe(client: ConnectionOwner, stream: StreamRecord, options: Record<string, unknown>, ack: Ack, serverOffers: boolean): Promise<void> {
    const room = client.room;
    const maxVideoBW = typeof options.maxVideoBW === 'number' && Number.isFinite(options.maxVideoBW) && options.maxVideoBW > 0 ? options.maxVideoBW : undefined;
    const connection = this.connectionFor(client, 'subscribe', maxVideoBW);
    client.subscriptions.set(stream.id, connection);
    stream.avSubscribers.add(client.clientId);
    const kinds = { audio: options.audio !== false && Boolean(stream.audio), video: options.video !== false && Boolean(stream.video || stream.screen) };
    const addToConnection = async (): Promise<boolean> => {
      await stream.whenReady;
      if (client.removed || client.subscriptions.get(stream.id) !== connection) return false;
      // Fault injection (admin subscribe-stall): the stream never reaches the connection, so no track ever arrives.
      if (this.ctx.faults.isSubscriptionStalled(client.clientId, stream.id)) return false;
      connection.addMediaSubscription(stream.id, kinds, options);
      return true;
    };
    if (!serverOffers) {
      // Queued on the connection so an offer that comes right after the ack is answered with the publisher's tracks in it.
      void connection.enqueue(
        async () => void (await addToConnection()),
        (err) => this.ctx.log(`[c] subscribe ${stream.id}: ${String(err)}`),
      );
      await tick();
      ack(true, room.erizoId, connection.id);
      return;
    }
    const negotiate = async () => {
      if (await addToConnection()) await this.offer(client, connection);
    };
    await tick();
    if (this.ctx.faults.offerBeforeAck) {
      await negotiate();
      ack(true, room.erizoId, connection.id);
    } else {
      ack(true, room.erizoId, connection.id);
      await negotiate();
    }
  }

  /** Apply one `connectionMessage` signal (offer, answer, candidate, failed) to a client's connection. */
  handleSignal(client: ConnectionOwner, connection: ServerConnection, signal: Record<string, unknown>): void {
    const connectionId = connection.id;
    const fail = (err: unknown) => this.ctx.log(`[c] ${connectionId} ${String(signal.type)}: ${String(err)}`);
    switch (signal.type) {
      case 'offer': {
        if (typeof signal.sdp !== 'string') return;
        if (connection.glare) return; // impolite peer: ignore the client's offer while ours is pending
        const sdp = signal.sdp;
        void connection.enqueue(async () => {
          if (connection.glare) return;
          try {
            const answer = await connection.media.acceptOffer(sdp);
            connection.remoteApplied = true;
            client.send('connection_message_erizo', { connectionId, info: INFO.offerOrAnswer, evt: { type: 'answer', sdp: answer } });
          } catch (err) {
            fail(err);
            client.send('connection_message_erizo', { connectionId, info: 'error', evt: { type: 'error', previousType: 'offer' } });
          }
        }, fail);
        return;
      }
      case 'answer': {
        if (typeof signal.sdp !== 'string' || !connection.media.hasPendingOffer) return;
        const sdp = signal.sdp;
        void connection.enqueue(async () => {
          await connection.media.acceptAnswer(sdp);
          connection.remoteApplied = true;
          if (connection.needsReoffer) {
            connection.needsReoffer = false;
            await this.createAndSendOffer(client, connection);
          }
        }, fail);
        return;
      }
      case 'candidate': {
        const candidate = candidateLine(signal.candidate);
        if (!candidate) return;
        void connection.media.addClientCandidate(candidate).catch(fail);
        return;
      }
      case 'failed':
        // Single-PC client reports ICE failure: ErizoJS force-closes the connection.
        void this.closeConnection(client, connection);
        return;
      default:
        return; // 'offer-error' and anything else: logged by ErizoJS only
    }
  }

  /**
   * The connection a new publication or subscription goes on: a new one per stream (Licode's default), or with single
   * PC the client's shared connection for that role — publications and subscriptions never share one (HEAD
   * `Client.getOrCreateConnection`: `isRemote` is true for publishers, false for subscribers).
   */
  connectionFor(client: ConnectionOwner, role: ConnectionRole, maxVideoBW: number | undefined): ServerConnection {
    const shared = client.sharedConnections[role];
    if (client.singlePC && shared && !shared.closed) return shared;
    const erizoId = client.room.erizoId;
    const id = client.nextConnectionId(erizoId);
    const { style, aGeneration } = this.generation.sdp;
    const onEvent = (conn: ServerConnection, event: MediaConnectionEvent) => this.onMediaEvent(client, conn, event);
    const connection = new ServerConnection(this.ctx.media, id, style, erizoId, onEvent, maxVideoBW, aGeneration);
    client.connections.set(id, connection);
    if (client.singlePC) client.sharedConnections[role] = connection;
    // HEAD starts the quality check when the connection is initialised, whatever it carries.
    const qualityEvent = (level: number) =>
      client.send('connection_message_erizo', { connectionId: id, info: INFO.qualityLevel, evt: { type: 'quality_level', level } });
    if (this.qualityTiming) this.#quality.set(connection, new QualityLevelReporter(this.qualityTiming, qualityEvent));
    return connection;
  }

  private onMediaEvent(client: ConnectionOwner, connection: ServerConnection, event: MediaConnectionEvent): void {
    switch (event.type) {
      case 'ready':
        client.send('connection_message_erizo', { connectionId: connection.id, info: INFO.ready, evt: { type: 'ready' } });
        this.#upConnections.add(connection);
        for (const streamId of this.#awaitingReady.get(connection) ?? []) this.#announce(client, streamId);
        this.#awaitingReady.delete(connection);
        return;
      case 'failed':
        // A dead connection is not handed out again: the client's next stream of that kind gets a new one.
        for (const role of ['publish', 'subscribe'] as const) {
          if (client.sharedConnections[role] === connection) delete client.sharedConnections[role];
        }
        client.send('connection_message_erizo', { connectionId: connection.id, info: INFO.failed, evt: { type: 'failed', sdp: '' } });
        return;
      case 'publication-ready':
        return; // first RTP of every kind: HEAD does not wait for it (see #awaitingReady)
      case 'closed':
        this.#stopQuality(connection);
        this.#awaitingReady.delete(connection);
        return;
    }
  }

  /** After the publish ack: announce once the publication's connection is up, which may be now (single PC). */
  announceOnReady(client: ConnectionOwner, connection: ServerConnection, streamId: number): void {
    if (this.#upConnections.has(connection)) {
      this.#announce(client, streamId);
      return;
    }
    const waiting = this.#awaitingReady.get(connection) ?? new Set<number>();
    waiting.add(streamId);
    this.#awaitingReady.set(connection, waiting);
  }

  #announce(client: ConnectionOwner, streamId: number): void {
    const stream = client.room.streams.get(streamId);
    if (stream && stream.ownerId === client.clientId && !client.removed) announceWhenReady(client, stream, true);
  }

  offer(client: ConnectionOwner, connection: ServerConnection): Promise<void> {
    if (connection.glare) {
      connection.needsReoffer = true;
      return Promise.resolve();
    }
    return connection.enqueue(
      () => this.createAndSendOffer(client, connection),
      (err) => this.ctx.log(`[c] offer on ${connection.id}: ${String(err)}`),
    );
  }

  private async createAndSendOffer(client: ConnectionOwner, connection: ServerConnection): Promise<void> {
    connection.makingOffer = true;
    try {
      const sdp = await connection.media.createOffer();
      if (connection.closed) return;
      client.send('connection_message_erizo', { connectionId: connection.id, info: INFO.offerOrAnswer, evt: { type: 'offer', sdp } });
    } finally {
      connection.makingOffer = false;
    }
  }

  /** Remove a media subscription: re-offer on a connection still in use, close a connection left empty. */
  async dropSubscription(client: ConnectionOwner, streamId: number, connection: ServerConnection): Promise<void> {
    client.subscriptions.delete(streamId);
    client.room.streams.get(streamId)?.avSubscribers.delete(client.clientId);
    if (connection.closed) return;
    connection.media.removeSubscription(streamId);
    if (connection.isEmpty && !client.isShared(connection)) {
      await this.closeConnection(client, connection);
      return;
    }
    await this.offer(client, connection);
  }

  async closeConnection(client: ConnectionOwner, connection: ServerConnection): Promise<void> {
    client.connections.delete(connection.id);
    for (const role of ['publish', 'subscribe'] as const) {
      if (client.sharedConnections[role] === connection) delete client.sharedConnections[role];
    }
    this.#stopQuality(connection);
    for (const [streamId, conn] of client.subscriptions) {
      if (conn === connection) {
        client.subscriptions.delete(streamId);
        client.room.streams.get(streamId)?.avSubscribers.delete(client.clientId);
      }
    }
    await connection.close();
  }

  /** After a publication is removed: close its owner's connections left empty (never the single-PC shared ones). */
  async closeEmptyConnections(owner: ConnectionOwner): Promise<void> {
    for (const connection of [...owner.connections.values()]) {
      if (connection.isEmpty && !owner.isShared(connection)) await this.closeConnection(owner, connection);
    }
  }

  /**
   * Admin: every connection of the client now has quality `level`; it is reported at once and stays (the periodic
   * check does not report it back up). False when the client has no connection, or the generation no quality check.
   */
  sendQualityLevel(client: ConnectionOwner, level: number): boolean {
    if (client.connections.size === 0 || !this.qualityTiming) return false;
    for (const connection of client.connections.values()) this.#quality.get(connection)?.inject(level);
    return true;
  }

  /** Stop every periodic check (server shutdown). */
  stopAll(): void {
    for (const reporter of this.#quality.values()) reporter.stop();
    this.#quality.clear();
  }

  #stopQuality(connection: ServerConnection): void {
    this.#quality.get(connection)?.stop();
    this.#quality.delete(connection);
  }
}
