import {
  ReceiverEstimatedMaxBitrate,
  RtcpPayloadSpecificFeedback,
  type MediaStreamTrack,
  type RTCRtpReceiver,
  type RTCRtpSender,
  type RtcpPacket,
  type RtpHeader,
  type RtpPacket,
} from 'werift';
import { applyConstraintUpdate, chooseLayer } from './layer-selection';
import type { PublicationStats, SubscriberConstraints, SubscriptionInfo } from './types';
import { isVp8KeyframeStart, vp8KeyframeSize } from './vp8';

type Kind = 'audio' | 'video';

export { isVp8KeyframeStart } from './vp8';

interface LayerSource {
  track: MediaStreamTrack;
  rid: string | null;
  ssrc?: number;
  lastPacketAt: number;
  width?: number;
  height?: number;
  kbps: number;
  /** Bytes since `windowStart`, turned into `kbps` about once a second. */
  windowBytes: number;
  windowStart: number;
}

/**
 * The publisher's track(s) of one kind. Without simulcast there is one layer; with rid simulcast the layers are
 * ordered lowest to highest and each subscriber link is forwarded the one that fits its constraints (see
 * layer-selection.ts), switched only at a VP8 keyframe of that layer so its decoder never sees a layer change
 * mid-picture.
 */
interface SourceGroup {
  receiver: RTCRtpReceiver;
  codecOf: CodecLookup;
  layers: LayerSource[];
  unsubscribe: () => void;
  seen: boolean;
}

/** Per subscriber link: the layer it is forwarded, the one it waits to switch to, and what it asked for. */
interface LinkState {
  /** Date.now() of the last packet sent to this link (spaces the timestamps across a layer switch). */
  lastSentAt: number;
  current: number | undefined;
  pending: number | undefined;
  constraints: SubscriberConstraints;
}

/** REMB sent when the publication has no maxVideoBW: loopback can carry far more than any test stream. */
const UNCAPPED_REMB_KBPS = 3000;

/** A layer counts as flowing if it delivered a packet this recently (ms). */
const LAYER_STALE_MS = 2000;

/** How often every link's layer is chosen again (layers start/stop flowing, bitrates change). */
const RESELECT_INTERVAL_MS = 500;

/** A subscriber's sender for one kind of one publication. */
export interface SubscriberLink {
  readonly kind: Kind;
  readonly sender: RTCRtpSender;
  readonly connectionId: string;
}

/** Maps a publisher payload type to its codec name (lower case), e.g. 111 → 'audio/opus'. */
export type CodecLookup = (payloadType: number) => string | undefined;

/**
 * A publication: the publisher's tracks and the subscriber senders they fan out to (Erizo's OneToManyProcessor).
 * Forwarding is `sender.sendRtp(copy)`: werift rewrites SSRC, payload type, sequence numbers and timestamps per
 * subscriber; header extensions are cleared because their ids are negotiated per connection.
 */
export class Publication {
  private readonly sources = new Map<Kind, SourceGroup>();
  private readonly linksNeedingReset = new Set<SubscriberLink>();
  /** Subscribers that have not been sent a keyframe yet: the publisher is asked again until they get one. */
  private readonly awaitingKeyframe = new Set<SubscriberLink>();
  private keyframeTimer: NodeJS.Timeout | undefined;
  private readonly links = new Map<SubscriberLink, LinkState>();
  private readonly announced = new Set<Kind>();
  private readonly packetsIn = { audio: 0, video: 0 };
  private videoFramesIn = 0;
  private readonly packetsOut = { audio: 0, video: 0 };
  private plisSent = 0;
  private ready = false;
  /** Fault injection: the publisher's RTP is dropped on arrival (neither counted nor forwarded) while this is set. */
  private dropping = false;
  private rembTimer: NodeJS.Timeout | undefined;
  private reselectTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly streamId: number,
    readonly label: string,
    readonly publisherConnectionId: string,
    private readonly onReady: () => void,
  ) {}

  get isReady(): boolean {
    return this.ready;
  }

  get subscriberConnectionIds(): string[] {
    return [...new Set([...this.links.keys()].map((link) => link.connectionId))];
  }

  /**
   * Bind the publisher's track(s) of one kind (called when the publisher's offer was applied). `layers` are the
   * simulcast layers from lowest to highest (with their rids), or the single track.
   */
  attachSource(kind: Kind, receiver: RTCRtpReceiver, layers: readonly { track: MediaStreamTrack; rid: string | null }[], codecOf: CodecLookup): void {
    this.sources.get(kind)?.unsubscribe();
    this.announced.add(kind);
    const group: SourceGroup = {
      receiver,
      codecOf,
      layers: layers.map(({ track, rid }) => ({ track, rid, lastPacketAt: 0, kbps: 0, windowBytes: 0, windowStart: Date.now() })),
      unsubscribe: () => undefined,
      seen: false,
    };
    const subscriptions = layers.map(({ track }, index) => track.onReceiveRtp.subscribe((packet) => this.forward(kind, group, index, packet)));
    group.unsubscribe = () => subscriptions.forEach((subscription) => subscription.unSubscribe());
    this.sources.set(kind, group);
    for (const [link, state] of this.links) if (link.kind === kind) this.reselect(link, state);
    if (kind === 'video' && layers.length > 1 && !this.reselectTimer) {
      this.reselectTimer = setInterval(() => this.reselectAll(true), RESELECT_INTERVAL_MS);
      this.reselectTimer.unref();
    }
  }

  private forward(kind: Kind, group: SourceGroup, index: number, packet: RtpPacket): void {
    if (this.dropping) return;
    this.packetsIn[kind] += 1;
    if (kind === 'video' && index === 0 && packet.header.marker) this.videoFramesIn += 1;
    const layer = group.layers[index]!;
    const now = Date.now();
    layer.ssrc = packet.header.ssrc;
    layer.lastPacketAt = now;
    layer.windowBytes += packet.payload.length;
    if (now - layer.windowStart >= 1000) {
      layer.kbps = Math.round((layer.windowBytes * 8) / (now - layer.windowStart));
      layer.windowBytes = 0;
      layer.windowStart = now;
    }
    const keyframeStart = kind === 'video' && isVp8KeyframeStart(packet.payload);
    if (keyframeStart) this.onLayerKeyframe(group, index, packet);
    if (!group.seen) {
      group.seen = true;
      if (kind === 'video') this.requestKeyframe();
      this.checkReady();
    }
    const codec = group.codecOf(packet.header.payloadType);
    for (const [link, state] of this.links) {
      if (link.kind !== kind || state.current !== index) continue;
      // werift only rewrites the payload type: a subscriber that negotiated another codec (a PCMU-only dialect-A
      // client on an Opus publication) would get noise, so it gets nothing, as from Erizo without transcoding.
      // Packets of payload types the publisher did not negotiate are dropped too.
      const linkCodec = link.sender.codec?.mimeType.toLowerCase();
      if (linkCodec === undefined || linkCodec !== codec) continue;
      if (keyframeStart && link.sender.dtlsTransport?.state === 'connected') this.awaitingKeyframe.delete(link);
      // werift keeps the packet object for NACK retransmission and rewrites its header: one copy per subscriber.
      const copy = packet.clone();
      copy.header.extensions = [];
      copy.header.extension = false;
      if (this.linksNeedingReset.delete(link)) continueSequence(link.sender, copy.header, now - state.lastSentAt);
      state.lastSentAt = now;
      link.sender.sendRtp(copy).catch(() => undefined);
      this.packetsOut[kind] += 1;
    }
  }

  /**
   * A keyframe of layer `index` starts. Learn its size (with simulcast a new size can change which links it fits),
   * then move every link waiting for this layer onto it; links that already had a layer re-base their sequence
   * numbers and timestamps (`replaceRTP`) so the subscriber sees one continuous stream.
   */
  private onLayerKeyframe(group: SourceGroup, index: number, packet: RtpPacket): void {
    const layer = group.layers[index]!;
    const size = vp8KeyframeSize(packet.payload);
    if (size && (size.width !== layer.width || size.height !== layer.height)) {
      layer.width = size.width;
      layer.height = size.height;
      if (group.layers.length > 1) this.reselectAll();
    }
    if (group.layers.length === 1) return;
    for (const [link, state] of this.links) {
      if (link.kind !== 'video' || state.pending !== index) continue;
      if (state.current !== undefined) this.linksNeedingReset.add(link);
      state.current = index;
      state.pending = undefined;
    }
  }

  /**
   * Choose every link's layer again. `repeatPlis`: links still waiting for their target layer's keyframe ask again
   * (a PLI can be lost, or swallowed by the encoder's keyframe rate limit).
   */
  private reselectAll(repeatPlis = false): void {
    const group = this.sources.get('video');
    const waiting = new Set<number>();
    for (const [link, state] of this.links) {
      if (link.kind !== 'video') continue;
      const before = state.pending;
      this.reselect(link, state);
      if (repeatPlis && before !== undefined && state.pending === before) waiting.add(before);
    }
    if (group) for (const index of waiting) this.pliLayer(group, index);
  }

  /** Choose this link's layer again; a change waits for the target layer's keyframe, which is asked for (PLI). */
  private reselect(link: SubscriberLink, state: LinkState): void {
    const group = this.sources.get(link.kind);
    if (!group) return;
    if (group.layers.length === 1) {
      state.current = 0;
      state.pending = undefined;
      return;
    }
    const now = Date.now();
    const target = chooseLayer(
      group.layers.map((layer) => ({
        flowing: now - layer.lastPacketAt < LAYER_STALE_MS,
        ...(layer.width !== undefined ? { width: layer.width, height: layer.height } : {}),
        ...(now - layer.windowStart < 2000 && layer.kbps > 0 ? { kbps: layer.kbps } : {}),
      })),
      state.constraints,
      state.current,
    );
    if (target === undefined) return;
    if (target === state.current) {
      state.pending = undefined;
      return;
    }
    if (target === state.pending) return;
    state.pending = target;
    this.pliLayer(group, target);
  }

  private pliLayer(group: SourceGroup, index: number): void {
    const ssrc = group.layers[index]?.ssrc;
    if (ssrc === undefined) return;
    this.plisSent += 1;
    group.receiver.sendRtcpPLI(ssrc).catch(() => undefined);
  }

  private checkReady(): void {
    if (this.ready || this.announced.size === 0) return;
    for (const kind of this.announced) if (!this.sources.get(kind)?.seen) return;
    this.ready = true;
    this.onReady();
  }

  addLink(link: SubscriberLink, constraints: unknown = undefined): () => void {
    const state: LinkState = { lastSentAt: Date.now(), current: undefined, pending: undefined, constraints: applyConstraintUpdate({}, constraints) };
    this.links.set(link, state);
    this.reselect(link, state);
    if (link.kind === 'video') this.awaitKeyframe(link);
    const { unSubscribe } = link.sender.onRtcp.subscribe((packet: RtcpPacket) => {
      // Forward every subscriber PLI/FIR: a decoder that lost its reference frame only recovers with a keyframe.
      // werift parses payload-specific feedback into PLI, FIR or REMB; everything but REMB asks for a keyframe.
      if (packet instanceof RtcpPayloadSpecificFeedback && !(packet.feedback instanceof ReceiverEstimatedMaxBitrate)) {
        this.requestKeyframe(link);
      }
    });
    return () => {
      unSubscribe();
      this.links.delete(link);
      this.linksNeedingReset.delete(link);
      this.awaitingKeyframe.delete(link);
    };
  }

  /** A subscriber's updatestream config: merged into its constraints, its layer chosen again at once. */
  updateLink(link: SubscriberLink, config: unknown): void {
    const state = this.links.get(link);
    if (!state) return;
    state.constraints = applyConstraintUpdate(state.constraints, config);
    this.reselect(link, state);
  }

  /** The admin view of one link (video links carry the layers). */
  describeLink(link: SubscriberLink | undefined): Omit<SubscriptionInfo, 'connectionId'> {
    const state = link && this.links.get(link);
    const group = this.sources.get('video');
    const now = Date.now();
    return {
      forwardedLayer: state?.current ?? null,
      layers: (group?.layers ?? []).map((layer) => ({
        rid: layer.rid,
        width: layer.width ?? null,
        height: layer.height ?? null,
        kbps: now - layer.lastPacketAt < LAYER_STALE_MS ? layer.kbps : 0,
      })),
      constraints: structuredClone(state?.constraints ?? {}),
    };
  }

  /**
   * Keep asking the publisher for a keyframe (PLI every 300 ms, about the minimum interval encoders honour) until
   * this subscriber has been sent one: a PLI sent while its DTLS was still coming up, or swallowed by the encoder's
   * rate limit because another subscriber just got a keyframe, would otherwise leave it black until the next one.
   */
  private awaitKeyframe(link: SubscriberLink): void {
    this.awaitingKeyframe.add(link);
    if (this.keyframeTimer) return;
    this.keyframeTimer = setInterval(() => {
      if (this.awaitingKeyframe.size === 0) {
        clearInterval(this.keyframeTimer);
        this.keyframeTimer = undefined;
        return;
      }
      for (const waiting of this.awaitingKeyframe) if (waiting.sender.dtlsTransport?.state === 'connected') this.requestKeyframe(waiting);
    }, 300);
    this.keyframeTimer.unref();
  }

  /**
   * PLI to the publisher's video: the layer `link` is forwarded (or waits for), or without a link every layer some
   * subscriber is forwarded or waits for — the highest flowing one while nobody subscribes.
   */
  /**
   * Fault injection: drop (true) or forward again (false) the publisher's inbound RTP, as when its media stops
   * reaching the SFU while ICE, DTLS and signalling stay up. When it flows again every subscriber continues its
   * sequence numbers (no gap to NACK) and the publisher is asked for a keyframe, so decoding resumes at once.
   */
  dropMedia(drop: boolean): void {
    if (this.dropping === drop) return;
    this.dropping = drop;
    if (drop) return;
    for (const link of this.links.keys()) this.linksNeedingReset.add(link);
    this.requestKeyframe();
  }

  get droppingMedia(): boolean {
    return this.dropping;
  }

  requestKeyframe(link?: SubscriberLink): void {
    const video = this.sources.get('video');
    if (!video) return;
    const wanted = new Set<number>();
    for (const [candidate, state] of this.links) {
      if (candidate.kind !== 'video' || (link && candidate !== link)) continue;
      const layer = state.pending ?? state.current;
      if (layer !== undefined) wanted.add(layer);
    }
    if (wanted.size === 0 && !link) {
      const now = Date.now();
      for (let index = video.layers.length - 1; index >= 0; index -= 1) {
        if (now - video.layers[index]!.lastPacketAt < LAYER_STALE_MS || index === 0) {
          wanted.add(index);
          break;
        }
      }
    }
    for (const index of wanted) this.pliLayer(video, index);
  }

  /**
   * Cap the publisher's video bitrate with REMB (Erizo's way of enforcing maxVideoBW). Chromium honours REMB when
   * goog-remb was negotiated; repeated every second because the estimate expires on the sender side. Without a cap
   * the REMB still goes out (like Erizo's estimate): with no bandwidth feedback at all Chromium never leaves its
   * start bitrate and a simulcast publisher never sends its top layer.
   */
  limitVideoBitrate(kbps: number | undefined): void {
    if (this.rembTimer) clearInterval(this.rembTimer);
    if (!kbps || kbps <= 0) kbps = UNCAPPED_REMB_KBPS;
    const send = (): void => {
      const video = this.sources.get('video');
      const ssrcs = (video?.layers ?? []).map((layer) => layer.ssrc).filter((ssrc): ssrc is number => ssrc !== undefined);
      if (!video || ssrcs.length === 0) return;
      video.receiver.dtlsTransport
        ?.sendRtcp([new RtcpPayloadSpecificFeedback({ feedback: remb(video.receiver.rtcpSsrc, ssrcs, kbps * 1000) })])
        .catch(() => undefined);
    };
    send();
    this.rembTimer = setInterval(send, 1000);
    this.rembTimer.unref();
  }

  stats(): PublicationStats {
    return {
      streamId: this.streamId,
      packetsIn: { ...this.packetsIn },
      videoFramesIn: this.videoFramesIn,
      packetsOut: { ...this.packetsOut },
      subscribers: this.subscriberConnectionIds.length,
      plisSent: this.plisSent,
    };
  }

  close(): void {
    if (this.rembTimer) clearInterval(this.rembTimer);
    if (this.keyframeTimer) clearInterval(this.keyframeTimer);
    if (this.reselectTimer) clearInterval(this.reselectTimer);
    this.awaitingKeyframe.clear();
    for (const source of this.sources.values()) source.unsubscribe();
    this.sources.clear();
    this.links.clear();
  }
}

/**
 * Across a layer switch the subscriber must see one stream: the next sequence number (last + 1) and a timestamp
 * advanced by the wall-clock time since its last packet (VP8's 90 kHz clock). werift's `replaceRTP(header, true)`
 * would leave a sequence gap and truncate its timestamp offset to 16 bits (uint16Add), which makes Chromium's
 * receiver hold or drop the new layer's frames; so the offsets are set from a header one packet "before" this one.
 */
export function continueSequence(sender: Pick<RTCRtpSender, 'replaceRTP'>, header: RtpHeader, elapsedMs: number): void {
  const ticks = Math.max(1, Math.round(Math.max(0, elapsedMs) * 90));
  sender.replaceRTP({ sequenceNumber: (header.sequenceNumber - 1) & 0xffff, timestamp: (header.timestamp - ticks) >>> 0 }, false);
}

function remb(senderSsrc: number, mediaSsrcs: number[], bitsPerSecond: number): ReceiverEstimatedMaxBitrate {
  // REMB carries the bitrate as an 18-bit mantissa and a 6-bit exponent.
  let exp = 0;
  let mantissa = Math.floor(bitsPerSecond);
  while (mantissa >= 1 << 18) {
    mantissa = Math.floor(mantissa / 2);
    exp += 1;
  }
  return new ReceiverEstimatedMaxBitrate({
    senderSsrc,
    mediaSsrc: 0,
    brExp: exp,
    brMantissa: mantissa,
    bitrate: BigInt(mantissa) << BigInt(exp),
    ssrcNum: mediaSsrcs.length,
    ssrcFeedbacks: mediaSsrcs,
  });
}
