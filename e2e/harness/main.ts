// Test page for the Licode client core: exposes the library to Playwright as `window.licodeHarness`.
// Everything here is test glue; the library under test is renderer/src/licode.
import {
  Room,
  type Publication,
  type RemoteStream,
  type RoomOptions,
  type StreamQuality,
  type SubscribeOptions,
  type SubscriptionUpdate,
} from '../../renderer/src/licode/index';

/**
 * Counts live RTCPeerConnections in the page, independently of the library's own bookkeeping, and logs their ICE
 * states and ICE restarts (a new local ufrag) so specs can tell how a connection was repaired.
 */
const allPeerConnections: RTCPeerConnection[] = [];
const NativePC = window.RTCPeerConnection;
class CountingPC extends NativePC {
  constructor(config?: RTCConfiguration) {
    super(config);
    const index = allPeerConnections.push(this) - 1;
    let ufrag: string | undefined;
    this.addEventListener('iceconnectionstatechange', () => log('ice-state', { pc: index, state: this.iceConnectionState }));
    this.addEventListener('signalingstatechange', () => {
      const current = /a=ice-ufrag:(\S+)/.exec(this.localDescription?.sdp ?? '')?.[1];
      if (ufrag !== undefined && current !== undefined && current !== ufrag) log('ice-restart', { pc: index });
      ufrag = current ?? ufrag;
    });
  }
}
window.RTCPeerConnection = CountingPC;

type HarnessEvent = { t: number; type: string; [key: string]: unknown };

const events: HarnessEvent[] = [];
let room: Room | null = null;
let publication: Publication | null = null;
/** Every publication still published, oldest first (`publication` is the latest). */
const publications: Publication[] = [];
let autoSubscribe = true;
const videos = new Map<number, HTMLVideoElement>();
const lastQuality = new Map<string, StreamQuality>();

function log(type: string, data: Record<string, unknown> = {}): void {
  events.push({ t: Date.now(), type, ...data });
}

function attach(stream: RemoteStream, media: MediaStream): void {
  let video = videos.get(stream.id);
  if (!video) {
    video = document.createElement('video');
    video.muted = true; // audio is asserted through RTP stats (a muted element reports no energy)
    video.autoplay = true;
    video.playsInline = true;
    video.dataset['streamId'] = String(stream.id);
    document.getElementById('videos')!.append(video);
    videos.set(stream.id, video);
  }
  video.srcObject = media;
  void video.play().catch(() => undefined);
}

function detach(id: number): void {
  const video = videos.get(id);
  if (!video) return;
  video.srcObject = null;
  video.remove();
  videos.delete(id);
}

function requireRoom(): Room {
  if (!room) throw new Error('not joined');
  return room;
}

function requirePublication(): Publication {
  if (!publication) throw new Error('nothing published');
  return publication;
}

async function subscribeQuietly(stream: RemoteStream): Promise<void> {
  try {
    await requireRoom().subscribe(stream);
  } catch (err) {
    log('subscribe-failed', { id: stream.id, message: String(err) });
  }
}

declare global {
  interface Window {
    licodeHarness: typeof harness;
    fetchToken?: () => Promise<string>;
  }
}

const harness = {
  events,
  async join(token: string, options: Omit<RoomOptions, 'tokenProvider'> & { useTokenProvider?: boolean; autoSubscribe?: boolean } = {}) {
    autoSubscribe = options.autoSubscribe ?? true;
    const { useTokenProvider, ...roomOptions } = options;
    const r = new Room({ ...roomOptions, ...(useTokenProvider && window.fetchToken ? { tokenProvider: window.fetchToken } : {}) });
    room = r;
    r.on('stream-added', (s) => {
      log('stream-added', { id: s.id, attributes: s.attributes });
      if (autoSubscribe) void subscribeQuietly(s);
    });
    r.on('stream-removed', (s) => {
      log('stream-removed', { id: s.id });
      detach(s.id);
    });
    r.on('stream-media', ({ stream, mediaStream }) => {
      log('stream-media', { id: stream.id });
      attach(stream, mediaStream);
    });
    r.on('stream-attributes', ({ stream, attributes }) => log('stream-attributes', { id: stream.id, attributes }));
    r.on('data', ({ streamId, message }) => log('data', { id: streamId, message }));
    r.on('connection-state', ({ state, reason }) => log('connection-state', { state, reason }));
    r.on('error', (err) => log('error', { code: err.code, message: err.message }));
    r.on('publication-state', (e) => log('publication-state', { id: e.publication.streamId, state: e.status, code: e.stage, message: e.reason }));
    r.on('quality', (q) => lastQuality.set(`${q.direction}:${q.streamId}`, q));
    const result = await r.join(token);
    if (autoSubscribe) for (const s of result.streams) void subscribeQuietly(s);
    return { roomId: result.roomId, clientId: result.clientId, dialect: result.dialect, singlePC: result.singlePC, streams: result.streams.map((s) => s.id) };
  },
  async tryJoin(token: string, options: RoomOptions = {}) {
    try {
      return { ok: true as const, result: await harness.join(token, options) };
    } catch (err) {
      const e = err as { code?: string; message?: string };
      return { ok: false as const, code: e.code ?? 'unknown', message: e.message ?? String(err) };
    }
  },
  async publish(
    options: {
      audio?: boolean;
      video?: boolean | { width: number; height: number };
      attributes?: Record<string, unknown>;
      maxVideoBW?: number;
      muted?: { audio?: boolean; video?: boolean };
      simulcast?: { layers: number };
    } = {},
  ) {
    const media = await navigator.mediaDevices.getUserMedia({ audio: options.audio ?? true, video: options.video ?? true });
    publication = await requireRoom().publish(media, {
      ...(options.attributes ? { attributes: options.attributes } : {}),
      ...(options.maxVideoBW ? { maxVideoBW: options.maxVideoBW } : {}),
      ...(options.muted ? { muted: options.muted } : {}),
      ...(options.simulcast ? { simulcast: options.simulcast } : {}),
    });
    publications.push(publication);
    return publication.streamId;
  },
  /** Stream ids of every live publication of this page, oldest first. */
  publishedIds: () => publications.map((p) => p.streamId),
  /** The local tracks' enabled flags (initial mute disables them before the offer). */
  localTracks: () => publication?.mediaStream.getTracks().map((t) => ({ kind: t.kind, enabled: t.enabled })) ?? [],
  publishedId: () => publication?.streamId,
  async unpublish() {
    const unpublished = requirePublication();
    await requireRoom().unpublish(unpublished);
    publications.splice(publications.indexOf(unpublished), 1);
    publication = publications.at(-1) ?? null;
  },
  async subscribe(id: number, options: SubscribeOptions = {}) {
    await requireRoom().subscribe(id, options);
  },
  async updateSubscription(id: number, update: SubscriptionUpdate) {
    try {
      await requireRoom().updateSubscription(id, update);
      return { ok: true as const };
    } catch (err) {
      const e = err as { code?: string; message?: string };
      return { ok: false as const, code: e.code ?? 'unknown', message: e.message ?? String(err) };
    }
  },
  /** Subscribe, unsubscribe while that subscribe is still in flight, and subscribe again at once. */
  async resubscribeRace(id: number) {
    const r = requireRoom();
    const outcome = (p: Promise<unknown>) =>
      p.then(
        () => 'ok',
        (e: { code?: string }) => e.code ?? 'error',
      );
    const first = outcome(r.subscribe(id));
    const unsubscribed = outcome(r.unsubscribe(id));
    const second = outcome(r.subscribe(id));
    return { first: await first, unsubscribe: await unsubscribed, second: await second };
  },
  async trySubscribe(id: number) {
    try {
      await requireRoom().subscribe(id);
      return { ok: true as const };
    } catch (err) {
      const e = err as { code?: string; message?: string };
      return { ok: false as const, code: e.code ?? 'unknown', message: e.message ?? String(err) };
    }
  },
  async unsubscribe(id: number) {
    await requireRoom().unsubscribe(id);
    detach(id);
  },
  setAttributes: (attrs: Record<string, unknown>) => requireRoom().setAttributes(requirePublication(), attrs),
  sendData: (message: unknown) => requireRoom().sendData(requirePublication(), message),
  mute: (state: { audio?: boolean; video?: boolean }) => requireRoom().mute(requirePublication(), state),
  async switchCamera() {
    const media = await navigator.mediaDevices.getUserMedia({ video: true });
    const track = media.getVideoTracks()[0]!;
    await requireRoom().replaceTrack(requirePublication(), track);
    return track.id;
  },
  leave: () => requireRoom().leave(),
  /** The generation the room speaks (detected or forced), as the app remembers it per server. */
  generation: () => requireRoom().generation,
  /** Snapshot for assertions. */
  state() {
    const r = room;
    return {
      state: r?.state ?? 'none',
      dialect: r?.dialect ?? null,
      livePeerConnections: r?.livePeerConnections ?? 0,
      pagePeerConnections: allPeerConnections.filter((pc) => pc.signalingState !== 'closed').length,
      publishedId: publication?.streamId ?? null,
      publishedMuted: publication?.muted ?? null,
      remotes: r
        ? [...r.remoteStreams.values()].map((s) => ({
            id: s.id,
            attributes: s.attributes,
            muted: s.muted,
            subscribed: s.subscribed,
            tracks: s.mediaStream?.getTracks().map((t) => t.kind) ?? [],
          }))
        : [],
      quality: [...lastQuality.values()],
    };
  },
  /** What the browser applies for the video cap: b=AS in the descriptions (A) and sender encodings (C). */
  bandwidth() {
    return allPeerConnections
      .filter((pc) => pc.signalingState !== 'closed')
      .flatMap((pc) =>
        pc
          .getSenders()
          .filter((s) => s.track?.kind === 'video')
          .map((s) => ({
            maxBitrate: s.getParameters().encodings[0]?.maxBitrate ?? null,
            localAS: /m=video[^]*?b=AS:(\d+)/.exec(pc.localDescription?.sdp ?? '')?.[1] ?? null,
            remoteAS: /m=video[^]*?b=AS:(\d+)/.exec(pc.remoteDescription?.sdp ?? '')?.[1] ?? null,
          })),
      );
  },
  /** Per remote stream: decoded video frames (from the <video> element) and received audio packets (RTP stats). */
  async media() {
    const out: Array<{ id: number; framesDecoded: number; audioPackets: number; width: number; height: number }> = [];
    const inbound = new Map<string, { kind: string; framesDecoded: number; packetsReceived: number }>();
    for (const pc of allPeerConnections) {
      if (pc.signalingState === 'closed') continue;
      const report = await pc.getStats();
      report.forEach((s: Record<string, unknown>) => {
        if (s['type'] === 'inbound-rtp' && typeof s['trackIdentifier'] === 'string') {
          inbound.set(s['trackIdentifier'], {
            kind: String(s['kind']),
            framesDecoded: Number(s['framesDecoded'] ?? 0),
            packetsReceived: Number(s['packetsReceived'] ?? 0),
          });
        }
      });
    }
    for (const s of room?.remoteStreams.values() ?? []) {
      const video = videos.get(s.id);
      const ms = s.mediaStream;
      const audioTrack = ms?.getAudioTracks()[0];
      const videoTrack = ms?.getVideoTracks()[0];
      out.push({
        id: s.id,
        framesDecoded: Math.max(video?.getVideoPlaybackQuality().totalVideoFrames ?? 0, videoTrack ? (inbound.get(videoTrack.id)?.framesDecoded ?? 0) : 0),
        audioPackets: audioTrack ? (inbound.get(audioTrack.id)?.packetsReceived ?? 0) : 0,
        width: video?.videoWidth ?? 0,
        height: video?.videoHeight ?? 0,
      });
    }
    return out;
  },
};

window.licodeHarness = harness;
document.title = 'licode harness ready';
