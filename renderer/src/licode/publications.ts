import { readPublishAck } from './acks';
import { AStreamConnection } from './connection-a';
import type { CConnection } from './connection-c';
import { LicodeError, toLicodeError } from './errors';
import { recoverMedia } from './media-recovery';
import type { StreamId } from './messages';
import { applyTrackMute, publishedAttributes, sendAttributes, sendMuteSignal } from './publication-signals';
import { DEFAULT_MAX_MEDIA_RECOVERIES, DEFAULT_MEDIA_TIMEOUT_MS, type RoomContext } from './room-context';
import type { Publication, PublishOptions } from './room-types';
import { effectiveVideoBandwidth, senderMaxBitrate } from './sdp';
import { checkSimulcast, simulcastEncodings } from './simulcast';
import { QualitySampler } from './stats';
import { deferred, type Deferred, type MuteState } from './streams';
import { withTimeout } from './timeout';

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
  recoveries: number;
  recovering: boolean;
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
    if (stream.getTracks().length === 0 && options.data === false) throw new LicodeError('invalid-argument', 'Nothing to publish: the stream has no tracks and data is off.');
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
      recoveries: 0,
      recovering: false,
      closed: false,
    };
    this.#entries.add(entry);
    try {
      await this.start(entry);
    } catch (err) {
      this.#entries.delete(entry);
      this.closeMedia(entry);
      if (entry.streamId !== undefined) void this.room.session.quietRequest('unpublish', entry.streamId);
      throw toLicodeError(err, 'media-failed');
    }
    return entry;
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
    const ack = readPublishAck(await transport.request('publish', args));
    if (!ack.ok) throw new LicodeError('request-failed', `The server refused to publish: ${ack.message}`, { reason: ack.message });
    entry.streamId = ack.streamId;
    entry.erizoId = ack.erizoId;
    entry.sampler = new QualitySampler(ack.streamId, 'publish');
    if (!hasAudio && !hasVideo) {
      entry.ready.resolve();
      return;
    }
    const onFailed = (reason: string): void => void this.recover(entry, reason);
    if (session.dialect === 'A') {
      entry.a = new AStreamConnection({
        transport,
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
      const conn = this.room.connections.obtain(ack.connectionId, ack.erizoId, transport);
      conn.users.add(ack.streamId);
      entry.c = conn;
      const maxBitrate = kbps ? senderMaxBitrate(kbps) : undefined;
      const encodings = layers > 1 ? simulcastEncodings(layers, maxBitrate) : maxBitrate ? [{ maxBitrate }] : undefined;
      entry.senders = conn.addPublication(entry.mediaStream, encodings).map((t) => t.sender);
    }
    await withTimeout(entry.ready.promise, this.room.options.mediaTimeoutMs ?? DEFAULT_MEDIA_TIMEOUT_MS, 'the publication (ICE/DTLS never became ready)');
  }

  async unpublish(publication: Publication): Promise<void> {
    const entry = this.entry(publication);
    entry.closed = true;
    this.#entries.delete(entry);
    this.closeMedia(entry);
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
      if (conn.users.size === 0) this.room.connections.close(conn);
      else for (const t of conn.pc.getTransceivers()) if (entry.senders.includes(t.sender)) t.stop();
    }
    entry.c = undefined;
    entry.senders = [];
    entry.ready.reject(new LicodeError('media-failed', 'The publication was closed.'));
  }

  /** Republish under a new stream id; the old id is remembered so it never shows up as someone else's stream. */
  recover(entry: PublicationEntry, reason: string): Promise<void> {
    return recoverMedia(
      entry,
      reason,
      { maxAttempts: this.room.options.maxMediaRecoveries ?? DEFAULT_MAX_MEDIA_RECOVERIES, connected: () => this.room.state() === 'connected' },
      {
        isCurrent: () => this.#entries.has(entry),
        verb: 'republish',
        rebuild: async () => {
          const oldId = entry.streamId;
          this.closeMedia(entry);
          entry.streamId = undefined;
          if (oldId !== undefined) {
            this.room.remotes.formerOwnIds.add(oldId);
            void this.room.session.quietRequest('unpublish', oldId);
          }
          await this.start(entry);
        },
        giveUp: (why, max) =>
          this.room.emit('error', new LicodeError('media-failed', `The publication failed (${why}) and could not be restored after ${max} attempts.`, { streamId: entry.streamId })),
      },
    );
  }

  /** The session is gone: its media and stream ids are useless; keep the entries for the rejoin. */
  dropSessionMedia(): void {
    for (const p of this.#entries) {
      this.closeMedia(p);
      if (p.streamId !== undefined) this.room.remotes.formerOwnIds.add(p.streamId);
      p.streamId = undefined;
    }
  }

  /** Leaving: close everything and forget it. */
  closeAll(): void {
    for (const p of this.#entries) this.closeMedia(p);
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
 * Simulcast layers to send: dialect C only (A would need Plan B SIM munging, impossible with unified plan), and
 * never for screen shares (Licode sends those at scale 1 in every layer: one full-size layer is the same picture).
 */
function simulcastLayers(entry: PublicationEntry, dialect: 'A' | 'C' | null): number {
  if (dialect !== 'C' || entry.screen) return 1;
  return checkSimulcast(entry.options.simulcast) ?? 1;
}
