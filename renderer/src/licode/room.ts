import { Backoff } from './backoff';
import type { DetectedGeneration } from './detect';
import { CConnectionPool } from './connection-pool-c';
import { TypedEmitter } from './emitter';
import { LicodeError, toLicodeError } from './errors';
import type { JoinInfo, StreamId } from './messages';
import { browserPeerConnectionFactory, PeerConnectionRegistry } from './peer';
import { Publications } from './publications';
import { QualitySampling } from './quality-sampling';
import { startRecording, stopRecording, type RecordingId } from './recording';
import { RemoteStreams } from './remote-streams';
import type { RoomContext } from './room-context';
import type { JoinResult, Publication, PublishOptions, RoomConnectionState, RoomEvents, RoomOptions, SubscribeOptions } from './room-types';
import { ServerEventRouter } from './server-events';
import { RoomSession } from './session';
import type { MuteState, RemoteStream } from './streams';
import type { SubscriptionUpdate } from './subscription-config';
import { Subscriptions } from './subscriptions';
import { delay } from './timeout';
import { decodeToken } from './token';
import type { Dialect } from './transport';

/**
 * A Licode room: join with a token, publish local media, subscribe to others, and keep all of it alive through
 * socket losses, ICE failures and server-side failures. Works with dialect A (Licode v3–v6), B (v7–v8) and C (v9 → HEAD).
 *
 * The parts: `RoomSession` (dialect, transport, join grant), `Publications`, `Subscriptions` (each with its own
 * bounded repair, `media-recovery.ts`), `CConnectionPool` (dialect C connections), `RemoteStreams`,
 * `ServerEventRouter`; this class owns the connection state and the rejoin after a lost session.
 */
export class Room extends TypedEmitter<RoomEvents> {
  readonly #options: RoomOptions;
  #state: RoomConnectionState = 'idle';
  readonly #session: RoomSession;
  readonly #peers: PeerConnectionRegistry;
  readonly #remotes: RemoteStreams;
  readonly #connections: CConnectionPool;
  readonly #publications: Publications;
  readonly #subscriptions: Subscriptions;
  readonly #events: ServerEventRouter;
  readonly #quality: QualitySampling;
  #rejoining = false;

  constructor(options: RoomOptions = {}) {
    super((err) => console.error('Licode room listener failed:', err));
    const limit = options.maxRemoteStreams;
    if (limit !== undefined && !(Number.isInteger(limit) && limit >= 1)) {
      throw new LicodeError('invalid-argument', `maxRemoteStreams must be a whole number of at least 1, not ${String(limit)}.`);
    }
    this.#options = options;
    const emit = <K extends keyof RoomEvents>(event: K, payload: RoomEvents[K]): void => this.emit(event, payload);
    this.#session = new RoomSession(options, {
      serverEvent: (event) => this.#events.route(event),
      malformed: (err) => this.emit('error', err),
      reconnecting: (attempt) => {
        if (this.#state === 'connected') this.#setState('reconnecting');
        if (this.#state === 'reconnecting' && attempt !== undefined) this.emit('reconnect-attempt', { state: 'reconnecting', attempt });
      },
      resumed: () => {
        if (this.#state === 'reconnecting') this.#setState('connected');
      },
      sessionLost: (err) => void this.#onSessionLost(err),
    });
    this.#peers = new PeerConnectionRegistry(options.peerConnectionFactory ?? browserPeerConnectionFactory, () => ({
      iceServers: this.#session.iceServers,
      bundlePolicy: 'max-bundle',
      rtcpMuxPolicy: 'require',
    }));
    this.#remotes = new RemoteStreams(emit, (id) => this.#subscriptions.dropForRemovedStream(id), options.maxRemoteStreams);
    this.#connections = new CConnectionPool(this.#peers, {
      track: (conn, received) => this.#subscriptions.routeTrack(conn, received),
      ready: (conn) => {
        for (const p of this.#publications.byConnection(conn)) p.ready.resolve();
        for (const s of this.#subscriptions.byConnection(conn)) {
          s.serverReady = true;
          this.#subscriptions.checkReady(s);
        }
      },
      failed: (conn, reason) => {
        for (const p of this.#publications.byConnection(conn)) void this.#publications.recover(p, reason);
        for (const s of this.#subscriptions.byConnection(conn)) void this.#subscriptions.recover(s, reason);
      },
      qualityLevel: (conn, level) => {
        for (const p of this.#publications.byConnection(conn)) if (p.sampler) p.sampler.serverLevel = level;
        for (const s of this.#subscriptions.byConnection(conn)) if (s.sampler) s.sampler.serverLevel = level;
      },
      error: (connectionId, message) => this.emit('error', new LicodeError('negotiation-failed', message, { connectionId })),
      stateChange: (conn) => {
        for (const s of this.#subscriptions.byConnection(conn)) this.#subscriptions.checkReady(s);
      },
      created: (connectionId) => this.#events.replay(`c:${connectionId}`),
    });
    const context: RoomContext = {
      options,
      session: this.#session,
      peers: this.#peers,
      connections: this.#connections,
      remotes: this.#remotes,
      state: () => this.#state,
      emit,
      replayEarly: (key) => this.#events.replay(key),
    };
    this.#publications = new Publications(context);
    this.#subscriptions = new Subscriptions(context);
    this.#events = new ServerEventRouter({
      publications: this.#publications,
      subscriptions: this.#subscriptions,
      remotes: this.#remotes,
      connections: this.#connections,
      emit,
    });
    this.#quality = new QualitySampling(
      () => ({ publications: this.#publications, subscriptions: this.#subscriptions.values() }),
      (quality) => this.emit('quality', quality),
    );
  }

  get state(): RoomConnectionState {
    return this.#state;
  }

  get dialect(): Dialect | null {
    return this.#session.dialect;
  }

  /** The generation the room speaks (detected, `knownGeneration` or forced), to remember per server; null before join. */
  get generation(): DetectedGeneration | null {
    return this.#session.generation;
  }

  /** Whether the server granted one peer connection for several streams. */
  get singlePC(): boolean {
    return this.#session.singlePC;
  }

  get remoteStreams(): ReadonlyMap<StreamId, RemoteStream> {
    return this.#remotes.byId;
  }

  get publications(): readonly Publication[] {
    return this.#publications.list();
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
      const info = await this.#session.connect(token);
      performance.mark('licode:join-granted');
      this.#setState('connected');
      this.#applyJoin(info, false);
      this.#quality.start(this.#options.statsIntervalMs ?? 1000);
      return this.#joinResult();
    } catch (err) {
      this.#setState('failed', err instanceof Error ? err.message : String(err));
      await this.#session.transport?.close().catch(() => undefined);
      throw toLicodeError(err, 'connection-lost');
    }
  }

  async leave(): Promise<void> {
    if (this.#state === 'left') return;
    this.#quality.stop();
    // Tell the server first (C: clientDisconnection, acknowledged before the socket closes), tear media down meanwhile.
    const closing = this.#session.detach()?.close();
    this.#publications.closeAll();
    this.#subscriptions.closeAll();
    this.#peers.closeAll();
    this.#connections.forget();
    this.#remotes.clear();
    this.#setState('left');
    await closing;
  }

  #applyJoin(info: JoinInfo, rejoin: boolean): void {
    this.#session.adopt(info);
    this.#remotes.applyJoinList(info.streams, rejoin);
  }

  #joinResult(): JoinResult {
    return {
      roomId: String(this.#session.join?.id ?? ''),
      clientId: this.#session.transport?.clientId,
      dialect: this.#session.dialect ?? 'C',
      singlePC: this.singlePC,
      streams: [...this.#remotes.byId.values()],
    };
  }

  // ---------------------------------------------------------------------------------------------------- media

  async publish(stream: MediaStream, options: PublishOptions = {}): Promise<Publication> {
    this.#assertConnected('publish');
    return this.#publications.publish(stream, options);
  }

  unpublish(publication: Publication): Promise<void> {
    return this.#publications.unpublish(publication);
  }

  /** Try a publication again at once, with a fresh set of retries (e.g. one whose retries ran out: `failed`). */
  retryPublication(publication: Publication): void {
    this.#assertConnected('retry a publication');
    this.#publications.restart(this.#publications.entry(publication));
  }

  setAttributes(publication: Publication, attributes: Record<string, unknown>): Promise<void> {
    return this.#publications.setAttributes(publication, attributes);
  }

  sendData(publication: Publication, message: unknown): Promise<void> {
    return this.#publications.sendData(publication, message);
  }

  /** Mute/unmute local tracks (track.enabled) and tell the server (`muteStream`) and the others (attributes). */
  mute(publication: Publication, state: Partial<MuteState>): Promise<void> {
    return this.#publications.mute(publication, state);
  }

  /** Switch a device without renegotiation (RTCRtpSender.replaceTrack). */
  replaceTrack(publication: Publication, track: MediaStreamTrack): Promise<void> {
    return this.#publications.replaceTrack(publication, track);
  }

  async subscribe(remote: RemoteStream | StreamId, options: SubscribeOptions = {}): Promise<MediaStream | null> {
    this.#assertConnected('subscribe');
    return this.#subscriptions.subscribe(remote, options);
  }

  unsubscribe(remote: RemoteStream | StreamId): Promise<void> {
    return this.#subscriptions.unsubscribe(remote);
  }

  /**
   * Cap what a subscription receives (`updatestream`, §5.3 / §3.4): a maximum resolution (`null` = uncapped), a
   * bandwidth in kbit/s, or an explicit simulcast layer (`null` = dynamic). Kept with the subscription and sent
   * again with every resubscribe and recovery. Rejects with a LicodeError for streams that are not subscribed and for
   * unusable values (nothing is sent then).
   */
  async updateSubscription(remote: RemoteStream | StreamId, update: SubscriptionUpdate): Promise<void> {
    if (this.#state === 'idle' || this.#state === 'left' || this.#state === 'failed') {
      throw new LicodeError('not-connected', `Cannot update a subscription: the room is ${this.#state}.`);
    }
    return this.#subscriptions.update(remote, update);
  }

  /**
   * Licode's recorder: the server records this one stream (ours or anyone's) until `stopRecording`; needs the role
   * right `record` (§6.4). Resolves with the recording id exactly as the server sent it. Rejects with a
   * `RecordingError` saying why the server refused (`refusal`), or a LicodeError 'timeout' / 'not-connected'.
   */
  startRecording(streamId: StreamId): Promise<RecordingId> {
    this.#assertConnected('start a recording');
    return startRecording(this.#session.requireTransport('start a recording'), streamId);
  }

  /** Stops a recording started with `startRecording` (any participant with the right may stop it). */
  stopRecording(recordingId: RecordingId): Promise<void> {
    this.#assertConnected('stop a recording');
    return stopRecording(this.#session.requireTransport('stop a recording'), recordingId);
  }

  // ---------------------------------------------------------------------------------------------------- rejoin

  /** The server forgot our session (restart, long outage): rejoin with a fresh token and rebuild all media. */
  async #onSessionLost(err: LicodeError): Promise<void> {
    if (this.#state === 'left' || this.#rejoining) return;
    // Media of the lost session is useless now; the server has forgotten it.
    this.#publications.dropSessionMedia();
    this.#subscriptions.dropSessionMedia();
    this.#peers.closeAll();
    this.#connections.forget();
    this.#events.forgetEarly();
    const provider = this.#options.tokenProvider;
    if (!provider) {
      this.#session.detach();
      this.#setState('failed', err.message);
      this.#publications.abandon(err);
      this.emit('error', err);
      return;
    }
    this.#rejoining = true;
    this.#setState('recovering', err.message);
    const backoff = new Backoff({ ...this.#options.reconnect, ...(this.#options.unboundedReconnect ? { maxAttempts: Infinity } : {}) });
    try {
      for (let attempt = 1; ; attempt++) {
        if (this.#state !== 'recovering') return; // left meanwhile
        this.emit('reconnect-attempt', { state: 'recovering', attempt });
        try {
          await this.#session
            .detach()
            ?.close()
            .catch(() => undefined);
          const info = await this.#session.connect(decodeToken(await provider()));
          // connected before announcing streams, so listeners may subscribe to them right away
          this.#setState('connected');
          this.#applyJoin(info, true);
          break;
        } catch (e) {
          const attemptError = toLicodeError(e, 'connection-lost');
          const wait = backoff.next();
          if (wait === null) throw attemptError;
          await delay(wait);
        }
      }
      await this.#restoreMedia();
    } catch (e) {
      this.#session.detach();
      this.#setState('failed', toLicodeError(e, 'connection-lost').message);
      this.#publications.abandon(toLicodeError(e, 'connection-lost'));
      this.emit('error', new LicodeError('connection-lost', `Could not rejoin the room: ${toLicodeError(e, 'connection-lost').message}`));
    } finally {
      this.#rejoining = false;
    }
  }

  /**
   * After a rejoin: republish everything — publications whose earlier attempts failed or ran out of retries too — with
   * fresh retries (new ids), and resubscribe to streams that still exist.
   */
  async #restoreMedia(): Promise<void> {
    const jobs: Promise<unknown>[] = [];
    for (const p of this.#publications) this.#publications.restart(p);
    for (const s of this.#subscriptions.takeForRestore()) {
      s.recoveries = 0;
      jobs.push(
        this.#subscriptions
          .start(s)
          .catch((e: unknown) =>
            this.emit('error', new LicodeError('media-failed', `Could not resubscribe after rejoining: ${toLicodeError(e, 'media-failed').message}`)),
          ),
      );
    }
    await Promise.all(jobs);
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
}
