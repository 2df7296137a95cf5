import type { IoSocketLike } from '../transport';
import { decodeFrame, encodeFrame, MAX_ACK_ID, parseHandshake, type Frame09 } from './frames';

/** The bits of the WebSocket API the socket uses (the browser's WebSocket, or `ws` in Node tests). */
export interface WebSocket09 {
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  onclose: ((ev: { code?: number }) => void) | null;
  send(data: string): void;
  close(code?: number): void;
}

export interface Socket09Options {
  /** From the start of the handshake until the server's `1::` (ms). */
  timeoutMs: number;
  fetch?: typeof fetch;
  createWebSocket?: (url: string) => WebSocket09;
}

/** A handshake answer longer than this is not a socket.io 0.9 handshake (the real one is about 40 characters). */
const MAX_HANDSHAKE_CHARS = 1_024;
/** Socket-local events; everything else is a server event. */
type LocalEvent = 'connect' | 'connect_error' | 'connect_timeout' | 'disconnect' | 'error' | 'malformed';
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- socket.io listeners are variadic (IoSocketLike)
type Listener = (...args: any[]) => void;

/**
 * A socket.io 0.9 client socket (§2.1) for Licode v3 and older, with the `IoSocketLike` surface the dialect A
 * transport drives: `GET /socket.io/1/?t=<ms>` → `sid:heartbeat:close:transports`, then a WebSocket to
 * `/socket.io/1/websocket/<sid>`; the server's `1::` is the `connect` event, its heartbeats are echoed and its
 * silence beyond the heartbeat timeout is a `disconnect`. Events with a trailing function are sent as
 * `5:<id>+::…` and resolved by the `6:::<id>+[…]` ack. Only the default endpoint is spoken; frames for others are
 * ignored. Never reconnects (v3's own client passes `reconnect:false`, §3.5).
 */
export class SocketIo09 implements IoSocketLike {
  #connected = false;
  #closed = false;
  #ws: WebSocket09 | null = null;
  #nextAckId = 1;
  readonly #acks = new Map<number, Listener>();
  readonly #listeners = new Map<string, Set<Listener>>();
  readonly #abort = new AbortController();
  #connectTimer: ReturnType<typeof setTimeout> | undefined;
  #heartbeatTimer: ReturnType<typeof setTimeout> | undefined;
  #heartbeatTimeoutMs: number | null = null;

  /** `url` is the controller's `ws(s)://host:port` (token.ts controllerUrl). */
  constructor(
    private readonly url: string,
    private readonly options: Socket09Options,
  ) {
    this.#connectTimer = setTimeout(() => this.#failConnect('connect_timeout', 'timeout'), options.timeoutMs);
    void this.#open();
  }

  get connected(): boolean {
    return this.#connected;
  }

  on(event: string, listener: Listener): this {
    let set = this.#listeners.get(event);
    if (!set) this.#listeners.set(event, (set = new Set()));
    set.add(listener);
    return this;
  }

  emit(event: string, ...args: unknown[]): this {
    const last = args[args.length - 1];
    const ack = typeof last === 'function' ? (last as Listener) : undefined;
    const payload = ack ? args.slice(0, -1) : args;
    if (!this.#connected || !this.#ws) return this; // the transport only sends on a connected socket; see its outbox
    const frame: Frame09 = { type: 'event', endpoint: '', name: event, args: payload };
    if (ack) {
      const ackId = this.#nextAckId;
      this.#nextAckId = ackId >= MAX_ACK_ID ? 1 : ackId + 1;
      this.#acks.set(ackId, ack);
      this.#send({ ...frame, ackId, ackWithData: true });
    } else this.#send(frame);
    return this;
  }

  /** Leave: `0::` tells the server at once (it cleans up the session, §3.5), then the WebSocket closes. */
  disconnect(): this {
    if (this.#closed) return this;
    const wasConnected = this.#connected;
    if (wasConnected) this.#send({ type: 'disconnect', endpoint: '' });
    this.#shutdown();
    if (wasConnected) this.#fire('disconnect', 'io client disconnect');
    return this;
  }

  async #open(): Promise<void> {
    const http = this.url.replace(/^ws(s?):/, 'http$1:');
    let body: string;
    try {
      const fetchFn = this.options.fetch ?? globalThis.fetch.bind(globalThis);
      const response = await fetchFn(`${http}/socket.io/1/?t=${Date.now()}`, { signal: this.#abort.signal, cache: 'no-store' });
      body = await response.text();
      if (!response.ok) throw new Error(`HTTP ${response.status}${body ? `: ${body.slice(0, 80)}` : ''}`);
    } catch (err) {
      return this.#failConnect('connect_error', new Error(`the socket.io 0.9 handshake failed (${describe(err)})`));
    }
    if (this.#closed) return;
    const handshake = body.length <= MAX_HANDSHAKE_CHARS ? parseHandshake(body) : null;
    if (!handshake) return this.#failConnect('connect_error', new Error('the server did not answer a socket.io 0.9 handshake'));
    if (!handshake.transports.includes('websocket')) {
      return this.#failConnect('connect_error', new Error(`the server offers no WebSocket transport (only ${handshake.transports.join(', ')})`));
    }
    this.#heartbeatTimeoutMs = handshake.heartbeatTimeoutS ? handshake.heartbeatTimeoutS * 1000 : null;
    let ws: WebSocket09;
    try {
      const create = this.options.createWebSocket ?? ((url: string) => new WebSocket(url) as unknown as WebSocket09);
      ws = create(`${this.url}/socket.io/1/websocket/${encodeURIComponent(handshake.sid)}`);
    } catch (err) {
      return this.#failConnect('connect_error', new Error(describe(err)));
    }
    this.#ws = ws;
    ws.onmessage = (ev) => this.#receive(ev.data);
    ws.onerror = () => undefined; // the close that follows reports it
    ws.onclose = () => this.#lost('transport close');
  }

  #receive(data: unknown): void {
    if (this.#closed) return;
    this.#armHeartbeat();
    const decoded =
      typeof data === 'string' ? decodeFrame(data) : { ok: false as const, message: 'The server sent a binary frame, which socket.io 0.9 never does.' };
    if (!decoded.ok) {
      this.#fire('malformed', decoded.message);
      return;
    }
    const frame = decoded.frame;
    switch (frame.type) {
      case 'connect':
        if (frame.endpoint !== '' || this.#connected) return;
        clearTimeout(this.#connectTimer);
        this.#connected = true;
        this.#fire('connect');
        return;
      case 'heartbeat':
        this.#send({ type: 'heartbeat' });
        return;
      case 'disconnect':
        if (frame.endpoint === '') this.#lost('io server disconnect');
        return;
      case 'event':
        if (frame.endpoint === '' && this.#connected) this.#dispatchEvent(frame);
        return;
      case 'ack': {
        const ack = this.#acks.get(frame.ackId);
        this.#acks.delete(frame.ackId);
        ack?.(...frame.args);
        return;
      }
      case 'error':
        if (frame.endpoint !== '') return;
        if (!this.#connected) this.#failConnect('connect_error', new Error(frame.reason || 'the server refused the connection'));
        else this.#fire('error', new Error(frame.reason));
        return;
      case 'message':
      case 'json':
      case 'noop':
        return; // Licode speaks events only
    }
  }

  #dispatchEvent(frame: Extract<Frame09, { type: 'event' }>): void {
    const listeners = this.#listeners.get(frame.name);
    const { ackId } = frame;
    if (ackId === undefined) {
      for (const listener of listeners ?? []) listener(...frame.args);
      return;
    }
    // The server asks for an acknowledgement: without `+` socket.io 0.9 acks on receipt, with `+` the handler answers.
    if (!frame.ackWithData) {
      this.#send({ type: 'ack', ackId, args: [] });
      for (const listener of listeners ?? []) listener(...frame.args);
      return;
    }
    let answered = false;
    const answer = (...args: unknown[]): void => {
      if (answered) return;
      answered = true;
      this.#send({ type: 'ack', ackId, args });
    };
    for (const listener of listeners ?? []) listener(...frame.args, answer);
  }

  #armHeartbeat(): void {
    if (this.#heartbeatTimeoutMs === null) return;
    clearTimeout(this.#heartbeatTimer);
    this.#heartbeatTimer = setTimeout(() => this.#lost('heartbeat timeout'), this.#heartbeatTimeoutMs);
  }

  #send(frame: Frame09): void {
    try {
      this.#ws?.send(encodeFrame(frame));
    } catch {
      /* the socket is closing; its close event reports the loss */
    }
  }

  #failConnect(event: 'connect_error' | 'connect_timeout', detail: unknown): void {
    if (this.#closed || this.#connected) return;
    this.#shutdown();
    this.#fire(event, detail);
  }

  #lost(reason: string): void {
    if (this.#closed) return;
    const wasConnected = this.#connected;
    this.#shutdown();
    if (wasConnected) this.#fire('disconnect', reason);
    else this.#fire('connect_error', new Error(`the connection closed before the server said hello (${reason})`));
  }

  #shutdown(): void {
    this.#closed = true;
    this.#connected = false;
    clearTimeout(this.#connectTimer);
    clearTimeout(this.#heartbeatTimer);
    this.#abort.abort();
    this.#acks.clear();
    const ws = this.#ws;
    this.#ws = null;
    if (ws) {
      ws.onclose = null;
      ws.onmessage = null;
      try {
        ws.close(1000);
      } catch {
        /* already closed */
      }
    }
  }

  #fire(event: LocalEvent, ...args: unknown[]): void {
    for (const listener of this.#listeners.get(event) ?? []) listener(...args);
  }
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
