import { randomBytes } from 'node:crypto';
import type { IncomingMessage, Server as HttpServer, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { V2Server, V2Socket } from './socketio-v2';

/**
 * Licode v3's transport: socket.io 0.9.16 as its ErizoController sets it up (`io.set('transports', ['websocket'])`,
 * docs/licode-protocol.md §2.1, §8 #24n), written from the LearnBoost socket.io-spec (revision 1) over `ws`:
 *  - `GET /socket.io/1/?t=<ms>` → `sid:60:60:websocket` (with CORS headers for a page's origin, as 0.9 did);
 *  - WebSocket `/socket.io/1/websocket/<sid>` → `1::`, then `2::` heartbeats every 25 s, which the client echoes;
 *  - `5:<id>+::{"name","args"}` events, answered `6:::<id>+[…]`; `5:<id>::` is acknowledged on receipt with `6:::<id>`;
 *  - `0::` either way ends the session. An unknown sid gets `7:::1+0` (client not handshaken, reconnect).
 * It hands the A controller sockets with the socket.io 2 surface it already drives (V2Socket).
 */
export interface V09Options {
  /** Heartbeat period (0.9's `heartbeat interval`, 25 s). */
  heartbeatIntervalMs?: number;
  /** A client silent this long is dropped (0.9's `heartbeat timeout`, 60 s; announced in the handshake in seconds). */
  heartbeatTimeoutMs?: number;
  /** Largest frame accepted (bytes); a bigger one closes the connection. */
  maxFrameBytes?: number;
}

const HANDSHAKE_PATH = /^\/socket\.io\/1\/?(?:\?.*)?$/;
/** Anything else under /socket.io/ gets 0.9's greeting (what a socket.io ≥ 1 probe sees, §8 #24n). */
const SOCKET_IO_PATH = /^\/socket\.io(?:[/?]|$)/;
const WEBSOCKET_PATH = /^\/socket\.io\/1\/websocket\/([A-Za-z0-9_-]{1,64})\/?(?:\?.*)?$/;
/** A handshaken sid must be used within 0.9's close timeout. */
const UNUSED_SID_MS = 60_000;
const FRAME = /^([0-9]):([0-9]*)(\+?):([^:]*)(?::([\s\S]*))?$/;

export function createV09Server(httpServer: HttpServer, options: V09Options = {}): V2Server {
  return new V09Server(httpServer, options);
}

class V09Server implements V2Server {
  readonly sockets: { sockets: Record<string, V2Socket> } = { sockets: {} };
  private readonly handshaken = new Map<string, NodeJS.Timeout>();
  private readonly wss: WebSocketServer;
  private readonly connectionListeners: Array<(socket: V2Socket) => void> = [];
  private readonly heartbeatIntervalMs: number;
  private readonly heartbeatTimeoutMs: number;

  constructor(
    private readonly http: HttpServer,
    options: V09Options,
  ) {
    this.heartbeatIntervalMs = options.heartbeatIntervalMs ?? 25_000;
    this.heartbeatTimeoutMs = options.heartbeatTimeoutMs ?? 60_000;
    this.wss = new WebSocketServer({ noServer: true, maxPayload: options.maxFrameBytes ?? 1e6 });
    // Like socket.io 0.9 itself: take the requests under /socket.io/1/ and pass every other one on.
    const others = http.listeners('request') as Array<(req: IncomingMessage, res: ServerResponse) => void>;
    http.removeAllListeners('request');
    http.on('request', (req: IncomingMessage, res: ServerResponse) => {
      if (HANDSHAKE_PATH.test(req.url ?? '')) this.handshake(req, res);
      else if (SOCKET_IO_PATH.test(req.url ?? '')) res.writeHead(200, { 'Content-Type': 'text/plain' }).end('Welcome to socket.io.');
      else for (const listener of others) listener.call(http, req, res);
    });
    http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => this.upgrade(req, socket, head));
  }

  on(_event: 'connection', listener: (socket: V2Socket) => void): void {
    this.connectionListeners.push(listener);
  }

  close(callback?: () => void): void {
    for (const socket of Object.values(this.sockets.sockets)) socket.disconnect(true);
    for (const timer of this.handshaken.values()) clearTimeout(timer);
    this.handshaken.clear();
    this.wss.close(() => callback?.());
  }

  private handshake(req: IncomingMessage, res: ServerResponse): void {
    const sid = randomBytes(15).toString('base64url');
    this.handshaken.set(
      sid,
      setTimeout(() => this.handshaken.delete(sid), UNUSED_SID_MS),
    );
    const headers: Record<string, string> = { 'Content-Type': 'text/plain' };
    // socket.io 0.9's handleHandshake echoes the page's origin so that cross-origin XHR handshakes work.
    if (req.headers.origin) {
      headers['Access-Control-Allow-Origin'] = req.headers.origin;
      headers['Access-Control-Allow-Credentials'] = 'true';
    }
    res.writeHead(200, headers);
    res.end(`${sid}:${Math.round(this.heartbeatTimeoutMs / 1000)}:60:websocket`);
  }

  private upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const match = WEBSOCKET_PATH.exec(req.url ?? '');
    if (!match) {
      socket.destroy(); // an EIO=3/4 upgrade is dropped without a response (§8 #24n)
      return;
    }
    const sid = match[1] ?? '';
    const timer = this.handshaken.get(sid);
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      if (timer === undefined) {
        ws.send('7:::1+0'); // client not handshaken, advice: reconnect
        ws.close();
        return;
      }
      clearTimeout(timer);
      this.handshaken.delete(sid);
      this.connect(sid, ws);
    });
  }

  private connect(sid: string, ws: WebSocket): void {
    const socket = new V09Socket(sid, ws, this.heartbeatIntervalMs, this.heartbeatTimeoutMs, () => delete this.sockets.sockets[sid]);
    this.sockets.sockets[sid] = socket;
    ws.send('1::');
    for (const listener of this.connectionListeners) listener(socket);
  }
}

type Listener = (...args: unknown[]) => void;

class V09Socket implements V2Socket {
  connected = true;
  readonly conn: V2Socket['conn'];
  private readonly listeners = new Map<string, Listener[]>();
  private readonly heartbeat: NodeJS.Timeout;
  private silence: NodeJS.Timeout;

  constructor(
    readonly id: string,
    private readonly ws: WebSocket,
    heartbeatIntervalMs: number,
    heartbeatTimeoutMs: number,
    private readonly forget: () => void,
  ) {
    this.conn = { transport: { socket: { terminate: () => ws.terminate(), on: (_event, fn) => ws.on('close', fn) } }, close: () => ws.close() };
    this.heartbeat = setInterval(() => this.write('2::'), heartbeatIntervalMs);
    this.silence = setTimeout(() => this.end('heartbeat timeout'), heartbeatTimeoutMs);
    ws.on('message', (data, isBinary) => this.receive(isBinary ? null : String(data)));
    ws.on('close', () => this.end('transport close'));
    ws.on('error', () => undefined); // the close that follows ends the session
  }

  on(event: string, listener: Listener): void {
    const list = this.listeners.get(event) ?? [];
    list.push(listener);
    this.listeners.set(event, list);
  }

  emit(event: string, ...args: unknown[]): boolean {
    if (!this.connected) return false;
    this.write(`5:::${JSON.stringify({ name: event, args })}`);
    return true;
  }

  disconnect(): void {
    if (!this.connected) return;
    this.write('0::');
    this.end('server namespace disconnect');
    this.ws.close();
  }

  private receive(text: string | null): void {
    if (!this.connected) return;
    this.silence.refresh();
    const match = text === null ? null : FRAME.exec(text);
    if (!match) return; // not a 0.9 frame: 0.9's parser yields nothing it could act on
    const [, type, id = '', plus, endpoint = '', data = ''] = match;
    if (endpoint !== '') return; // Licode uses the default namespace only
    if (type === '0') {
      this.end('client namespace disconnect');
      this.ws.close();
    } else if (type === '5') this.event(id, plus === '+', data);
    // `2::` (the heartbeat echo) only refreshed the timer; other types mean nothing to Licode.
  }

  private event(id: string, withData: boolean, data: string): void {
    let body: unknown;
    try {
      body = JSON.parse(data);
    } catch {
      return;
    }
    if (typeof body !== 'object' || body === null) return;
    const { name, args } = body as { name?: unknown; args?: unknown };
    if (typeof name !== 'string' || (args !== undefined && !Array.isArray(args))) return;
    const list = (args as unknown[] | undefined) ?? [];
    if (id !== '' && !/^[0-9]{1,10}$/.test(id)) return; // an ack id no client counts up to: not acted on
    const ackId = id === '' ? undefined : id;
    if (ackId !== undefined && !withData) this.write(`6:::${ackId}`);
    let acked = false;
    const ack = (...reply: unknown[]): void => {
      if (acked || !this.connected) return;
      acked = true;
      this.write(`6:::${ackId}+${JSON.stringify(reply)}`);
    };
    const handlerArgs = ackId !== undefined && withData ? [...list, ack] : list;
    for (const listener of this.listeners.get(name) ?? []) listener(...handlerArgs);
  }

  private write(frame: string): void {
    if (this.ws.readyState === this.ws.OPEN) this.ws.send(frame);
  }

  private end(reason: string): void {
    if (!this.connected) return;
    this.connected = false;
    clearInterval(this.heartbeat);
    clearTimeout(this.silence);
    this.forget();
    if (reason === 'heartbeat timeout') this.ws.terminate();
    for (const listener of this.listeners.get('disconnect') ?? []) listener(reason);
  }
}
