import { parse, write, type MediaDescription, type SessionDescription } from 'sdp-transform';
import type {
  ClientCandidate,
  MediaConnection,
  MediaConnectionEvent,
  MediaConnectionOptions,
  MediaPlane,
  PublicationStats,
  SdpStyle,
  SubscriberConstraints,
  SubscriptionInfo,
} from '../media/types';
import { applyConstraintUpdate } from '../media/layer-selection';

/**
 * A test-only MediaPlane: syntactically valid Erizo-like SDP, no real ICE/DTLS. `ready` (and `publication-ready`
 * for publications) follow an applied offer/answer after `readyDelayMs`, unless `autoReady` is off.
 */
export interface FakeMediaPlaneOptions {
  autoReady?: boolean;
  readyDelayMs?: number;
}

export class FakeMediaPlane implements MediaPlane {
  readonly connections = new Map<string, FakeMediaConnection>();
  private readonly ready = new Set<number>();
  /** Publications whose publisher's media the dropPublisherMedia fault drops (nothing flows in this plane anyway). */
  readonly droppedPublications: number[] = [];

  constructor(private readonly options: FakeMediaPlaneOptions = {}) {}

  createConnection(options: MediaConnectionOptions): MediaConnection {
    const connection = new FakeMediaConnection(options, this.options, (streamId) => this.ready.add(streamId));
    this.connections.set(options.id, connection);
    return connection;
  }

  isPublicationReady(streamId: number): boolean {
    return this.ready.has(streamId);
  }

  async removePublication(streamId: number): Promise<void> {
    this.ready.delete(streamId);
  }

  stats(streamId: number): PublicationStats | undefined {
    if (!this.ready.has(streamId)) return undefined;
    return { streamId, packetsIn: { audio: 0, video: 0 }, videoFramesIn: 0, packetsOut: { audio: 0, video: 0 }, subscribers: 0, plisSent: 0 };
  }

  dropPublisherMedia(streamId: number, drop: boolean): boolean {
    if (!this.ready.has(streamId)) return false;
    const index = this.droppedPublications.indexOf(streamId);
    if (drop && index < 0) this.droppedPublications.push(streamId);
    if (!drop && index >= 0) this.droppedPublications.splice(index, 1);
    return true;
  }

  subscriptions(streamId: number): SubscriptionInfo[] {
    return [...this.connections.values()].flatMap((connection) => {
      const constraints = connection.constraints.get(streamId);
      return constraints ? [{ connectionId: connection.id, forwardedLayer: null, layers: [], constraints }] : [];
    });
  }

  async close(): Promise<void> {
    for (const c of this.connections.values()) await c.close();
  }
}

let sessionVersion = 0;

export class FakeMediaConnection implements MediaConnection {
  readonly id: string;
  readonly style: SdpStyle;
  private readonly listeners = new Set<(event: MediaConnectionEvent) => void>();
  private readonly pubs: number[] = [];
  private readonly subs: number[] = [];
  private pendingOffer = false;
  readonly candidates: ClientCandidate[] = [];
  readonly offersAccepted: string[] = [];
  /** Per subscribed stream: the constraints as the real plane would hold them (subscribe options + updatestreams). */
  readonly constraints = new Map<number, SubscriberConstraints>();
  /** Every updatestream config routed to this connection, as received. */
  readonly updates: { streamId: number; config: unknown }[] = [];
  closed = false;

  constructor(
    options: MediaConnectionOptions,
    private readonly planeOptions: FakeMediaPlaneOptions,
    private readonly onPublicationReady: (streamId: number) => void,
  ) {
    this.id = options.id;
    this.style = options.style;
  }

  get hasPendingOffer(): boolean {
    return this.pendingOffer;
  }

  get publications(): readonly number[] {
    return this.pubs;
  }

  get subscriptions(): readonly number[] {
    return this.subs;
  }

  async acceptOffer(offerSdp: string): Promise<string> {
    const offer = parse(offerSdp);
    if (!offer.media || offer.media.length === 0) throw new Error('offer without media sections');
    this.offersAccepted.push(offerSdp);
    const answer = this.session();
    answer.media = offer.media.map((m) => this.section(m.type, String(m.mid ?? m.type), mirrorDirection(m.direction), 'active', m));
    const mids = answer.media.map((m) => m.mid).filter((m): m is string => m !== undefined);
    answer.groups = [{ type: 'BUNDLE', mids: mids.join(' ') }];
    this.scheduleReady();
    return this.serialise(answer);
  }

  async createOffer(): Promise<string> {
    const offer = this.session();
    offer.media = [];
    let mid = 0;
    for (const streamId of this.subs) {
      offer.media.push(this.section('audio', String(mid++), 'sendonly', 'actpass', undefined, streamId));
      offer.media.push(this.section('video', String(mid++), 'sendonly', 'actpass', undefined, streamId));
    }
    offer.groups = [{ type: 'BUNDLE', mids: offer.media.map((m) => m.mid).join(' ') }];
    this.pendingOffer = true;
    return this.serialise(offer);
  }

  async acceptAnswer(answerSdp: string): Promise<void> {
    parse(answerSdp);
    if (!this.pendingOffer) throw new Error('no pending offer');
    this.pendingOffer = false;
    this.scheduleReady();
  }

  async addClientCandidate(candidate: ClientCandidate): Promise<void> {
    this.candidates.push(candidate);
  }

  expectPublication(streamId: number): void {
    if (!this.pubs.includes(streamId)) this.pubs.push(streamId);
  }

  addSubscription(streamId: number, options: { constraints?: unknown } = {}): void {
    if (!this.subs.includes(streamId)) this.subs.push(streamId);
    this.constraints.set(streamId, applyConstraintUpdate({}, options.constraints));
  }

  updateSubscription(streamId: number, config: unknown): boolean {
    const previous = this.constraints.get(streamId);
    if (!previous) return false;
    this.updates.push({ streamId, config });
    this.constraints.set(streamId, applyConstraintUpdate(previous, config));
    return true;
  }

  removeSubscription(streamId: number): void {
    const i = this.subs.indexOf(streamId);
    if (i >= 0) this.subs.splice(i, 1);
    this.constraints.delete(streamId);
  }

  on(listener: (event: MediaConnectionEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Milliseconds of the last blackhole() (the fake has no packets to drop). */
  blackholedMs: number | undefined;

  blackhole(ms: number): void {
    this.blackholedMs = ms;
  }

  fail(reason = 'failed'): void {
    this.emit({ type: 'failed', reason });
  }

  /** Test hook: report readiness now (when autoReady is off). */
  becomeReady(): void {
    this.emit({ type: 'ready' });
    for (const id of this.pubs) {
      this.onPublicationReady(id);
      this.emit({ type: 'publication-ready', streamId: id });
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.emit({ type: 'closed' });
    this.listeners.clear();
  }

  private emit(event: MediaConnectionEvent): void {
    for (const l of [...this.listeners]) l(event);
  }

  private scheduleReady(): void {
    if (this.planeOptions.autoReady === false) return;
    setTimeout(() => {
      if (!this.closed) this.becomeReady();
    }, this.planeOptions.readyDelayMs ?? 10);
  }

  private session(): SessionDescription {
    return {
      version: 0,
      origin: { username: '-', sessionId: 0, sessionVersion: this.style === 'a' ? 0 : ++sessionVersion, netType: 'IN', ipVer: 4, address: '127.0.0.1' },
      name: 'LicodeMCU',
      timing: { start: 0, stop: 0 },
      msidSemantic: { semantic: 'WMS', token: '*' },
      media: [],
    };
  }

  private section(
    type: string,
    mid: string,
    direction: MediaDescription['direction'],
    setup: string,
    offered?: MediaDescription,
    streamId?: number,
  ): MediaDescription {
    const audio = type === 'audio';
    const pt =
      offered?.rtp.find((r) => /^(opus|PCMU|VP8)$/i.test(r.codec))?.payload ?? (audio ? (this.style === 'a' ? 0 : 111) : this.style === 'a' ? 100 : 96);
    const codec = audio ? (this.style === 'a' ? 'PCMU' : 'opus') : 'VP8';
    const m: MediaDescription = {
      type,
      port: this.style === 'a' ? 1 : 9,
      protocol: 'UDP/TLS/RTP/SAVPF',
      payloads: String(pt),
      rtp: [{ payload: pt, codec, rate: audio ? (codec === 'opus' ? 48000 : 8000) : 90000, ...(codec === 'opus' ? { encoding: 2 } : {}) }],
      fmtp: [],
      connection: { version: 4, ip: '0.0.0.0' },
      mid,
      direction,
      setup,
      iceUfrag: 'fake',
      icePwd: 'fakefakefakefakefakefake',
      fingerprint: { type: 'sha-256', hash: Array.from({ length: 32 }, () => 'AB').join(':') },
      rtcpMux: 'rtcp-mux',
      candidates: [{ foundation: '1', component: 1, transport: 'udp', priority: 2130706431, ip: '127.0.0.1', port: 40000, type: 'host' }],
    };
    if (this.style === 'c') m.endOfCandidates = 'end-of-candidates';
    if (streamId !== undefined) {
      const ssrc = (audio ? 1000 : 2000) + this.subs.indexOf(streamId);
      m.ssrcs = [
        { id: ssrc, attribute: 'cname', value: 'erizo' },
        { id: ssrc, attribute: 'msid', value: `${streamId} ${type}-${streamId}` },
      ];
    }
    return m;
  }

  private serialise(session: SessionDescription): string {
    const text = write(session);
    return this.style === 'a' ? text.replace(/\r\n/g, '\n') : text;
  }
}

function mirrorDirection(direction: MediaDescription['direction']): MediaDescription['direction'] {
  if (direction === 'sendonly') return 'recvonly';
  if (direction === 'recvonly') return 'sendonly';
  if (direction === 'inactive') return 'inactive';
  return 'sendrecv';
}
