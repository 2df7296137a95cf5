import type { Server as HttpServer } from 'node:http';
import { DEFAULT_VIDEO_BW, MAX_VIDEO_BW } from '../../config';
import type { MediaConnection } from '../../media/types';
import { mayControl, ownRights } from '../../rooms/permissions';
import { publicStream, type LiveRoom, type StreamRecord } from '../../rooms/room-registry';
import { ackErizoTimeout, requireRight, runHandler, tick } from '../acks';
import type { ClientSummary, ControllerContext, DialectController } from '../context';
import { isRecord, type Ack } from '../faults';
import type { TokenRecord } from '../../tokens/token-service';
import { RecordingRequests } from '../recordings';
import { summarize } from '../signalling-client';
import { beginSubscribe, publishWithoutErizo, refusePublish, registerErizoPublication, relayDataStream, updateStreamAttributes } from '../stream-requests';
import { bandwidthAlert, beginClientRemoval, detachStream, killStream } from '../teardown';
import { CClient } from './c-client';
import { CConnections } from './c-connections';
import type { CGeneration } from './c-generations';
import { createCSocketServer, type CSocket as Socket, type CSocketServer } from './c-socket-server';
import type { QualityLevelTiming } from './quality-level';

export interface CControllerOptions {
  /** v9, v10 or HEAD: socket.io version, `connected` keys, extra events, SDP style, who offers (c-generations.ts). */
  generation: CGeneration;
  allowSinglePC: boolean;
  /** `quality_level` check and increase intervals (default HEAD's 5 s / 30 s); tests shorten them. */
  qualityLevelTiming?: QualityLevelTiming;
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
 * Dialect C: Licode HEAD's ErizoController on socket.io 4 (docs/licode-protocol.md §5, §9.4), and its v9/v10
 * ancestors on socket.io 2 (§5.8) as described by `options.generation`.
 */
export class CController implements DialectController {
  /** Handshakes with neither token fields nor a clientId (generation probes, §1.4). */
  tokenlessSockets = 0;
  private readonly io: CSocketServer;
  /** What the middleware decided for a socket, read again at `connection`. */
  private readonly handshakes = new WeakMap<Socket, { token?: TokenRecord; reconnecting?: CClient }>();
  private readonly clientsById = new Map<string, CClient>();
  private readonly recordings: RecordingRequests;
  private readonly connections: CConnections;

  constructor(
    httpServer: HttpServer,
    private readonly ctx: ControllerContext,
    private readonly options: CControllerOptions,
  ) {
    this.recordings = new RecordingRequests(ctx);
    this.connections = new CConnections(ctx, options.generation, options.qualityLevelTiming);
    this.io = createCSocketServer(options.generation.socketIo, httpServer);
    this.io.use((socket, next) => this.authenticate(socket, next));
    this.io.onConnection((socket) => this.onConnection(socket));
  }

  // ---- handshake -------------------------------------------------------------------------------------------------

  private authenticate(socket: Socket, next: (err?: Error) => void): void {
    if (!socket.handshake.query.clientId && !socket.handshake.query.tokenId) this.tokenlessSockets += 1;
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
        this.handshakes.set(socket, { reconnecting: client });
        next();
        return;
      }
      const presented = { tokenId: query.tokenId, host: query.host, secure: query.secure, signature: query.signature };
      const result = this.ctx.tokens.check(presented);
      if (!result.ok) {
        this.refuse(socket, next, `token: ${result.reason}`);
        return;
      }
      this.handshakes.set(socket, { token: result.record });
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
    const { reconnecting, token } = this.handshakes.get(socket) ?? {};
    if (reconnecting) {
      this.rebind(reconnecting, socket);
      return;
    }
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
    const client = new CClient({ name: token.userName, role: token.role, permissions: ownRights(this.ctx.roles, token.role) }, room, singlePC);
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
      ...(this.options.generation.connectionTargetBw ? { connectionTargetBw: 0 } : {}),
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
    socket.on('disconnect', (reason: unknown) => {
      if (client.channel.currentSocket !== socket) return; // replaced by a reconnection
      client.channel.detach(socket);
      if (client.removed) return;
      if (client.disconnectionRequested) {
        void this.removeClient(client, 'clientDisconnection');
        return;
      }
      this.ctx.log(`[c] ${client.clientId} lost its socket (${String(reason)}); grace ${this.ctx.reconnectionGraceMs} ms`);
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
    for (const event of this.options.generation.ackOnlyEvents) on(event, (_msg, ack) => ack());
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
    const connection = this.connections.connectionFor(client, 'publish', numberOr(options.maxVideoBW));
    connection.media.expectPublication(id, typeof options.label === 'string' ? options.label : String(id));
    await tick(); // ErizoJS `initializing`
    if (client.removed || !room.streams.has(id)) return;
    ack(id, room.erizoId, connection.id);
    this.connections.announceOnReady(client, connection, id);
  }

  private async onSubscribe(client: CClient, msg: unknown, ack: Ack): Promise<void> {
    const { options } = unwrapOptions(msg);
    if (!options) return;
    const stream = beginSubscribe(this.ctx, client, options, ack, true);
    // HEAD: the server offers (unlike A, where the client does); v9 only with `offerFromErizo`.
    if (stream) await this.connections.subscribe(client, stream, options, ack, this.options.generation.serverOffers(options));
  }

  private onConnectionMessage(client: CClient, msg: unknown, ack: Ack): void {
    const { options } = unwrapOptions(msg);
    if (!options) return;
    if (client.room.p2p) return; // no ack in P2P rooms
    ack();
    this.connections.route(client, options);
  }

  private onStreamMessage(client: CClient, msg: unknown, ack: Ack): void {
    const { options } = unwrapOptions(msg);
    if (!options) return;
    ack();
    // HEAD routes by erizoId: without it, or with another ErizoJS's id, the message goes to a queue nobody reads.
    if (typeof options.erizoId !== 'string' || options.erizoId !== client.room.erizoId) return;
    const signal = options.msg;
    if (!isRecord(signal)) return;
    if (signal.type === 'control') {
      const action = isRecord(signal.action) ? signal.action.name : undefined;
      if (!mayControl(this.ctx.roles, client.user.role, action, false)) return;
    }
    // updatestream/control are applied inside ErizoJS; nothing observable on the wire. A subscriber's config picks
    // its simulcast layer (video size, maxVideoBW, qualityLayer).
    const stream = client.room.stream(options.streamId);
    if (signal.type === 'updatestream' && stream && isRecord(signal.config)) {
      client.subscriptions.get(stream.id)?.configureSubscription(stream.id, signal.config);
    }
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
    await this.connections.dropSubscription(client, stream.id, connection);
    ack(true);
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
      if (subscriber && connection) await this.connections.dropSubscription(subscriber, stream.id, connection);
      if (subscriber) subscriber.p2pSubscriptions.delete(stream.id);
    }
    stream.dataSubscribers.clear();
    if (stream.kind === 'erizo') {
      await this.ctx.media.removePublication(stream.id).catch(() => undefined);
      if (owner) await this.connections.closeEmptyConnections(owner);
    }
    return stream.kind !== 'data';
  }

  private async removeClient(client: CClient, why: string): Promise<void> {
    if (!(await beginClientRemoval(this.ctx, 'c', client, why, (room, stream) => this.removeStream(room, stream)))) return;
    const room = client.room;
    for (const [streamId, connection] of [...client.subscriptions]) await this.connections.dropSubscription(client, streamId, connection);
    for (const connection of [...client.connections.values()]) await this.connections.closeConnection(client, connection);
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

  streamMedia(streamId: number, subscriberClientId?: string): MediaConnection | undefined {
    const found = this.ctx.rooms.findStream(streamId);
    if (!found) return undefined;
    const client = this.clientsById.get(subscriberClientId ?? found.stream.ownerId);
    if (!client) return undefined;
    const connection =
      subscriberClientId !== undefined
        ? client.subscriptions.get(streamId)
        : [...client.connections.values()].find((c) => c.media.publications.includes(streamId));
    return connection?.media;
  }

  killStream(streamId: number): Promise<boolean> {
    return killStream(this.ctx, streamId, (room, stream) => this.removeStream(room, stream));
  }

  bandwidthAlert(streamId: number, message: string, bandwidth: number): boolean {
    return bandwidthAlert(this.ctx, streamId, message, bandwidth, 'stream_message_erizo');
  }

  qualityLevel(clientId: string, level: number): boolean {
    const client = this.clientsById.get(clientId);
    return client ? this.connections.sendQualityLevel(client, level) : false;
  }

  async close(): Promise<void> {
    for (const client of this.clientsById.values()) {
      if (client.graceTimer) clearTimeout(client.graceTimer);
      client.removed = true;
      for (const connection of client.connections.values()) await connection.close();
    }
    this.connections.stopAll();
    this.clientsById.clear();
    for (const socket of this.io.sockets()) rawTerminate(socket);
    await this.io.close();
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
