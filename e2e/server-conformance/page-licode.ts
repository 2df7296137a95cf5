import type { Page } from '@playwright/test';

/**
 * A minimal Licode client that runs inside a Chromium page (installed with page.evaluate) and speaks the test
 * server's real protocol with the socket.io browser bundles: dialect C (§5.1, §5.2, §5.6) over socket.io 4, dialect A
 * (§3.5, v4) over socket.io 2. It publishes the fake camera + microphone and subscribes into a <video>.
 */

interface SocketLike {
  emit(event: string, ...args: unknown[]): void;
  on(event: string, listener: (...args: unknown[]) => void): void;
  onAny?(listener: (event: string, ...args: unknown[]) => void): void;
  disconnect(): void;
}

export interface PageTokenFields {
  tokenId: string;
  host: string;
  secure: boolean;
  signature: string;
}

export interface LicodePageClient {
  /** Dialect C join: resolves with the `connected` payload. */
  cJoin(token: PageTokenFields): Promise<{ clientId: string; streams: { id: number }[] }>;
  /**
   * Dialect C publish of the fake camera + mic; resolves with the stream id once its own onAddStream arrived.
   * `simulcast`: rid sendEncodings "1".."n" as Licode HEAD's client sets them (§7.3), camera asked for `camera` size.
   */
  cPublish(name: string, options?: PagePublishOptions): Promise<number>;
  /** Dialect C subscribe (server offer → page answer); resolves on `ready` (104). `video` caps go in the options. */
  cSubscribe(streamId: number, options?: { video?: { width: number; height: number } }): Promise<void>;
  /** Dialect C `streamMessage` updatestream with the subscription's erizoId (§5.3); resolves on its ack. */
  cUpdateStream(streamId: number, config: Record<string, unknown>): Promise<void>;
  /** Dialect A `signaling_message` updatestream (no reply). */
  aUpdateStream(streamId: number, config: Record<string, unknown>): void;
  /** The publisher's `outbound-rtp` video stats per rid (frameWidth 0 until the layer sends). */
  publishedLayers(): Promise<{ rid: string; frameWidth: number; framesEncoded: number }[]>;
  /** Dialect A (v4) join with the bare token object. */
  aJoin(token: PageTokenFields): Promise<{ streams: { id: number }[] }>;
  aPublish(name: string): Promise<number>;
  aSubscribe(streamId: number, options?: { video?: { width: number; height: number } }): Promise<void>;
  /** What the subscriber <video> shows and what getStats says. */
  received(): Promise<{ videoWidth: number; videoHeight: number; frames: number; framesDecoded: number; audioPackets: number; streamIds: string[] }>;
  /** Every event the page received, for diagnostics. */
  log: string[];
}

export interface PagePublishOptions {
  simulcast?: number;
  camera?: { width: number; height: number };
}

declare global {
  interface Window {
    io: (url: string, options: Record<string, unknown>) => SocketLike;
    __licode: LicodePageClient;
  }
}

/** Load a socket.io client bundle ('v4' for dialect C, 'v2' for dialect A) and install the page client. */
export async function installLicodePageClient(page: Page, bundle: 'v4' | 'v2'): Promise<void> {
  await page.addScriptTag({ url: `/socket.io.${bundle}.js` });
  await page.evaluate(installer);
}

// Serialised into the page: it must not reference anything outside its own body.
function installer(): void {
  const log: string[] = [];
  let socket: SocketLike | undefined;
  let outgoing = 0; // dialect C: our own envelope counter (ReliableSocket)
  let frames = 0;
  let subscriberPc: RTCPeerConnection | undefined;
  let publisherPc: RTCPeerConnection | undefined;
  const subscriptionErizoIds = new Map<number, string>();
  const streamIds = new Set<string>();
  type Handler = (payload: Record<string, unknown>) => void;
  const handlers = new Map<string, Handler[]>();
  const early: { event: string; payload: Record<string, unknown> }[] = [];

  const on = (event: string, handler: Handler): void => {
    handlers.set(event, [...(handlers.get(event) ?? []), handler]);
    // Offers may overtake the subscribe ack (§8 #18): replay what arrived before anyone listened.
    for (const item of early.filter((e) => e.event === event)) handler(item.payload);
  };
  const dispatch = (event: string, payload: Record<string, unknown>): void => {
    log.push(`${event} ${JSON.stringify(payload).slice(0, 200)}`);
    const list = handlers.get(event);
    if (!list || list.length === 0) early.push({ event, payload });
    for (const handler of list ?? []) handler(payload);
  };
  const waitEvent = (event: string, match: (payload: Record<string, unknown>) => boolean, timeoutMs = 20_000): Promise<Record<string, unknown>> =>
    new Promise((resolve, reject) => {
      let done = false;
      const timer = setTimeout(() => !done && reject(new Error(`no ${event} within ${timeoutMs} ms; log: ${log.join(' | ')}`)), timeoutMs);
      on(event, (payload) => {
        if (done || !match(payload)) return;
        done = true;
        clearTimeout(timer);
        resolve(payload);
      });
    });

  const gathered = (pc: RTCPeerConnection): Promise<void> =>
    new Promise((resolve) => {
      if (pc.iceGatheringState === 'complete') return resolve();
      pc.addEventListener('icegatheringstatechange', () => pc.iceGatheringState === 'complete' && resolve());
    });

  const media = async (options: PagePublishOptions = {}): Promise<{ pc: RTCPeerConnection; stream: MediaStream }> => {
    const camera = options.camera ?? { width: 640, height: 480 };
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: camera });
    // Keep the resolution when the (shared, busy) CPU is short: Chromium then drops frames, not simulcast layers.
    if (options.simulcast) for (const track of stream.getVideoTracks()) track.contentHint = 'detail';
    const pc = new RTCPeerConnection({ iceServers: [] });
    publisherPc = pc;
    const layers = options.simulcast ?? 0;
    for (const track of stream.getTracks()) {
      const init: RTCRtpTransceiverInit = { direction: 'sendonly', streams: [stream] };
      // Licode HEAD (Stream.js generateEncoderParameters): rids "1".."n", lowest first, scaleResolutionDownBy 2^(n−layer).
      if (track.kind === 'video' && layers > 1) {
        init.sendEncodings = Array.from({ length: layers }, (_, index) => ({ rid: String(index + 1), scaleResolutionDownBy: 2 ** (layers - index - 1) }));
      }
      pc.addTransceiver(track, init);
    }
    return { pc, stream };
  };

  const receiver = (): RTCPeerConnection => {
    const pc = new RTCPeerConnection({ iceServers: [] });
    subscriberPc = pc;
    const video = document.createElement('video');
    video.id = 'remote';
    video.autoplay = true;
    video.muted = true;
    document.body.append(video);
    pc.addEventListener('track', (event) => {
      for (const stream of event.streams) streamIds.add(stream.id);
      if (event.track.kind !== 'video') return;
      video.srcObject = event.streams[0] ?? new MediaStream([event.track]);
      const count = (): void => {
        frames += 1;
        video.requestVideoFrameCallback(count);
      };
      video.requestVideoFrameCallback(count);
    });
    return pc;
  };

  // ---- dialect C ------------------------------------------------------------------------------------------------
  const cSend = (event: string, msg: unknown, ack?: (...args: unknown[]) => void): void => {
    const envelope = { socketgd: outgoing++, msg };
    if (ack) socket!.emit(event, envelope, ack);
    else socket!.emit(event, envelope);
  };
  const cRequest = (event: string, msg: unknown): Promise<unknown[]> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${event}: no ack; log: ${log.join(' | ')}`)), 15_000);
      cSend(event, msg, (...args) => {
        clearTimeout(timer);
        resolve(args);
      });
    });

  const cJoin: LicodePageClient['cJoin'] = (token) =>
    new Promise((resolve, reject) => {
      socket = window.io(`http://${token.host}`, {
        transports: ['websocket'],
        reconnection: false,
        query: { tokenId: token.tokenId, host: token.host, secure: String(token.secure), signature: token.signature, singlePC: false },
      });
      socket.onAny!((event, envelope) => {
        const wrapped = envelope as { socketgd?: number; msg?: Record<string, unknown> } | undefined;
        if (wrapped && typeof wrapped.socketgd === 'number') {
          socket!.emit('socketgd_ack', { id: wrapped.socketgd });
          dispatch(event, wrapped.msg ?? {});
        } else {
          dispatch(event, (envelope ?? {}) as Record<string, unknown>);
        }
      });
      socket.on('connect_error', (error) => reject(new Error(`connect_error: ${String((error as Error).message)}`)));
      waitEvent('connected', () => true).then((payload) => resolve(payload as unknown as { clientId: string; streams: { id: number }[] }), reject);
    });

  const cPublish: LicodePageClient['cPublish'] = async (name, options = {}) => {
    const { pc, stream } = await media(options);
    // A simulcast publisher sends no maxVideoBW: a 300 kbit/s REMB would leave Chromium only its lowest layers.
    const bandwidth = options.simulcast ? {} : { maxVideoBW: 300 };
    const [streamId, erizoId, connectionId] = (await cRequest('publish', {
      options: { state: 'erizo', audio: true, video: true, data: true, label: stream.id, screen: false, attributes: { name }, ...bandwidth },
      sdp: null,
    })) as [number, string, string];
    if (typeof streamId !== 'number') throw new Error(`publish failed: ${JSON.stringify([streamId, erizoId, connectionId])}`);
    await pc.setLocalDescription(await pc.createOffer());
    await gathered(pc);
    const answer = waitEvent('connection_message_erizo', (p) => p.connectionId === connectionId && (p.evt as { type: string }).type === 'answer');
    cSend('connectionMessage', {
      options: { connectionId, erizoId, msg: { type: 'offer', sdp: pc.localDescription!.sdp }, browser: 'chrome-stable' },
      sdp: null,
    });
    await pc.setRemoteDescription({ type: 'answer', sdp: ((await answer).evt as { sdp: string }).sdp });
    cSend('connectionMessage', {
      options: { connectionId, erizoId, msg: { type: 'candidate', candidate: { sdpMLineIndex: -1, sdpMid: 'end', candidate: 'end' } } },
      sdp: null,
    });
    await waitEvent('onAddStream', (p) => p.id === streamId);
    return streamId;
  };

  const cSubscribe: LicodePageClient['cSubscribe'] = async (streamId, options = {}) => {
    const pc = receiver();
    const [ok, erizoId, connectionId] = (await cRequest('subscribe', {
      // A capped subscriber (Licode's client with `video:{width,height}`) sends no maxVideoBW unless asked.
      options: options.video
        ? { streamId, audio: true, video: options.video, data: true, browser: 'chrome-stable' }
        : { streamId, audio: true, video: true, data: true, browser: 'chrome-stable', maxVideoBW: 300 },
      sdp: null,
    })) as [boolean, string, string];
    if (ok !== true) throw new Error(`subscribe failed: ${JSON.stringify([ok, erizoId, connectionId])}`);
    subscriptionErizoIds.set(streamId, erizoId);
    const offer = await waitEvent('connection_message_erizo', (p) => p.connectionId === connectionId && (p.evt as { type: string }).type === 'offer');
    const ready = waitEvent('connection_message_erizo', (p) => p.connectionId === connectionId && p.info === 104);
    await pc.setRemoteDescription({ type: 'offer', sdp: (offer.evt as { sdp: string }).sdp });
    await pc.setLocalDescription(await pc.createAnswer());
    await gathered(pc);
    cSend('connectionMessage', {
      options: { connectionId, erizoId, msg: { type: 'answer', sdp: pc.localDescription!.sdp }, browser: 'chrome-stable' },
      sdp: null,
    });
    await ready;
  };

  const cUpdateStream: LicodePageClient['cUpdateStream'] = async (streamId, config) => {
    const erizoId = subscriptionErizoIds.get(streamId);
    await cRequest('streamMessage', { options: { streamId, erizoId, msg: { type: 'updatestream', config }, browser: 'chrome-stable' }, sdp: null });
  };

  const publishedLayers: LicodePageClient['publishedLayers'] = async () => {
    const layers: { rid: string; frameWidth: number; framesEncoded: number }[] = [];
    (await publisherPc?.getStats())?.forEach((stat: { type: string; kind?: string; rid?: string; frameWidth?: number; framesEncoded?: number }) => {
      if (stat.type === 'outbound-rtp' && stat.kind === 'video') {
        layers.push({ rid: stat.rid ?? '', frameWidth: stat.frameWidth ?? 0, framesEncoded: stat.framesEncoded ?? 0 });
      }
    });
    return layers.sort((a, b) => a.rid.localeCompare(b.rid));
  };

  // ---- dialect A (v4) -------------------------------------------------------------------------------------------
  const aJoin: LicodePageClient['aJoin'] = (token) =>
    new Promise((resolve, reject) => {
      socket = window.io(`http://${token.host}`, { transports: ['websocket'], reconnection: false, 'force new connection': true });
      for (const event of ['signaling_message_erizo', 'onAddStream', 'onRemoveStream', 'connection_failed']) {
        socket.on(event, (payload) => dispatch(event, payload as Record<string, unknown>));
      }
      socket.on('connect', () => {
        socket!.emit('token', token, (status: unknown, info: unknown) => {
          if (status === 'success') resolve(info as { streams: { id: number }[] });
          else reject(new Error(`token refused: ${String(status)} ${String(info)}`));
        });
      });
      socket.on('connect_error', (error) => reject(new Error(`connect_error: ${String(error)}`)));
    });

  const aEmit = (event: string, ...args: unknown[]): Promise<unknown[]> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${event}: no ack; log: ${log.join(' | ')}`)), 15_000);
      socket!.emit(event, ...args, (...reply: unknown[]) => {
        clearTimeout(timer);
        resolve(reply);
      });
    });
  const aMess = (key: 'streamId' | 'peerId', id: number, type: string): Promise<Record<string, unknown>> =>
    waitEvent('signaling_message_erizo', (p) => p[key] === id && (p.mess as { type: string }).type === type);

  const aPublish: LicodePageClient['aPublish'] = async (name) => {
    const { pc } = await media();
    const [streamId] = (await aEmit(
      'publish',
      { state: 'erizo', audio: true, video: true, data: true, screen: false, attributes: { name }, minVideoBW: 0 },
      null,
    )) as [number];
    if (typeof streamId !== 'number') throw new Error(`publish failed: ${String(streamId)}`);
    await aMess('streamId', streamId, 'started');
    await pc.setLocalDescription(await pc.createOffer());
    await gathered(pc);
    const answer = aMess('streamId', streamId, 'answer');
    const added = waitEvent('onAddStream', (p) => p.id === streamId);
    socket!.emit('signaling_message', { streamId, msg: { type: 'offer', sdp: pc.localDescription!.sdp } }, null);
    await pc.setRemoteDescription({ type: 'answer', sdp: ((await answer).mess as { sdp: string }).sdp });
    socket!.emit('signaling_message', { streamId, msg: { type: 'candidate', candidate: { sdpMLineIndex: -1, sdpMid: 'end', candidate: 'end' } } }, null);
    await added;
    await aMess('streamId', streamId, 'ready');
    return streamId;
  };

  const aSubscribe: LicodePageClient['aSubscribe'] = async (streamId, options = {}) => {
    const pc = receiver();
    const started = aMess('peerId', streamId, 'started');
    const [ok] = await aEmit('subscribe', { streamId, audio: true, video: options.video ?? true, data: true }, null);
    if (ok !== true) throw new Error(`subscribe failed: ${String(ok)}`);
    await started;
    pc.addTransceiver('audio', { direction: 'recvonly' });
    pc.addTransceiver('video', { direction: 'recvonly' });
    await pc.setLocalDescription(await pc.createOffer());
    await gathered(pc);
    const answer = aMess('peerId', streamId, 'answer');
    const ready = aMess('peerId', streamId, 'ready');
    socket!.emit('signaling_message', { streamId, msg: { type: 'offer', sdp: pc.localDescription!.sdp }, browser: 'chrome-stable' }, null);
    await pc.setRemoteDescription({ type: 'answer', sdp: ((await answer).mess as { sdp: string }).sdp });
    await ready;
  };

  const aUpdateStream: LicodePageClient['aUpdateStream'] = (streamId, config) => {
    socket!.emit('signaling_message', { streamId, msg: { type: 'updatestream', config } }, null);
  };

  const received: LicodePageClient['received'] = async () => {
    const video = document.getElementById('remote') as HTMLVideoElement | null;
    let framesDecoded = 0;
    let audioPackets = 0;
    (await subscriberPc?.getStats())?.forEach((stat: { type: string; kind?: string; framesDecoded?: number; packetsReceived?: number }) => {
      if (stat.type !== 'inbound-rtp') return;
      if (stat.kind === 'video') framesDecoded += stat.framesDecoded ?? 0;
      if (stat.kind === 'audio') audioPackets += stat.packetsReceived ?? 0;
    });
    return { videoWidth: video?.videoWidth ?? 0, videoHeight: video?.videoHeight ?? 0, frames, framesDecoded, audioPackets, streamIds: [...streamIds] };
  };

  window.__licode = { cJoin, cPublish, cSubscribe, cUpdateStream, aUpdateStream, publishedLayers, aJoin, aPublish, aSubscribe, received, log };
}
