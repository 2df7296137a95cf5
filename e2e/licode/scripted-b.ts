// A scripted dialect B server (Licode v7/v8, docs/licode-protocol.md §4) on a real socket.io 2 server, and a fake
// RTCPeerConnection good enough for the Room's connection code: enough to assert B's exact wire forms in Node.
import { createRequire } from 'node:module';
import type { Server as HttpServer } from 'node:http';
import { BIG_ID, cleanups, listen, type V2Socket } from './scripted-servers';

const ioV2Server = createRequire(import.meta.url)('socket.io-v2') as (
  server: HttpServer,
  opts: Record<string, unknown>,
) => { on(event: 'connection', fn: (socket: V2Socket) => void): void; close(): void };

export const REMOTE_LABEL = 'remote-label';
/** A minimal Plan B style SDP with one audio and one video section, as a v7/v8 Erizo writes (§9.3 item 6). */
const SERVER_SDP = [
  'v=0',
  'o=- 0 1 IN IP4 127.0.0.1',
  's=-',
  't=0 0',
  `a=msid-semantic: WMS ${REMOTE_LABEL}`,
  'm=audio 9 UDP/TLS/RTP/SAVPF 111',
  'm=video 9 UDP/TLS/RTP/SAVPF 96',
  '',
].join('\r\n');

export interface ScriptedB {
  port: number;
  /** Every event the client sent, with its arguments; `hasAck` says whether the client asked for an acknowledgement. */
  log: Array<{ event: string; args: unknown[]; hasAck: boolean }>;
  sockets: V2Socket[];
  /** Server → client on the newest socket. */
  push(event: string, payload: unknown): void;
}

/**
 * `version` v8: a subscription asked with `offerFromErizo: true` gets the server's offer right after the ack; v7 (or v8
 * not asked) waits for the client's offer and answers it (§4.1, §9.3). Publications: the client offers, the server
 * answers, then `ready`. A bare token is refused with "Authentication error" (§8.3 #11).
 */
export async function startB(version: 'v7' | 'v8', streams: unknown[] = []): Promise<ScriptedB> {
  const { http, port } = await listen();
  const io = ioV2Server(http, { transports: ['websocket'] });
  cleanups.push(() => io.close());
  const log: ScriptedB['log'] = [];
  const sockets: V2Socket[] = [];
  let connections = 0;
  const push = (event: string, payload: unknown): void => void sockets.at(-1)?.emit(event, payload);
  const message = (connectionId: string, info: number, evt: Record<string, unknown>): void => push('connection_message_erizo', { connectionId, info, evt });
  io.on('connection', (socket) => {
    sockets.push(socket);
    const on = (event: string, fn: (args: unknown[], ack: ((...a: unknown[]) => void) | undefined) => void): void =>
      socket.on(event, (...raw: unknown[]) => {
        const ack = typeof raw.at(-1) === 'function' ? (raw.at(-1) as (...a: unknown[]) => void) : undefined;
        const args = ack ? raw.slice(0, -1) : raw;
        log.push({ event, args, hasAck: ack !== undefined });
        fn(args, ack);
      });
    on('token', ([arg], ack) => {
      const wrapped = arg as { token?: { tokenId?: string } } | undefined;
      if (!wrapped?.token) return ack?.('error', 'Authentication error');
      ack?.('success', { streams, id: 'room', clientId: 'b-client', singlePC: false, defaultVideoBW: 300, maxVideoBW: 300, iceServers: [] });
    });
    on('publish', (_args, ack) => ack?.(BIG_ID, 'erizo-1', `b-client_erizo-1_${++connections}`));
    on('subscribe', ([options], ack) => {
      const connectionId = `b-client_erizo-1_${++connections}`;
      ack?.(true, 'erizo-1', connectionId);
      if (version === 'v8' && (options as { offerFromErizo?: unknown }).offerFromErizo === true) {
        message(connectionId, 202, { type: 'offer', sdp: SERVER_SDP });
      }
    });
    on('connectionMessage', ([payload]) => {
      const { connectionId, msg } = payload as { connectionId: string; msg: { type: string } };
      if (msg.type === 'offer') message(connectionId, 202, { type: 'answer', sdp: SERVER_SDP });
      if (msg.type === 'offer' || msg.type === 'answer') setTimeout(() => message(connectionId, 104, { type: 'ready' }), 5);
    });
    for (const event of ['streamMessage', 'updateStreamAttributes', 'sendDataStream', 'unsubscribe', 'unpublish', 'reconnected', 'stopRecorder']) {
      on(event, (_args, ack) => {
        if (event === 'unsubscribe' || event === 'unpublish') ack?.(true);
        if (event === 'stopRecorder') ack?.(null, 'This stream is not being recorded');
      });
    }
  });
  return { port, log, sockets, push };
}

/** What the fake peer connection fires as a received track: its kind, and the publisher's label as msid (§5.6). */
class FakeTrack {
  enabled = true;
  constructor(readonly kind: string) {}
}

/**
 * Enough of RTCPeerConnection for the Room's dialect B/C connection code: transceivers fire `negotiationneeded`, the
 * implicit `setLocalDescription()` makes an offer or an answer, a remote description fires `track` for every
 * receiving transceiver, and the connection counts as connected once both descriptions are set.
 */
export class FakePeerConnection extends EventTarget {
  signalingState: RTCSignalingState = 'stable';
  connectionState: RTCPeerConnectionState = 'new';
  iceConnectionState: RTCIceConnectionState = 'new';
  localDescription: RTCSessionDescriptionInit | null = null;
  remoteDescription: RTCSessionDescriptionInit | null = null;
  readonly transceivers: Array<{ kind: string; direction: string; sender: { track: unknown }; receiver: { track: FakeTrack }; stop(): void }> = [];
  #negotiationQueued = false;

  addTransceiver(trackOrKind: { kind: string } | string, init?: RTCRtpTransceiverInit): object {
    const kind = typeof trackOrKind === 'string' ? trackOrKind : trackOrKind.kind;
    const t = {
      kind,
      direction: init?.direction ?? 'sendrecv',
      sender: { track: trackOrKind },
      receiver: { track: new FakeTrack(kind) },
      stop: () => undefined,
    };
    this.transceivers.push(t);
    if (!this.#negotiationQueued) {
      // once for the transceivers added in the same task, as a browser does
      this.#negotiationQueued = true;
      queueMicrotask(() => {
        this.#negotiationQueued = false;
        this.dispatchEvent(new Event('negotiationneeded'));
      });
    }
    return t;
  }
  getSenders = (): object[] => this.transceivers.map((t) => t.sender);
  getTransceivers = (): object[] => this.transceivers;
  setLocalDescription = async (d?: RTCSessionDescriptionInit): Promise<void> => {
    const type = d?.type ?? (this.signalingState === 'have-remote-offer' ? 'answer' : 'offer');
    if (type === 'offer' && this.signalingState === 'have-local-offer') return; // one offer at a time, as a browser
    this.localDescription = { type, sdp: `v=0\r\ns=${type} with ${this.transceivers.map((t) => `${t.kind}:${t.direction}`).join(',')}\r\n` };
    this.signalingState = type === 'offer' ? 'have-local-offer' : 'stable';
    this.#maybeConnected();
  };
  setRemoteDescription = async (d: RTCSessionDescriptionInit): Promise<void> => {
    this.remoteDescription = d;
    this.signalingState = d.type === 'offer' ? 'have-remote-offer' : 'stable';
    if (d.type === 'offer' && !this.transceivers.some((t) => t.direction === 'recvonly')) {
      for (const kind of ['audio', 'video'])
        this.transceivers.push({ kind, direction: 'recvonly', sender: { track: null }, receiver: { track: new FakeTrack(kind) }, stop: () => undefined });
    }
    for (const t of this.transceivers.filter((x) => x.direction === 'recvonly')) {
      const ev = Object.assign(new Event('track'), { track: t.receiver.track, receiver: t.receiver, streams: [{ id: REMOTE_LABEL }] });
      this.dispatchEvent(ev);
    }
    this.#maybeConnected();
  };
  addIceCandidate = async (): Promise<void> => undefined;
  restartIce = (): void => undefined;
  getStats = async (): Promise<Map<string, unknown>> => new Map();
  close(): void {
    this.signalingState = 'closed';
  }

  #maybeConnected(): void {
    if (!this.localDescription || !this.remoteDescription || this.signalingState !== 'stable') return;
    this.connectionState = 'connected';
    this.dispatchEvent(new Event('connectionstatechange'));
  }
}

/** Node has no MediaStream: the Room creates one per subscription and adds received tracks to it. */
export class FakeMediaStream {
  readonly #tracks: Array<{ kind: string }>;
  constructor(
    tracks: Array<{ kind: string }> = [],
    readonly id = 'local-label',
  ) {
    this.#tracks = [...tracks];
  }
  getTracks = (): Array<{ kind: string }> => [...this.#tracks];
  getAudioTracks = (): Array<{ kind: string }> => this.#tracks.filter((t) => t.kind === 'audio');
  getVideoTracks = (): Array<{ kind: string }> => this.#tracks.filter((t) => t.kind === 'video');
  addTrack = (t: { kind: string }): void => void this.#tracks.push(t);
  removeTrack = (t: { kind: string }): void => {
    const i = this.#tracks.indexOf(t);
    if (i >= 0) this.#tracks.splice(i, 1);
  };
}

/** A camera-like local stream: one audio and one video track. */
export function cameraStream(): MediaStream {
  return new FakeMediaStream([new FakeTrack('audio'), new FakeTrack('video')]) as unknown as MediaStream;
}
