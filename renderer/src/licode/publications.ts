import { readPublishAck } from './acks';
import { Backoff } from './backoff';
import type { AStreamConnection } from './connection-a';
import type { CConnection } from './connection-c';
import { LicodeError, toLicodeError } from './errors';
import type { StreamId } from './messages';
import { applyTrackMute, publishedAttributes, sendAttributes, sendMuteSignal } from './publication-signals';
import { describePublishFailure, publishStageError, stageOfStalledConnection, type PublishFailure } from './publish-failure';
import { DEFAULT_MAX_MEDIA_RECOVERIES, DEFAULT_MEDIA_TIMEOUT_MS, type RoomContext } from './room-context';
import type { Publication, PublicationStatus, PublishOptions } from './room-types';
import { effectiveVideoBandwidth, senderMaxBitrate } from './sdp';
import { checkSimulcast, simulcastEncodings } from './simulcast';
import { QualitySampler } from './stats';
import { deferred, type Deferred, type MuteState } from './streams';
import { delay, withTimeout } from './timeout';
import { createStreamConnection, type Dialect } from './transport';

/**
 * Pauses between attempts to publish: 1 s, 2 s, 4 s, … up to 15 s (±25 %), at most `maxMediaRecoveries` retries.
 * Short enough that a camera lost to a transient fault is back within seconds, long enough not to hammer a server.
 */
const RETRY_BACKOFF = { initialMs: 1_000, maxMs: 15_000, factor: 2, jitter: 0.25 } as const;

export interface PublicationEntry extends Publication {
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
  status: PublicationStatus;
  /** Retries made since the publication was last ready (reset by a rejoin). */
  recoveries: number;
  /** Bumped to cancel a running attempt loop (session lost, unpublished, a new loop started). */
  run: number;
  /** Settles once: the first time the publication is ready, or when it is dropped or its retries run out first. */
  firstReady: Deferred<void>;
  closed: boolean;
}

/** The room's local publications: publish (both dialects), track changes, mute, attributes, data, repair. */
export class Publications {
  readonly #entries = new Set<PublicationEntry>();

  constructor(private readonly room: RoomContext) {}

  [Symbol.iterator](): IterableIterator<PublicationEntry> {
    return this.#entries.values();
  }

  list(): PublicationEntry[] {
    return [...this.#entries];
  }

  byStreamId(id: StreamId): PublicationEntry | undefined {
    return this.list().find((p) => p.streamId === id);
  }

  byConnection(conn: CConnection): PublicationEntry[] {
    return this.list().filter((p) => p.c === conn);
  }

  async publish(stream: MediaStream, options: PublishOptions): Promise<Publication> {
    if (options === null || typeof options !== 'object') throw new LicodeError('invalid-argument', 'Publish options must be an object.');
    if (stream.getTracks().length === 0 && options.data === false)
      throw new LicodeError('invalid-argument', 'Nothing to publish: the stream has no tracks and data is off.');
    checkSimulcast(options.simulcast);
    const entry: PublicationEntry = {
      streamId: undefined,
      mediaStream: stream,
      attributes: { ...(options.attributes ?? {}) },
      muted: initialMute(options.muted),
      screen: !!options.screen,
      options,
      erizoId: undefined,
      a: undefined,
      c: undefined,
      senders: [],
      ready: deferred<void>(),
      sampler: undefined,
      status: 'publishing',
      recoveries: 0,
      run: 0,
      firstReady: deferred<void>(),
      closed: false,
    };
    this.#entries.add(entry);
    void this.#attempts(entry, undefined);
    await entry.firstReady.promise;
    return entry;
  }

  /**
   * Publish until ready: an attempt that fails is retried with back-off (RETRY_BACKOFF, at most `maxMediaRecoveries`
   * retries), each step reported as `publication-state` so the app can show it. A final refusal drops the
   * publication; when the retries run out it stays parked (`failed`) and the next rejoin or `retryPublication` tries
   * again. `failure` is the failure that made a ready publication start over (nothing for a first publish): its first
   * republish is immediate, as a working publication that broke is repaired at once; back-off is for repeated failures.
   */
  async #attempts(entry: PublicationEntry, failure: PublishFailure | undefined): Promise<void> {
    const run = ++entry.run;
    const maxRetries = this.room.options.maxMediaRecoveries ?? DEFAULT_MAX_MEDIA_RECOVERIES;
    const backoff = new Backoff({ ...RETRY_BACKOFF, maxAttempts: maxRetries });
    const current = (): boolean => run === entry.run && !entry.closed && this.#entries.has(entry);
    const repairAtOnce = failure !== undefined;
    for (;;) {
      if (failure) {
        this.#discardAttempt(entry);
        if (failure.permanent) return this.#drop(entry, failure);
        // A lost session is rebuilt as a whole by the rejoin (which starts a new loop); nothing to do here.
        if (failure.sessionGone || !this.#sessionUsable()) return this.#setStatus(entry, 'waiting', failure);
        const next = backoff.next();
        if (next === null) return this.#park(entry, failure, maxRetries);
        const wait = repairAtOnce && backoff.attempt === 1 ? 0 : next;
        entry.recoveries = backoff.attempt;
        this.#setStatus(entry, 'retrying', failure, { attempt: backoff.attempt, maxAttempts: maxRetries, retryInMs: wait });
        if (wait > 0) await delay(wait);
        if (!current()) return;
        if (!this.#sessionUsable()) return this.#setStatus(entry, 'waiting', failure);
      }
      try {
        if (entry.status !== 'retrying') this.#setStatus(entry, 'publishing');
        await this.start(entry);
      } catch (err) {
        if (!current()) return; // replaced by a newer loop, unpublished, or the session went away meanwhile
        failure = describePublishFailure(err);
        continue;
      }
      if (!current()) return;
      entry.recoveries = 0;
      this.#setStatus(entry, 'ready');
      entry.firstReady.resolve();
      return;
    }
  }

  /** A fresh attempt loop: after a rejoin, or when the app asks to try a parked publication again. */
  restart(entry: PublicationEntry): void {
    if (entry.closed || !this.#entries.has(entry)) return;
    entry.recoveries = 0;
    void this.#attempts(entry, undefined);
  }

  #sessionUsable(): boolean {
    const state = this.room.state();
    return state === 'connected' || state === 'reconnecting';
  }

  /** Tear a failed attempt down; its stream id (if any) is unpublished and never mistaken for someone else's. */
  #discardAttempt(entry: PublicationEntry): void {
    const oldId = entry.streamId;
    this.closeMedia(entry);
    entry.streamId = undefined;
    entry.erizoId = undefined;
    entry.sampler = undefined;
    if (oldId !== undefined) {
      this.room.remotes.formerOwnIds.add(oldId);
      void this.room.session.quietRequest('unpublish', oldId);
    }
  }

  /** Retrying cannot help (no right to publish, unusable options): forget the publication. */
  #drop(entry: PublicationEntry, failure: PublishFailure): void {
    this.#entries.delete(entry);
    entry.closed = true;
    this.#setStatus(entry, 'failed', failure, { final: true });
    entry.firstReady.reject(new LicodeError(failure.stage === 'refused' ? 'request-failed' : 'media-failed', failure.message, { stage: failure.stage }));
  }

  /** The retries ran out: keep the publication (a rejoin or `retryPublication` tries again) and say so. */
  #park(entry: PublicationEntry, failure: PublishFailure, retries: number): void {
    this.#setStatus(entry, 'failed', failure, { attempt: retries, maxAttempts: retries });
    const error = new LicodeError('media-failed', `Could not publish after ${retries + 1} attempts: ${failure.message}`, {
      stage: failure.stage,
      publication: entry,
    });
    this.room.emit('error', error);
    entry.firstReady.reject(error);
  }

  #setStatus(
    entry: PublicationEntry,
    status: PublicationStatus,
    failure?: PublishFailure,
    extra: { attempt?: number; maxAttempts?: number; retryInMs?: number; final?: boolean } = {},
  ): void {
    // Every retry is reported (its attempt number changes); other states once per change.
    if (entry.status === status && status !== 'retrying') return;
    entry.status = status;
    this.room.emit('publication-state', {
      publication: entry,
      status,
      ...(failure ? { stage: failure.stage, reason: failure.message } : {}),
      ...extra,
    });
  }

  /** Asks the server for a stream and negotiates its media; used for the first publish and every republish. */
  async start(entry: PublicationEntry): Promise<void> {
    const { session } = this.room;
    const transport = session.requireTransport('publish');
    entry.ready = deferred<void>();
    const kbps = effectiveVideoBandwidth(entry.options.maxVideoBW, session.join?.defaultVideoBW, session.join?.maxVideoBW);
    const hasAudio = entry.mediaStream.getAudioTracks().length > 0;
    const hasVideo = entry.mediaStream.getVideoTracks().length > 0;
    // Initial mute: the tracks are off before the offer, and the publish options tell the server and the others.
    applyTrackMute(entry);
    const layers = simulcastLayers(entry, session.dialect);
    const options: Record<string, unknown> = {
      state: 'erizo',
      data: entry.options.data ?? true,
      audio: hasAudio,
      video: hasVideo,
      screen: entry.screen,
      label: entry.mediaStream.id,
      attributes: publishedAttributes(entry),
      metadata: {},
      createOffer: null,
      muteStream: { ...entry.muted },
      minVideoBW: 0,
      scheme: null,
      ...(kbps ? { maxVideoBW: kbps } : {}),
      ...(session.dialect === 'C' ? { encryptTransport: true, handlerProfile: null } : {}),
      ...(layers > 1 && hasVideo ? { simulcast: { numSpatialLayers: layers } } : {}),
    };
    if (!hasAudio && !hasVideo) options['state'] = 'data';
    const args = session.dialect === 'A' ? [options, null] : [{ options, sdp: null }];
    const ack = readPublishAck(
      await transport.request('publish', args).catch((err: unknown) => {
        const error = toLicodeError(err, 'timeout');
        throw error.code === 'timeout' ? publishStageError('no-publish-answer', undefined, { reason: error.message }) : error;
      }),
    );
    if (!ack.ok) throw publishStageError('refused', ack.message, { reason: ack.message });
    entry.streamId = ack.streamId;
    entry.erizoId = ack.erizoId;
    entry.sampler = new QualitySampler(ack.streamId, 'publish');
    if (!hasAudio && !hasVideo) {
      entry.ready.resolve();
      return;
    }
    const onFailed = (reason: string): void => void this.recover(entry, reason);
    if (session.dialect === 'A') {
      entry.a = createStreamConnection(transport, {
        peers: this.room.peers,
        streamId: ack.streamId,
        role: 'publish',
        localStream: entry.mediaStream,
        maxVideoKbps: kbps,
        onReady: () => entry.ready.resolve(),
        onFailed,
      });
      entry.senders = entry.a.pc.getSenders();
      this.room.replayEarly(`a:${ack.streamId}`);
    } else {
      if (!ack.connectionId) throw new LicodeError('request-failed', 'The server acknowledged the publication without a connection id.');
      const conn = this.room.connections.obtain(ack.connectionId, ack.erizoId, transport, session.singlePC);
      conn.users.add(ack.streamId);
      entry.c = conn;
      const maxBitrate = kbps ? senderMaxBitrate(kbps) : undefined;
      const encodings = layers > 1 ? simulcastEncodings(layers, maxBitrate) : maxBitrate ? [{ maxBitrate }] : undefined;
      entry.senders = conn.addPublication(entry.mediaStream, encodings).map((t) => t.sender);
    }
    const timeoutMs = this.room.options.mediaTimeoutMs ?? DEFAULT_MEDIA_TIMEOUT_MS;
    try {
      await withTimeout(entry.ready.promise, timeoutMs, 'the publication');
    } catch (err) {
      if (toLicodeError(err, 'media-failed').code !== 'timeout') throw err;
      // Say where it stopped: a starved page that never sent its offer is not the server's fault.
      const pc = entry.a?.pc ?? entry.c?.pc;
      throw publishStageError(stageOfStalledConnection(pc), `not ready after ${timeoutMs / 1000} s`, { streamId: entry.streamId });
    }
  }

  async unpublish(publication: Publication): Promise<void> {
    const entry = this.entry(publication);
    entry.closed = true;
    entry.run++;
    this.#entries.delete(entry);
    this.closeMedia(entry);
    entry.firstReady.reject(new LicodeError('media-failed', 'The publication was unpublished before it became ready.'));
    const transport = this.room.session.transport;
    if (entry.streamId !== undefined && transport) {
      const result = await transport.request('unpublish', [entry.streamId]).catch((err: unknown) => {
        throw toLicodeError(err, 'request-failed');
      });
      if (result[0] !== true) throw new LicodeError('request-failed', `The server refused to unpublish: ${String(result[1] ?? result[2] ?? 'no reason')}`);
    }
  }

  async setAttributes(publication: Publication, attributes: Record<string, unknown>): Promise<void> {
    const entry = this.entry(publication);
    if (!attributes || typeof attributes !== 'object' || Array.isArray(attributes)) throw new LicodeError('invalid-argument', 'Attributes must be an object.');
    entry.attributes = { ...attributes };
    await sendAttributes(this.room.session, entry);
  }

  async sendData(publication: Publication, message: unknown): Promise<void> {
    const entry = this.entry(publication);
    if (entry.streamId === undefined) throw new LicodeError('not-connected', 'The publication is not on the server yet.');
    const text = JSON.stringify(message);
    if (text === undefined) throw new LicodeError('invalid-argument', 'The data message cannot be serialised to JSON.');
    if (text.length > 900_000) throw new LicodeError('invalid-argument', 'The data message is too large (Licode closes the socket above 1 MB).');
    await this.room.session.sendMaybeAcked('sendDataStream', { id: entry.streamId, msg: message });
  }

  async mute(publication: Publication, state: Partial<MuteState>): Promise<void> {
    const entry = this.entry(publication);
    entry.muted = { audio: state.audio ?? entry.muted.audio, video: state.video ?? entry.muted.video };
    applyTrackMute(entry);
    sendMuteSignal(this.room.session, entry);
    await sendAttributes(this.room.session, entry);
  }

  async replaceTrack(publication: Publication, track: MediaStreamTrack): Promise<void> {
    const entry = this.entry(publication);
    const sender = entry.senders.find((s) => s.track?.kind === track.kind) ?? entry.senders.find((s) => !s.track && s.transport !== null);
    if (!sender) throw new LicodeError('invalid-argument', `The publication has no ${track.kind} track to replace.`);
    const old = sender.track;
    await sender.replaceTrack(track);
    if (old) entry.mediaStream.removeTrack(old);
    entry.mediaStream.addTrack(track);
    track.enabled = !(track.kind === 'audio' ? entry.muted.audio : entry.muted.video);
  }

  closeMedia(entry: PublicationEntry): void {
    entry.a?.close();
    entry.a = undefined;
    if (entry.c) {
      const conn = entry.c;
      if (entry.streamId !== undefined) conn.users.delete(entry.streamId);
      // A connection that stays (other publications, or single PC's shared one) stops sending this one's tracks.
      if (!this.room.connections.release(conn)) for (const t of conn.pc.getTransceivers()) if (entry.senders.includes(t.sender)) t.stop();
    }
    entry.c = undefined;
    entry.senders = [];
    entry.ready.reject(new LicodeError('media-failed', 'The publication was closed.'));
  }

  /**
   * The publication's connection failed (ICE, `connection_failed`, the server removed the stream). During an attempt
   * that attempt fails (its loop retries); a ready publication starts a new loop: republished under a new stream id,
   * the old id remembered so it never shows up as someone else's stream.
   */
  recover(entry: PublicationEntry, reason: string): Promise<void> {
    if (entry.closed || !this.#entries.has(entry)) return Promise.resolve();
    const neverConnected = stageOfStalledConnection(entry.a?.pc ?? entry.c?.pc) !== 'no-ready';
    const stage = /^ICE/.test(reason) && neverConnected ? 'ice' : 'failed';
    if (entry.status !== 'ready') {
      entry.ready.reject(publishStageError(stage, reason, { streamId: entry.streamId }));
      return Promise.resolve();
    }
    if (!this.#sessionUsable()) return Promise.resolve(); // a lost session is rebuilt as a whole by the rejoin
    return this.#attempts(entry, describePublishFailure(publishStageError(stage, reason, { streamId: entry.streamId })));
  }

  /** The session is gone: its media and stream ids are useless; keep the entries for the rejoin. */
  dropSessionMedia(): void {
    for (const p of this.#entries) {
      p.run++; // stop retry loops: the rejoin starts new ones
      this.closeMedia(p);
      if (p.streamId !== undefined) this.room.remotes.formerOwnIds.add(p.streamId);
      p.streamId = undefined;
    }
  }

  /** The room gave up (no rejoin possible): publishers still waiting for their first `ready` hear it. */
  abandon(error: LicodeError): void {
    for (const p of this.#entries) p.firstReady.reject(error);
  }

  /** Leaving: close everything and forget it. */
  closeAll(): void {
    for (const p of this.#entries) {
      p.closed = true;
      p.run++;
      this.closeMedia(p);
      p.firstReady.reject(new LicodeError('not-connected', 'The room was left before the publication became ready.'));
    }
    this.#entries.clear();
  }

  entry(publication: Publication): PublicationEntry {
    const entry = publication as PublicationEntry;
    if (!this.#entries.has(entry)) throw new LicodeError('invalid-argument', 'This publication is not active in this room.');
    return entry;
  }
}

function initialMute(muted: unknown): MuteState {
  if (muted === undefined) return { audio: false, video: false };
  const m = muted !== null && typeof muted === 'object' ? (muted as Record<string, unknown>) : null;
  const ok = m !== null && [m['audio'], m['video']].every((x) => x === undefined || typeof x === 'boolean');
  if (!ok) throw new LicodeError('invalid-argument', 'muted must be {audio?: boolean, video?: boolean}.');
  return { audio: m['audio'] === true, video: m['video'] === true };
}

/**
 * Simulcast layers to send: dialect C only (A and B would need Plan B SIM munging, impossible with unified plan), and
 * never for screen shares (Licode sends those at scale 1 in every layer: one full-size layer is the same picture).
 */
function simulcastLayers(entry: PublicationEntry, dialect: Dialect | null): number {
  if (dialect !== 'C' || entry.screen) return 1;
  return checkSimulcast(entry.options.simulcast) ?? 1;
}
