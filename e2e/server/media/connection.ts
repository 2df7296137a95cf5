import { MediaStream, RTCPeerConnection, type RTCRtpTransceiver } from 'werift';
import { InvalidSdpError, isLoopbackUdpCandidate, parseClientSdp, randomMsidToken, sdpForWerift, toLicodeSdp, type ClientSdpInfo } from './licode-sdp';
import type { Publication, SubscriberLink } from './publication';
import type { ClientCandidate, MediaConnection, MediaConnectionEvent, MediaConnectionOptions, LicodeAGeneration, SdpStyle, SubscriptionInfo } from './types';
import { assignHeaderExtensionIds, type ExtensionInUse } from './header-extension-ids';
import { mirrorOfferRejections } from './offer-rejections';
import { peerConfigFor } from './werift-config';

/**
 * The parts of werift's ICE transport protocol (one UDP socket) the blackhole fault wraps. werift has no public hook
 * for dropping packets, so the fault wraps these methods on the instances: `datagramReceived` is what the socket
 * calls for every incoming datagram (STUN and DTLS/SRTP alike), the two send methods are every outgoing one.
 */
interface IceProtocolInternals {
  datagramReceived(data: Buffer, addr: unknown): void;
  sendStun(message: unknown, addr: unknown): Promise<void>;
  sendData(data: Buffer, addr: unknown): Promise<void>;
}

/** What a connection needs from the plane (kept narrow so the connection is testable on its own). */
export interface PublicationRegistry {
  registerPublication(streamId: number, label: string, connection: WeriftMediaConnection): Publication;
  findPublication(streamId: number): Publication | undefined;
  connectionClosed(connection: WeriftMediaConnection): void;
}

interface SubscriptionState {
  readonly streamId: number;
  readonly transceivers: { kind: 'audio' | 'video'; transceiver: RTCRtpTransceiver; link: SubscriberLink; unlink: () => void }[];
}

const KINDS = ['audio', 'video'] as const;

/** One server-side WebRTC connection (Erizo's WebRtcConnection) on a werift RTCPeerConnection. */
export class WeriftMediaConnection implements MediaConnection {
  readonly id: string;
  readonly style: SdpStyle;
  private readonly aGeneration: LicodeAGeneration;
  private readonly pc: RTCPeerConnection;
  private readonly listeners = new Set<(event: MediaConnectionEvent) => void>();
  private readonly expected = new Map<string, number>(); // label → streamId (dialect C); dialect A: any label
  private readonly publicationIds: number[] = [];
  private readonly subscriptionStates = new Map<number, SubscriptionState>();
  private readonly stoppedMids = new Set<string>();
  private readonly msidToken = randomMsidToken();
  /** Every header extension the client's SDP ever declared: their ids stay reserved in server offers. */
  private readonly clientExtensions: ExtensionInUse[] = [];
  private readonly maxVideoBW: number | undefined;
  private sessionVersion = 0;
  private lastOffer: ClientSdpInfo | undefined;
  private remoteUfrag: string | undefined;
  private pendingOffer = false;
  private offeredOnce = false;
  private readyEmitted = false;
  private awaitingReadyAfterRestart = false;
  private terminal = false;
  private blackholeUntil = 0;
  private readonly blackholedProtocols = new WeakSet<object>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    options: MediaConnectionOptions,
    private readonly registry: PublicationRegistry,
  ) {
    this.id = options.id;
    this.style = options.style;
    this.aGeneration = options.aGeneration ?? 'v4';
    this.maxVideoBW = options.maxVideoBW;
    this.pc = new RTCPeerConnection(peerConfigFor(options.style, this.aGeneration));
    this.pc.connectionStateChange.subscribe((state) => {
      if (state === 'connected' && !this.readyEmitted) {
        this.readyEmitted = true;
        this.onConnected();
      } else if (state === 'failed') {
        this.fail('ICE/DTLS failed');
      }
    });
    this.pc.iceConnectionStateChange.subscribe((state) => {
      if (this.awaitingReadyAfterRestart && (state === 'connected' || state === 'completed')) {
        this.awaitingReadyAfterRestart = false;
        this.emit({ type: 'ready' });
      }
    });
  }

  get hasPendingOffer(): boolean {
    return this.pendingOffer;
  }
  get publications(): readonly number[] {
    return [...this.publicationIds];
  }
  get subscriptions(): readonly number[] {
    return [...this.subscriptionStates.keys()];
  }

  on(listener: (event: MediaConnectionEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(event: MediaConnectionEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch {
        // A listener's bug must not break media for everyone else.
      }
    }
  }

  /** Serialise SDP operations: werift's signalling state machine is not re-entrant. */
  private serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private assertOpen(): void {
    if (this.terminal) throw new Error(`Media connection ${this.id} is closed`);
  }

  expectPublication(streamId: number, label: string): void {
    this.assertOpen();
    if (this.style === 'a' && this.expected.size > 0) {
      throw new Error(`Media connection ${this.id} already carries a publication (dialect A: one per connection)`);
    }
    this.expected.set(label, streamId);
    this.registry.registerPublication(streamId, label, this);
    this.publicationIds.push(streamId);
  }

  addSubscription(streamId: number, options: { audio?: boolean; video?: boolean; constraints?: unknown } = {}): void {
    this.assertOpen();
    if (this.subscriptionStates.has(streamId)) throw new Error(`Media connection ${this.id} already subscribes stream ${streamId}`);
    const publication = this.registry.findPublication(streamId);
    if (!publication) throw new Error(`Unknown publication ${streamId}`);
    const stream = new MediaStream({ id: publication.label });
    const transceivers: SubscriptionState['transceivers'] = [];
    for (const kind of KINDS) {
      if (options[kind] === false) continue;
      const transceiver = this.pc.addTransceiver(kind, { direction: 'sendonly', streams: [stream] });
      const link: SubscriberLink = { kind, sender: transceiver.sender, connectionId: this.id };
      transceivers.push({ kind, transceiver, link, unlink: publication.addLink(link, kind === 'video' ? options.constraints : undefined) });
    }
    this.subscriptionStates.set(streamId, { streamId, transceivers });
    if (this.readyEmitted) publication.requestKeyframe();
  }

  updateSubscription(streamId: number, config: unknown): boolean {
    const state = this.subscriptionStates.get(streamId);
    const publication = this.registry.findPublication(streamId);
    if (!state || !publication) return false;
    for (const { kind, link } of state.transceivers) if (kind === 'video') publication.updateLink(link, config);
    return true;
  }

  /** This connection's subscription of `streamId` as the admin listing shows it (undefined if not subscribed). */
  describeSubscription(streamId: number): SubscriptionInfo | undefined {
    const state = this.subscriptionStates.get(streamId);
    const publication = this.registry.findPublication(streamId);
    if (!state || !publication) return undefined;
    const video = state.transceivers.find(({ kind }) => kind === 'video');
    if (!video) return { connectionId: this.id, forwardedLayer: null, layers: publication.describeLink(undefined).layers, constraints: {} };
    return { connectionId: this.id, ...publication.describeLink(video.link) };
  }

  removeSubscription(streamId: number): void {
    const state = this.subscriptionStates.get(streamId);
    if (!state) return;
    this.subscriptionStates.delete(streamId);
    for (const { transceiver, unlink } of state.transceivers) {
      unlink();
      transceiver.direction = 'inactive';
      if (transceiver.mid !== null) this.stoppedMids.add(transceiver.mid);
      else this.pc.removeTrack(transceiver.sender);
    }
  }

  acceptOffer(offerSdp: string): Promise<string> {
    return this.serial(async () => {
      this.assertOpen();
      const offer = parseClientSdp(offerSdp, 'offer');
      if (this.pendingOffer) {
        // Glare: Erizo is the impolite peer and ignores a client offer while its own offer is outstanding (§5.6).
        throw new Error(`Media connection ${this.id} has its own offer outstanding; the client offer collides (glare)`);
      }
      const iceRestart = this.remoteUfrag !== undefined && offer.iceUfrag !== this.remoteUfrag;
      try {
        await this.pc.setRemoteDescription({ type: 'offer', sdp: sdpForWerift(offer) });
      } catch (error) {
        throw new InvalidSdpError(`The client offer cannot be applied: ${(error as Error).message}`);
      }
      this.remoteUfrag = offer.iceUfrag;
      this.lastOffer = offer;
      this.rememberClientExtensions(offer);
      this.bindPublications(offer);
      const answer = await this.pc.createAnswer();
      await this.pc.setLocalDescription(answer);
      if (iceRestart) this.confirmIceRestart();
      // §7.5: Erizo answers `active`; but once DTLS settled the other way (the server offered first, single PC)
      // the role cannot change, and Chromium rejects an answer that tries to.
      return mirrorOfferRejections(this.licodeSdp('answer', this.pc.dtlsTransports[0]?.role === 'server' ? 'passive' : 'active'), offer);
    });
  }

  createOffer(): Promise<string> {
    return this.serial(async () => {
      this.assertOpen();
      this.assignOfferedExtensionIds();
      const offer = await this.pc.createOffer();
      await this.pc.setLocalDescription(offer);
      this.pendingOffer = true;
      const role = this.pc.dtlsTransports[0]?.role;
      // §7.5: the first server offer says actpass; re-offers keep the role DTLS already settled on.
      const setup = !this.offeredOnce && !this.readyEmitted ? 'actpass' : role === 'server' ? 'passive' : role === 'client' ? 'active' : 'actpass';
      this.offeredOnce = true;
      return this.licodeSdp('offer', setup);
    });
  }

  acceptAnswer(answerSdp: string): Promise<void> {
    return this.serial(async () => {
      this.assertOpen();
      if (!this.pendingOffer) throw new Error(`Media connection ${this.id} has no offer waiting for an answer`);
      const answer = parseClientSdp(answerSdp, 'answer');
      try {
        await this.pc.setRemoteDescription({ type: 'answer', sdp: sdpForWerift(answer) });
      } catch (error) {
        throw new InvalidSdpError(`The client answer cannot be applied: ${(error as Error).message}`);
      }
      this.remoteUfrag = answer.iceUfrag;
      this.rememberClientExtensions(answer);
      this.pendingOffer = false;
    });
  }

  async addClientCandidate(candidate: ClientCandidate): Promise<void> {
    if (this.terminal) return;
    const line = typeof candidate?.candidate === 'string' ? candidate.candidate : '';
    if (line === 'end' || line === '' || candidate.sdpMid === 'end') return; // end marker: nothing to do (HEAD ignores it)
    if (!line.startsWith('a=candidate:')) return; // Erizo only parses `a=candidate:` lines (§7.6)
    if (!isLoopbackUdpCandidate(line)) return;
    // Route by the client's mid, else its m-line index (as ≤v4 Erizo did), else the first section (BUNDLE).
    const transceivers = this.pc.getTransceivers().filter((t) => t.mid !== null);
    const target =
      transceivers.find((t) => candidate.sdpMid != null && t.mid === String(candidate.sdpMid)) ??
      transceivers.find((t) => typeof candidate.sdpMLineIndex === 'number' && t.mLineIndex === candidate.sdpMLineIndex) ??
      transceivers[0];
    const mid = target?.mid ?? undefined;
    await this.pc.addIceCandidate({ candidate: line.slice(2), sdpMid: mid, sdpMLineIndex: mid === undefined ? 0 : undefined }).catch(() => undefined);
  }

  blackhole(ms: number): void {
    if (this.terminal) return;
    this.blackholeUntil = Math.max(this.blackholeUntil, Date.now() + ms);
    const dropping = (): boolean => Date.now() < this.blackholeUntil;
    for (const dtls of this.pc.dtlsTransports) {
      // `protocols` is werift-ice's list of the connection's sockets (typed there as a union without these methods).
      const protocols = (dtls.iceTransport.connection as unknown as { protocols: IceProtocolInternals[] }).protocols;
      for (const protocol of protocols) {
        if (this.blackholedProtocols.has(protocol)) continue;
        this.blackholedProtocols.add(protocol);
        const receive = protocol.datagramReceived.bind(protocol);
        const sendStun = protocol.sendStun.bind(protocol);
        const sendData = protocol.sendData.bind(protocol);
        protocol.datagramReceived = (data, addr) => (dropping() ? undefined : receive(data, addr));
        protocol.sendStun = (message, addr) => (dropping() ? Promise.resolve() : sendStun(message, addr));
        protocol.sendData = (data, addr) => (dropping() ? Promise.resolve() : sendData(data, addr));
      }
    }
  }

  fail(reason = 'failed'): void {
    if (this.terminal) return;
    this.terminal = true;
    this.emit({ type: 'failed', reason });
    void this.shutdown();
  }

  async close(): Promise<void> {
    if (this.terminal) return;
    this.terminal = true;
    await this.shutdown();
  }

  private async shutdown(): Promise<void> {
    for (const streamId of [...this.subscriptionStates.keys()]) this.removeSubscription(streamId);
    this.registry.connectionClosed(this);
    await this.pc.close().catch(() => undefined);
    this.emit({ type: 'closed' });
    this.listeners.clear();
  }

  /** Media of a publication on this connection is flowing (called by its Publication). */
  publicationReady(streamId: number): void {
    if (!this.terminal) this.emit({ type: 'publication-ready', streamId });
  }

  /**
   * After answering an ICE restart: `ready` again once ICE is back up. werift often finishes the new checks while the
   * answer is being made; as answerer it can also skip them when DTLS is still up (`connect()` returns early), so an
   * agent left in `new` is started here. The event is delayed a little so it follows the answer on the wire.
   */
  private confirmIceRestart(): void {
    const transports = this.pc.dtlsTransports.map((dtls) => dtls.iceTransport);
    const up = (state: string): boolean => state === 'connected' || state === 'completed';
    if (transports.every((ice) => up(ice.state))) {
      this.awaitingReadyAfterRestart = false;
      setTimeout(() => !this.terminal && this.emit({ type: 'ready' }), 20);
      return;
    }
    this.awaitingReadyAfterRestart = true;
    for (const ice of transports) {
      if (ice.state !== 'new') continue;
      ice.start().catch((error: unknown) => this.fail(`ICE restart failed: ${(error as Error).message}`));
    }
  }

  private rememberClientExtensions(sdp: ClientSdpInfo): void {
    const sections = [sdp.parsed, ...sdp.parsed.media];
    for (const section of sections) for (const { value, uri } of section.ext ?? []) this.clientExtensions.push({ id: value, uri });
  }

  /**
   * werift gives every transceiver it has not negotiated yet the configured extensions numbered from 1, which clashes
   * with the ids already in the bundle once the client's sections share the connection (single PC). Choosing them
   * here first (werift keeps a non-empty list) keeps one id per URI across the whole BUNDLE group.
   */
  private assignOfferedExtensionIds(): void {
    const configured = peerConfigFor(this.style, this.aGeneration).headerExtensions ?? {};
    const inUse: ExtensionInUse[] = [...this.clientExtensions];
    const fresh = this.pc.getTransceivers().filter((transceiver) => transceiver.headerExtensions.length === 0);
    for (const transceiver of this.pc.getTransceivers()) {
      if (!fresh.includes(transceiver)) inUse.push(...transceiver.headerExtensions);
    }
    for (const transceiver of fresh) {
      const kind = transceiver.kind as 'audio' | 'video';
      transceiver.headerExtensions = assignHeaderExtensionIds(configured[kind] ?? [], inUse);
      inUse.push(...transceiver.headerExtensions);
    }
  }

  /** The publications on this connection lost their publisher (plane bookkeeping). */
  forgetPublication(streamId: number): void {
    const index = this.publicationIds.indexOf(streamId);
    if (index >= 0) this.publicationIds.splice(index, 1);
    for (const [label, id] of this.expected) if (id === streamId) this.expected.delete(label);
  }

  private onConnected(): void {
    this.emit({ type: 'ready' });
    // PLI as soon as the subscriber can receive; the publication repeats it until a keyframe went out.
    for (const streamId of this.subscriptionStates.keys()) this.registry.findPublication(streamId)?.requestKeyframe();
  }

  /** Dialect C: tracks belong to the publication whose label equals their msid stream id; dialect A: the only one. */
  private bindPublications(offer: ClientSdpInfo): void {
    for (const transceiver of this.pc.getTransceivers()) {
      const receiver = transceiver.receiver;
      if (!['recvonly', 'sendrecv'].includes(transceiver.direction)) continue;
      const label = receiver.remoteStreamId;
      const streamId = this.style === 'a' ? [...this.expected.values()][0] : label !== undefined ? this.expected.get(label) : undefined;
      if (streamId === undefined) continue;
      const publication = this.registry.findPublication(streamId);
      if (!publication) continue;
      const kind = transceiver.kind as 'audio' | 'video';
      const media = offer.parsed.media.find((m) => String(m.mid) === transceiver.mid);
      const rids = (media?.rids ?? []).filter((rid) => rid.direction === 'send').map((rid) => String(rid.id));
      // Simulcast: Licode's rids go from lowest to highest resolution; each subscriber is forwarded one layer.
      const layers =
        rids.length > 0
          ? rids.flatMap((rid) => (receiver.trackByRID[rid] ? [{ track: receiver.trackByRID[rid], rid }] : []))
          : [{ track: receiver.track, rid: null }];
      if (layers.length === 0) continue;
      const codecOf = (payloadType: number): string | undefined =>
        transceiver.codecs.find((codec) => codec.payloadType === payloadType)?.mimeType.toLowerCase();
      publication.attachSource(kind, receiver, layers, codecOf);
      if (kind === 'video') publication.limitVideoBitrate(minDefined(this.maxVideoBW, offer.videoBandwidthKbps));
    }
  }

  private licodeSdp(type: 'offer' | 'answer', setup: 'active' | 'passive' | 'actpass'): string {
    const local = this.pc.localDescription;
    if (!local) throw new Error(`Media connection ${this.id} has no local description`);
    const sendingMids = new Map<string, { label: string; trackId: string }>();
    for (const [streamId, state] of this.subscriptionStates) {
      const label = this.registry.findPublication(streamId)?.label ?? String(streamId);
      for (const { transceiver } of state.transceivers) {
        if (transceiver.mid !== null) sendingMids.set(transceiver.mid, { label, trackId: transceiver.sender.trackId });
      }
    }
    const ridsByMid = new Map<string, string[]>();
    for (const media of this.lastOffer?.parsed.media ?? []) {
      const rids = (media.rids ?? []).filter((rid) => rid.direction === 'send').map((rid) => String(rid.id));
      if (rids.length > 0 && type === 'answer') ridsByMid.set(String(media.mid), rids);
    }
    const version = this.sessionVersion;
    this.sessionVersion += 1;
    return toLicodeSdp(local.sdp, {
      style: this.style,
      aGeneration: this.aGeneration,
      type,
      sessionVersion: version,
      msidSemanticToken: this.msidToken,
      offer: type === 'answer' ? this.lastOffer : undefined,
      setup,
      sendingMids,
      stoppedMids: this.stoppedMids,
      ridsByMid,
    });
  }
}

function minDefined(...values: (number | undefined)[]): number | undefined {
  const defined = values.filter((value): value is number => typeof value === 'number' && Number.isFinite(value) && value > 0);
  return defined.length > 0 ? Math.min(...defined) : undefined;
}
