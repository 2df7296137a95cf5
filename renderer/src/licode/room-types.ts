// Public types of the Room API (re-exported by room.ts and index.ts).
import type { BackoffOptions } from './backoff';
import type { DetectedGeneration, ProbeSocketFactory } from './detect';
import type { LicodeError } from './errors';
import type { StreamId } from './messages';
import type { PeerConnectionFactory } from './peer';
import type { StreamQuality } from './stats';
import type { MuteState, RemoteStream } from './streams';
import type { SocketFactoryA, TokenFormat } from './transport-a';
import type { PublishFailureStage } from './publish-failure';
import type { MaxResolution, QualityLayer } from './subscription-config';
import type { SocketFactoryC } from './transport-c';
import type { Dialect } from './transport';

/**
 * 'A0': dialect A on socket.io 0.9 (Licode v3 and older); 'A': on socket.io 2 (v4–v6); 'B': dialect B on socket.io 2
 * (v7–v8); 'C1C2': dialect C on socket.io 2 (v9–v10, the generations C1 and C2 of docs/licode-protocol.md §1.1);
 * 'C': on socket.io 4 (v11 and later).
 */
export type Generation = 'auto' | 'A0' | 'A' | 'B' | 'C1C2' | 'C';
export type RoomConnectionState = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'recovering' | 'left' | 'failed';

export interface RoomOptions {
  /** Per server profile: detect (§1.4) or force a dialect. Default 'auto'. */
  generation?: Generation;
  /**
   * With `generation: 'auto'`: a generation detected earlier for this server (remembered per server profile), used
   * instead of running the probe (§1.4). If a join with it fails, detect again with a new Room without this option.
   */
  knownGeneration?: DetectedGeneration;
  /** Ask for a single peer connection; the server decides (§8 24c). Default false. */
  singlePC?: boolean;
  /** Requests the server never acknowledges fail after this long. Default 10 s. */
  requestTimeoutMs?: number;
  /** Socket reconnection back-off (bounded by default). */
  reconnect?: BackoffOptions;
  /** Kiosk mode: never stop trying to reconnect / rejoin. */
  unboundedReconnect?: boolean;
  /** Fresh single-use tokens for rejoining when the server lost our session (restart, long outage). */
  tokenProvider?: () => Promise<string>;
  /** Only when the user allowed self-signed certificates for this server profile. */
  allowSelfSigned?: boolean;
  /** Quality sampling period. Default 1000 ms; 0 disables. */
  statsIntervalMs?: number;
  /**
   * How many times a failed publication/subscription is rebuilt before reporting `media-failed`. Default 3.
   * Publications retry with back-off (1 s, 2 s, 4 s … ≤ 15 s); one whose retries ran out stays listed (`failed`) and
   * is tried again by every rejoin and by `room.retryPublication`.
   */
  maxMediaRecoveries?: number;
  /** Time to wait for a publication/subscription to become ready. Default 20 s. */
  mediaTimeoutMs?: number;
  /**
   * At most this many remote streams are listed (default 500, `DEFAULT_MAX_REMOTE_STREAMS`); further ones are ignored
   * and reported with a `stream-limit` event, so a server or participant announcing thousands of streams cannot make
   * the client do thousands of things. Must be a whole number of at least 1.
   */
  maxRemoteStreams?: number;
  /** Dialect A: how the token event carries the token (§8.3 #11). Default 'auto'. */
  aTokenFormat?: TokenFormat;
  /** Dialect A v5+: how long the server keeps a dropped session (§3.5). Default 10 s. */
  aServerGraceMs?: number;
  peerConnectionFactory?: PeerConnectionFactory;
  probeSocketFactory?: ProbeSocketFactory;
  socketFactoryA?: SocketFactoryA;
  socketFactoryC?: SocketFactoryC;
}

export interface PublishOptions {
  attributes?: Record<string, unknown>;
  /**
   * Dialect C: send `layers` rid simulcast encodings (rids "1"…"n", lowest resolution first, §7.3). Ignored in
   * dialect A (a unified-plan client cannot send Plan B SIM) and for screen shares (one full-size layer).
   */
  simulcast?: { layers: number };
  /** Initial mute state: tracks disabled before the offer, `muteStream` and the mute attribute in the publish options. */
  muted?: Partial<MuteState>;
  /** kbit/s; bounded by the server's maxVideoBW. Defaults to the server's defaultVideoBW. */
  maxVideoBW?: number;
  screen?: boolean;
  /** Carry data messages and attribute updates (Licode's default). Default true. */
  data?: boolean;
}

export interface SubscribeOptions {
  audio?: boolean;
  video?: boolean;
  /** Ask the server for at most this resolution / frame rate (v5+ `video:{width,height,frameRate}`). */
  maxResolution?: MaxResolution;
  /** kbit/s cap for this subscription. */
  maxVideoBW?: number;
  /** An explicit simulcast layer (0 = lowest); −1/−1 = dynamic (Licode's default). Sent as `updatestream` after the ack. */
  qualityLayer?: QualityLayer;
  /** Receive data messages and attribute updates. Default true. */
  data?: boolean;
}

export interface JoinResult {
  roomId: string;
  clientId: string | undefined;
  /** At join: 'A' also for a B server found by detection, which shows B only at its first publish/subscribe (§1.4). */
  dialect: Dialect;
  singlePC: boolean;
  streams: RemoteStream[];
}

export interface RoomEvents {
  'stream-added': RemoteStream;
  'stream-removed': RemoteStream;
  /** The room has more streams than `maxRemoteStreams`; the ones beyond it are ignored. Once per time it goes over. */
  'stream-limit': { limit: number };
  'stream-attributes': { stream: RemoteStream; attributes: Readonly<Record<string, unknown>> };
  /** A subscription's media is (re)attached — after subscribe and after every recovery. */
  'stream-media': { stream: RemoteStream; mediaStream: MediaStream };
  data: { streamId: StreamId; stream: RemoteStream | undefined; message: unknown };
  'connection-state': { state: RoomConnectionState; reason?: string };
  /**
   * One more try to get the room back while `reconnecting` (the socket, `attempt` of its back-off) or `recovering`
   * (a rejoin with a fresh token, counted from 1 again): lets the view say how long it has been trying.
   */
  'reconnect-attempt': { state: 'reconnecting' | 'recovering'; attempt: number };
  /** A publication's way to `ready`: every failed attempt with what went wrong, every retry, success. */
  'publication-state': PublicationStateEvent;
  quality: StreamQuality;
  error: LicodeError;
}

/**
 * Where a publication stands: `publishing` (first attempt), `ready`, `retrying` (an attempt failed, the next one is
 * scheduled), `waiting` (the session is being rebuilt; the rejoin republishes it), `failed` (retries used up, or
 * refused for good).
 */
export type PublicationStatus = 'publishing' | 'ready' | 'retrying' | 'waiting' | 'failed';

export type { PublishFailureStage } from './publish-failure';

export interface PublicationStateEvent {
  publication: Publication;
  status: PublicationStatus;
  /** Why the last attempt failed (retrying, waiting, failed). */
  stage?: PublishFailureStage;
  reason?: string;
  /** retrying: the number of this retry; failed: the retries made. */
  attempt?: number;
  maxAttempts?: number;
  /** retrying: when the next attempt starts. */
  retryInMs?: number;
  /** failed: refused for good; the publication was dropped (otherwise it stays and a rejoin tries again). */
  final?: boolean;
}

/** A local publication. Its stream id changes when the room republishes it after a failure. */
export interface Publication {
  readonly streamId: StreamId | undefined;
  readonly status: PublicationStatus;
  readonly mediaStream: MediaStream;
  readonly attributes: Readonly<Record<string, unknown>>;
  readonly muted: MuteState;
  readonly screen: boolean;
}
