import type { Server as HttpServer } from 'node:http';
import { DEFAULT_VIDEO_BW, MAX_VIDEO_BW } from '../../config';
import type { MediaConnection } from '../../media/types';
import { mayControl, ownRights } from '../../rooms/permissions';
import { hasMedia, publicStream, type LiveRoom, type StreamRecord } from '../../rooms/room-registry';
import { ackErizoTimeout, requireRight, runHandler, tick } from '../acks';
import type { ClientSummary, ControllerContext, DialectController } from '../context';
import { SOCKET_IO_2_0_3_PING } from '../dialect-a/a-controller';
import { createV2Server, type V2Server, type V2Socket } from '../dialect-a/socketio-v2';
import { CConnections } from '../dialect-c/c-connections';
import { isRecord, splitArgs, type Ack } from '../faults';
import { RecordingRequests } from '../recordings';
import { summarize } from '../signalling-client';
import { beginSubscribe, publishWithoutErizo, refusePublish, registerErizoPublication, relayDataStream, updateStreamAttributes } from '../stream-requests';
import { bandwidthAlert, beginClientRemoval, detachStream, killStream } from '../teardown';
import { BClient } from './b-client';
import type { BGeneration } from './b-generations';

/** v7/v8 ErizoJS writes SDP with the v6 … v9 SessionDescription (Plan B, CRLF, port 9, versioned `o=`; §7.1). */
const B_SDP = { sdp: { style: 'a', aGeneration: 'v6' } } as const;

export interface BControllerOptions {
  /** v7 or v8: who offers for subscriptions, the data-only unpublish ack, `quality_level` (b-generations.ts). */
  generation: BGeneration;
}

/**
 * Dialect B: the ErizoController of Licode v7 and v8 (docs/licode-protocol.md §4, §9.3). The session layer is A3's
 * (socket.io 2.0.3, `token({token, singlePC})`, `reconnected(clientId)`, the 10 s grace with a server-side buffer);
 * signalling goes per connection: `connectionMessage` up, `connection_message_erizo` down, acks carrying the
 * connectionId. The connections themselves are handled as in dialect C (`CConnections`), with v7/v8's Plan B SDP.
 */
export class BController implements DialectController {
  /** Sockets closed without ever sending `token` or `reconnected` (generation probes, §1.4). */
  tokenlessSockets = 0;
  private readonly io: V2Server;
  private readonly clientsById = new Map<string, BClient>();
  private readonly recordings: RecordingRequests;
  private readonly connections: CConnections;

  constructor(
    httpServer: HttpServer,
    private readonly ctx: ControllerContext,
    private readonly options: BControllerOptions,
  ) {
    this.recordings = new RecordingRequests(ctx);
    this.connections = new CConnections(ctx, B_SDP, options.generation.qualityTiming);
    // v7/v8 install socket.io 2.0.3 (`v8: erizo_controller/package.json` ~2.0.3); 1 MB messages as in dialect A.
    this.io = createV2Server(httpServer, { transports: ['websocket'], serveClient: false, maxHttpBufferSize: 1e6, ...SOCKET_IO_2_0_3_PING });
    this.io.on('connection', (socket) => this.onConnection(socket));
  }

  // ---- session (models/Channel.js) -------------------------------------------------------------------------------

  private onConnection(socket: V2Socket): void {
    let client: BClient | undefined;
    let closeCode: number | undefined;
    socket.conn.transport?.socket?.on?.('close', (code) => (closeCode = code));
    let presented = false;
    const listen = (event: string, handler: (payload: unknown[], ack: Ack) => void | Promise<void>) => {
      socket.on(event, (...args: unknown[]) => {
        const { payload, ack } = splitArgs(args);
        runHandler(this.ctx, 'b', event, ack, (reply) => handler(payload, reply));
      });
    };
    // Until a Client is created or rebound on it, a socket listens only to token, reconnected and disconnect
    // (Channel.js listenToSocketHandshakeEvents; Client.listenToSocketEvents): anything else is never answered.
    const on = (event: string, handler: (c: BClient, payload: unknown[], ack: Ack) => void | Promise<void>) =>
      listen(event, (payload, ack) => (client ? handler(client, payload, ack) : undefined));
    listen('token', ([arg], ack) => {
      presented = true;
      if (!client) client = this.onToken(socket, arg, ack);
    });
    listen('reconnected', ([clientId]) => {
      presented = true;
      if (!client) client = this.onReconnected(socket, clientId);
    });
    on('publish', (c, [options, sdp], ack) => this.onPublish(c, options, sdp, ack));
    on('subscribe', (c, [options], ack) => this.onSubscribe(c, options, ack));
    // Positional `(message, null, ack)`: B's controller never calls the ack of these two (§8 #14).
    on('connectionMessage', (c, [message]) => this.onConnectionMessage(c, message));
    on('streamMessage', (c, [message]) => this.onStreamMessage(c, message));
    on('streamMessageP2P', (c, [message]) => this.onStreamMessageP2P(c, message));
    on('unpublish', (c, [id], ack) => this.onUnpublish(c, id, ack));
    on('unsubscribe', (c, [id], ack) => this.onUnsubscribe(c, id, ack));
    // Data and attribute requests are never acknowledged (v7/v8 handlers take no callback).
    on('sendDataStream', (c, [message]) => relayDataStream(c, message));
    on('updateStreamAttributes', (c, [message]) => void updateStreamAttributes(c, message));
    on('startRecorder', (c, [message], ack) => this.recordings.start(c, message, ack));
    on('stopRecorder', (c, [message], ack) => this.recordings.stop(c, message, ack));
    on('getStreamStats', (c, [id], ack) => this.recordings.stats(c, id, ack));
    socket.on('disconnect', (...args: unknown[]) => {
      if (!presented) this.tokenlessSockets += 1;
      // The WebSocket's own 'close' listener (which records the code) runs after socket.io's: decide a turn later.
      setImmediate(() => this.onDisconnect(socket, client, String(args[0]), closeCode));
    });
  }

  private onToken(socket: V2Socket, arg: unknown, ack: Ack): BClient | undefined {
    // `{token, singlePC}` (Channel.onToken reads `options.token`): a bare token is an "Authentication error".
    const result = this.ctx.tokens.check(isRecord(arg) ? arg.token : undefined);
    const nuve = result.ok ? this.ctx.rooms.nuveRoom(result.record.roomId) : undefined;
    if (!result.ok || !nuve) {
      ack('error', result.ok ? 'Token does not exist' : result.reason);
      // Namespace disconnect only: the WebSocket stays open (docs/licode-protocol.md §8 24e).
      socket.disconnect();
      return undefined;
    }
    const token = result.record;
    const room = this.ctx.rooms.joinRoom(nuve);
    // `!!options.singlePC && allowSinglePC`; allowSinglePC is refused for B (TestServer), so always false here.
    const client = new BClient(socket, { name: token.userName, role: token.role, permissions: ownRights(this.ctx.roles, token.role) }, room, false);
    this.clientsById.set(client.clientId, client);
    room.participants.set(client.clientId, client);
    // v7/v8 list every published stream, ready or not (`v8: erizoController.js`, forEachPublishedStream).
    const info: Record<string, unknown> = {
      streams: [...room.streams.values()].map((s) => publicStream(s, true)),
      id: room.id,
      clientId: client.clientId,
      singlePC: client.singlePC,
    };
    if (token.p2p) info.p2p = true;
    info.defaultVideoBW = DEFAULT_VIDEO_BW;
    info.maxVideoBW = MAX_VIDEO_BW;
    info.iceServers = this.ctx.iceServers;
    ack('success', info);
    this.ctx.log(`[b] ${client.clientId} (${token.userName}/${token.role}) joined room ${room.id}`);
    return client;
  }

  /** `reconnected(clientId)` on a new socket: rebind and flush the buffer; an unknown id rebinds nothing (§9.2). */
  private onReconnected(socket: V2Socket, clientId: unknown): BClient | undefined {
    if (typeof clientId !== 'string') return undefined;
    if (this.ctx.faults.isBlocked(clientId)) {
      terminate(socket);
      return undefined;
    }
    const existing = this.clientsById.get(clientId);
    if (!existing || existing.removed) return undefined;
    if (existing.graceTimer) clearTimeout(existing.graceTimer);
    existing.graceTimer = undefined;
    const old = existing.socket;
    existing.rebind(socket);
    if (old !== socket && old.connected) old.disconnect(true);
    this.ctx.log(`[b] ${clientId} reconnected`);
    return existing;
  }

  private onDisconnect(socket: V2Socket, c: BClient | undefined, reason: string, closeCode: number | undefined): void {
    if (!c || c.removed || c.socket !== socket) return;
    // An abnormal close (code other than 1000/1001) keeps the client for the reconnection grace (Channel.onDisconnect).
    const clean = reason.includes('namespace disconnect') || closeCode === 1000 || closeCode === 1001;
    if (clean) {
      void this.removeClient(c, reason);
      return;
    }
    this.ctx.log(`[b] ${c.clientId} lost its socket (${reason}, code ${String(closeCode)}); grace ${this.ctx.reconnectionGraceMs} ms`);
    c.graceTimer = setTimeout(() => void this.removeClient(c, 'reconnection grace expired'), this.ctx.reconnectionGraceMs);
  }

  // ---- requests (models/Client.js) -------------------------------------------------------------------------------

  private async onPublish(client: BClient, options: unknown, sdp: unknown, ack: Ack): Promise<void> {
    if (!isRecord(options)) return;
    if (refusePublish(this.ctx, client, options, sdp, ack)) return;
    const room = client.room;
    const id = this.ctx.ids.next();
    if (publishWithoutErizo(client, id, options, true, ack)) return;
    if (options.state !== 'erizo') return;
    const unreachable = this.ctx.faults.erizoUnreachable;
    if (unreachable) {
      ackErizoTimeout(ack, unreachable, true);
      return;
    }
    registerErizoPublication(client, id, options);
    const connection = this.connections.connectionFor(client, 'publish', positiveNumber(options.maxVideoBW));
    connection.media.expectPublication(id, typeof options.label === 'string' ? options.label : String(id));
    await tick(); // ErizoJS `initializing` (its `started` is swallowed)
    if (client.removed || !room.streams.has(id)) return;
    ack(id, room.erizoId, connection.id);
    // `ready`: connection_message_erizo {info: 104} from the connection, onAddStream to the room (§4.1).
    this.connections.announceOnReady(client, connection, id);
  }

  private async onSubscribe(client: BClient, options: unknown, ack: Ack): Promise<void> {
    if (!isRecord(options)) return;
    // v8 checks `hasAvSubscriber` first: a repeated subscribe is never answered.
    const stream = beginSubscribe(this.ctx, client, options, ack, true);
    // v7: the client offers; v8: ErizoJS offers once the connection gathered, when asked to (`offerFromErizo`).
    if (stream) await this.connections.subscribe(client, stream, options, ack, this.options.generation.serverOffers(options));
  }

  private onConnectionMessage(client: BClient, message: unknown): void {
    if (isRecord(message) && !client.room.p2p) this.connections.route(client, message);
  }

  private onStreamMessage(client: BClient, message: unknown): void {
    if (!isRecord(message) || client.room.p2p) return;
    const signal = message.msg;
    if (!isRecord(signal)) return; // `message.msg.type` throws in Client.onStreamMessage
    if (signal.type === 'control') {
      const action = isRecord(signal.action) ? signal.action.name : undefined;
      if (!mayControl(this.ctx.roles, client.user.role, action, false)) return;
    }
    if (typeof message.erizoId !== 'string' || message.erizoId !== client.room.erizoId) return;
    // updatestream/control are applied inside ErizoJS, nothing comes back; a subscriber's config picks its layer.
    const stream = client.room.stream(message.streamId);
    if (signal.type === 'updatestream' && stream && isRecord(signal.config)) {
      client.subscriptions.get(stream.id)?.configureSubscription(stream.id, signal.config);
    }
  }

  private onStreamMessageP2P(client: BClient, message: unknown): void {
    if (!isRecord(message) || !client.room.p2p) return;
    const target = typeof message.peerSocket === 'string' ? client.room.participants.get(message.peerSocket) : undefined;
    target?.send('stream_message_p2p', { streamId: message.streamId, peerSocket: client.clientId, msg: message.msg });
  }

  private async onUnpublish(client: BClient, streamId: unknown, ack: Ack): Promise<void> {
    if (!requireRight(this.ctx, client, 'publish', ack)) return;
    const room = client.room;
    const stream = room.stream(streamId);
    if (!stream) return;
    if (!hasMedia(stream)) {
      // Data-only (§4.1): v7 answers nothing at all, v8 acks (true); neither announces onRemoveStream. P2P rooms ack.
      await this.removeStream(room, stream);
      if (room.p2p || this.options.generation.acksDataOnlyUnpublish) ack(true);
      return;
    }
    // SFU: ErizoJS removes the publisher first, then onRemoveStream and the ack; P2P: announced first.
    if (room.p2p) room.broadcast('onRemoveStream', { id: stream.id });
    await this.removeStream(room, stream);
    if (!room.p2p) room.broadcast('onRemoveStream', { id: stream.id });
    ack(true);
  }

  private async onUnsubscribe(client: BClient, streamId: unknown, ack: Ack): Promise<void> {
    if (!requireRight(this.ctx, client, 'subscribe', ack)) return;
    const room = client.room;
    const stream = room.stream(streamId);
    if (!stream) return;
    stream.dataSubscribers.delete(client.clientId);
    // A data-only stream, or one the client does not subscribe: no ack.
    if (room.p2p) {
      if (!client.p2pSubscriptions.delete(stream.id)) return;
      stream.avSubscribers.delete(client.clientId);
      room.participants.get(stream.ownerId)?.send('unpublish_me', { streamId: stream.id, peerSocket: client.clientId });
      ack(true);
      return;
    }
    const connection = client.subscriptions.get(stream.id);
    if (!connection) return;
    await this.connections.dropSubscription(client, stream.id, connection);
    ack(true);
  }

  /** Tear a publication down (ErizoJS removes the publisher; each subscriber's connection re-offers or closes). */
  private async removeStream(room: LiveRoom, stream: StreamRecord): Promise<void> {
    const owner = this.clientsById.get(stream.ownerId);
    if (!detachStream(room, stream, owner)) return;
    for (const subscriberId of [...stream.avSubscribers]) {
      const subscriber = this.clientsById.get(subscriberId);
      const connection = subscriber?.subscriptions.get(stream.id);
      if (subscriber && connection) await this.connections.dropSubscription(subscriber, stream.id, connection);
      subscriber?.p2pSubscriptions.delete(stream.id);
    }
    stream.avSubscribers.clear();
    stream.dataSubscribers.clear();
    if (stream.kind === 'erizo') {
      await this.ctx.media.removePublication(stream.id).catch(() => undefined);
      if (owner) await this.connections.closeEmptyConnections(owner);
    }
  }

  private async removeClient(client: BClient, why: string): Promise<void> {
    if (!(await beginClientRemoval(this.ctx, 'b', client, why, (room, stream) => this.removeStream(room, stream)))) return;
    const room = client.room;
    for (const [streamId, connection] of [...client.subscriptions]) await this.connections.dropSubscription(client, streamId, connection);
    for (const connection of [...client.connections.values()]) await this.connections.closeConnection(client, connection);
    for (const stream of room.streams.values()) {
      stream.dataSubscribers.delete(client.clientId);
      stream.avSubscribers.delete(client.clientId);
      if (client.p2pSubscriptions.has(stream.id)) {
        room.participants.get(stream.ownerId)?.send('unpublish_me', { streamId: stream.id, peerSocket: client.clientId });
      }
    }
    this.clientsById.delete(client.clientId);
    this.ctx.rooms.leaveIfEmpty(room);
  }

  // ---- admin -----------------------------------------------------------------------------------------------------

  clients(): ClientSummary[] {
    return [...this.clientsById.values()].map((c) => summarize(c, [...c.connections.keys()]));
  }

  dropClient(clientId: string, blockMs: number): boolean {
    const client = this.clientsById.get(clientId);
    if (!client) return false;
    if (blockMs > 0) this.ctx.faults.block(clientId, blockMs);
    terminate(client.socket);
    return true;
  }

  sendRaw(clientId: string, event: string, args: unknown[]): boolean {
    const client = this.clientsById.get(clientId);
    if (!client) return false;
    client.socket.emit(event, ...args);
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
    // The `bandwidthAlert` fall-through is the one stream message B still forwards (§4.1).
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
    for (const socket of Object.values(this.io.sockets.sockets)) terminate(socket);
    await new Promise<void>((resolve) => this.io.close(() => resolve()));
  }
}

function positiveNumber(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : undefined;
}

/** Cut the WebSocket without a close handshake, as a network failure would. */
function terminate(socket: V2Socket): void {
  const ws = socket.conn.transport?.socket;
  if (ws?.terminate) ws.terminate();
  else socket.conn.close();
}
