import type { Server as HttpServer } from 'node:http';
import { randomUUID } from 'node:crypto';
import { DEFAULT_VIDEO_BW, MAX_VIDEO_BW } from '../../config';
import type { MediaConnection, MediaConnectionEvent } from '../../media/types';
import { mayControl, mayPublishOrSubscribe, ownRights } from '../../rooms/permissions';
import { publicStream, type LiveRoom, type StreamRecord } from '../../rooms/room-registry';
import { ackErizoTimeout, requireRight, runHandler, tick } from '../acks';
import type { ClientSummary, ControllerContext, DialectController } from '../context';
import { isRecord, splitArgs, type Ack } from '../faults';
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
import { AClient } from './a-client';
import { repeatSubscribe } from './a-repeat-subscribe';
import { createV09Server } from './socketio-09';
import { createV2Server, type V2Server, type V2Socket } from './socketio-v2';
import { textKeyedIds } from './v3-stream-ids';

export type AVersion = 'v3' | 'v4' | 'v5' | 'v6';

/**
 * v4 … v8 install socket.io 2.0.3 (erizo_controller/installErizo_controller.sh) and call
 * `require('socket.io').listen(server, {log: false})`, so Engine.IO 3.1's defaults apply: the handshake announces
 * pingInterval 25000 and pingTimeout 60000 (docs/licode-protocol.md §8 #24k). The socket.io 2.5 used here defaults to 20000.
 */
export const SOCKET_IO_2_0_3_PING = { pingInterval: 25_000, pingTimeout: 60_000 } as const;

/** The only events a v5/v6 Channel listens to before its socket carries a client (§9.2). */
const HANDSHAKE_EVENTS: ReadonlySet<string> = new Set(['token', 'reconnected']);

export interface AControllerOptions {
  version: AVersion;
  allowSinglePC: boolean;
}

/**
 * Dialect A: the per-stream ErizoController of Licode v4 (socket.io 2), with the v5 (clientId, `reconnected`,
 * 10 s grace) and v6 (`{token, singlePC}`, erizoId in acks) variants (docs/licode-protocol.md §3, §9.2).
 */
export class AController implements DialectController {
  /** Sockets closed without ever sending `token` or `reconnected` (generation probes, §1.4). */
  tokenlessSockets = 0;
  private readonly io: V2Server;
  private readonly clientsById = new Map<string, AClient>();
  private readonly recordings: RecordingRequests;
  private readonly agentId = randomUUID();
  /** Each subscription connection's subscribe options: their video/maxVideoBW caps apply once the client offers. */
  private readonly subscribeOptions = new WeakMap<ServerConnection, Record<string, unknown>>();
  /** Subscription connections whose ErizoJS has not reported `initializing` yet (their subscribe is unacknowledged). */
  private readonly awaitingInitializing = new WeakSet<ServerConnection>();
  /** Subscription connections closed by a repeated subscribe before their `initializing` (they are still acknowledged). */
  private readonly replacedSubscriptions = new WeakSet<ServerConnection>();
  private resubscriptions = 0;

  constructor(
    httpServer: HttpServer,
    private readonly ctx: ControllerContext,
    private readonly options: AControllerOptions,
  ) {
    this.recordings = new RecordingRequests(ctx);
    // maxHttpBufferSize: socket.io 2.5's default 1 MB, stated so the cap on one message never depends on the version.
    // v3 runs socket.io 0.9.16 (§2.1); from v4 on, socket.io 2.0.3.
    this.io =
      options.version === 'v3'
        ? createV09Server(httpServer)
        : createV2Server(httpServer, { transports: ['websocket'], serveClient: false, maxHttpBufferSize: 1e6, ...SOCKET_IO_2_0_3_PING });
    this.io.on('connection', (socket) => this.onConnection(socket));
  }

  private get v5plus(): boolean {
    return this.options.version === 'v5' || this.options.version === 'v6';
  }

  /** v3 and v4 write the same SDP (§7.1): the media plane knows them as 'v4'. */
  private get mediaGeneration(): 'v4' | 'v5' | 'v6' {
    return this.options.version === 'v3' ? 'v4' : this.options.version;
  }

  private get v6(): boolean {
    return this.options.version === 'v6';
  }

  private onConnection(socket: V2Socket): void {
    let client: AClient | undefined;
    let closeCode: number | undefined;
    socket.conn.transport?.socket?.on?.('close', (code) => (closeCode = code));
    let presented = false;
    socket.on('token', () => (presented = true));
    socket.on('reconnected', () => (presented = true));
    const on = (event: string, handler: (c: AClient | undefined, payload: unknown[], ack: Ack) => void | Promise<void>) => {
      socket.on(event, (...args: unknown[]) => {
        // v5/v6 (models/Channel.js): a socket listens only to token, reconnected and disconnect until a Client is
        // created or rebound on it (Client.js listenToSocketEvents), so anything else on a sessionless socket is
        // never answered. v4 registers every handler at connection and answers (null, 'Unauthorized').
        if (!client && this.v5plus && !HANDSHAKE_EVENTS.has(event)) return;
        const { payload: received, ack } = splitArgs(args);
        const payload = this.options.version === 'v3' ? textKeyedIds(event, received) : received;
        runHandler(this.ctx, 'a', event, ack, (reply) => handler(client, payload, reply));
      });
    };
    on('token', (c, [arg], ack) => {
      if (c) return;
      client = this.onToken(socket, arg, ack);
    });
    on('reconnected', (c, [clientId]) => {
      if (c || !this.v5plus || typeof clientId !== 'string') return;
      if (this.ctx.faults.isBlocked(clientId)) {
        terminate(socket);
        return;
      }
      const existing = this.clientsById.get(clientId);
      if (!existing || existing.removed) return;
      if (existing.graceTimer) clearTimeout(existing.graceTimer);
      existing.graceTimer = undefined;
      const old = existing.socket;
      client = existing;
      existing.rebind(socket);
      if (old && old !== socket && old.connected) old.disconnect(true);
      this.ctx.log(`[a] ${clientId} reconnected`);
    });
    on('publish', (c, payload, ack) => {
      if (!c) return ack(null, 'Unauthorized');
      // v5 (§8 24f): without the second argument the ack lands in the sdp slot; an erizo publish is then neither
      // acknowledged nor registered though `started` is still sent (a data publish would crash the real process).
      if (this.options.version === 'v5' && payload.length < 2) return this.onPublishWithoutSdpArgument(c, payload[0]);
      return this.onPublish(c, payload[0], payload[1], ack);
    });
    on('subscribe', (c, [options], ack) => (c ? this.onSubscribe(c, options, ack) : ack(null, 'Unauthorized')));
    on('signaling_message', (c, [message]) => (c ? this.onSignalingMessage(c, message) : undefined));
    on('unpublish', (c, [id], ack) => (c ? this.onUnpublish(c, id, ack) : ack(null, 'Unauthorized')));
    on('unsubscribe', (c, [id], ack) => (c ? this.onUnsubscribe(c, id, ack) : ack(null, 'Unauthorized')));
    // A-generation data and attribute requests are never acknowledged.
    on('sendDataStream', (c, [message]) => (c ? relayDataStream(c, message) : undefined));
    on('updateStreamAttributes', (c, [message]) => void (c ? updateStreamAttributes(c, message) : undefined));
    on('startRecorder', (c, [message], ack) => (c ? this.recordings.start(c, message, ack) : ack(null, 'Unauthorized')));
    on('stopRecorder', (c, [message], ack) => (c ? this.recordings.stop(c, message, ack) : ack(null, 'Unauthorized')));
    on('getStreamStats', (c, [id], ack) => (c ? this.recordings.stats(c, id, ack) : ack(null, 'Unauthorized')));
    socket.on('disconnect', (...args: unknown[]) => {
      if (!presented) this.tokenlessSockets += 1;
      // The WebSocket's own 'close' listener (which records the code) runs after socket.io's: decide a turn later.
      setImmediate(() => this.onDisconnect(socket, client, String(args[0]), closeCode));
    });
  }

  private onDisconnect(socket: V2Socket, c: AClient | undefined, reason: string, closeCode: number | undefined): void {
    if (!c || c.removed || c.socket !== socket) return;
    // v5: an abnormal close (code other than 1000/1001) keeps the client for the reconnection grace.
    const clean = reason.includes('namespace disconnect') || closeCode === 1000 || closeCode === 1001;
    if (!this.v5plus || clean) {
      void this.removeClient(c, reason);
      return;
    }
    this.ctx.log(`[a] ${c.clientId} lost its socket (${reason}, code ${String(closeCode)}); grace ${this.ctx.reconnectionGraceMs} ms`);
    c.graceTimer = setTimeout(() => void this.removeClient(c, 'reconnection grace expired'), this.ctx.reconnectionGraceMs);
  }

  private onToken(socket: V2Socket, arg: unknown, ack: Ack): AClient | undefined {
    // v6 wraps the token as {token, singlePC}; earlier versions take the bare token (each rejects the other shape).
    const presented = this.v6 ? (isRecord(arg) ? arg.token : undefined) : arg;
    const result = this.ctx.tokens.check(presented);
    const nuve = result.ok ? this.ctx.rooms.nuveRoom(result.record.roomId) : undefined;
    if (!result.ok || !nuve) {
      ack('error', result.ok ? 'Token does not exist' : result.reason);
      // Namespace disconnect only: the WebSocket stays open (docs/licode-protocol.md §8 24e).
      socket.disconnect();
      return undefined;
    }
    const token = result.record;
    const room = this.ctx.rooms.joinRoom(nuve);
    const singlePC = this.v6 && isRecord(arg) && Boolean(arg.singlePC) && this.options.allowSinglePC;
    const client = new AClient(
      socket,
      { name: token.userName, role: token.role, permissions: ownRights(this.ctx.roles, token.role) },
      room,
      this.v5plus,
      singlePC,
    );
    this.clientsById.set(client.clientId, client);
    room.participants.set(client.clientId, client);
    const streams = [...room.streams.values()].filter((s) => this.v5plus || s.ready).map((s) => publicStream(s, this.v6));
    const info: Record<string, unknown> = { streams, id: room.id };
    if (this.v5plus) info.clientId = client.clientId;
    if (this.v6) info.singlePC = singlePC;
    if (token.p2p) info.p2p = true;
    info.defaultVideoBW = DEFAULT_VIDEO_BW;
    info.maxVideoBW = MAX_VIDEO_BW;
    info.iceServers = this.ctx.iceServers;
    ack('success', info);
    this.ctx.log(`[a] ${client.clientId} (${token.userName}/${token.role}) joined room ${room.id}`);
    return client;
  }

  private async onPublish(client: AClient, options: unknown, sdp: unknown, ack: Ack): Promise<void> {
    if (!isRecord(options)) return;
    if (refusePublish(this.ctx, client, options, sdp, ack)) return;
    const room = client.room;
    const id = this.ctx.ids.next();
    if (publishWithoutErizo(client, id, options, this.v6, ack)) return;
    if (options.state !== 'erizo') return;
    if (this.ctx.faults.erizoUnreachable) {
      ackErizoTimeout(ack, this.ctx.faults.erizoUnreachable, this.v6);
      return;
    }
    const stream = registerErizoPublication(client, id, options);
    // One PeerConnection per published stream.
    const connection = new ServerConnection(
      this.ctx.media,
      `${client.clientId}_pub_${id}`,
      'a',
      room.erizoId,
      (conn, event) => this.onPublisherEvent(client, stream, event),
      undefined,
      this.mediaGeneration,
    );
    client.publishers.set(id, connection);
    connection.media.expectPublication(id, typeof options.label === 'string' ? options.label : String(id));
    await tick(); // ErizoJS `initializing`
    if (client.removed || !room.streams.has(id)) return;
    if (this.v6) ack(id, room.erizoId);
    else ack(id);
    if (this.v5plus) client.send('signaling_message_erizo', { mess: { type: 'initializing', agentId: this.agentId }, streamId: id });
    client.send('signaling_message_erizo', { mess: { type: 'started' }, streamId: id });
  }

  private onPublishWithoutSdpArgument(client: AClient, options: unknown): void {
    if (!isRecord(options) || options.state !== 'erizo') return;
    if (!mayPublishOrSubscribe(this.ctx.roles, client.user.role, 'publish', options)) return;
    client.send('signaling_message_erizo', { mess: { type: 'started' }, streamId: this.ctx.ids.next() });
  }

  private onPublisherEvent(client: AClient, stream: StreamRecord, event: MediaConnectionEvent): void {
    // v4/v5/v6 announce a publication on ErizoJS's `ready`, i.e. the WebRtcConnection's CONN_READY: every transport's
    // DTLS handshake is done (WebRtcConnection.cpp TRANSPORT_READY). Nothing waits for RTP, so the media plane's
    // `publication-ready` (first RTP of every announced kind) is not used here. A `ready` after an ICE restart
    // announces nothing again.
    if (event.type === 'ready' && announceWhenReady(client, stream, this.v6)) {
      client.send('signaling_message_erizo', { mess: { type: 'ready' }, streamId: stream.id });
    } else if (event.type === 'failed') {
      client.send('connection_failed', { type: 'publish', streamId: stream.id });
    }
  }

  private async onSubscribe(client: AClient, options: unknown, ack: Ack): Promise<void> {
    if (!isRecord(options)) return;
    const repeat = repeatSubscribe(this.ctx, client, options, ack, (connection) => this.awaitingInitializing.has(connection));
    if (repeat.kind === 'handled') return;
    if (repeat.kind === 'resubscribe') {
      this.ctx.log(`[a] ${client.clientId} subscribed again to ${repeat.stream.id} before the ack: the subscriber is re-created`);
      this.replacedSubscriptions.add(repeat.previous);
      // The replacement takes the stream's place synchronously; its media connection needs an id of its own.
      const resubscribed = this.subscribeErizo(client, repeat.stream, options, ack, `_${++this.resubscriptions}`);
      await repeat.previous.close();
      return resubscribed;
    }
    const stream = beginSubscribe(this.ctx, client, options, ack, this.v6);
    if (stream) return this.subscribeErizo(client, stream, options, ack);
  }

  private async subscribeErizo(client: AClient, stream: StreamRecord, options: Record<string, unknown>, ack: Ack, idSuffix = ''): Promise<void> {
    const room = client.room;
    // One PeerConnection per subscription; the client offers, Erizo answers (§3.3).
    const onEvent = (conn: ServerConnection, event: MediaConnectionEvent): void => {
      if (event.type === 'ready') client.send('signaling_message_erizo', { mess: { type: 'ready' }, peerId: stream.id });
      else if (event.type === 'failed') client.send('connection_failed', { type: 'subscribe', streamId: stream.id });
    };
    const id = `${client.clientId}_sub_${stream.id}${idSuffix}`;
    const connection = new ServerConnection(this.ctx.media, id, 'a', room.erizoId, onEvent, undefined, this.mediaGeneration);
    client.subscriptions.set(stream.id, connection);
    this.subscribeOptions.set(connection, options);
    stream.avSubscribers.add(client.clientId);
    this.awaitingInitializing.add(connection);
    await tick(); // ErizoJS `initializing`
    this.awaitingInitializing.delete(connection);
    const current = client.subscriptions.get(stream.id) === connection;
    // A subscriber re-created by a repeated subscribe had already reported `initializing`: its request is acknowledged
    // too, but its connection is gone (no `started`).
    const replaced = this.replacedSubscriptions.delete(connection);
    if (client.removed || (!current && !replaced)) return;
    if (this.v6) ack(true, room.erizoId);
    else ack(true);
    if (current) client.send('signaling_message_erizo', { mess: { type: 'started' }, peerId: stream.id });
  }

  private onSignalingMessage(client: AClient, message: unknown): void {
    if (!isRecord(message)) return;
    const room = client.room;
    if (room.p2p) {
      const target = typeof message.peerSocket === 'string' ? room.participants.get(message.peerSocket) : undefined;
      target?.send('signaling_message_peer', { streamId: message.streamId, peerSocket: client.clientId, msg: message.msg });
      return;
    }
    const stream = room.stream(message.streamId);
    const msg = message.msg;
    if (!stream || !isRecord(msg)) return;
    const publishing = stream.ownerId === client.clientId;
    const connection = publishing ? client.publishers.get(stream.id) : client.subscriptions.get(stream.id);
    if (!connection) return;
    const where = publishing ? { streamId: stream.id } : { peerId: stream.id };
    const fail = (err: unknown) => this.ctx.log(`[a] ${connection.id} ${String(msg.type)}: ${String(err)}`);
    switch (msg.type) {
      case 'offer': {
        if (typeof msg.sdp !== 'string') return;
        // Fault injection (admin subscribe-stall): the subscriber's offer is never answered, so it never connects.
        if (!publishing && this.ctx.faults.isSubscriptionStalled(client.clientId, stream.id)) return;
        const sdp = msg.sdp;
        void connection.enqueue(async () => {
          if (!publishing) {
            await stream.whenReady;
            if (connection.closed) return;
            if (!connection.media.subscriptions.includes(stream.id)) {
              const kinds = { audio: Boolean(stream.audio), video: Boolean(stream.video || stream.screen) };
              connection.addMediaSubscription(stream.id, kinds, this.subscribeOptions.get(connection) ?? {});
            }
          }
          const answer = await connection.media.acceptOffer(sdp);
          connection.remoteApplied = true;
          client.send('signaling_message_erizo', { mess: { type: 'answer', sdp: answer }, ...where });
        }, fail);
        return;
      }
      case 'candidate': {
        // v3 Erizo drops candidates that arrive before the offer was processed.
        if (!connection.remoteApplied) return;
        const candidate = candidateLine(msg.candidate);
        if (candidate) void connection.media.addClientCandidate(candidate).catch(fail);
        return;
      }
      case 'control': {
        const action = isRecord(msg.action) ? msg.action.name : undefined;
        if (!mayControl(this.ctx.roles, client.user.role, action, true)) return;
        return;
      }
      case 'updatestream':
        // Applied inside Erizo, no reply. A subscriber's config picks its simulcast layer (a unified-plan client
        // cannot publish Plan B simulcast, so in practice there is one layer); the ≤v6 `sdp` with a new b=AS is
        // not re-applied.
        if (!publishing && isRecord(msg.config)) connection.configureSubscription(stream.id, msg.config);
        return;
      default:
        return; // answer: ignored by the A-generation ErizoJS
    }
  }

  private async onUnpublish(client: AClient, streamId: unknown, ack: Ack): Promise<void> {
    if (!requireRight(this.ctx, client, 'publish', ack)) return;
    const room = client.room;
    const stream = room.stream(streamId);
    if (!stream) return;
    // Generations differ here on purpose (§8): v6 announces after ErizoJS removed the stream, earlier ones before.
    if (this.v6) {
      // v6 waits for ErizoJS; a data-only stream gets neither the ack nor onRemoveStream.
      await this.removeStream(room, stream);
      if (stream.kind === 'data') return;
      room.broadcast('onRemoveStream', { id: stream.id });
      ack(true);
      return;
    }
    room.broadcast('onRemoveStream', { id: stream.id });
    await this.removeStream(room, stream);
    ack(true);
  }

  private async onUnsubscribe(client: AClient, streamId: unknown, ack: Ack): Promise<void> {
    if (!requireRight(this.ctx, client, 'subscribe', ack)) return;
    const room = client.room;
    const stream = room.stream(streamId);
    if (!stream) return;
    // Unlike HEAD (dialect C), A acknowledges a P2P unsubscribe even when not subscribed, and v4 sends no unpublish_me.
    if (room.p2p) {
      client.p2pSubscriptions.delete(stream.id);
      stream.avSubscribers.delete(client.clientId);
      if (this.v5plus) room.participants.get(stream.ownerId)?.send('unpublish_me', { streamId: stream.id, peerSocket: client.clientId });
      ack(true);
      return;
    }
    stream.dataSubscribers.delete(client.clientId);
    const connection = client.subscriptions.get(stream.id);
    if (!connection && this.v6) return; // v6: data-only unsubscribe is never acknowledged
    if (connection) {
      client.subscriptions.delete(stream.id);
      stream.avSubscribers.delete(client.clientId);
      await connection.close();
    }
    ack(true);
  }

  /** Remove a publication with its Erizo publisher and subscribers (A: subscriber connections are closed). */
  private async removeStream(room: LiveRoom, stream: StreamRecord): Promise<void> {
    const owner = this.clientsById.get(stream.ownerId);
    if (!detachStream(room, stream, owner)) return;
    for (const subscriberId of stream.avSubscribers) {
      const subscriber = this.clientsById.get(subscriberId);
      if (!subscriber) continue;
      subscriber.p2pSubscriptions.delete(stream.id);
      const connection = subscriber.subscriptions.get(stream.id);
      subscriber.subscriptions.delete(stream.id);
      await connection?.close();
    }
    stream.avSubscribers.clear();
    stream.dataSubscribers.clear();
    const publisher = owner?.publishers.get(stream.id);
    owner?.publishers.delete(stream.id);
    await this.ctx.media.removePublication(stream.id).catch(() => undefined);
    await publisher?.close();
  }

  private async removeClient(client: AClient, why: string): Promise<void> {
    if (!(await beginClientRemoval(this.ctx, 'a', client, why, (room, stream) => this.removeStream(room, stream)))) return;
    const room = client.room;
    for (const [streamId, connection] of client.subscriptions) {
      room.streams.get(streamId)?.avSubscribers.delete(client.clientId);
      await connection.close();
    }
    client.subscriptions.clear();
    for (const stream of room.streams.values()) {
      stream.dataSubscribers.delete(client.clientId);
      if (client.p2pSubscriptions.has(stream.id) && this.v5plus) {
        room.participants.get(stream.ownerId)?.send('unpublish_me', { streamId: stream.id, peerSocket: client.clientId });
      }
      stream.avSubscribers.delete(client.clientId);
    }
    this.clientsById.delete(client.clientId);
    this.ctx.rooms.leaveIfEmpty(room);
  }

  // ---- admin -----------------------------------------------------------------------------------------------------

  clients(): ClientSummary[] {
    return [...this.clientsById.values()].map((c) =>
      summarize(
        c,
        [...c.publishers.values(), ...c.subscriptions.values()].map((conn) => conn.id),
      ),
    );
  }

  dropClient(clientId: string, blockMs: number): boolean {
    const client = this.clientsById.get(clientId);
    if (!client?.socket) return false;
    if (blockMs > 0) this.ctx.faults.block(clientId, blockMs);
    terminate(client.socket);
    return true;
  }

  sendRaw(clientId: string, event: string, args: unknown[]): boolean {
    const client = this.clientsById.get(clientId);
    if (!client?.socket) return false;
    client.socket.emit(event, ...args);
    return true;
  }

  streamMedia(streamId: number, subscriberClientId?: string): MediaConnection | undefined {
    const found = this.ctx.rooms.findStream(streamId);
    if (!found) return undefined;
    const client = this.clientsById.get(subscriberClientId ?? found.stream.ownerId);
    return (subscriberClientId !== undefined ? client?.subscriptions.get(streamId) : client?.publishers.get(streamId))?.media;
  }

  killStream(streamId: number): Promise<boolean> {
    return killStream(this.ctx, streamId, (room, stream) => this.removeStream(room, stream));
  }

  bandwidthAlert(streamId: number, message: string, bandwidth: number): boolean {
    return bandwidthAlert(this.ctx, streamId, message, bandwidth, 'signaling_message_erizo');
  }

  qualityLevel(): boolean {
    return false; // dialect A has no quality_level events
  }

  async close(): Promise<void> {
    for (const client of this.clientsById.values()) {
      if (client.graceTimer) clearTimeout(client.graceTimer);
      client.removed = true;
      for (const c of [...client.publishers.values(), ...client.subscriptions.values()]) await c.close();
    }
    this.clientsById.clear();
    for (const socket of Object.values(this.io.sockets.sockets)) terminate(socket);
    await new Promise<void>((resolve) => this.io.close(() => resolve()));
  }
}

/** Cut the WebSocket without a close handshake, as a network failure would. */
function terminate(socket: V2Socket): void {
  const ws = socket.conn.transport?.socket;
  if (ws?.terminate) ws.terminate();
  else socket.conn.close();
}
