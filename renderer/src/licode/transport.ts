import { Backoff, type BackoffOptions } from './backoff';
import type { AConnectionOptions, AStreamConnection } from './connection-a';
import type { CConnection } from './connection-c';
import { TypedEmitter } from './emitter';
import { LicodeError } from './errors';
import { parseServerEvent, SERVER_EVENT_NAMES, type JoinInfo, type ServerEventName, type ServerEvents } from './messages';
import { DEFAULT_REQUEST_TIMEOUT_MS, delay, withTimeout } from './timeout';

/** A: per-stream signalling (Licode ≤ v6); B: connection messages on A's session (v7–v8); C: v9 → HEAD. */
export type Dialect = 'A' | 'B' | 'C';
export type TransportState = 'connecting' | 'connected' | 'reconnecting' | 'closed';

export type ServerEvent = { [K in ServerEventName]: { name: K; payload: ServerEvents[K] } }[ServerEventName];

export interface TransportEvents {
  'server-event': ServerEvent;
  /** A server message failed its schema; it was dropped. */
  malformed: LicodeError;
  state: { state: TransportState; attempt?: number };
  /** The socket came back and the server kept our session (C: ReliableSocket resend; A v5+: `reconnected`). */
  resumed: { downtimeMs: number };
  /** The session is gone for good (reconnection refused, attempts exhausted, or no reconnection in this generation). */
  'session-lost': LicodeError;
}

export interface TransportOptions {
  /** Requests the server never acknowledges fail after this many ms (§8.3 #13). Default 10 s. */
  requestTimeoutMs?: number;
  /** Socket reconnection back-off; `maxAttempts: Infinity` for kiosks. */
  reconnect?: BackoffOptions;
  /** Ask for a single peer connection (the server may refuse, §8 24c). */
  singlePC?: boolean;
  /** Allow self-signed certificates (only when the user allowed it for this server profile; Node-side sockets only). */
  allowSelfSigned?: boolean;
  /** Connect / join timeout (ms). Default 10 s. */
  connectTimeoutMs?: number;
}

/** What the Room needs from a signalling session, whatever the dialect. */
export interface SignallingTransport {
  readonly dialect: Dialect;
  readonly state: TransportState;
  /** Present from Licode v5 (A) and always in C. */
  readonly clientId: string | undefined;
  /** Keys this server generation needs in every subscribe request besides the usual ones (C on socket.io 2: §5.8). */
  readonly extraSubscribeOptions?: Readonly<Record<string, unknown>>;
  /**
   * Whether we make the offer of a new subscription's connection (B: a v7 server waits for it, §4.1) given the subscribe
   * options we sent. Absent: the server always offers (C).
   */
  clientOffersSubscription?(connectionId: string, subscribeOptions: Readonly<Record<string, unknown>>): Promise<boolean>;
  /** B: make a subscription's connection offer to receive, when `clientOffersSubscription` said the offer is ours. */
  offerToReceive?(conn: CConnection, receive: { audio: boolean; video: boolean }): void;
  /**
   * A (and B's session until an ack shows B): the peer connection of one stream (§3.5). Dialect-specific connection
   * code comes with the transport that speaks the dialect, so that a build without that transport carries none of it.
   */
  createStreamConnection?(options: StreamConnectionOptions): AStreamConnection;
  join(): Promise<JoinInfo>;
  /** Emit with a socket.io acknowledgement; resolves with the ack arguments or rejects with a `timeout` LicodeError. */
  request(event: string, args: readonly unknown[], timeoutMs?: number): Promise<unknown[]>;
  /** Emit without waiting for anything. */
  send(event: string, args: readonly unknown[]): void;
  /** Leave cleanly (C: `clientDisconnection` delivered first) and close the socket. */
  close(): Promise<void>;
  on<K extends keyof TransportEvents>(event: K, listener: (payload: TransportEvents[K]) => void): () => void;
}

/** What a dialect A stream connection needs besides its transport. */
export type StreamConnectionOptions = Omit<AConnectionOptions, 'transport'>;

/** The transport's dialect A connection for one stream; only a transport that speaks A makes them. */
export function createStreamConnection(transport: SignallingTransport, options: StreamConnectionOptions): AStreamConnection {
  if (!transport.createStreamConnection)
    throw new LicodeError('unsupported-server', `This dialect ${transport.dialect} session cannot make dialect A's per-stream peer connections.`);
  return transport.createStreamConnection(options);
}

/** The socket.io socket surface both client generations share. */
export interface IoSocketLike {
  readonly connected: boolean;
  on(event: string, listener: (...args: any[]) => void): unknown; // eslint-disable-line @typescript-eslint/no-explicit-any -- socket.io listeners are variadic
  emit(event: string, ...args: unknown[]): unknown;
  disconnect(): unknown;
}

/**
 * Shared session machinery: request timeouts, schema validation of server events, and the reconnection loop
 * (our own back-off with jitter instead of socket.io's, so that the clientId/`reconnected` handshake and the
 * unbounded kiosk mode are under our control).
 */
export abstract class BaseTransport extends TypedEmitter<TransportEvents> implements SignallingTransport {
  abstract readonly dialect: Dialect;
  protected socket: IoSocketLike | null = null;
  protected readonly requestTimeoutMs: number;
  protected readonly connectTimeoutMs: number;
  protected readonly backoff: Backoff;
  #state: TransportState = 'connecting';
  #closing = false;
  #reconnecting = false;
  protected clientIdValue: string | undefined;

  constructor(protected readonly options: TransportOptions) {
    super();
    this.requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    this.connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
    this.backoff = new Backoff(options.reconnect);
  }

  get state(): TransportState {
    return this.#state;
  }

  get clientId(): string | undefined {
    return this.clientIdValue;
  }

  protected get closing(): boolean {
    return this.#closing;
  }

  protected setState(state: TransportState, attempt?: number): void {
    if (this.#state === state && attempt === undefined) return;
    this.#state = state;
    this.emit('state', attempt === undefined ? { state } : { state, attempt });
  }

  abstract join(): Promise<JoinInfo>;
  protected abstract emitRequest(event: string, args: readonly unknown[], ack: (...ackArgs: unknown[]) => void): void;
  abstract send(event: string, args: readonly unknown[]): void;
  /** Try once to re-establish the session on a new socket. Resolve true when resumed, false to retry later; throw to give up. */
  protected abstract reconnectOnce(): Promise<boolean>;
  /** True when this session can survive a socket loss at all. */
  protected abstract canResume(): boolean;
  protected abstract closeSocket(): Promise<void>;

  request(event: string, args: readonly unknown[], timeoutMs = this.requestTimeoutMs): Promise<unknown[]> {
    if (this.#state === 'closed') return Promise.reject(new LicodeError('not-connected', `Cannot send "${event}": the room connection is closed.`));
    const answered = new Promise<unknown[]>((resolve) => {
      let settled = false;
      this.emitRequest(event, args, (...ackArgs: unknown[]) => {
        if (settled) return; // a replayed envelope may be acknowledged twice
        settled = true;
        resolve(ackArgs);
      });
    });
    return withTimeout(answered, timeoutMs, `"${event}"`);
  }

  async close(): Promise<void> {
    if (this.#closing) return;
    this.#closing = true;
    try {
      await this.closeSocket();
    } finally {
      this.socket = null;
      this.setState('closed');
    }
  }

  /** Validate and forward one server event; never throws. */
  protected dispatch(name: string, payload: unknown): void {
    if (!(SERVER_EVENT_NAMES as string[]).includes(name)) return;
    try {
      const result = parseServerEvent(name as ServerEventName, payload);
      if (result.ok) this.emit('server-event', { name, payload: result.value } as ServerEvent);
      else this.emit('malformed', new LicodeError('malformed-message', result.message, { event: name }));
    } catch (err) {
      this.emit('malformed', new LicodeError('malformed-message', `Could not handle "${name}": ${String(err)}`, { event: name }));
    }
  }

  /** Called by subclasses when an established socket drops without us asking. */
  protected onSocketLost(reason: string): void {
    if (this.#closing || this.#reconnecting) return;
    if (!this.canResume()) {
      this.setState('closed');
      this.emit(
        'session-lost',
        new LicodeError('connection-lost', `The connection to the server was lost (${reason}) and this server generation cannot resume a session.`),
      );
      return;
    }
    void this.#reconnectLoop(reason);
  }

  async #reconnectLoop(reason: string): Promise<void> {
    this.#reconnecting = true;
    const lostAt = Date.now();
    this.backoff.reset();
    try {
      for (;;) {
        const wait = this.backoff.next();
        if (wait === null)
          throw new LicodeError(
            'connection-lost',
            `The connection to the server was lost (${reason}) and ${this.backoff.maxAttempts} reconnection attempts failed.`,
          );
        this.setState('reconnecting', this.backoff.attempt);
        await delay(wait);
        if (this.#closing) return;
        if (await this.reconnectOnce()) {
          this.setState('connected');
          this.emit('resumed', { downtimeMs: Date.now() - lostAt });
          return;
        }
      }
    } catch (err) {
      if (this.#closing) return;
      this.setState('closed');
      await this.closeSocket().catch(() => undefined);
      this.emit('session-lost', err instanceof LicodeError ? err : new LicodeError('connection-lost', String(err)));
    } finally {
      this.#reconnecting = false;
    }
  }
}

/** Wait for the first of several socket events, with a timeout. Listeners stay attached (socket.io sockets are discarded after). */
export function firstEvent(socket: IoSocketLike, events: readonly string[], timeoutMs: number): Promise<{ event: string; args: unknown[] }> {
  return new Promise((resolve, reject) => {
    let done = false;
    const timer = setTimeout(() => {
      done = true;
      reject(new LicodeError('timeout', `The server did not answer within ${timeoutMs / 1000} s.`));
    }, timeoutMs);
    for (const event of events) {
      socket.on(event, (...args: unknown[]) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        resolve({ event, args });
      });
    }
  });
}
