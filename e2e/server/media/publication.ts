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

/** One publisher track the plane forwards (for simulcast: the selected layer). */
interface SourceTrack {
  receiver: RTCRtpReceiver;
  track: MediaStreamTrack;
  unsubscribe: () => void;
  lastSsrc?: number;
  seen: boolean;
}

/** A subscriber's sender for one kind of one publication. */
export interface SubscriberLink {
  readonly kind: Kind;
  readonly sender: RTCRtpSender;
  readonly connectionId: string;
}

/**
 * A publication: the publisher's tracks and the subscriber senders they fan out to (Erizo's OneToManyProcessor).
 * Forwarding is `sender.sendRtp(copy)`: werift rewrites SSRC, payload type, sequence numbers and timestamps per
 * subscriber; header extensions are cleared because their ids are negotiated per connection.
 */
export class Publication {
  private readonly sources = new Map<Kind, SourceTrack>();
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

  /** Bind the publisher's track of one kind (called when the publisher's offer was applied). */
  attachSource(kind: Kind, receiver: RTCRtpReceiver, track: MediaStreamTrack): void {
    this.sources.get(kind)?.unsubscribe();
    this.announced.add(kind);
    const source: SourceTrack = { receiver, track, unsubscribe: () => undefined, seen: false };
    const { unSubscribe } = track.onReceiveRtp.subscribe((packet) => this.forward(kind, source, packet));
    source.unsubscribe = unSubscribe;
    this.sources.set(kind, source);
  }

  private forward(kind: Kind, source: SourceTrack, packet: RtpPacket): void {
    this.packetsIn[kind] += 1;
    source.lastSsrc = packet.header.ssrc;
    if (!source.seen) {
      source.seen = true;
      if (kind === 'video') this.requestKeyframe();
      this.checkReady();
    }
    for (const link of this.links) {
      if (link.kind !== kind) continue;
      // werift keeps the packet object for NACK retransmission and rewrites its header: one copy per subscriber.
      const copy = packet.clone();
      copy.header.extensions = [];
      copy.header.extension = false;
      link.sender.sendRtp(copy).catch(() => undefined);
      this.packetsOut[kind] += 1;
    }
  }

  private checkReady(): void {
    if (this.ready || this.announced.size === 0) return;
    for (const kind of this.announced) if (!this.sources.get(kind)?.seen) return;
    this.ready = true;
    this.onReady();
  }

  addLink(link: SubscriberLink): () => void {
    this.links.add(link);
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
    };
  }

  /** PLI to the publisher's video (a subscriber connected or asked for one). */
  requestKeyframe(): void {
    const video = this.sources.get('video');
    if (!video || video.lastSsrc === undefined) return;
    this.plisSent += 1;
    video.receiver.sendRtcpPLI(video.lastSsrc).catch(() => undefined);
  }

  /**
   * Cap the publisher's video bitrate with REMB (Erizo's way of enforcing maxVideoBW). Chromium honours REMB when
   * goog-remb was negotiated; repeated every second because the estimate expires on the sender side.
   */
  limitVideoBitrate(kbps: number | undefined): void {
    if (this.rembTimer) clearInterval(this.rembTimer);
    this.rembTimer = undefined;
    if (!kbps || kbps <= 0) return;
    const send = (): void => {
      const video = this.sources.get('video');
      if (!video || video.lastSsrc === undefined) return;
      video.receiver.dtlsTransport
        ?.sendRtcp([new RtcpPayloadSpecificFeedback({ feedback: remb(video.receiver.rtcpSsrc, video.lastSsrc, kbps * 1000) })])
        .catch(() => undefined);
    };
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
    for (const source of this.sources.values()) source.unsubscribe();
    this.sources.clear();
    this.links.clear();
  }
}

function remb(senderSsrc: number, mediaSsrc: number, bitsPerSecond: number): ReceiverEstimatedMaxBitrate {
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
    ssrcNum: 1,
    ssrcFeedbacks: [mediaSsrc],
  });
}
