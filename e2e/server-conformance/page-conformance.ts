import type { Page } from '@playwright/test';
import type { PageTokenFields } from './page-licode';

/**
 * The page-side Licode client of the §9.5 conformance spec (conformance.spec.ts): lower-level than page-licode.ts so
 * the spec can see what Licode sends — every event the page handled (in order, de-duplicated by `socketgd` as the
 * official ReliableSocket does), raw acknowledgements with the page's own timeout, CONNECT_ERROR texts, and one
 * <video> + getStats per subscription. It speaks dialect C (socket.io 4 bundle) or dialect A v4/v5 (socket.io 2
 * bundle) with the fake camera and microphone.
 */

export interface LoggedEvent {
  event: string;
  payload: unknown;
  /** dialect C: the envelope number. */
  socketgd?: number;
  /** When the page handled it (Date.now() in the page; same clock as the test process). */
  at: number;
}

export type ConnectResult = { ok: true; info: Record<string, unknown> } | { ok: false; message: string; data: unknown };
export type AckResult = unknown[] | 'timeout';

export interface PublishResult {
  streamId: number;
  ack: unknown[];
  connectionId?: string;
}

export interface ReceivedMedia {
  videoWidth: number;
  frames: number;
  framesDecoded: number;
  audioPackets: number;
  streamIds: string[];
  /** When the sample was taken (Date.now() in the page). */
  at: number;
}

export interface ConformanceClient {
  /** C: open a socket with the token fields (plus `extra`) in the handshake query; resolves on `connected` or CONNECT_ERROR. */
  cConnect(token: Record<string, unknown>, extra?: Record<string, string>, controllerHost?: string): Promise<ConnectResult>;
  /** C: a new socket with `clientId` added to the query, as the official client does on `reconnect_attempt`. */
  cReconnect(): Promise<ConnectResult>;
  /** A: socket.io 2 socket, `token(token)` → `[status, info]`. `controllerHost` defaults to the token's host. */
  aConnect(token: PageTokenFields, controllerHost?: string): Promise<unknown[]>;
  /** A v5: a new socket that emits `reconnected(clientId)` (no token). */
  aReconnected(): Promise<void>;
  /** Emit with an acknowledgement; `'timeout'` when none came within `timeoutMs` (the page's own timeout). */
  request(event: string, args: unknown[], timeoutMs?: number): Promise<AckResult>;
  /** Emit without acknowledgement. */
  send(event: string, args: unknown[]): void;
  /** Publish the fake camera + microphone with real media; resolves once the server answered. */
  publish(name: string, data: boolean): Promise<PublishResult>;
  /** Subscribe with real media; C `glare`: offer first, then roll back and answer the server's offer. */
  subscribe(streamId: number, options: { data?: boolean; glare?: boolean }): Promise<{ ack: unknown[]; glare?: GlareReport }>;
  /** C: ICE restart on a connection; resolves with the page's old and new ufrag once the new answer was applied. */
  iceRestart(connectionId: string): Promise<{ oldUfrag: string; newUfrag: string }>;
  received(streamId: number): Promise<ReceivedMedia>;
  /** C: stop sending `socketgd_ack` (envelopes stay unacknowledged on the server) or resume. */
  setAutoAck(on: boolean): void;
  /** Close the socket cleanly (C: after `clientDisconnection`). */
  leave(): Promise<void>;
  events: LoggedEvent[];
  duplicates: number[];
  clientId: string;
}

export interface GlareReport {
  stateWhenServerOfferArrived: string;
  answersToOwnOffer: number;
  rolledBack: boolean;
}

declare global {
  interface Window {
    __conf: ConformanceClient;
  }
}

export async function installConformanceClient(page: Page, dialect: 'A' | 'C'): Promise<void> {
  await page.addScriptTag({ url: dialect === 'C' ? '/socket.io.v4.js' : '/socket.io.v2.js' });
  await page.evaluate(installer, dialect);
}

// Serialised into the page: it must not reference anything outside its own body.
function installer(dialect: 'A' | 'C'): void {
  interface Sock {
    emit(event: string, ...args: unknown[]): void;
    on(event: string, listener: (...args: unknown[]) => void): void;
    onAny?(listener: (event: string, ...args: unknown[]) => void): void;
    disconnect(): void;
    connected: boolean;
  }
  const io = (window as unknown as { io: (url: string, options: Record<string, unknown>) => Sock }).io;
  const events: LoggedEvent[] = [];
  const duplicates: number[] = [];
  let socket: Sock | undefined;
  let token: Record<string, unknown> = {};
  // Where the socket goes: the token's host unless told otherwise (a tampered token still reaches the controller).
  let controller = '';
  let extraQuery: Record<string, string> = {};
  let outgoing = 0;
  let lastHandled = -1;
  let autoAck = true;
  const pcs = new Map<string, RTCPeerConnection>();
  const subscriptions = new Map<number, { pc: RTCPeerConnection; frames: number; video: HTMLVideoElement; streamIds: Set<string> }>();
  const waiters: { match: (e: LoggedEvent) => boolean; resolve: (e: LoggedEvent) => void }[] = [];

  const dispatch = (fields: Omit<LoggedEvent, 'at'>): void => {
    const entry: LoggedEvent = { ...fields, at: Date.now() };
    events.push(entry);
    for (const w of [...waiters]) {
      if (w.match(entry)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(entry);
      }
    }
  };
  /** Resolve with the first event (already logged or future) that matches. */
  const waitFor = (what: string, match: (e: LoggedEvent) => boolean, timeoutMs = 20_000): Promise<LoggedEvent> =>
    new Promise((resolve, reject) => {
      const seen = events.find(match);
      if (seen) return resolve(seen);
      const timer = setTimeout(() => reject(new Error(`no ${what} within ${timeoutMs} ms; events: ${events.map((e) => e.event).join(',')}`)), timeoutMs);
      waiters.push({ match, resolve: (e) => (clearTimeout(timer), resolve(e)) });
    });
  const p = (e: LoggedEvent): Record<string, unknown> => (e.payload ?? {}) as Record<string, unknown>;
  const cEvt = (e: LoggedEvent): { type?: string; sdp?: string } => (p(e).evt ?? {}) as { type?: string; sdp?: string };
  const aMess = (e: LoggedEvent): { type?: string; sdp?: string } => (p(e).mess ?? {}) as { type?: string; sdp?: string };
  const ufragOf = (sdp: string): string => /a=ice-ufrag:(\S+)/.exec(sdp)?.[1] ?? '';

  const wire = (s: Sock): void => {
    if (dialect === 'C') {
      s.onAny!((event, first) => {
        const envelope = first as { socketgd?: unknown; msg?: unknown } | undefined;
        if (envelope && typeof envelope === 'object' && typeof envelope.socketgd === 'number') {
          const id = envelope.socketgd;
          if (id <= lastHandled) {
            // A replay of an envelope already handled (ReliableSocket de-duplication).
            duplicates.push(id);
            if (autoAck) s.emit('socketgd_ack', { id });
            return;
          }
          lastHandled = id;
          dispatch({ event, payload: envelope.msg, socketgd: id });
          if (autoAck) s.emit('socketgd_ack', { id });
        } else {
          dispatch({ event, payload: first });
        }
      });
    } else {
      for (const event of ['signaling_message_erizo', 'onAddStream', 'onRemoveStream', 'onDataStream', 'onUpdateAttributeStream', 'connection_failed']) {
        s.on(event, (payload) => dispatch({ event, payload }));
      }
    }
  };

  const cConnectWith = (query: Record<string, unknown>): Promise<ConnectResult> =>
    new Promise((resolve) => {
      const s = io(`http://${controller}`, { transports: ['websocket'], reconnection: false, forceNew: true, query });
      socket = s;
      wire(s);
      s.on('connect_error', (err) => {
        const e = err as Error & { data?: unknown };
        resolve({ ok: false, message: e.message, data: e.data });
      });
      s.on('connect', () => {
        // A reconnection gets no `connected`: resolve once the namespace is joined.
        if ('clientId' in query) resolve({ ok: true, info: {} });
      });
      if (!('clientId' in query)) {
        void waitFor('connected', (e) => e.event === 'connected').then((e) => {
          api.clientId = String(p(e).clientId);
          resolve({ ok: true, info: p(e) });
        });
      }
    });

  const media = async (): Promise<{ pc: RTCPeerConnection; stream: MediaStream }> => {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 320, height: 240, frameRate: 15 } });
    const pc = new RTCPeerConnection({ iceServers: [] });
    for (const track of stream.getTracks()) pc.addTransceiver(track, { direction: 'sendonly', streams: [stream] });
    return { pc, stream };
  };
  const gathered = (pc: RTCPeerConnection): Promise<void> =>
    new Promise((resolve) => {
      if (pc.iceGatheringState === 'complete') return resolve();
      pc.addEventListener('icegatheringstatechange', () => pc.iceGatheringState === 'complete' && resolve());
    });
  const receiver = (streamId: number): RTCPeerConnection => {
    const pc = new RTCPeerConnection({ iceServers: [] });
    const video = document.createElement('video');
    video.autoplay = true;
    video.muted = true;
    document.body.append(video);
    const sub = { pc, frames: 0, video, streamIds: new Set<string>() };
    subscriptions.set(streamId, sub);
    pc.addEventListener('track', (event) => {
      for (const s of event.streams) sub.streamIds.add(s.id);
      if (event.track.kind !== 'video') return;
      video.srcObject = event.streams[0] ?? new MediaStream([event.track]);
      const count = (): void => {
        sub.frames += 1;
        video.requestVideoFrameCallback(count);
      };
      video.requestVideoFrameCallback(count);
    });
    return pc;
  };

  const request: ConformanceClient['request'] = (event, args, timeoutMs = 10_000) =>
    new Promise((resolve) => {
      const timer = setTimeout(() => resolve('timeout'), timeoutMs);
      const ack = (...reply: unknown[]): void => {
        clearTimeout(timer);
        // Logged too, so the spec can check the order of acks and events.
        dispatch({ event: `ack:${event}`, payload: reply });
        resolve(reply);
      };
      if (dialect === 'C') socket!.emit(event, { socketgd: outgoing++, msg: args[0] }, ack);
      else socket!.emit(event, ...args, ack);
    });
  const send: ConformanceClient['send'] = (event, args) => {
    if (dialect === 'C') socket!.emit(event, { socketgd: outgoing++, msg: args[0] });
    else socket!.emit(event, ...args);
  };
  const cSignal = (connectionId: string, erizoId: string, msg: unknown): void =>
    send('connectionMessage', [{ options: { connectionId, erizoId, msg, browser: 'chrome-stable' }, sdp: null }]);
  const erizoIds = new Map<string, string>();

  const publish: ConformanceClient['publish'] = async (name, data) => {
    const { pc, stream } = await media();
    if (dialect === 'C') {
      const ack = await request('publish', [
        { options: { state: 'erizo', audio: true, video: true, data, label: stream.id, screen: false, attributes: { name }, maxVideoBW: 300 }, sdp: null },
      ]);
      if (ack === 'timeout' || typeof ack[0] !== 'number') throw new Error(`publish refused: ${JSON.stringify(ack)}`);
      const [streamId, erizoId, connectionId] = ack as [number, string, string];
      pcs.set(connectionId, pc);
      erizoIds.set(connectionId, erizoId);
      await pc.setLocalDescription(await pc.createOffer());
      await gathered(pc);
      const answer = waitFor('answer', (e) => e.event === 'connection_message_erizo' && p(e).connectionId === connectionId && cEvt(e).type === 'answer');
      cSignal(connectionId, erizoId, { type: 'offer', sdp: pc.localDescription!.sdp });
      await pc.setRemoteDescription({ type: 'answer', sdp: cEvt(await answer).sdp! });
      cSignal(connectionId, erizoId, { type: 'candidate', candidate: { sdpMLineIndex: -1, sdpMid: 'end', candidate: 'end' } });
      return { streamId, ack, connectionId };
    }
    const ack = await request('publish', [{ state: 'erizo', audio: true, video: true, data, screen: false, attributes: { name }, minVideoBW: 0 }, null]);
    if (ack === 'timeout' || typeof ack[0] !== 'number') throw new Error(`publish refused: ${JSON.stringify(ack)}`);
    const streamId = ack[0];
    pcs.set(`pub:${streamId}`, pc);
    await waitFor('started', (e) => e.event === 'signaling_message_erizo' && p(e).streamId === streamId && aMess(e).type === 'started');
    await pc.setLocalDescription(await pc.createOffer());
    await gathered(pc);
    const answer = waitFor('answer', (e) => e.event === 'signaling_message_erizo' && p(e).streamId === streamId && aMess(e).type === 'answer');
    socket!.emit('signaling_message', { streamId, msg: { type: 'offer', sdp: pc.localDescription!.sdp } }, null);
    await pc.setRemoteDescription({ type: 'answer', sdp: aMess(await answer).sdp! });
    socket!.emit('signaling_message', { streamId, msg: { type: 'candidate', candidate: { sdpMLineIndex: -1, sdpMid: 'end', candidate: 'end' } } }, null);
    return { streamId, ack };
  };

  const subscribe: ConformanceClient['subscribe'] = async (streamId, options) => {
    const data = options.data ?? true;
    const pc = receiver(streamId);
    if (dialect === 'A') {
      const ack = await request('subscribe', [{ streamId, audio: true, video: true, data }, null]);
      if (ack === 'timeout' || ack[0] !== true) throw new Error(`subscribe refused: ${JSON.stringify(ack)}`);
      await waitFor('started', (e) => e.event === 'signaling_message_erizo' && p(e).peerId === streamId && aMess(e).type === 'started');
      pc.addTransceiver('audio', { direction: 'recvonly' });
      pc.addTransceiver('video', { direction: 'recvonly' });
      await pc.setLocalDescription(await pc.createOffer());
      await gathered(pc);
      const answer = waitFor('answer', (e) => e.event === 'signaling_message_erizo' && p(e).peerId === streamId && aMess(e).type === 'answer');
      socket!.emit('signaling_message', { streamId, msg: { type: 'offer', sdp: pc.localDescription!.sdp }, browser: 'chrome-stable' }, null);
      await pc.setRemoteDescription({ type: 'answer', sdp: aMess(await answer).sdp! });
      socket!.emit('signaling_message', { streamId, msg: { type: 'candidate', candidate: { sdpMLineIndex: -1, sdpMid: 'end', candidate: 'end' } } }, null);
      await waitFor('ready', (e) => e.event === 'signaling_message_erizo' && p(e).peerId === streamId && aMess(e).type === 'ready');
      return { ack };
    }
    const mark = events.length;
    const ack = await request('subscribe', [{ options: { streamId, audio: true, video: true, data, browser: 'chrome-stable', maxVideoBW: 300 }, sdp: null }]);
    if (ack === 'timeout' || ack[0] !== true) throw new Error(`subscribe refused: ${JSON.stringify(ack)}`);
    const [, erizoId, connectionId] = ack as [boolean, string, string];
    pcs.set(connectionId, pc);
    erizoIds.set(connectionId, erizoId);
    const isOffer = (e: LoggedEvent): boolean => e.event === 'connection_message_erizo' && p(e).connectionId === connectionId && cEvt(e).type === 'offer';
    let glare: GlareReport | undefined;
    if (options.glare) {
      // Our own offer crosses the server's (whose offer may already be here: offer-before-ack, §8 18).
      pc.addTransceiver('audio', { direction: 'recvonly' });
      pc.addTransceiver('video', { direction: 'recvonly' });
      await pc.setLocalDescription(await pc.createOffer());
      cSignal(connectionId, erizoId, { type: 'offer', sdp: pc.localDescription!.sdp });
      const offer = await waitFor('server offer', isOffer);
      // Give the server time to (not) answer the crossing offer: it is the impolite peer.
      await new Promise((r) => setTimeout(r, 400));
      const stateWhenServerOfferArrived = pc.signalingState;
      const answersToOwnOffer = events
        .slice(mark)
        .filter((e) => e.event === 'connection_message_erizo' && p(e).connectionId === connectionId && cEvt(e).type === 'answer').length;
      // The polite peer: roll back our offer, then answer the server's.
      await pc.setLocalDescription({ type: 'rollback' });
      const rolledBack = pc.signalingState === 'stable';
      await pc.setRemoteDescription({ type: 'offer', sdp: cEvt(offer).sdp! });
      glare = { stateWhenServerOfferArrived, answersToOwnOffer, rolledBack };
    } else {
      const offer = await waitFor('server offer', isOffer);
      await pc.setRemoteDescription({ type: 'offer', sdp: cEvt(offer).sdp! });
    }
    await pc.setLocalDescription(await pc.createAnswer());
    await gathered(pc);
    cSignal(connectionId, erizoId, { type: 'answer', sdp: pc.localDescription!.sdp });
    await waitFor('ready', (e) => e.event === 'connection_message_erizo' && p(e).connectionId === connectionId && p(e).info === 104);
    return glare ? { ack, glare } : { ack };
  };

  const iceRestart: ConformanceClient['iceRestart'] = async (connectionId) => {
    const pc = pcs.get(connectionId)!;
    const erizoId = erizoIds.get(connectionId)!;
    const oldUfrag = ufragOf(pc.localDescription!.sdp);
    const mark = events.length;
    pc.restartIce();
    await pc.setLocalDescription(await pc.createOffer({ iceRestart: true }));
    await gathered(pc);
    const isAnswer = (e: LoggedEvent): boolean =>
      events.indexOf(e) >= mark && e.event === 'connection_message_erizo' && p(e).connectionId === connectionId && cEvt(e).type === 'answer';
    const answer = waitFor('restart answer', isAnswer);
    cSignal(connectionId, erizoId, { type: 'offer', sdp: pc.localDescription!.sdp });
    const offered = pc.localDescription!.sdp;
    await pc.setRemoteDescription({ type: 'answer', sdp: cEvt(await answer).sdp! });
    return { oldUfrag, newUfrag: ufragOf(offered) };
  };

  const received: ConformanceClient['received'] = async (streamId) => {
    const sub = subscriptions.get(streamId);
    let framesDecoded = 0;
    let audioPackets = 0;
    (await sub?.pc.getStats())?.forEach((stat: { type: string; kind?: string; framesDecoded?: number; packetsReceived?: number }) => {
      if (stat.type !== 'inbound-rtp') return;
      if (stat.kind === 'video') framesDecoded += stat.framesDecoded ?? 0;
      if (stat.kind === 'audio') audioPackets += stat.packetsReceived ?? 0;
    });
    return {
      videoWidth: sub?.video.videoWidth ?? 0,
      frames: sub?.frames ?? 0,
      framesDecoded,
      audioPackets,
      streamIds: [...(sub?.streamIds ?? [])],
      at: Date.now(),
    };
  };

  const api: ConformanceClient = {
    cConnect: (t, extra = {}, controllerHost) => {
      token = t;
      controller = controllerHost ?? String(t.host);
      extraQuery = extra;
      return cConnectWith({ tokenId: t.tokenId, host: t.host, secure: String(t.secure), signature: t.signature, ...extra });
    },
    cReconnect: () =>
      cConnectWith({
        tokenId: token.tokenId,
        host: token.host,
        secure: String(token.secure),
        signature: token.signature,
        ...extraQuery,
        clientId: api.clientId,
      }),
    aConnect: (t, controllerHost) =>
      new Promise((resolve, reject) => {
        token = t as unknown as Record<string, unknown>;
        controller = controllerHost ?? t.host;
        const s = io(`http://${controller}`, { transports: ['websocket'], reconnection: false, forceNew: true });
        socket = s;
        wire(s);
        s.on('connect_error', (err) => reject(new Error(`connect_error: ${String(err)}`)));
        s.on('connect', () =>
          s.emit('token', t, (status: unknown, info: unknown) => {
            if (status === 'success' && info && typeof info === 'object' && 'clientId' in info) api.clientId = String((info as { clientId: unknown }).clientId);
            resolve([status, info]);
          }),
        );
      }),
    aReconnected: () =>
      new Promise((resolve, reject) => {
        const s = io(`http://${controller}`, { transports: ['websocket'], reconnection: false, forceNew: true });
        socket = s;
        wire(s);
        s.on('connect_error', (err) => reject(new Error(`connect_error: ${String(err)}`)));
        s.on('connect', () => {
          s.emit('reconnected', api.clientId);
          resolve();
        });
      }),
    request,
    send,
    publish,
    subscribe,
    iceRestart,
    received,
    setAutoAck: (on) => {
      autoAck = on;
      if (on && lastHandled >= 0) socket?.emit('socketgd_ack', { id: lastHandled });
    },
    leave: async () => {
      if (dialect === 'C') {
        // §8 24b: make sure clientDisconnection was delivered before closing.
        send('clientDisconnection', [undefined]);
        await new Promise((r) => setTimeout(r, 200));
      }
      socket?.disconnect();
    },
    events,
    duplicates,
    clientId: '',
  };
  window.__conf = api;
}
