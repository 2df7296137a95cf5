import { readPublishAck, readSubscribeAck } from './acks';
import { Backoff, type BackoffOptions } from './backoff';
import { AStreamConnection } from './connection-a';
import { CConnection } from './connection-c';
import { detectGeneration, type DetectedGeneration, type ProbeSocketFactory } from './detect';
import { TypedEmitter } from './emitter';
import { LicodeError, toLicodeError } from './errors';
import { normaliseIceServers } from './ice-servers';
import { toRemoteStreamInfo, type JoinInfo, type StreamId } from './messages';
import { browserPeerConnectionFactory, PeerConnectionRegistry, type PeerConnectionFactory } from './peer';
import { effectiveVideoBandwidth, senderMaxBitrate } from './sdp';
import { QualitySampler, type StreamQuality } from './stats';
import { deferred, MUTE_ATTRIBUTE, RemoteStreamEntry, type Deferred, type MuteState, type RemoteStream } from './streams';
import { delay, withTimeout } from './timeout';
import { decodeToken, type LicodeToken } from './token';
import type { ServerEvent, SignallingTransport, TransportOptions } from './transport';
import { DialectATransport, type SocketFactoryA, type TokenFormat } from './transport-a';
import { DialectCTransport, socketIo2FactoryC, type SocketFactoryC } from './transport-c';

export type Generation = 'auto' | 'A' | 'C';
export type RoomConnectionState = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'recovering' | 'left' | 'failed';

export interface RoomOptions {
  /** Per server profile: detect (§1.4) or force a dialect. Default 'auto'. */
  generation?: Generation;
  /** Ask for a single peer connection; the server decides (§8 24c). Default false. */
  singlePC?: boolean;
  /** Requests the server never acknowledges fail after this long. Default 10 s. */
  requestTimeoutMs?: number;
  /** Socket reconnection back-off (bounded by default). */
  reconnect?: BackoffOptions;
  /** Kiosk mode: never stop trying to reconnect / rejoin. */
  unboundedReconnect?: boolean;
  /** Fresh single-use tokens for rejoining when the server lost our session (restart, long outage). */
  tokenProvider?: () => Promise<string>;
  /** Only when the user allowed self-signed certificates for this server profile. */
  allowSelfSigned?: boolean;
  /** Quality sampling period. Default 1000 ms; 0 disables. */
  statsIntervalMs?: number;
  /** How many times a failed publication/subscription is rebuilt before reporting `media-failed`. Default 3. */
  maxMediaRecoveries?: number;
  /** Time to wait for a publication/subscription to become ready. Default 20 s. */
  mediaTimeoutMs?: number;
  /** Dialect A: how the token event carries the token (§8.3 #11). Default 'auto'. */
  aTokenFormat?: TokenFormat;
  /** Dialect A v5+: how long the server keeps a dropped session (§3.5). Default 10 s. */
  aServerGraceMs?: number;
  peerConnectionFactory?: PeerConnectionFactory;
  probeSocketFactory?: ProbeSocketFactory;
  socketFactoryA?: SocketFactoryA;
  socketFactoryC?: SocketFactoryC;
}

export interface PublishOptions {
  attributes?: Record<string, unknown>;
  /** kbit/s; bounded by the server's maxVideoBW. Defaults to the server's defaultVideoBW. */
  maxVideoBW?: number;
  screen?: boolean;
  /** Carry data messages and attribute updates (Licode's default). Default true. */
  data?: boolean;
}

export interface SubscribeOptions {
  audio?: boolean;
  video?: boolean;
  /** Ask the server for at most this resolution / frame rate (v5+ `video:{width,height,frameRate}`). */
  maxResolution?: { width: number; height: number; frameRate?: number };
  /** kbit/s cap for this subscription (dialect C). */
  maxVideoBW?: number;
  /** Receive data messages and attribute updates. Default true. */
  data?: boolean;
}

export interface JoinResult {
  roomId: string;
  clientId: string | undefined;
  dialect: 'A' | 'C';
  singlePC: boolean;
  streams: RemoteStream[];
}

export interface RoomEvents {
  'stream-added': RemoteStream;
  'stream-removed': RemoteStream;
  'stream-attributes': { stream: RemoteStream; attributes: Readonly<Record<string, unknown>> };
  /** A subscription's media is (re)attached — after subscribe and after every recovery. */
  'stream-media': { stream: RemoteStream; mediaStream: MediaStream };
  data: { streamId: StreamId; stream: RemoteStream | undefined; message: unknown };
  'connection-state': { state: RoomConnectionState; reason?: string };
  quality: StreamQuality;
  error: LicodeError;
}

/** A local publication. Its stream id changes when the room republishes it after a failure. */
export interface Publication {
  readonly streamId: StreamId | undefined;
  readonly mediaStream: MediaStream;
  readonly attributes: Readonly<Record<string, unknown>>;
  readonly muted: MuteState;
  readonly screen: boolean;
}

interface PublicationEntry extends Publication {
  streamId: StreamId | undefined;
  mediaStream: MediaStream;
  attributes: Record<string, unknown>;
  muted: MuteState;
  screen: boolean;
  options: PublishOptions;
  erizoId: string | undefined;
  a: AStreamConnection | undefined;
  c: CConnection | undefined;
  senders: RTCRtpSender[];
  ready: Deferred<void>;
  sampler: QualitySampler | undefined;
  recoveries: number;
  recovering: boolean;
  closed: boolean;
}

interface SubscriptionEntry {
  remote: RemoteStreamEntry;
  options: SubscribeOptions;
  audio: boolean;
  video: boolean;
  erizoId: string | undefined;
  a: AStreamConnection | undefined;
  c: CConnection | undefined;
  mediaStream: MediaStream | null;
  receivers: RTCRtpReceiver[];
  serverReady: boolean;
  ready: Deferred<void>;
  sampler: QualitySampler | undefined;
  recoveries: number;
  recovering: boolean;
  closed: boolean;
}

/** How long a server message for a connection/stream we do not know yet is kept (§8 18, 24a). */
const EARLY_MESSAGE_TTL_MS = 15_000;
/** Pause before a repeated media recovery, growing with each attempt, so a failing server is not hammered. */
const RECOVERY_PAUSE_MS = 1_000;

/**
 * A Licode room: join with a token, publish local media, subscribe to others, and keep all of it alive through
 * socket losses, ICE failures and server-side failures. Works with dialect A (Licode v4–v6) and C (v9 → HEAD).
 */
export class Room extends TypedEmitter<RoomEvents> {
  readonly #options: RoomOptions;
  #state: RoomConnectionState = 'idle';
  #transport: SignallingTransport | null = null;
  #dialect: 'A' | 'C' | null = null;
  #detected: DetectedGeneration | null = null;
  #token: LicodeToken | null = null;
  #join: JoinInfo | null = null;
  #iceServers: RTCIceServer[] = [];
  readonly #peers: PeerConnectionRegistry;
  readonly #remotes = new Map<StreamId, RemoteStreamEntry>();
  readonly #publications = new Set<PublicationEntry>();
  readonly #subscriptions = new Map<StreamId, SubscriptionEntry>();
  readonly #connections = new Map<string, CConnection>();
  readonly #closedConnections = new Set<string>();
  readonly #early = new Map<string, Array<{ at: number; event: ServerEvent }>>();
  /** Ids we published in an earlier session; never shown as remote streams. */
  readonly #formerOwnIds = new Set<StreamId>();
  #statsTimer: ReturnType<typeof setInterval> | undefined;
  #unsubscribeTransport: Array<() => void> = [];
  #rejoining = false;
  readonly #unroutedTracks = new Map<CConnection, Array<{ track: MediaStreamTrack; receiver: RTCRtpReceiver; streams: readonly MediaStream[] }>>();

  constructor(options: RoomOptions = {}) {
    super((err) => console.error('Licode room listener failed:', err));
    this.#options = options;
    this.#peers = new PeerConnectionRegistry(options.peerConnectionFactory ?? browserPeerConnectionFactory, () => ({
      iceServers: this.#iceServers,
      bundlePolicy: 'max-bundle',
      rtcpMuxPolicy: 'require',
    }));
  }

  get state(): RoomConnectionState {
    return this.#state;
  }

  get dialect(): 'A' | 'C' | null {
    return this.#dialect;
  }

  /** Whether the server granted one peer connection for several streams. */
  get singlePC(): boolean {
    return this.#join ? this.#join.singlePC === true || this.#join.singlePC === 'true' : false;
  }

  get remoteStreams(): ReadonlyMap<StreamId, RemoteStream> {
    return this.#remotes;
  }

  get publications(): readonly Publication[] {
    return [...this.#publications];
  }

  /** RTCPeerConnections created by this room and not closed yet. */
  get livePeerConnections(): number {
    return this.#peers.size;
  }

  // ---------------------------------------------------------------------------------------------------- join/leave

  async join(tokenText: string): Promise<JoinResult> {
    if (this.#state !== 'idle') throw new LicodeError('invalid-argument', 'This room object has already joined; create a new Room to join again.');
    const token = decodeToken(tokenText);
    this.#setState('connecting');
    try {
      const info = await this.#connect(token);
      this.#setState('connected');
      this.#applyJoin(info, false);
      this.#startStats();
      return this.#joinResult();
    } catch (err) {
      this.#setState('failed', err instanceof Error ? err.message : String(err));
      await this.#transport?.close().catch(() => undefined);
      throw toLicodeError(err, 'connection-lost');
    }
  }

  async leave(): Promise<void> {
    if (this.#state === 'left') return;
    this.#stopStats();
    // Tell the server first (C: clientDisconnection, acknowledged before the socket closes), tear media down meanwhile.
    const transport = this.#transport;
    this.#detachTransport();
    const closing = transport?.close();
    for (const p of this.#publications) this.#closePublicationMedia(p);
    for (const s of this.#subscriptions.values()) this.#closeSubscriptionMedia(s);
    this.#publications.clear();
    this.#subscriptions.clear();
    this.#peers.closeAll();
    this.#connections.clear();
    this.#remotes.clear();
    this.#setState('left');
    await closing;
  }

  async #connect(token: LicodeToken): Promise<JoinInfo> {
    this.#token = token;
    if (!this.#dialect) {
      const generation = this.#options.generation ?? 'auto';
      if (generation === 'auto') {
        this.#detected = await detectGeneration(token, this.#options.probeSocketFactory ? { socketFactory: this.#options.probeSocketFactory } : {});
        this.#dialect = this.#detected.dialect;
      } else {
        this.#dialect = generation;
      }
    }
    const transport = this.#createTransport(token);
    this.#attachTransport(transport);
    return transport.join();
  }

  #createTransport(token: LicodeToken): SignallingTransport {
    const reconnect: BackoffOptions = { ...this.#options.reconnect, ...(this.#options.unboundedReconnect ? { maxAttempts: Infinity } : {}) };
    const common: TransportOptions = {
      reconnect,
      singlePC: !!this.#options.singlePC,
      allowSelfSigned: !!this.#options.allowSelfSigned,
      ...(this.#options.requestTimeoutMs ? { requestTimeoutMs: this.#options.requestTimeoutMs } : {}),
    };
    if (this.#dialect === 'A') {
      return new DialectATransport(token, {
        ...common,
        ...(this.#options.aTokenFormat ? { tokenFormat: this.#options.aTokenFormat } : {}),
        ...(this.#options.aServerGraceMs ? { serverGraceMs: this.#options.aServerGraceMs } : {}),
        ...(this.#options.socketFactoryA ? { socketFactory: this.#options.socketFactoryA } : {}),
      });
    }
    const factory = this.#options.socketFactoryC ?? (this.#detected?.dialect === 'C' && this.#detected.socketIo === 2 ? socketIo2FactoryC : undefined);
    return new DialectCTransport(token, { ...common, ...(factory ? { socketFactory: factory } : {}) });
  }

  #attachTransport(transport: SignallingTransport): void {
    this.#detachTransport();
    this.#transport = transport;
    this.#unsubscribeTransport = [
      transport.on('server-event', (event) => this.#onServerEvent(event)),
      transport.on('malformed', (err) => this.emit('error', err)),
      transport.on('state', ({ state }) => {
        if (state === 'reconnecting' && this.#state === 'connected') this.#setState('reconnecting');
      }),
      transport.on('resumed', () => {
        if (this.#state === 'reconnecting') this.#setState('connected');
      }),
      transport.on('session-lost', (err) => void this.#onSessionLost(err)),
    ];
  }

  #detachTransport(): void {
    for (const off of this.#unsubscribeTransport.splice(0)) off();
    this.#transport = null;
  }

  #applyJoin(info: JoinInfo, rejoin: boolean): void {
    this.#join = info;
    this.#iceServers = normaliseIceServers(info.iceServers);
    const seen = new Set<StreamId>();
    for (const raw of info.streams) {
      const s = toRemoteStreamInfo(raw);
      if (this.#formerOwnIds.has(s.id)) continue;
      seen.add(s.id);
      this.#upsertRemote(s);
    }
    if (rejoin) {
      for (const remote of [...this.#remotes.values()]) if (!seen.has(remote.id)) this.#removeRemote(remote.id);
    }
  }

  #joinResult(): JoinResult {
    return {
      roomId: String(this.#join?.id ?? ''),
      clientId: this.#transport?.clientId,
      dialect: this.#dialect ?? 'C',
      singlePC: this.singlePC,
      streams: [...this.#remotes.values()],
    };
  }

  // ---------------------------------------------------------------------------------------------------- publish

  async publish(stream: MediaStream, options: PublishOptions = {}): Promise<Publication> {
    this.#assertConnected('publish');
    if (stream.getTracks().length === 0 && options.data === false) throw new LicodeError('invalid-argument', 'Nothing to publish: the stream has no tracks and data is off.');
    const entry: PublicationEntry = {
      streamId: undefined,
      mediaStream: stream,
      attributes: { ...(options.attributes ?? {}) },
      muted: { audio: false, video: false },
      screen: !!options.screen,
      options,
      erizoId: undefined,
      a: undefined,
      c: undefined,
      senders: [],
      ready: deferred<void>(),
      sampler: undefined,
      recoveries: 0,
      recovering: false,
      closed: false,
    };
    this.#publications.add(entry);
    try {
      await this.#startPublication(entry);
    } catch (err) {
      this.#publications.delete(entry);
      this.#closePublicationMedia(entry);
      if (entry.streamId !== undefined) void this.#quietRequest('unpublish', entry.streamId);
      throw toLicodeError(err, 'media-failed');
    }
    return entry;
  }

  async #startPublication(entry: PublicationEntry): Promise<void> {
    const transport = this.#requireTransport('publish');
    entry.ready = deferred<void>();
    const kbps = effectiveVideoBandwidth(entry.options.maxVideoBW, this.#join?.defaultVideoBW, this.#join?.maxVideoBW);
    const hasAudio = entry.mediaStream.getAudioTracks().length > 0;
    const hasVideo = entry.mediaStream.getVideoTracks().length > 0;
    const options: Record<string, unknown> = {
      state: 'erizo',
      data: entry.options.data ?? true,
      audio: hasAudio,
      video: hasVideo,
      screen: entry.screen,
      label: entry.mediaStream.id,
      attributes: this.#publishedAttributes(entry),
      metadata: {},
      createOffer: null,
      muteStream: { ...entry.muted },
      minVideoBW: 0,
      scheme: null,
      ...(kbps ? { maxVideoBW: kbps } : {}),
      ...(this.#dialect === 'C' ? { encryptTransport: true, handlerProfile: null } : {}),
    };
    if (!hasAudio && !hasVideo) options['state'] = 'data';
    const args = this.#dialect === 'A' ? [options, null] : [{ options, sdp: null }];
    const ack = readPublishAck(await transport.request('publish', args));
    if (!ack.ok) throw new LicodeError('request-failed', `The server refused to publish: ${ack.message}`, { reason: ack.message });
    entry.streamId = ack.streamId;
    entry.erizoId = ack.erizoId;
    entry.sampler = new QualitySampler(ack.streamId, 'publish');
    if (!hasAudio && !hasVideo) {
      entry.ready.resolve();
      return;
    }
    const onFailed = (reason: string): void => void this.#recoverPublication(entry, reason);
    if (this.#dialect === 'A') {
      entry.a = new AStreamConnection({
        transport,
        peers: this.#peers,
        streamId: ack.streamId,
        role: 'publish',
        localStream: entry.mediaStream,
        maxVideoKbps: kbps,
        onReady: () => entry.ready.resolve(),
        onFailed,
      });
      entry.senders = entry.a.pc.getSenders();
      this.#replayEarly(`a:${ack.streamId}`);
    } else {
      if (!ack.connectionId) throw new LicodeError('request-failed', 'The server acknowledged the publication without a connection id.');
      const conn = this.#connectionFor(ack.connectionId, ack.erizoId);
      conn.users.add(ack.streamId);
      entry.c = conn;
      entry.senders = conn.addPublication(entry.mediaStream, kbps ? senderMaxBitrate(kbps) : undefined).map((t) => t.sender);
    }
    this.#applyTrackMute(entry);
    await withTimeout(entry.ready.promise, this.#options.mediaTimeoutMs ?? 20_000, 'the publication (ICE/DTLS never became ready)');
  }

  async unpublish(publication: Publication): Promise<void> {
    const entry = this.#publicationEntry(publication);
    entry.closed = true;
    this.#publications.delete(entry);
    this.#closePublicationMedia(entry);
    if (entry.streamId !== undefined && this.#transport) {
      const result = await this.#transport.request('unpublish', [entry.streamId]).catch((err: unknown) => {
        throw toLicodeError(err, 'request-failed');
      });
      if (result[0] !== true) throw new LicodeError('request-failed', `The server refused to unpublish: ${String(result[1] ?? result[2] ?? 'no reason')}`);
    }
  }

  async setAttributes(publication: Publication, attributes: Record<string, unknown>): Promise<void> {
    const entry = this.#publicationEntry(publication);
    if (!attributes || typeof attributes !== 'object' || Array.isArray(attributes)) throw new LicodeError('invalid-argument', 'Attributes must be an object.');
    entry.attributes = { ...attributes };
    await this.#sendAttributes(entry);
  }

  async sendData(publication: Publication, message: unknown): Promise<void> {
    const entry = this.#publicationEntry(publication);
    if (entry.streamId === undefined) throw new LicodeError('not-connected', 'The publication is not on the server yet.');
    const text = JSON.stringify(message);
    if (text === undefined) throw new LicodeError('invalid-argument', 'The data message cannot be serialised to JSON.');
    if (text.length > 900_000) throw new LicodeError('invalid-argument', 'The data message is too large (Licode closes the socket above 1 MB).');
    await this.#sendMaybeAcked('sendDataStream', { id: entry.streamId, msg: message });
  }

  /** Mute/unmute local tracks (track.enabled) and tell the server (`muteStream`) and the others (attributes). */
  async mute(publication: Publication, state: Partial<MuteState>): Promise<void> {
    const entry = this.#publicationEntry(publication);
    entry.muted = { audio: state.audio ?? entry.muted.audio, video: state.video ?? entry.muted.video };
    this.#applyTrackMute(entry);
    this.#sendMuteSignal(entry);
    await this.#sendAttributes(entry);
  }

  /** Switch a device without renegotiation (RTCRtpSender.replaceTrack). */
  async replaceTrack(publication: Publication, track: MediaStreamTrack): Promise<void> {
    const entry = this.#publicationEntry(publication);
    const sender = entry.senders.find((s) => s.track?.kind === track.kind) ?? entry.senders.find((s) => !s.track && s.transport !== null);
    if (!sender) throw new LicodeError('invalid-argument', `The publication has no ${track.kind} track to replace.`);
    const old = sender.track;
    await sender.replaceTrack(track);
    if (old) entry.mediaStream.removeTrack(old);
    entry.mediaStream.addTrack(track);
    track.enabled = !(track.kind === 'audio' ? entry.muted.audio : entry.muted.video);
  }

  #publishedAttributes(entry: PublicationEntry): Record<string, unknown> {
    return { ...entry.attributes, [MUTE_ATTRIBUTE]: { ...entry.muted } };
  }

  async #sendAttributes(entry: PublicationEntry): Promise<void> {
    if (entry.streamId === undefined) return; // applied when (re)published
    await this.#sendMaybeAcked('updateStreamAttributes', { id: entry.streamId, attrs: this.#publishedAttributes(entry) });
  }

  #applyTrackMute(entry: PublicationEntry): void {
    for (const t of entry.mediaStream.getAudioTracks()) t.enabled = !entry.muted.audio;
    for (const t of entry.mediaStream.getVideoTracks()) t.enabled = !entry.muted.video;
  }

  #sendMuteSignal(entry: PublicationEntry): void {
    if (entry.streamId === undefined) return;
    const config = { muteStream: { ...entry.muted } };
    if (this.#dialect === 'A') entry.a?.sendUpdate(config);
    else
      this.#transport?.send('streamMessage', [
        { options: { streamId: entry.streamId, erizoId: entry.erizoId, msg: { type: 'updatestream', config }, browser: 'chrome-stable' }, sdp: null },
      ]);
  }

  /** A: no ack exists for these (§3.1); C: the server acks with `()`. */
  async #sendMaybeAcked(event: string, payload: unknown): Promise<void> {
    const transport = this.#requireTransport(event);
    if (this.#dialect === 'A') transport.send(event, [payload]);
    else await transport.request(event, [payload]);
  }

  #closePublicationMedia(entry: PublicationEntry): void {
    entry.a?.close();
    entry.a = undefined;
    if (entry.c) {
      const conn = entry.c;
      if (entry.streamId !== undefined) conn.users.delete(entry.streamId);
      if (conn.users.size === 0) this.#closeConnection(conn);
      else for (const t of conn.pc.getTransceivers()) if (entry.senders.includes(t.sender)) t.stop();
    }
    entry.c = undefined;
    entry.senders = [];
    entry.ready.reject(new LicodeError('media-failed', 'The publication was closed.'));
  }

  async #recoverPublication(entry: PublicationEntry, reason: string): Promise<void> {
    if (entry.closed || entry.recovering || !this.#publications.has(entry)) return;
    if (this.#state !== 'connected') return; // the session recovery republishes everything
    const max = this.#options.maxMediaRecoveries ?? 3;
    if (entry.recoveries >= max) {
      this.emit('error', new LicodeError('media-failed', `The publication failed (${reason}) and could not be restored after ${max} attempts.`, { streamId: entry.streamId }));
      return;
    }
    entry.recovering = true;
    entry.recoveries++;
    const oldId = entry.streamId;
    try {
      if (entry.recoveries > 1) await delay(RECOVERY_PAUSE_MS * (entry.recoveries - 1));
      if (entry.closed || this.#state !== 'connected') {
        entry.recovering = false;
        return;
      }
      this.#closePublicationMedia(entry);
      entry.streamId = undefined;
      if (oldId !== undefined) {
        this.#formerOwnIds.add(oldId);
        void this.#quietRequest('unpublish', oldId);
      }
      await this.#startPublication(entry);
      entry.recovering = false;
    } catch (err) {
      entry.recovering = false;
      void this.#recoverPublication(entry, `republish failed: ${toLicodeError(err, 'media-failed').message}`);
    }
  }

  // ---------------------------------------------------------------------------------------------------- subscribe

  async subscribe(remote: RemoteStream | StreamId, options: SubscribeOptions = {}): Promise<MediaStream | null> {
    this.#assertConnected('subscribe');
    const id = typeof remote === 'number' ? remote : remote.id;
    const entryRemote = this.#remotes.get(id);
    if (!entryRemote) throw new LicodeError('invalid-argument', `There is no stream ${String(id)} in the room.`);
    const existing = this.#subscriptions.get(id);
    if (existing) {
      // A second subscribe is never acknowledged by Licode (§8.3 #13): reuse the first.
      await existing.ready.promise;
      return existing.mediaStream;
    }
    const entry: SubscriptionEntry = {
      remote: entryRemote,
      options,
      audio: false,
      video: false,
      erizoId: undefined,
      a: undefined,
      c: undefined,
      mediaStream: null,
      receivers: [],
      serverReady: false,
      ready: deferred<void>(),
      sampler: undefined,
      recoveries: 0,
      recovering: false,
      closed: false,
    };
    this.#subscriptions.set(id, entry);
    try {
      await this.#startSubscription(entry);
    } catch (err) {
      this.#subscriptions.delete(id);
      this.#closeSubscriptionMedia(entry);
      void this.#quietRequest('unsubscribe', id);
      throw toLicodeError(err, 'media-failed');
    }
    return entry.mediaStream;
  }

  async #startSubscription(entry: SubscriptionEntry): Promise<void> {
    const transport = this.#requireTransport('subscribe');
    const remote = entry.remote;
    entry.ready = deferred<void>();
    entry.serverReady = false;
    entry.audio = remote.audio && entry.options.audio !== false;
    entry.video = remote.video && entry.options.video !== false;
    const res = entry.options.maxResolution;
    const video = entry.video ? (res ? { width: res.width, height: res.height, ...(res.frameRate ? { frameRate: res.frameRate } : {}) } : true) : false;
    const options: Record<string, unknown> = {
      streamId: remote.id,
      audio: entry.audio,
      video,
      data: entry.options.data ?? true,
      browser: 'chrome-stable',
      createOffer: null,
      metadata: {},
      muteStream: { audio: false, video: false },
      slideShowMode: false,
      ...(entry.options.maxVideoBW ? { maxVideoBW: entry.options.maxVideoBW } : {}),
      ...(this.#dialect === 'C' ? { encryptTransport: true, handlerProfile: null } : {}),
    };
    const args = this.#dialect === 'A' ? [options, null] : [{ options, sdp: null }];
    const ack = readSubscribeAck(await transport.request('subscribe', args));
    if (!ack.ok) throw new LicodeError('request-failed', `The server refused the subscription: ${ack.message}`, { reason: ack.message });
    entry.erizoId = ack.erizoId;
    remote.subscribed = true;
    if (!entry.audio && !entry.video) {
      entry.ready.resolve(); // data-only: no peer connection
      return;
    }
    entry.mediaStream = new MediaStream();
    entry.sampler = new QualitySampler(remote.id, 'subscribe');
    const onFailed = (reason: string): void => void this.#recoverSubscription(entry, reason);
    if (this.#dialect === 'A') {
      entry.a = new AStreamConnection({
        transport,
        peers: this.#peers,
        streamId: remote.id,
        role: 'subscribe',
        receive: { audio: entry.audio, video: entry.video },
        maxVideoKbps: undefined,
        onTrack: (ev) => this.#attachTrack(entry, ev.track, ev.receiver),
        onReady: () => {
          entry.serverReady = true;
          this.#checkSubscriptionReady(entry);
        },
        onFailed,
      });
      this.#replayEarly(`a:${remote.id}`);
    } else {
      if (!ack.connectionId) throw new LicodeError('request-failed', 'The server acknowledged the subscription without a connection id.');
      const conn = this.#connectionFor(ack.connectionId, ack.erizoId);
      conn.users.add(remote.id);
      entry.c = conn;
      // single PC: the server's re-offer may have delivered our tracks before the subscribe ack (§8 18)
      for (const t of this.#unroutedTracks.get(conn)?.splice(0) ?? []) this.#routeTrack(conn, t.track, t.receiver, t.streams);
    }
    await withTimeout(entry.ready.promise, this.#options.mediaTimeoutMs ?? 20_000, 'the subscription (no media became ready)');
    remote.mediaStream = entry.mediaStream;
    this.emit('stream-media', { stream: remote, mediaStream: entry.mediaStream });
  }

  async unsubscribe(remote: RemoteStream | StreamId): Promise<void> {
    const id = typeof remote === 'number' ? remote : remote.id;
    const entry = this.#subscriptions.get(id);
    if (!entry) return;
    entry.closed = true;
    this.#subscriptions.delete(id);
    entry.remote.subscribed = false;
    entry.remote.mediaStream = null;
    const dataOnly = !entry.audio && !entry.video;
    try {
      // Data-only unsubscriptions are never acknowledged by v6+ (§8.3 #13): do not wait for them.
      if (dataOnly) this.#transport?.send('unsubscribe', [id]);
      else await this.#transport?.request('unsubscribe', [id]);
    } finally {
      this.#closeSubscriptionMedia(entry);
    }
  }

  #attachTrack(entry: SubscriptionEntry, track: MediaStreamTrack, receiver: RTCRtpReceiver): void {
    if (!entry.mediaStream || entry.closed) return;
    if (!entry.mediaStream.getTracks().includes(track)) {
      for (const old of entry.mediaStream.getTracks().filter((t) => t.kind === track.kind)) entry.mediaStream.removeTrack(old);
      entry.mediaStream.addTrack(track);
    }
    if (!entry.receivers.includes(receiver)) entry.receivers = [...entry.receivers.filter((r) => r.track.kind !== track.kind), receiver];
    this.#checkSubscriptionReady(entry);
  }

  #checkSubscriptionReady(entry: SubscriptionEntry): void {
    const ms = entry.mediaStream;
    if (!ms) return;
    const haveTracks = (!entry.audio || ms.getAudioTracks().length > 0) && (!entry.video || ms.getVideoTracks().length > 0);
    const pc = entry.a?.pc ?? entry.c?.pc;
    const connected = entry.serverReady || pc?.connectionState === 'connected';
    if (haveTracks && connected) entry.ready.resolve();
  }

  /** Dialect C: match a received track to its subscription by msid stream id = the publisher's label (§5.6). */
  #routeTrack(conn: CConnection, track: MediaStreamTrack, receiver: RTCRtpReceiver, streams: readonly MediaStream[]): void {
    const labels = streams.map((s) => s.id);
    const subs = [...this.#subscriptions.values()].filter((s) => s.c === conn && !s.closed);
    const byLabel = subs.find((s) => s.remote.label !== undefined && labels.includes(s.remote.label));
    // Servers that do not send labels (v5 and older): one subscription per connection is unambiguous.
    const target = byLabel ?? (subs.length === 1 && !this.singlePC ? subs[0] : undefined);
    if (target && (track.kind === 'audio' ? target.audio : target.video)) {
      this.#attachTrack(target, track, receiver);
      return;
    }
    const list = this.#unroutedTracks.get(conn) ?? [];
    list.push({ track, receiver, streams });
    this.#unroutedTracks.set(conn, list.slice(-20));
  }

  #closeSubscriptionMedia(entry: SubscriptionEntry): void {
    entry.a?.close();
    entry.a = undefined;
    if (entry.c) {
      entry.c.users.delete(entry.remote.id);
      if (entry.c.users.size === 0) this.#closeConnection(entry.c);
    }
    entry.c = undefined;
    entry.receivers = [];
    entry.ready.reject(new LicodeError('media-failed', 'The subscription was closed.'));
  }

  async #recoverSubscription(entry: SubscriptionEntry, reason: string): Promise<void> {
    if (entry.closed || entry.recovering || this.#subscriptions.get(entry.remote.id) !== entry) return;
    if (this.#state !== 'connected') return;
    const max = this.#options.maxMediaRecoveries ?? 3;
    if (entry.recoveries >= max) {
      this.emit('error', new LicodeError('media-failed', `The subscription to ${String(entry.remote.id)} failed (${reason}) and could not be restored after ${max} attempts.`, { streamId: entry.remote.id }));
      return;
    }
    entry.recovering = true;
    entry.recoveries++;
    try {
      if (entry.recoveries > 1) await delay(RECOVERY_PAUSE_MS * (entry.recoveries - 1));
      if (entry.closed || this.#subscriptions.get(entry.remote.id) !== entry || this.#state !== 'connected') {
        entry.recovering = false;
        return;
      }
      this.#closeSubscriptionMedia(entry);
      await this.#quietRequest('unsubscribe', entry.remote.id);
      if (!this.#remotes.has(entry.remote.id)) return;
      await this.#startSubscription(entry);
    } catch (err) {
      entry.recovering = false;
      void this.#recoverSubscription(entry, `resubscribe failed: ${toLicodeError(err, 'media-failed').message}`);
      return;
    }
    entry.recovering = false;
  }

  // ---------------------------------------------------------------------------------------------------- server events

  #onServerEvent(event: ServerEvent): void {
    try {
      switch (event.name) {
        case 'onAddStream': {
          const info = toRemoteStreamInfo(event.payload);
          const own = [...this.#publications].find((p) => p.streamId === info.id);
          if (own) {
            own.ready.resolve(); // the publisher gets its own onAddStream once ICE/DTLS is up (§8.16)
            return;
          }
          if (this.#formerOwnIds.has(info.id)) return;
          this.#upsertRemote(info);
          return;
        }
        case 'onRemoveStream': {
          const id = event.payload.id;
          const own = [...this.#publications].find((p) => p.streamId === id);
          if (own) {
            void this.#recoverPublication(own, 'the server removed the publication');
            return;
          }
          this.#removeRemote(id);
          return;
        }
        case 'onDataStream':
          this.emit('data', { streamId: event.payload.id, stream: this.#remotes.get(event.payload.id), message: event.payload.msg });
          return;
        case 'onUpdateAttributeStream': {
          const remote = this.#remotes.get(event.payload.id);
          const attrs = event.payload.attrs;
          if (!remote || !attrs || typeof attrs !== 'object' || Array.isArray(attrs)) return;
          remote.attributes = { ...(attrs as Record<string, unknown>) };
          this.emit('stream-attributes', { stream: remote, attributes: remote.attributes });
          return;
        }
        case 'signaling_message_erizo': {
          const id = event.payload.streamId ?? event.payload.peerId;
          if (id === undefined) return;
          const target = event.payload.peerId !== undefined ? this.#subscriptions.get(id)?.a : [...this.#publications].find((p) => p.streamId === id)?.a;
          if (target) void target.handle(event.payload.mess);
          else this.#keepEarly(`a:${String(id)}`, event);
          return;
        }
        case 'connection_message_erizo': {
          const { connectionId, evt } = event.payload;
          const conn = this.#connections.get(connectionId);
          if (conn) void conn.handle(evt);
          else if (!this.#closedConnections.has(connectionId)) this.#keepEarly(`c:${connectionId}`, event);
          return;
        }
        case 'connection_failed': {
          const id = event.payload.streamId;
          if (id === undefined) return;
          const pub = [...this.#publications].find((p) => p.streamId === id);
          if (pub) void this.#recoverPublication(pub, 'the server reported connection_failed');
          const sub = this.#subscriptions.get(id);
          if (sub) void this.#recoverSubscription(sub, 'the server reported connection_failed');
          return;
        }
        default:
          return; // bandwidth alerts and stream_message_erizo carry nothing we act on
      }
    } catch (err) {
      this.emit('error', toLicodeError(err, 'malformed-message'));
    }
  }

  #upsertRemote(info: ReturnType<typeof toRemoteStreamInfo>): void {
    const existing = this.#remotes.get(info.id);
    if (existing) {
      // Never duplicate a stream: a replayed or repeated onAddStream only refreshes it.
      existing.update(info);
      return;
    }
    const entry = new RemoteStreamEntry(info.id, info);
    this.#remotes.set(info.id, entry);
    this.emit('stream-added', entry);
  }

  #removeRemote(id: StreamId): void {
    const remote = this.#remotes.get(id);
    if (!remote) return;
    this.#remotes.delete(id);
    const sub = this.#subscriptions.get(id);
    if (sub) {
      sub.closed = true;
      this.#subscriptions.delete(id);
      this.#closeSubscriptionMedia(sub);
    }
    remote.subscribed = false;
    remote.mediaStream = null;
    this.emit('stream-removed', remote);
  }

  #keepEarly(key: string, event: ServerEvent): void {
    const now = Date.now();
    for (const [k, list] of this.#early) {
      const fresh = list.filter((e) => now - e.at < EARLY_MESSAGE_TTL_MS);
      if (fresh.length) this.#early.set(k, fresh);
      else this.#early.delete(k);
    }
    const list = this.#early.get(key) ?? [];
    if (list.length < 50) list.push({ at: now, event });
    this.#early.set(key, list);
  }

  #replayEarly(key: string): void {
    const list = this.#early.get(key);
    this.#early.delete(key);
    for (const { event } of list ?? []) this.#onServerEvent(event);
  }

  #connectionFor(connectionId: string, erizoId: string | undefined): CConnection {
    const existing = this.#connections.get(connectionId);
    if (existing && !existing.closed) return existing;
    const transport = this.#requireTransport('negotiate');
    const conn: CConnection = new CConnection({
      transport,
      peers: this.#peers,
      connectionId,
      erizoId,
      onTrack: (ev) => this.#routeTrack(conn, ev.track, ev.receiver, ev.streams),
      onReady: () => {
        for (const p of this.#publications) if (p.c === conn) p.ready.resolve();
        for (const s of this.#subscriptions.values())
          if (s.c === conn) {
            s.serverReady = true;
            this.#checkSubscriptionReady(s);
          }
      },
      onFailed: (reason) => {
        for (const p of [...this.#publications]) if (p.c === conn) void this.#recoverPublication(p, reason);
        for (const s of [...this.#subscriptions.values()]) if (s.c === conn) void this.#recoverSubscription(s, reason);
      },
      onQualityLevel: (level) => {
        for (const p of this.#publications) if (p.c === conn && p.sampler) p.sampler.serverLevel = level;
        for (const s of this.#subscriptions.values()) if (s.c === conn && s.sampler) s.sampler.serverLevel = level;
      },
      onError: (message) => this.emit('error', new LicodeError('negotiation-failed', message, { connectionId })),
    });
    conn.pc.addEventListener('connectionstatechange', () => {
      for (const s of this.#subscriptions.values()) if (s.c === conn) this.#checkSubscriptionReady(s);
    });
    this.#connections.set(connectionId, conn);
    this.#replayEarly(`c:${connectionId}`);
    return conn;
  }

  #closeConnection(conn: CConnection): void {
    conn.close();
    this.#unroutedTracks.delete(conn);
    this.#connections.delete(conn.connectionId);
    this.#closedConnections.add(conn.connectionId);
  }

  // ---------------------------------------------------------------------------------------------------- recovery

  async #onSessionLost(err: LicodeError): Promise<void> {
    if (this.#state === 'left' || this.#rejoining) return;
    // Media of the lost session is useless now; the server has forgotten it.
    for (const p of this.#publications) {
      this.#closePublicationMedia(p);
      if (p.streamId !== undefined) this.#formerOwnIds.add(p.streamId);
      p.streamId = undefined;
    }
    for (const s of this.#subscriptions.values()) this.#closeSubscriptionMedia(s);
    this.#peers.closeAll();
    this.#connections.clear();
    this.#early.clear();
    const provider = this.#options.tokenProvider;
    if (!provider) {
      this.#detachTransport();
      this.#setState('failed', err.message);
      this.emit('error', err);
      return;
    }
    this.#rejoining = true;
    this.#setState('recovering', err.message);
    const backoff = new Backoff({ ...this.#options.reconnect, ...(this.#options.unboundedReconnect ? { maxAttempts: Infinity } : {}) });
    let lastError: LicodeError = err;
    try {
      for (;;) {
        if (this.#state !== 'recovering') return; // left meanwhile
        try {
          const old = this.#transport;
          this.#detachTransport();
          await old?.close().catch(() => undefined);
          const token = decodeToken(await provider());
          const info = await this.#connect(token);
          // connected before announcing streams, so listeners may subscribe to them right away
          this.#setState('connected');
          this.#applyJoin(info, true);
          break;
        } catch (e) {
          lastError = toLicodeError(e, 'connection-lost');
          const wait = backoff.next();
          if (wait === null) throw lastError;
          await delay(wait);
        }
      }
      await this.#restoreMedia();
    } catch (e) {
      this.#detachTransport();
      this.#setState('failed', toLicodeError(e, 'connection-lost').message);
      this.emit('error', new LicodeError('connection-lost', `Could not rejoin the room: ${toLicodeError(e, 'connection-lost').message}`));
    } finally {
      this.#rejoining = false;
    }
  }

  /** After a rejoin: republish everything (new ids), resubscribe to streams that still exist. */
  async #restoreMedia(): Promise<void> {
    const jobs: Promise<unknown>[] = [];
    for (const p of this.#publications) {
      p.recoveries = 0;
      jobs.push(
        this.#startPublication(p).catch((e: unknown) => this.emit('error', new LicodeError('media-failed', `Could not republish after rejoining: ${toLicodeError(e, 'media-failed').message}`))),
      );
    }
    for (const [id, s] of [...this.#subscriptions]) {
      const remote = this.#remotes.get(id);
      if (!remote) {
        this.#subscriptions.delete(id);
        continue;
      }
      s.remote = remote;
      s.recoveries = 0;
      jobs.push(
        this.#startSubscription(s).catch((e: unknown) => this.emit('error', new LicodeError('media-failed', `Could not resubscribe after rejoining: ${toLicodeError(e, 'media-failed').message}`))),
      );
    }
    await Promise.all(jobs);
  }

  // ---------------------------------------------------------------------------------------------------- stats

  #startStats(): void {
    const period = this.#options.statsIntervalMs ?? 1000;
    if (period <= 0 || this.#statsTimer) return;
    this.#statsTimer = setInterval(() => void this.#sampleStats(), period);
  }

  #stopStats(): void {
    if (this.#statsTimer) clearInterval(this.#statsTimer);
    this.#statsTimer = undefined;
  }

  async #sampleStats(): Promise<void> {
    const now = Date.now();
    const jobs: Array<Promise<void>> = [];
    for (const p of this.#publications) {
      const sampler = p.sampler;
      if (!sampler || p.senders.length === 0 || p.streamId === undefined) continue;
      jobs.push(Promise.all(p.senders.map((s) => s.getStats())).then((reports) => this.emit('quality', sampler.sample(reports, now))));
    }
    for (const s of this.#subscriptions.values()) {
      const sampler = s.sampler;
      if (!sampler || s.receivers.length === 0) continue;
      jobs.push(Promise.all(s.receivers.map((r) => r.getStats())).then((reports) => this.emit('quality', sampler.sample(reports, now))));
    }
    await Promise.allSettled(jobs);
  }

  // ---------------------------------------------------------------------------------------------------- helpers

  #setState(state: RoomConnectionState, reason?: string): void {
    if (this.#state === state) return;
    this.#state = state;
    this.emit('connection-state', reason === undefined ? { state } : { state, reason });
  }

  #assertConnected(what: string): void {
    if (this.#state !== 'connected' && this.#state !== 'reconnecting') throw new LicodeError('not-connected', `Cannot ${what}: the room is ${this.#state}.`);
  }

  #requireTransport(what: string): SignallingTransport {
    if (!this.#transport) throw new LicodeError('not-connected', `Cannot ${what}: not connected to the room.`);
    return this.#transport;
  }

  #publicationEntry(publication: Publication): PublicationEntry {
    const entry = publication as PublicationEntry;
    if (!this.#publications.has(entry)) throw new LicodeError('invalid-argument', 'This publication is not active in this room.');
    return entry;
  }

  /** Best effort: used for cleanup of ids the server may or may not still know. */
  async #quietRequest(event: string, id: StreamId): Promise<void> {
    try {
      await this.#transport?.request(event, [id], 3_000);
    } catch {
      /* ignored on purpose: cleanup of a stream the server may already have dropped */
    }
  }
}

