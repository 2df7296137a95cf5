import { createRequire } from 'node:module';
import { afterEach } from 'vitest';
import { io as ioV4, type Socket as SocketV4 } from 'socket.io-client';
import { startTestServer, type RunningTestServer, type TestServerOptions } from '../index';
import { AdminClient } from '../admin-client';
import { FakeMediaPlane, type FakeMediaPlaneOptions } from './fake-media-plane';

export interface Harness {
  server: RunningTestServer;
  admin: AdminClient;
  fake: FakeMediaPlane | undefined;
}

/** A server on ephemeral ports with the fake media plane (pure-signalling tests) unless `real` is set. */
export async function startHarness(
  options: Partial<TestServerOptions> & { dialect: 'A' | 'B' | 'C'; real?: boolean; fakeOptions?: FakeMediaPlaneOptions },
): Promise<Harness> {
  let fake: FakeMediaPlane | undefined;
  const { real, fakeOptions, ...rest } = options;
  const server = await startTestServer({
    ...rest,
    ...(real ? {} : { mediaPlane: () => (fake = new FakeMediaPlane(fakeOptions)) }),
  });
  return {
    server,
    admin: new AdminClient(server.adminUrl),
    get fake() {
      return fake;
    },
  };
}

/**
 * One server per test: `start()` a harness, `closeLater()` whatever the test opens (clients, peers, sockets); after
 * each test those are closed first, then the server.
 */
export function serverPerTest(): {
  start(options: Parameters<typeof startHarness>[0]): Promise<Harness>;
  closeLater(close: () => void): void;
} {
  let current: Harness | undefined;
  const closers: (() => void)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0)) close();
    await current?.server.close();
    current = undefined;
  });
  return {
    async start(options) {
      current = await startHarness(options);
      return current;
    },
    closeLater(close) {
      closers.push(close);
    },
  };
}

export async function createToken(restUrl: string, body: Record<string, unknown>): Promise<string> {
  const res = await fetch(`${restUrl}/createToken/`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`createToken ${res.status}: ${text}`);
  return text;
}

export interface TokenFields {
  tokenId: string;
  host: string;
  secure: boolean;
  signature: string;
}

export function decodeToken(token: string): TokenFields {
  return JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as TokenFields;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Raw JSON text of a socket.io frame is not reachable; numeric round-trips are checked on values (exact doubles). */
export interface Received {
  event: string;
  args: unknown[];
}

/** Records every event and lets a test wait for one. */
class EventLog {
  readonly events: Received[] = [];
  private waiters: { match: (r: Received) => boolean; resolve: (r: Received) => void }[] = [];

  push(r: Received): void {
    this.events.push(r);
    const waiting = this.waiters;
    this.waiters = [];
    for (const w of waiting) {
      if (w.match(r)) w.resolve(r);
      else this.waiters.push(w);
    }
  }

  /** The first event (already received or future) matching; `from` skips earlier ones. */
  wait(event: string, predicate: (args: unknown[]) => boolean = () => true, timeoutMs = 5000, from = 0): Promise<Received> {
    const match = (r: Received) => r.event === event && predicate(r.args);
    const seen = this.events.slice(from).find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const describe = (e: Received) => (e.event === 'disconnect' || e.event === 'connect_error' ? `${e.event}(${String(e.args[0])})` : e.event);
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${event}; got ${this.events.map(describe).join(',')}`)), timeoutMs);
      this.waiters.push({ match, resolve: (r) => (clearTimeout(timer), resolve(r)) });
    });
  }

  count(event: string): number {
    return this.events.filter((e) => e.event === event).length;
  }
}

/** A dialect-C client made of a plain socket.io-client 4 socket (acks every envelope unless told not to). */
export class CTestClient {
  readonly log = new EventLog();
  socket: SocketV4;
  private outId = 0;
  autoAck = true;
  clientId: string | undefined;
  /** socketgd ids received (to check replays/de-duplication). */
  readonly envelopeIds: number[] = [];

  constructor(
    readonly controllerHost: string,
    query: Record<string, string>,
  ) {
    this.socket = this.open(query);
  }

  private open(query: Record<string, string>): SocketV4 {
    const socket = ioV4(`http://${this.controllerHost}`, { transports: ['websocket'], reconnection: false, forceNew: true, query });
    socket.onAny((event: string, ...args: unknown[]) => {
      const first = args[0];
      if (typeof first === 'object' && first !== null && 'socketgd' in first) {
        const id = (first as { socketgd: number }).socketgd;
        this.envelopeIds.push(id);
        if (this.autoAck) socket.emit('socketgd_ack', { id });
        this.log.push({ event, args: [(first as unknown as { msg: unknown }).msg, ...args.slice(1)] });
      } else {
        this.log.push({ event, args });
      }
    });
    socket.on('connect_error', (err: Error & { data?: unknown }) => this.log.push({ event: 'connect_error', args: [err.message, err.data] }));
    socket.on('disconnect', (reason) => this.log.push({ event: 'disconnect', args: [reason] }));
    return socket;
  }

  static async join(controllerHost: string, token: string, extra: Record<string, string> = {}): Promise<CTestClient> {
    const t = decodeToken(token);
    const client = new CTestClient(controllerHost, { tokenId: t.tokenId, host: t.host, secure: String(t.secure), signature: t.signature, ...extra });
    const connected = await client.log.wait('connected');
    client.clientId = (connected.args[0] as { clientId: string }).clientId;
    return client;
  }

  /** Reconnect on a new socket with the `clientId` query, as the official client does. */
  reconnect(): void {
    this.socket.close();
    this.socket = this.open({ clientId: this.clientId ?? '' });
  }

  /** Emit inside a ReliableSocket envelope; resolves with the socket.io ack arguments (or 'timeout'). */
  request(event: string, msg: unknown, timeoutMs = 3000): Promise<unknown[] | 'timeout'> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve('timeout'), timeoutMs);
      this.socket.emit(event, { socketgd: this.outId++, msg }, (...args: unknown[]) => {
        clearTimeout(timer);
        resolve(args);
      });
    });
  }

  emit(event: string, msg: unknown): void {
    this.socket.emit(event, { socketgd: this.outId++, msg });
  }

  close(): void {
    this.socket.close();
  }
}

interface V2ClientSocket {
  id: string;
  connected: boolean;
  on(event: string, fn: (...args: unknown[]) => void): void;
  emit(event: string, ...args: unknown[]): void;
  close(): void;
  io: { engine: { transport?: { ws?: { terminate?: () => void; close?: () => void } } } };
}

const require = createRequire(import.meta.url);
const ioV2 = require('socket.io-client-v2') as (url: string, options: Record<string, unknown>) => V2ClientSocket & { onevent?: unknown };

const A_EVENTS = [
  'onAddStream',
  'onRemoveStream',
  'signaling_message_erizo',
  'signaling_message_peer',
  'publish_me',
  'unpublish_me',
  'onDataStream',
  'onUpdateAttributeStream',
  'onBandwidthAlert',
  'connection_failed',
  // Dialect B (Licode v7/v8) speaks A's session layer with these instead of signaling_message_erizo/_peer.
  'connection_message_erizo',
  'stream_message_erizo',
  'stream_message_p2p',
  'disconnect',
  'connect',
];

/** A dialect-A (or B) client made of a plain socket.io-client 2 socket. */
export class ATestClient {
  readonly log = new EventLog();
  socket: V2ClientSocket;
  clientId: string | undefined;
  joinInfo: Record<string, unknown> | undefined;

  constructor(readonly controllerHost: string) {
    this.socket = this.open();
  }

  private open(): V2ClientSocket {
    const socket = ioV2(`http://${this.controllerHost}`, { transports: ['websocket'], reconnection: false, forceNew: true });
    for (const event of A_EVENTS) socket.on(event, (...args: unknown[]) => this.log.push({ event, args }));
    socket.on('extra', (...args: unknown[]) => this.log.push({ event: 'extra', args }));
    return socket;
  }

  async connected(): Promise<void> {
    if (this.socket.connected) return;
    await this.log.wait('connect', () => true, 5000, this.log.events.length - 1 < 0 ? 0 : 0);
  }

  request(event: string, args: unknown[], timeoutMs = 3000): Promise<unknown[] | 'timeout'> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve('timeout'), timeoutMs);
      this.socket.emit(event, ...args, (...reply: unknown[]) => {
        clearTimeout(timer);
        resolve(reply);
      });
    });
  }

  static async join(controllerHost: string, token: string, wrap?: { singlePC: boolean }): Promise<ATestClient> {
    const client = new ATestClient(controllerHost);
    await client.connected();
    const t = decodeToken(token);
    const reply = await client.request('token', [wrap ? { token: t, singlePC: wrap.singlePC } : t]);
    if (reply === 'timeout' || reply[0] !== 'success') throw new Error(`join failed: ${JSON.stringify(reply)}`);
    client.joinInfo = reply[1] as Record<string, unknown>;
    client.clientId = client.joinInfo.clientId as string | undefined;
    return client;
  }

  /** v5: a new socket that emits `reconnected(clientId)`. */
  async reconnect(): Promise<void> {
    this.socket = this.open();
    await this.log.wait('connect', () => true, 5000, this.log.events.length);
    this.socket.emit('reconnected', this.clientId);
  }

  close(): void {
    this.socket.close();
  }
}

/** A minimal but valid client offer (publish: sendonly audio+video; subscribe: recvonly). */
export function clientOffer(direction: 'sendonly' | 'recvonly', lineEnd = '\r\n'): string {
  const lines = [
    'v=0',
    'o=- 4611731400430051336 2 IN IP4 127.0.0.1',
    's=-',
    't=0 0',
    'a=group:BUNDLE 0 1',
    'a=msid-semantic: WMS label1',
    ...mediaSection('audio', 0, ['111', '0'], ['111 opus/48000/2', '0 PCMU/8000']),
    ...mediaSection('video', 1, ['96'], ['96 VP8/90000']),
  ];
  return lines.join(lineEnd) + lineEnd;

  function mediaSection(kind: 'audio' | 'video', mid: number, payloads: string[], rtpmaps: string[]): string[] {
    return [
      `m=${kind} 9 UDP/TLS/RTP/SAVPF ${payloads.join(' ')}`,
      'c=IN IP4 0.0.0.0',
      'a=rtcp:9 IN IP4 0.0.0.0',
      'a=ice-ufrag:abcd',
      'a=ice-pwd:abcdefghijklmnopqrstuvwx',
      'a=fingerprint:sha-256 AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB',
      'a=setup:actpass',
      `a=mid:${mid}`,
      `a=${direction}`,
      'a=rtcp-mux',
      ...rtpmaps.map((m) => `a=rtpmap:${m}`),
    ];
  }
}

/** A minimal answer to a server offer (mids copied). */
export function clientAnswer(offer: string): string {
  return offer
    .replace(/a=setup:actpass/g, 'a=setup:active')
    .replace(/a=sendonly/g, 'a=recvonly')
    .replace(/a=ssrc:[^\r\n]*\r?\n/g, '');
}
