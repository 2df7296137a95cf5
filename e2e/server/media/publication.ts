import {
  ReceiverEstimatedMaxBitrate,
  RtcpPayloadSpecificFeedback,
  type MediaStreamTrack,
  type RTCRtpReceiver,
  type RTCRtpSender,
  type RtcpPacket,
  type RtpPacket,
} from 'werift';
import type { PublicationStats } from './types.js';

type Kind = 'audio' | 'video';

/**
 * The publisher's track(s) of one kind. Without simulcast there is one layer; with rid simulcast the layers are
 * ordered lowest to highest and one is forwarded: the highest that is flowing (Licode's default), switched only on a
 * VP8 keyframe so subscribers' decoders never see a layer change mid-picture.
 */
interface SourceGroup {
  receiver: RTCRtpReceiver;
  codecOf: CodecLookup;
  layers: { track: MediaStreamTrack; ssrc?: number; lastPacketAt: number }[];
  current: number | undefined;
  pending: number | undefined;
  unsubscribe: () => void;
  seen: boolean;
}

/** REMB sent when the publication has no maxVideoBW: loopback can carry far more than any test stream. */
const UNCAPPED_REMB_KBPS = 3000;

/** A layer counts as flowing if it delivered a packet this recently (ms). */
const LAYER_STALE_MS = 2000;

/** Does this VP8 RTP payload start a keyframe? (RFC 7741 payload descriptor, then the VP8 frame tag's P bit.) */
export function isVp8KeyframeStart(payload: Buffer): boolean {
  if (payload.length < 2) return false;
  const first = payload[0]!;
  const startOfPartition = (first & 0x10) !== 0;
  const partitionId = first & 0x07;
  let offset = 1;
  if (first & 0x80) {
    const extension = payload[1]!;
    offset = 2;
    if (extension & 0x80) offset += payload[offset]! & 0x80 ? 2 : 1; // PictureID, 7 or 15 bits
    if (extension & 0x40) offset += 1; // TL0PICIDX
    if (extension & 0x30) offset += 1; // TID/Y/KEYIDX
  }
  if (!startOfPartition || partitionId !== 0 || offset >= payload.length) return false;
  return (payload[offset]! & 0x01) === 0;
}

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
  private readonly links = new Set<SubscriberLink>();
  private readonly announced = new Set<Kind>();
  private readonly packetsIn = { audio: 0, video: 0 };
  private readonly packetsOut = { audio: 0, video: 0 };
  private plisSent = 0;
  private ready = false;
  private rembTimer: NodeJS.Timeout | undefined;

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
    return [...new Set([...this.links].map((link) => link.connectionId))];
  }

  /**
   * Bind the publisher's track(s) of one kind (called when the publisher's offer was applied). `layers` are the
   * simulcast layers from lowest to highest, or the single track.
   */
  attachSource(kind: Kind, receiver: RTCRtpReceiver, layers: readonly MediaStreamTrack[], codecOf: CodecLookup): void {
    this.sources.get(kind)?.unsubscribe();
    this.announced.add(kind);
    const group: SourceGroup = {
      receiver,
      codecOf,
      layers: layers.map((track) => ({ track, lastPacketAt: 0 })),
      current: layers.length === 1 ? 0 : undefined,
      pending: undefined,
      unsubscribe: () => undefined,
      seen: false,
    };
    const subscriptions = layers.map((track, index) => track.onReceiveRtp.subscribe((packet) => this.forward(kind, group, index, packet)));
    group.unsubscribe = () => subscriptions.forEach((subscription) => subscription.unSubscribe());
    this.sources.set(kind, group);
  }

  private forward(kind: Kind, group: SourceGroup, index: number, packet: RtpPacket): void {
    this.packetsIn[kind] += 1;
    const layer = group.layers[index]!;
    layer.ssrc = packet.header.ssrc;
    layer.lastPacketAt = Date.now();
    if (group.layers.length > 1 && !this.selectLayer(group, index, packet)) return;
    if (!group.seen) {
      group.seen = true;
      if (kind === 'video') this.requestKeyframe();
      this.checkReady();
    }
    const keyframe = kind === 'video' && this.awaitingKeyframe.size > 0 && isVp8KeyframeStart(packet.payload);
    const codec = group.codecOf(packet.header.payloadType);
    for (const link of this.links) {
      if (link.kind !== kind) continue;
      // werift only rewrites the payload type: a subscriber that negotiated another codec (a PCMU-only dialect-A
      // client on an Opus publication) would get noise, so it gets nothing, as from Erizo without transcoding.
      // Packets of payload types the publisher did not negotiate are dropped too.
      const linkCodec = link.sender.codec?.mimeType.toLowerCase();
      if (linkCodec === undefined || linkCodec !== codec) continue;
      if (keyframe && link.sender.dtlsTransport?.state === 'connected') this.awaitingKeyframe.delete(link);
      // werift keeps the packet object for NACK retransmission and rewrites its header: one copy per subscriber.
      const copy = packet.clone();
      copy.header.extensions = [];
      copy.header.extension = false;
      if (this.linksNeedingReset.delete(link)) link.sender.replaceRTP(copy.header, true);
      link.sender.sendRtp(copy).catch(() => undefined);
      this.packetsOut[kind] += 1;
    }
  }

  /** Simulcast: is this packet from the forwarded layer? Moves to the highest flowing layer at a keyframe. */
  private selectLayer(group: SourceGroup, index: number, packet: RtpPacket): boolean {
    const now = Date.now();
    let target = group.current;
    for (let candidate = group.layers.length - 1; candidate >= 0; candidate -= 1) {
      if (now - group.layers[candidate]!.lastPacketAt < LAYER_STALE_MS) {
        target = candidate;
        break;
      }
    }
    if (target !== undefined && target !== group.current && target !== group.pending) {
      group.pending = target;
      const ssrc = group.layers[target]!.ssrc;
      if (ssrc !== undefined) {
        this.plisSent += 1;
        group.receiver.sendRtcpPLI(ssrc).catch(() => undefined);
      }
    }
    if (index === group.pending && isVp8KeyframeStart(packet.payload)) {
      const switching = group.current !== undefined;
      group.current = index;
      group.pending = undefined;
      if (switching) for (const link of this.links) if (link.kind === 'video') this.linksNeedingReset.add(link);
    }
    return index === group.current;
  }

  private checkReady(): void {
    if (this.ready || this.announced.size === 0) return;
    for (const kind of this.announced) if (!this.sources.get(kind)?.seen) return;
    this.ready = true;
    this.onReady();
  }

  addLink(link: SubscriberLink): () => void {
    this.links.add(link);
    if (link.kind === 'video') this.awaitKeyframe(link);
    const { unSubscribe } = link.sender.onRtcp.subscribe((packet: RtcpPacket) => {
      // Forward every subscriber PLI/FIR: a decoder that lost its reference frame only recovers with a keyframe.
      // werift parses payload-specific feedback into PLI, FIR or REMB; everything but REMB asks for a keyframe.
      if (packet instanceof RtcpPayloadSpecificFeedback && !(packet.feedback instanceof ReceiverEstimatedMaxBitrate)) {
        this.requestKeyframe();
      }
    });
    return () => {
      unSubscribe();
      this.links.delete(link);
      this.linksNeedingReset.delete(link);
      this.awaitingKeyframe.delete(link);
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
      if ([...this.awaitingKeyframe].some((waiting) => waiting.sender.dtlsTransport?.state === 'connected')) this.requestKeyframe();
    }, 300);
    this.keyframeTimer.unref();
  }

  /** PLI to the publisher's forwarded video layer (a subscriber connected or asked for one). */
  requestKeyframe(): void {
    const video = this.sources.get('video');
    const layer = video?.layers[video.pending ?? video.current ?? -1];
    if (!video || layer?.ssrc === undefined) return;
    this.plisSent += 1;
    video.receiver.sendRtcpPLI(layer.ssrc).catch(() => undefined);
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
      packetsOut: { ...this.packetsOut },
      subscribers: this.subscriberConnectionIds.length,
      plisSent: this.plisSent,
    };
  }

  close(): void {
    if (this.rembTimer) clearInterval(this.rembTimer);
    if (this.keyframeTimer) clearInterval(this.keyframeTimer);
    this.awaitingKeyframe.clear();
    for (const source of this.sources.values()) source.unsubscribe();
    this.sources.clear();
    this.links.clear();
  }
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
