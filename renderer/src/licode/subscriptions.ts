import { readSubscribeAck } from './acks';
import type { ReceivedTrack } from './connection-pool-c';
import type { AStreamConnection } from './connection-a';
import type { CConnection } from './connection-c';
import { LicodeError, toLicodeError } from './errors';
import { recoverMedia } from './media-recovery';
import type { StreamId } from './messages';
import { DEFAULT_MAX_MEDIA_RECOVERIES, DEFAULT_MEDIA_TIMEOUT_MS, type RoomContext } from './room-context';
import type { SubscribeOptions } from './room-types';
import { QualitySampler } from './stats';
import { deferred, type Deferred, type RemoteStream, type RemoteStreamEntry } from './streams';
import {
  applyUpdate,
  checkMaxResolution,
  checkMaxVideoBW,
  checkQualityLayer,
  checkSubscriptionUpdate,
  fullConfig,
  updateConfig,
  videoOption,
  type SubscriptionCaps,
} from './subscription-config';
import { withTimeout } from './timeout';
import { createStreamConnection } from './transport';

export interface SubscriptionEntry {
  remote: RemoteStreamEntry;
  options: SubscribeOptions;
  /** Resolution / bandwidth / layer caps: from the subscribe options, then every `updateSubscription`. */
  caps: SubscriptionCaps;
  /** The server acknowledged this (re)subscription and its connection exists: updatestream can be sent. */
  linked: boolean;
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
  /** Settles when the entry is closed, so a subscribe request still waiting for its ack stops waiting at once. */
  closing: Deferred<void>;
}

/** Marks the entry closed (unsubscribed, failed or its stream removed) and wakes whatever waits on it. */
function closeEntry(entry: SubscriptionEntry): void {
  entry.closed = true;
  entry.closing.resolve();
}

/** The room's subscriptions to remote streams: subscribe (every dialect), track routing, readiness, repair. */
export class Subscriptions {
  readonly #entries = new Map<StreamId, SubscriptionEntry>();

  constructor(private readonly room: RoomContext) {}

  values(): IterableIterator<SubscriptionEntry> {
    return this.#entries.values();
  }

  get(id: StreamId): SubscriptionEntry | undefined {
    return this.#entries.get(id);
  }

  byConnection(conn: CConnection): SubscriptionEntry[] {
    return [...this.#entries.values()].filter((s) => s.c === conn);
  }

  async subscribe(remote: RemoteStream | StreamId, options: SubscribeOptions): Promise<MediaStream | null> {
    const id = typeof remote === 'number' ? remote : remote.id;
    const caps = capsOf(options);
    const entryRemote = this.room.remotes.get(id);
    if (!entryRemote) throw new LicodeError('invalid-argument', `There is no stream ${String(id)} in the room.`);
    const existing = this.#entries.get(id);
    if (existing) {
      // A second subscribe is never acknowledged by Licode (§8.3 #13): reuse the first.
      await existing.ready.promise;
      return existing.mediaStream;
    }
    const entry: SubscriptionEntry = {
      remote: entryRemote,
      options,
      caps,
      linked: false,
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
      closing: deferred<void>(),
    };
    this.#entries.set(id, entry);
    try {
      await this.start(entry);
    } catch (err) {
      // Only undo what is still ours: after an unsubscribe (and maybe a new subscribe to the same stream) the map
      // entry and the server's subscription belong to the new one, and unsubscribe() already told the server.
      if (!entry.closed) {
        closeEntry(entry);
        if (this.#entries.get(id) === entry) this.#entries.delete(id);
        this.closeMedia(entry);
        void this.room.session.quietRequest('unsubscribe', id);
      }
      throw toLicodeError(err, 'media-failed');
    }
    return entry.mediaStream;
  }

  /** Change a subscription's caps: stored for every resubscribe, sent now when the server knows the subscription. */
  async update(remote: RemoteStream | StreamId, update: unknown): Promise<void> {
    const id = typeof remote === 'number' ? remote : remote?.id;
    const checked = checkSubscriptionUpdate(update);
    const entry = typeof id === 'number' ? this.#entries.get(id) : undefined;
    if (!entry) throw new LicodeError('invalid-argument', `Not subscribed to stream ${String(id)}: subscribe before updating the subscription.`);
    if (!entry.video && entry.linked)
      throw new LicodeError('invalid-argument', `The subscription to ${String(id)} receives no video: there is nothing to cap.`);
    entry.caps = applyUpdate(entry.caps, checked);
    if (entry.linked) await this.#sendConfig(entry, updateConfig(checked));
    // not linked yet: start() sends the new caps once the server acknowledged the (re)subscription
  }

  async #sendConfig(entry: SubscriptionEntry, config: Record<string, unknown>): Promise<void> {
    const { session } = this.room;
    const msg = { type: 'updatestream', config };
    if (session.dialect === 'A') {
      // §3.4: subscriber side, no reply
      entry.a?.sendUpdate(config);
      return;
    }
    // §5.3 quirk: without the subscription's erizoId the real server routes the message nowhere.
    if (entry.erizoId === undefined)
      throw new LicodeError('request-failed', 'The server gave this subscription no erizoId; the update could not be addressed.');
    const transport = session.requireTransport('update the subscription');
    await transport.request('streamMessage', [{ options: { streamId: entry.remote.id, erizoId: entry.erizoId, msg, browser: 'chrome-stable' }, sdp: null }]);
  }

  /** Asks the server for the stream and negotiates its media; used for the first subscribe and every resubscribe. */
  async start(entry: SubscriptionEntry): Promise<void> {
    const { session } = this.room;
    const transport = session.requireTransport('subscribe');
    const remote = entry.remote;
    if (entry.closed) throw cancelled(remote.id);
    entry.ready = deferred<void>();
    entry.serverReady = false;
    entry.linked = false;
    entry.audio = remote.audio && entry.options.audio !== false;
    entry.video = remote.video && entry.options.video !== false;
    const caps = entry.caps;
    const options: Record<string, unknown> = {
      streamId: remote.id,
      audio: entry.audio,
      video: entry.video ? videoOption(caps.maxResolution) : false,
      data: entry.options.data ?? true,
      browser: 'chrome-stable',
      createOffer: null,
      metadata: {},
      muteStream: { audio: false, video: false },
      slideShowMode: false,
      ...(caps.maxVideoBW !== undefined ? { maxVideoBW: caps.maxVideoBW } : {}),
      ...(session.dialect === 'C' ? { encryptTransport: true, handlerProfile: null } : {}),
      ...transport.extraSubscribeOptions,
    };
    const args = session.dialect === 'A' ? [options, null] : [{ options, sdp: null }];
    // Unsubscribed before the ack: stop waiting. A server may never answer a subscription cancelled this early (v4–v6
    // list a subscriber only at ErizoJS's `initializing`, docs/licode-protocol.md §8 #24h), which would otherwise end
    // in a request timeout instead of "cancelled".
    performance.mark('licode:subscribe', { detail: remote.id });
    const request = transport.request('subscribe', args);
    const answer = await Promise.race([request, entry.closing.promise.then(() => null)]);
    if (answer === null) {
      request.catch(() => undefined); // its late ack or timeout no longer matters
      throw cancelled(remote.id);
    }
    const ack = readSubscribeAck(answer);
    if (!ack.ok) throw new LicodeError('request-failed', `The server refused the subscription: ${ack.message}`, { reason: ack.message });
    // Unsubscribed while the request was in flight: the server drops this subscription with our unsubscribe; build
    // nothing for it (a connection or `subscribed` flag made now would belong to a dead subscription).
    if (entry.closed) throw cancelled(remote.id);
    performance.mark('licode:subscribe-ack', { detail: remote.id });
    entry.erizoId = ack.erizoId;
    remote.subscribed = true;
    if (!entry.audio && !entry.video) {
      entry.linked = true;
      entry.ready.resolve(); // data-only: no peer connection
      return;
    }
    entry.mediaStream = new MediaStream();
    entry.sampler = new QualitySampler(remote.id, 'subscribe');
    if (session.dialect === 'A') {
      entry.a = createStreamConnection(transport, {
        peers: this.room.peers,
        streamId: remote.id,
        role: 'subscribe',
        receive: { audio: entry.audio, video: entry.video },
        maxVideoKbps: undefined,
        onTrack: (ev) => this.#attachTrack(entry, ev.track, ev.receiver),
        onReady: () => {
          entry.serverReady = true;
          this.checkReady(entry);
        },
        onFailed: (reason) => void this.recover(entry, reason),
      });
      this.room.replayEarly(`a:${remote.id}`);
    } else {
      if (!ack.connectionId) throw new LicodeError('request-failed', 'The server acknowledged the subscription without a connection id.');
      const conn = this.room.connections.obtain(ack.connectionId, ack.erizoId, transport, session.singlePC);
      conn.users.add(remote.id);
      entry.c = conn;
      // single PC: the server's re-offer may have delivered our tracks before the subscribe ack (§8 18)
      for (const received of this.room.connections.takeParked(conn)) this.routeTrack(conn, received);
      // B: a v7 server waits for our offer (§4.1); the transport knows whether this subscription's must come from us.
      void transport.clientOffersSubscription?.(ack.connectionId, options).then((ours) => {
        if (ours && !entry.closed && entry.c === conn) transport.offerToReceive?.(conn, { audio: entry.audio, video: entry.video });
      });
    }
    entry.linked = true;
    // Subscribe options carry no qualityLayer, and caps may have changed while the request was in flight.
    if (entry.video && (entry.caps !== caps || entry.caps.qualityLayer)) {
      this.#sendConfig(entry, fullConfig(entry.caps)).catch((err: unknown) => {
        if (entry.closed || !entry.linked) return; // torn down meanwhile: the next (re)subscribe sends the caps again
        this.room.emit(
          'error',
          new LicodeError('request-failed', `Could not re-apply the subscription caps: ${toLicodeError(err, 'request-failed').message}`, {
            streamId: remote.id,
          }),
        );
      });
    }
    await withTimeout(entry.ready.promise, this.room.options.mediaTimeoutMs ?? DEFAULT_MEDIA_TIMEOUT_MS, 'the subscription (no media became ready)');
    performance.mark('licode:subscription-ready', { detail: remote.id });
    remote.mediaStream = entry.mediaStream;
    this.room.emit('stream-media', { stream: remote, mediaStream: entry.mediaStream });
  }

  async unsubscribe(remote: RemoteStream | StreamId): Promise<void> {
    const id = typeof remote === 'number' ? remote : remote.id;
    const entry = this.#entries.get(id);
    if (!entry) return;
    closeEntry(entry);
    this.#entries.delete(id);
    entry.remote.subscribed = false;
    entry.remote.mediaStream = null;
    const dataOnly = !entry.audio && !entry.video;
    const transport = this.room.session.transport;
    try {
      // Data-only unsubscriptions are never acknowledged by v6+ (§8.3 #13): do not wait for them.
      if (dataOnly) transport?.send('unsubscribe', [id]);
      else await transport?.request('unsubscribe', [id]);
    } finally {
      this.closeMedia(entry);
    }
  }

  /** Dialect C: match a received track to its subscription by msid stream id = the publisher's label (§5.6). */
  routeTrack(conn: CConnection, received: ReceivedTrack): void {
    const labels = received.streams.map((s) => s.id);
    const subs = this.byConnection(conn).filter((s) => !s.closed);
    const byLabel = subs.find((s) => s.remote.label !== undefined && labels.includes(s.remote.label));
    // Servers that do not send labels (v5 and older): one subscription per connection is unambiguous.
    const target = byLabel ?? (subs.length === 1 && !this.room.session.singlePC ? subs[0] : undefined);
    if (target && (received.track.kind === 'audio' ? target.audio : target.video)) {
      this.#attachTrack(target, received.track, received.receiver);
      return;
    }
    this.room.connections.park(conn, received);
  }

  /** Ready once every wanted kind has a track and the connection is up (server `ready` or ICE/DTLS connected). */
  checkReady(entry: SubscriptionEntry): void {
    const ms = entry.mediaStream;
    if (!ms) return;
    const haveTracks = (!entry.audio || ms.getAudioTracks().length > 0) && (!entry.video || ms.getVideoTracks().length > 0);
    const pc = entry.a?.pc ?? entry.c?.pc;
    const connected = entry.serverReady || pc?.connectionState === 'connected';
    if (haveTracks && connected) entry.ready.resolve();
  }

  #attachTrack(entry: SubscriptionEntry, track: MediaStreamTrack, receiver: RTCRtpReceiver): void {
    if (!entry.mediaStream || entry.closed) return;
    if (!entry.mediaStream.getTracks().includes(track)) {
      for (const old of entry.mediaStream.getTracks().filter((t) => t.kind === track.kind)) entry.mediaStream.removeTrack(old);
      entry.mediaStream.addTrack(track);
    }
    if (!entry.receivers.includes(receiver)) entry.receivers = [...entry.receivers.filter((r) => r.track.kind !== track.kind), receiver];
    this.checkReady(entry);
  }

  closeMedia(entry: SubscriptionEntry): void {
    entry.linked = false;
    entry.a?.close();
    entry.a = undefined;
    if (entry.c) {
      entry.c.users.delete(entry.remote.id);
      this.room.connections.release(entry.c); // single PC: the server keeps it and re-offers without this stream
    }
    entry.c = undefined;
    entry.receivers = [];
    entry.ready.reject(new LicodeError('media-failed', 'The subscription was closed.'));
  }

  /** The remote stream left the room: drop its subscription (the caller emits `stream-removed`). */
  dropForRemovedStream(id: StreamId): void {
    const sub = this.#entries.get(id);
    if (!sub) return;
    closeEntry(sub);
    this.#entries.delete(id);
    this.closeMedia(sub);
  }

  recover(entry: SubscriptionEntry, reason: string): Promise<void> {
    const id = entry.remote.id;
    return recoverMedia(
      entry,
      reason,
      { maxAttempts: this.room.options.maxMediaRecoveries ?? DEFAULT_MAX_MEDIA_RECOVERIES, connected: () => this.room.state() === 'connected' },
      {
        isCurrent: () => this.#entries.get(id) === entry,
        verb: 'resubscribe',
        rebuild: async () => {
          this.closeMedia(entry);
          await this.room.session.quietRequest('unsubscribe', id);
          if (entry.closed || !this.room.remotes.get(id)) return;
          await this.start(entry);
        },
        giveUp: (why, max) =>
          this.room.emit(
            'error',
            new LicodeError('media-failed', `The subscription to ${String(id)} failed (${why}) and could not be restored after ${max} attempts.`, {
              streamId: id,
            }),
          ),
      },
    );
  }

  /** The session is gone: its media is useless; keep the entries for the rejoin. */
  dropSessionMedia(): void {
    for (const s of this.#entries.values()) this.closeMedia(s);
  }

  /**
   * After a rejoin: the subscriptions whose stream still exists, re-pointed at the new stream entry; the others are
   * dropped.
   */
  takeForRestore(): SubscriptionEntry[] {
    const kept: SubscriptionEntry[] = [];
    for (const [id, s] of [...this.#entries]) {
      const remote = this.room.remotes.get(id);
      if (!remote) {
        this.#entries.delete(id);
        continue;
      }
      s.remote = remote;
      kept.push(s);
    }
    return kept;
  }

  closeAll(): void {
    for (const s of this.#entries.values()) this.closeMedia(s);
    this.#entries.clear();
  }
}

function cancelled(id: StreamId): LicodeError {
  return new LicodeError('media-failed', `The subscription to ${String(id)} was cancelled: unsubscribed while it was being set up.`, { streamId: id });
}

/** Validates the caps of subscribe options before anything is sent. */
function capsOf(options: SubscribeOptions): SubscriptionCaps {
  if (options === null || typeof options !== 'object') throw new LicodeError('invalid-argument', 'Subscribe options must be an object.');
  const caps: SubscriptionCaps = {};
  if (options.maxResolution !== undefined) caps.maxResolution = checkMaxResolution(options.maxResolution);
  if (options.maxVideoBW !== undefined) caps.maxVideoBW = checkMaxVideoBW(options.maxVideoBW);
  if (options.qualityLayer !== undefined) {
    const layer = checkQualityLayer(options.qualityLayer);
    if (layer.spatialLayer !== -1 || layer.temporalLayer !== -1) caps.qualityLayer = layer;
  }
  return caps;
}
