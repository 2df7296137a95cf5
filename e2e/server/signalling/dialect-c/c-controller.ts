import type { Server as HttpServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import { DEFAULT_VIDEO_BW, MAX_VIDEO_BW } from '../../config';
import type { MediaConnectionEvent } from '../../media/types';
import { mayControl, ownRights } from '../../rooms/permissions';
import { publicStream, type LiveRoom, type StreamRecord } from '../../rooms/room-registry';
import { ackErizoTimeout, requireRight, runHandler, tick } from '../acks';
import type { ClientSummary, ControllerContext, DialectController } from '../context';
import { isRecord, type Ack } from '../faults';
import { RecordingRequests } from '../recordings';
import { candidateLine, ServerConnection } from '../server-connection';
import { summarize } from '../signalling-client';
import {
  announceWhenReady,
  beginSubscribe,
  publishWithoutErizo,
  refusePublish,
  registerErizoPublication,
  relayDataStream,
  updateStreamAttributes,
} from '../stream-requests';
import { bandwidthAlert, beginClientRemoval, detachStream, killStream } from '../teardown';
import { CClient } from './c-client';

/** Erizo connection status codes carried as `info` (licode-protocol.md §5.5). */
const INFO = { offerOrAnswer: 202, ready: 104, failed: 500, qualityLevel: 150 } as const;

export interface CControllerOptions {
  allowSinglePC: boolean;
}

/** Extra error data socket.io 4 puts into CONNECT_ERROR as `data`. */
class ConnectError extends Error {
  constructor(
    message: string,
    readonly data: string,
  ) {
    super(message);
  }
}

/**
 * Dialect C: Licode HEAD's ErizoController on socket.io 4 (licode-protocol.md §5, §9.4).
 */
export class CController implements DialectController {
  readonly io: Server;
  private readonly clientsById = new Map<string, CClient>();
  private readonly recordings: RecordingRequests;

  constructor(
    httpServer: HttpServer,
    private readonly ctx: ControllerContext,
    private readonly options: CControllerOptions,
  ) {
    this.recordings = new RecordingRequests(ctx);
    this.io = new Server(httpServer, {
      transports: ['websocket'],
      allowUpgrades: false,
      allowEIO3: false,
      pingInterval: 10_000,
      pingTimeout: 5_000,
      maxHttpBufferSize: 1e6,
      serveClient: false,
    });
    this.io.use((socket, next) => this.authenticate(socket, next));
    this.io.on('connection', (socket) => this.onConnection(socket));
  }

  // ---- handshake -------------------------------------------------------------------------------------------------

  private authenticate(socket: Socket, next: (err?: Error) => void): void {
    try {
      const query = socket.handshake.query;
      const clientId = query.clientId;
      if (clientId) {
        const id = String(clientId);
        if (this.ctx.faults.isBlocked(id)) {
          // A network that is still down: the attempt never completes.
          rawTerminate(socket);
          return;
        }
        const client = this.clientsById.get(id);
        if (!client || client.removed) {
          this.refuse(socket, next, 'Connection already closed');
          return;
        }
        socket.data.reconnecting = client;
        next();
        return;
      }
      const presented = { tokenId: query.tokenId, host: query.host, secure: query.secure, signature: query.signature };
      const result = this.ctx.tokens.check(presented);
      if (!result.ok) {
        this.refuse(socket, next, `token: ${result.reason}`);
        return;
      }
      socket.data.token = result.record;
      next();
    } catch {
      this.refuse(socket, next, 'token: Internal error authenticating request');
    }
  }

  private refuse(socket: Socket, next: (err?: Error) => void, message: string): void {
    next(new ConnectError(message, message));
    // HEAD disconnects on the next tick after refusing.
    setTimeout(() => rawClose(socket), 0);
  }

  private onConnection(socket: Socket): void {
    const reconnecting = socket.data.reconnecting as CClient | undefined;
    if (reconnecting) {
      this.rebind(reconnecting, socket);
      return;
    }
    const token = socket.data.token as import('../../tokens/token-service').TokenRecord | undefined;
    if (!token) {
      socket.disconnect(true);
      return;
    }
    const nuve = this.ctx.rooms.nuveRoom(token.roomId);
    if (!nuve) {
      socket.disconnect(true);
      return;
    }
    const room = this.ctx.rooms.joinRoom(nuve);
    const requested = socket.handshake.query.singlePC;
    // `!!query.singlePC && allowSinglePC`: any non-empty string (even "false") is a request.
    const singlePC: boolean = Boolean(requested) && this.options.allowSinglePC;
    const client = new CClient(
      { name: token.userName, role: token.role, permissions: ownRights(this.ctx.roles, token.role) },
      room,
      singlePC,
    );
    this.clientsById.set(client.clientId, client);
    room.participants.set(client.clientId, client);
    this.registerHandlers(client);
    client.channel.setSocket(socket);
    this.watchSocket(client, socket);
    const connected: Record<string, unknown> = {
      streams: [...room.streams.values()].map((s) => publicStream(s, true)),
      id: room.id,
      clientId: client.clientId,
      singlePC: client.singlePC,
      streamPriorityStrategy: false,
      connectionTargetBw: 0,
      defaultVideoBW: DEFAULT_VIDEO_BW,
      maxVideoBW: MAX_VIDEO_BW,
      iceServers: this.ctx.iceServers,
    };
    if (token.p2p) connected.p2p = true;
    client.send('connected', connected);
    this.ctx.log(`[c] ${client.clientId} (${token.userName}/${token.role}) joined room ${room.id}`);
  }

  private rebind(client: CClient, socket: Socket): void {
    const old = client.channel.currentSocket;
    if (old && old !== socket) {
      client.channel.detach(old);
      old.disconnect(true);
    }
    if (client.graceTimer) clearTimeout(client.graceTimer);
    client.graceTimer = undefined;
    client.channel.setSocket(socket);
    this.watchSocket(client, socket);
    this.ctx.log(`[c] ${client.clientId} reconnected`);
  }

  private watchSocket(client: CClient, socket: Socket): void {
    socket.on('disconnect', (reason) => {
      if (client.channel.currentSocket !== socket) return; // replaced by a reconnection
      client.channel.detach(socket);
      if (client.removed) return;
      if (client.disconnectionRequested) {
        void this.removeClient(client, 'clientDisconnection');
        return;
      }
      this.ctx.log(`[c] ${client.clientId} lost its socket (${reason}); grace ${this.ctx.reconnectionGraceMs} ms`);
      client.graceTimer = setTimeout(() => void this.removeClient(client, 'reconnection grace expired'), this.ctx.reconnectionGraceMs);
    });
  }

  // ---- event handlers --------------------------------------------------------------------------------------------

  private registerHandlers(client: CClient): void {
    const on = (event: string, handler: (msg: unknown, ack: Ack) => void | Promise<void>) => {
      // HEAD: a throwing handler inside an envelope is swallowed and never acknowledged.
      client.channel.on(event, (msg, ack) => runHandler(this.ctx, 'c', event, ack, (reply) => handler(msg, reply)));
    };
    on('publish', (msg, ack) => this.onPublish(client, msg, ack));
    on('subscribe', (msg, ack) => this.onSubscribe(client, msg, ack));
    on('connectionMessage', (msg, ack) => this.onConnectionMessage(client, msg, ack));
    on('streamMessage', (msg, ack) => this.onStreamMessage(client, msg, ack));
    on('streamMessageP2P', (msg, ack) => this.onStreamMessageP2P(client, msg, ack));
    on('unpublish', (msg, ack) => this.onUnpublish(client, msg, ack));
    on('unsubscribe', (msg, ack) => this.onUnsubscribe(client, msg, ack));
    // HEAD acknowledges data messages always (before relaying), attribute updates only for a known stream.
    on('sendDataStream', (msg, ack) => {
      ack();
      relayDataStream(client, msg);
    });
    on('updateStreamAttributes', (msg, ack) => {
      if (updateStreamAttributes(client, msg)) ack();
    });
    on('startRecorder', (msg, ack) => this.recordings.start(client, msg, ack));
    on('stopRecorder', (msg, ack) => this.recordings.stop(client, msg, ack));
    on('getStreamStats', (msg, ack) => this.recordings.stats(client, msg, ack));
    on('setStreamPriorityStrategy', (_msg, ack) => ack());
    on('setConnectionTargetBandwidth', (_msg, ack) => ack());
    on('clientDisconnection', () => {
      client.disconnectionRequested = true;
    });
  }

  private async onPublish(client: CClient, msg: unknown, ack: Ack): Promise<void> {
    const { options, sdp } = unwrapOptions(msg);
    if (!options) return; // HEAD reads options.options of a non-object: throws, no ack
    if (refusePublish(this.ctx, client, options, sdp, ack)) return;
    const room = client.room;
    const id = this.ctx.ids.next();
    if (publishWithoutErizo(client, id, options, true, ack)) return;
    if (options.state !== 'erizo') return; // unknown states: HEAD never answers
    const unreachable = this.ctx.faults.erizoUnreachable;
    if (unreachable) {
      ackErizoTimeout(ack, unreachable, true);
      return;
    }
    registerErizoPublication(client, id, options);
    const connection = this.connectionFor(client, numberOr(options.maxVideoBW));
    connection.media.expectPublication(id, typeof options.label === 'string' ? options.label : String(id));
    await tick(); // ErizoJS `initializing`
    if (client.removed || !room.streams.has(id)) return;
    ack(id, room.erizoId, connection.id);
  }

  private async onSubscribe(client: CClient, msg: unknown, ack: Ack): Promise<void> {
    const { options } = unwrapOptions(msg);
    if (!options) return;
    const stream = beginSubscribe(this.ctx, client, options, ack, true);
    if (!stream) return;
    const room = client.room;
    // HEAD: the server offers (unlike A, where the client does), possibly on the client's shared connection (§5.4).
    const connection = this.connectionFor(client, numberOr(options.maxVideoBW));
    client.subscriptions.set(stream.id, connection);
    stream.avSubscribers.add(client.clientId);
    const kinds = { audio: options.audio !== false && Boolean(stream.audio), video: options.video !== false && Boolean(stream.video || stream.screen) };
    const negotiate = async () => {
      await stream.whenReady;
      if (client.removed || client.subscriptions.get(stream.id) !== connection) return;
      connection.media.addSubscription(stream.id, kinds);
      await this.offer(client, connection);
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

  private onConnectionMessage(client: CClient, msg: unknown, ack: Ack): void {
    const { options } = unwrapOptions(msg);
    if (!options) return;
    if (client.room.p2p) return; // no ack in P2P rooms
    ack();
    // Without erizoId the real controller routes the message to a non-existent queue: it is lost.
    if (typeof options.erizoId !== 'string' || options.erizoId !== client.room.erizoId) return;
    const connectionId = options.connectionId;
    const signal = options.msg;
    if (!isRecord(signal) || typeof connectionId !== 'string') return;
    const connection = client.connections.get(connectionId);
    if (!connection) {
      if (signal.type === 'offer') {
        client.send('connection_message_erizo', { connectionId, info: 'error', evt: { type: 'error', previousType: 'offer' } });
      }
      return;
    }
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

  private onStreamMessage(client: CClient, msg: unknown, ack: Ack): void {
    const { options } = unwrapOptions(msg);
    if (!options) return;
    ack();
    if (typeof options.erizoId !== 'string') return; // lost, as in HEAD
    const signal = options.msg;
    if (!isRecord(signal)) return;
    if (signal.type === 'control') {
      const action = isRecord(signal.action) ? signal.action.name : undefined;
      if (!mayControl(this.ctx.roles, client.user.role, action, false)) return;
    }
    // updatestream/control are applied inside ErizoJS only; nothing observable on the wire.
  }

  private onStreamMessageP2P(client: CClient, msg: unknown, ack: Ack): void {
    const { options } = unwrapOptions(msg);
    if (!options) return;
    ack();
    const target = typeof options.peerSocket === 'string' ? client.room.participants.get(options.peerSocket) : undefined;
    target?.send('stream_message_p2p', { streamId: options.streamId, peerSocket: client.clientId, msg: options.msg });
  }

  private async onUnpublish(client: CClient, streamId: unknown, ack: Ack): Promise<void> {
    if (!requireRight(this.ctx, client, 'publish', ack)) return;
    const stream = client.room.stream(streamId);
    if (!stream) return;
    const announced = await this.removeStream(client.room, stream);
    if (announced) client.room.broadcast('onRemoveStream', { id: stream.id });
    ack(true);
  }

  private async onUnsubscribe(client: CClient, streamId: unknown, ack: Ack): Promise<void> {
    if (!requireRight(this.ctx, client, 'subscribe', ack)) return;
    const room = client.room;
    const stream = room.stream(streamId);
    if (!stream) return;
    if (room.p2p) {
      if (!client.p2pSubscriptions.delete(stream.id)) return;
      stream.avSubscribers.delete(client.clientId);
      room.participants.get(stream.ownerId)?.send('unpublish_me', { streamId: stream.id, peerSocket: client.clientId });
      ack(true);
      return;
    }
    const connection = client.subscriptions.get(stream.id);
    stream.dataSubscribers.delete(client.clientId);
    if (!connection) return; // data-only stream (or not subscribed): HEAD never acknowledges
    await this.dropSubscription(client, stream.id, connection);
    ack(true);
  }

  // ---- connections -----------------------------------------------------------------------------------------------

  /** The connection a new publication/subscription goes on: the client's single one, or a new one per stream. */
  private connectionFor(client: CClient, maxVideoBW: number | undefined): ServerConnection {
    if (client.singlePC && client.singleConnection && !client.singleConnection.closed) return client.singleConnection;
    const erizoId = client.room.erizoId;
    const id = client.nextConnectionId(erizoId);
    const connection = new ServerConnection(this.ctx.media, id, 'c', erizoId, (conn, event) => this.onMediaEvent(client, conn, event), maxVideoBW);
    client.connections.set(id, connection);
    if (client.singlePC) client.singleConnection = connection;
    return connection;
  }

  private onMediaEvent(client: CClient, connection: ServerConnection, event: MediaConnectionEvent): void {
    switch (event.type) {
      case 'ready':
        client.send('connection_message_erizo', { connectionId: connection.id, info: INFO.ready, evt: { type: 'ready' } });
        client.send('connection_message_erizo', { connectionId: connection.id, info: INFO.qualityLevel, evt: { type: 'quality_level', level: 2 } });
        return;
      case 'failed':
        client.send('connection_message_erizo', { connectionId: connection.id, info: INFO.failed, evt: { type: 'failed', sdp: '' } });
        return;
      case 'publication-ready': {
        const stream = client.room.streams.get(event.streamId);
        if (stream && stream.ownerId === client.clientId) announceWhenReady(client, stream, true);
        return;
      }
      case 'closed':
        return;
    }
  }

  private offer(client: CClient, connection: ServerConnection): Promise<void> {
    if (connection.glare) {
      connection.needsReoffer = true;
      return Promise.resolve();
    }
    return connection.enqueue(() => this.createAndSendOffer(client, connection), (err) => this.ctx.log(`[c] offer on ${connection.id}: ${String(err)}`));
  }

  private async createAndSendOffer(client: CClient, connection: ServerConnection): Promise<void> {
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
  private async dropSubscription(client: CClient, streamId: number, connection: ServerConnection): Promise<void> {
    client.subscriptions.delete(streamId);
    client.room.streams.get(streamId)?.avSubscribers.delete(client.clientId);
    if (connection.closed) return;
    connection.media.removeSubscription(streamId);
    if (connection.isEmpty && connection !== client.singleConnection) {
      await this.closeConnection(client, connection);
      return;
    }
    await this.offer(client, connection);
  }

  private async closeConnection(client: CClient, connection: ServerConnection): Promise<void> {
    client.connections.delete(connection.id);
    if (client.singleConnection === connection) client.singleConnection = undefined;
    for (const [streamId, conn] of client.subscriptions) {
      if (conn === connection) {
        client.subscriptions.delete(streamId);
        client.room.streams.get(streamId)?.avSubscribers.delete(client.clientId);
      }
    }
    await connection.close();
  }

  /**
   * Tear a publication down (ErizoJS removes the publisher and its subscribers). Returns whether an `onRemoveStream`
   * is due (media streams and P2P streams; never for data-only streams).
   */
  private async removeStream(room: LiveRoom, stream: StreamRecord): Promise<boolean> {
    const owner = this.clientsById.get(stream.ownerId);
    if (!detachStream(room, stream, owner)) return false;
    for (const subscriberId of [...stream.avSubscribers]) {
      const subscriber = this.clientsById.get(subscriberId);
      const connection = subscriber?.subscriptions.get(stream.id);
      if (subscriber && connection) await this.dropSubscription(subscriber, stream.id, connection);
      if (subscriber) subscriber.p2pSubscriptions.delete(stream.id);
    }
    stream.dataSubscribers.clear();
    if (stream.kind === 'erizo') {
      await this.ctx.media.removePublication(stream.id).catch(() => undefined);
      if (owner) {
        for (const connection of [...owner.connections.values()]) {
          if (connection.isEmpty && connection !== owner.singleConnection) await this.closeConnection(owner, connection);
        }
      }
    }
    return stream.kind !== 'data';
  }

  private async removeClient(client: CClient, why: string): Promise<void> {
    if (!(await beginClientRemoval(this.ctx, 'c', client, why, (room, stream) => this.removeStream(room, stream)))) return;
    const room = client.room;
    for (const [streamId, connection] of [...client.subscriptions]) await this.dropSubscription(client, streamId, connection);
    for (const connection of [...client.connections.values()]) await this.closeConnection(client, connection);
    for (const stream of room.streams.values()) {
      stream.dataSubscribers.delete(client.clientId);
      stream.avSubscribers.delete(client.clientId);
      if (room.p2p && stream.ownerId !== client.clientId) {
        room.participants.get(stream.ownerId)?.send('unpublish_me', { streamId: stream.id, peerSocket: client.clientId });
      }
    }
    room.participants.delete(client.clientId);
    this.clientsById.delete(client.clientId);
    this.ctx.rooms.leaveIfEmpty(room);
    client.channel.currentSocket?.disconnect(true);
  }

  // ---- admin -----------------------------------------------------------------------------------------------------

  clients(): ClientSummary[] {
    return [...this.clientsById.values()].map((c) => summarize(c, [...c.connections.keys()]));
  }

  dropClient(clientId: string, blockMs: number): boolean {
    const client = this.clientsById.get(clientId);
    const socket = client?.channel.currentSocket;
    if (!client || !socket) return false;
    if (blockMs > 0) this.ctx.faults.block(clientId, blockMs);
    rawTerminate(socket);
    return true;
  }

  sendRaw(clientId: string, event: string, args: unknown[], envelope: boolean): boolean {
    const client = this.clientsById.get(clientId);
    if (!client) return false;
    if (envelope) client.channel.emit(event, args[0]);
    else client.channel.currentSocket?.emit(event, ...args);
    return true;
  }

  failStream(streamId: number, subscriberClientId?: string): boolean {
    const found = this.ctx.rooms.findStream(streamId);
    if (!found) return false;
    const clientId = subscriberClientId ?? found.stream.ownerId;
    const client = this.clientsById.get(clientId);
    if (!client) return false;
    const connection =
      subscriberClientId !== undefined
        ? client.subscriptions.get(streamId)
        : [...client.connections.values()].find((c) => c.media.publications.includes(streamId));
    if (!connection) return false;
    connection.media.fail('fault injection');
    return true;
  }

  killStream(streamId: number): Promise<boolean> {
    return killStream(this.ctx, streamId, (room, stream) => this.removeStream(room, stream));
  }

  bandwidthAlert(streamId: number, message: string, bandwidth: number): boolean {
    return bandwidthAlert(this.ctx, streamId, message, bandwidth, 'stream_message_erizo');
  }

  qualityLevel(clientId: string, level: number): boolean {
    const client = this.clientsById.get(clientId);
    if (!client || client.connections.size === 0) return false;
    for (const id of client.connections.keys()) {
      client.send('connection_message_erizo', { connectionId: id, info: INFO.qualityLevel, evt: { type: 'quality_level', level } });
    }
    return true;
  }

  async close(): Promise<void> {
    for (const client of this.clientsById.values()) {
      if (client.graceTimer) clearTimeout(client.graceTimer);
      client.removed = true;
      for (const connection of client.connections.values()) await connection.close();
    }
    this.clientsById.clear();
    for (const socket of this.io.sockets.sockets.values()) rawTerminate(socket);
    await new Promise<void>((resolve) => this.io.close(() => resolve()));
  }
}

/** HEAD's `{options, sdp}` wrapper; anything else means the handler would throw. */
function unwrapOptions(msg: unknown): { options: Record<string, unknown> | undefined; sdp: unknown } {
  if (!isRecord(msg) || !isRecord(msg.options)) return { options: undefined, sdp: undefined };
  return { options: msg.options, sdp: msg.sdp };
}

function numberOr(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : undefined;
}

/** Cut the underlying WebSocket without a close handshake, as a network failure would (client sees 1006). */
function rawTerminate(socket: Socket): void {
  // engine.io keeps the `ws` WebSocket on its transport; reaching it is the only way to simulate a dead network.
  const transport = (socket.conn as unknown as { transport?: { socket?: { terminate?: () => void } } }).transport;
  if (transport?.socket?.terminate) transport.socket.terminate();
  else socket.conn.close();
}

function rawClose(socket: Socket): void {
  socket.conn.close();
}
