/**
 * The contract between the test server's signalling layer (e2e/server/signalling, dialects A and C)
 * and its media plane (e2e/server/media, werift). The signalling layer never touches werift directly;
 * the media plane never knows about sockets, tokens or rooms.
 *
 * Everything runs on 127.0.0.1 only: no STUN/TURN servers, loopback candidates only.
 */

/**
 * How the SDP the server produces is formatted (docs/licode-protocol.md §7.1, §7.2, §7.5):
 * - 'a': Licode v3/v4 (C++ SdpInfo): LF line endings, `o=- 0 0 IN IP4 127.0.0.1`, `s=LicodeMCU`, port 1 m-lines,
 *        BUNDLE/rtcp-mux mirrored from the offer, candidates inside, no `a=end-of-candidates`, codecs VP8 + PCMU
 *        (+ telephone-event), no `b=AS` in answers.
 * - 'c': Licode HEAD (JS SessionDescription, Unified Plan): CRLF, incrementing `o=` session version, port 9,
 *        always BUNDLE + rtcp-mux, candidates inside + `a=end-of-candidates`, codecs VP8 + Opus, mids mirrored,
 *        msid stream id = the publisher's label, `a=rid … recv` + `a=simulcast: recv …` when the offer has rids.
 */
export type SdpStyle = 'a' | 'c';

/**
 * Style 'a' by generation (docs/licode-protocol.md §8 20, 24i): v4 as described above; v5 the same C++ SDP re-written by
 * ErizoJS with sdp-transform (CRLF, always BUNDLE + rtcp-mux, port 1) and v6 ErizoJS's own SessionDescription (CRLF,
 * port 9, `WMS *`, incrementing `o=` version), both with v5's default media configuration: VP8 + Opus, no PCMU.
 */
export type LicodeAGeneration = 'v4' | 'v5' | 'v6';

export interface MediaConnectionOptions {
  /** Server-side id used in logs and (dialect C) as connectionId. */
  id: string;
  style: SdpStyle;
  /** Style 'a': the Licode generation whose SDP and codecs to produce (default v4). */
  aGeneration?: LicodeAGeneration;
  /** kbit/s cap for video this connection receives from its publisher (maxVideoBW), if any. */
  maxVideoBW?: number;
}

/** A trickled client candidate as the client sent it (the `a=candidate:` prefix is still there). */
export interface ClientCandidate {
  candidate: string;
  sdpMid?: string | null;
  sdpMLineIndex?: number | null;
}

export type MediaConnectionEvent =
  /** ICE + DTLS up (Erizo's CONN_READY, 104). */
  | { type: 'ready' }
  /** ICE/DTLS failed or the connection was killed (Erizo's 500 / `connection_failed`). */
  | { type: 'failed'; reason: string }
  /** Media of a publication on this connection is flowing (first RTP of every announced track received). */
  | { type: 'publication-ready'; streamId: number }
  | { type: 'closed' };

/** One server-side WebRTC connection (an Erizo WebRtcConnection). */
export interface MediaConnection {
  readonly id: string;
  readonly style: SdpStyle;
  /**
   * Apply a client offer and return the server's answer (candidates inside). Used for publications
   * (both dialects), dialect-A receive-only subscription offers, client renegotiation and ICE restarts.
   * Rejects with an Error if the offer cannot be applied.
   */
  acceptOffer(offerSdp: string): Promise<string>;
  /** Create a server offer after subscriptions were added or removed (dialect C). */
  createOffer(): Promise<string>;
  /** Apply the client's answer to the last server offer. */
  acceptAnswer(answerSdp: string): Promise<void>;
  /** True while a server offer waits for its answer (glare: the server is the impolite peer). */
  readonly hasPendingOffer: boolean;
  /** Trickled client candidate; non-UDP and non-loopback candidates are ignored; the `end` marker is accepted. */
  addClientCandidate(candidate: ClientCandidate): Promise<void>;
  /**
   * Declare that this connection carries the publication `streamId`. In dialect A the connection carries
   * exactly one; in dialect C the tracks are matched by msid stream id === label.
   */
  expectPublication(streamId: number, label: string): void;
  /**
   * Add the publication's tracks to this connection as sendonly (msid = its label). Call before createOffer (C) or
   * acceptOffer (A). `constraints` is the subscribe options' `{video:{width,height,frameRate}, maxVideoBW,
   * qualityLayer}` as the client sent them (malformed parts are ignored).
   */
  addSubscription(streamId: number, options?: { audio?: boolean; video?: boolean; constraints?: unknown }): void;
  /**
   * A subscriber's `updatestream` config (`{video, maxVideoBW, qualityLayer}`, as the client sent it): changes which
   * simulcast layer this subscription is forwarded. Malformed parts are ignored. False if this connection does not
   * subscribe the stream.
   */
  updateSubscription(streamId: number, config: unknown): boolean;
  removeSubscription(streamId: number): void;
  /** Streams this connection publishes or subscribes. */
  readonly publications: readonly number[];
  readonly subscriptions: readonly number[];
  on(listener: (event: MediaConnectionEvent) => void): () => void;
  /** Fault injection: make this connection fail as if ICE broke. */
  fail(reason?: string): void;
  /**
   * Fault injection: drop every packet of this connection in both directions (STUN included) for `ms`, as when the
   * network path breaks. The connection itself stays: the client must notice (ICE disconnected) and repair it.
   */
  blackhole(ms: number): void;
  close(): Promise<void>;
}

/** What a subscriber asked for (docs/licode-protocol.md §5.3 `updatestream`); absent fields mean "no cap". */
export interface SubscriberConstraints {
  /** frameRate is recorded only: Erizo meets it with temporal layers, and Chromium's VP8 has none by default. */
  video?: { width?: number; height?: number; frameRate?: number };
  /** kbit/s: layers measured above it do not fit. */
  maxVideoBW?: number;
  /** An explicit spatial layer (0 = lowest); temporalLayer is recorded only. Absent = dynamic (−1/−1). */
  qualityLayer?: { spatialLayer: number; temporalLayer: number };
}

/** One simulcast layer of a publication as the plane last saw it (index 0 = lowest). */
export interface SimulcastLayerInfo {
  /** The rid, or null for a publication without simulcast. */
  rid: string | null;
  /** From the layer's last VP8 keyframe; null until one was seen. */
  width: number | null;
  height: number | null;
  /** Measured over about a second. */
  kbps: number;
}

/** One subscriber's view of a publication's video (admin listing). */
export interface SubscriptionInfo {
  connectionId: string;
  /** Index into `layers` of the layer this subscriber is forwarded; null before its first keyframe (or audio-only). */
  forwardedLayer: number | null;
  layers: SimulcastLayerInfo[];
  constraints: SubscriberConstraints;
}

export interface PublicationStats {
  streamId: number;
  /** RTP packets received from the publisher per kind. */
  packetsIn: { audio: number; video: number };
  /**
   * Video frames received from the publisher on its first layer (packets with the RTP marker bit, which ends a
   * frame): what a subscriber's frame rate is compared with.
   */
  videoFramesIn: number;
  /** RTP packets sent to subscribers (summed over subscribers) per kind. */
  packetsOut: { audio: number; video: number };
  subscribers: number;
  /** PLIs sent to the publisher. */
  plisSent: number;
}

export interface MediaPlane {
  createConnection(options: MediaConnectionOptions): MediaConnection;
  /** Is media of this publication flowing? */
  isPublicationReady(streamId: number): boolean;
  /** Tear down a publication: removes it from every subscribing connection (they re-offer or close). */
  removePublication(streamId: number): Promise<void>;
  stats(streamId: number): PublicationStats | undefined;
  /**
   * Fault injection: drop every RTP packet the publisher of `streamId` sends (true) until called with false; ICE, DTLS
   * and RTCP stay up, so subscribers see media stop, not a broken connection. False for an unknown publication.
   */
  dropPublisherMedia(streamId: number, drop: boolean): boolean;
  /** Publications whose publisher's media is being dropped (admin state). */
  readonly droppedPublications: readonly number[];
  /** Every subscription of a publication with its forwarded layer and constraints ([] for an unknown stream). */
  subscriptions(streamId: number): SubscriptionInfo[];
  close(): Promise<void>;
}
