import ioV2 from 'socket.io-client-v2';
import { AStreamConnection } from './connection-a';
import { LicodeError } from './errors';
import { parseJoinInfo, SERVER_EVENT_NAMES, type JoinInfo } from './messages';
import { controllerUrl, type LicodeToken } from './token';
import { BaseTransport, firstEvent, type Dialect, type IoSocketLike, type StreamConnectionOptions, type TransportOptions } from './transport';
import { withTimeout } from './timeout';

/** A resumed socket that stays up this long counts as a real resumption. */
const STABLE_AFTER_MS = 3_000;
/**
 * How long the liveness probe after `reconnected` waits for its answer. A rebound client answers within one round
 * trip; silence this long means the server does not know us (§9.2: v5/v6 never answer a socket without a session).
 */
const SESSION_PROBE_MS = 2_000;
/**
 * The probe's recording id. Licode's recording ids are numbers it generated; a string can never name one, so a live
 * client's `stopRecorder` only reads it and answers "not being recorded" (or "Unauthorized" without the record right).
 */
const PROBE_RECORDING_ID = 'licode-desktop-liveness-probe';

export type SocketFactoryA = (url: string, options: { timeout: number; rejectUnauthorized: boolean }) => IoSocketLike;

export const socketIo2Factory: SocketFactoryA = (url, { timeout, rejectUnauthorized }) =>
  ioV2(url, { transports: ['websocket'], reconnection: false, forceNew: true, multiplex: false, timeout, rejectUnauthorized });

/**
 * How the `token` event carries the token (§8.3 #11): the bare object for v4/v5, `{token, singlePC}` for v6.
 * 'auto' tries the bare form and falls back to the wrapped one on "Authentication error" (which does not
 * consume the token, §6.3).
 */
export type TokenFormat = 'auto' | 'bare' | 'wrapped';

export interface DialectAOptions extends TransportOptions {
  tokenFormat?: TokenFormat;
  socketFactory?: SocketFactoryA;
  /** The server keeps a dropped client this long (v5: 10 s, §3.5); a reconnection after that is a new session. */
  serverGraceMs?: number;
}

/** Dialect A (Licode v4–v6 on socket.io 2): `token` event, per-stream signalling, `reconnected(clientId)` from v5 (§3). */
export class DialectATransport extends BaseTransport {
  /** A getter, so that dialect B's transport (the same session layer) can say 'B'. */
  get dialect(): Dialect {
    return 'A';
  }
  readonly #factory: SocketFactoryA;
  readonly #outbox: Array<(socket: IoSocketLike) => void> = [];
  /** When the session's socket was first lost (0 = stable); a resumed socket must survive a while to reset it. */
  #lostAt = 0;
  #stableTimer: ReturnType<typeof setTimeout> | undefined;
  /** The socket being probed after `reconnected`, and the server events it brought meanwhile (the flushed buffer). */
  #probing: { socket: IoSocketLike; events: Array<[string, unknown]> } | null = null;
  /** 'bare' | 'wrapped' once a token was accepted. */
  tokenFormatUsed: 'bare' | 'wrapped' | undefined;

  constructor(
    private readonly token: LicodeToken,
    private readonly aOptions: DialectAOptions = {},
  ) {
    super(aOptions);
    this.#factory = aOptions.socketFactory ?? socketIo2Factory;
  }

  createStreamConnection(options: StreamConnectionOptions): AStreamConnection {
    return new AStreamConnection({ ...options, transport: this });
  }

  async join(): Promise<JoinInfo> {
    const format = this.aOptions.tokenFormat ?? 'auto';
    const attempts: Array<'bare' | 'wrapped'> = format === 'auto' ? ['bare', 'wrapped'] : [format];
    let lastError: LicodeError | undefined;
    for (const attempt of attempts) {
      try {
        const info = await this.#joinWith(attempt);
        this.tokenFormatUsed = attempt;
        return info;
      } catch (err) {
        if (!(err instanceof LicodeError)) throw err;
        lastError = err;
        const retryable = err.code === 'token-refused' && /authentication error/i.test(err.message);
        if (!retryable) break;
      }
    }
    this.setState('closed');
    throw lastError ?? new LicodeError('token-refused', 'The server refused the token.');
  }

  async #joinWith(format: 'bare' | 'wrapped'): Promise<JoinInfo> {
    const socket = this.#connectSocket();
    try {
      const opened = await firstEvent(socket, ['connect', 'connect_error', 'connect_timeout', 'error'], this.connectTimeoutMs);
      if (opened.event !== 'connect') {
        throw new LicodeError('connection-lost', `Could not connect to the Licode server at ${this.token.host}: ${describe(opened.args[0])}.`);
      }
      performance.mark('licode:socket-open');
      const tokenArg = format === 'bare' ? this.token.raw : { token: this.token.raw, singlePC: !!this.options.singlePC };
      const reply = await withTimeout(
        new Promise<unknown[]>((resolve) => socket.emit('token', tokenArg, (...args: unknown[]) => resolve(args))),
        this.requestTimeoutMs,
        'the token',
      );
      if (reply[0] !== 'success') {
        const reason = reply.slice(1).find((a): a is string => typeof a === 'string') ?? 'no reason given';
        throw new LicodeError('token-refused', `The server refused the token: ${reason}.`, { reason });
      }
      const info = parseJoinInfo(reply[1]);
      if (!info.ok) throw new LicodeError('malformed-message', info.message);
      this.clientIdValue = info.value.clientId;
      this.#adopt(socket);
      this.setState('connected');
      return info.value;
    } catch (err) {
      // §8 24e: after a refused token the server leaves the WebSocket open; close it ourselves.
      socket.disconnect();
      throw err;
    }
  }

  protected emitRequest(event: string, args: readonly unknown[], ack: (...ackArgs: unknown[]) => void): void {
    this.#deliver((socket) => socket.emit(event, ...args, ack));
  }

  send(event: string, args: readonly unknown[]): void {
    this.#deliver((socket) => socket.emit(event, ...args));
  }

  protected canResume(): boolean {
    // v4 has no session resumption: a lost socket is a departure (§3.5).
    return this.clientIdValue !== undefined;
  }

  protected async reconnectOnce(): Promise<boolean> {
    const grace = this.aOptions.serverGraceMs ?? 10_000;
    if (Date.now() - this.#lostAt > grace) {
      throw new LicodeError('connection-lost', `The connection was down longer than the server keeps a session (${grace / 1000} s).`);
    }
    const socket = this.#connectSocket();
    let opened: { event: string };
    try {
      opened = await firstEvent(socket, ['connect', 'connect_error', 'connect_timeout', 'error'], this.connectTimeoutMs);
    } catch {
      socket.disconnect();
      return false;
    }
    if (opened.event !== 'connect') {
      socket.disconnect();
      return false;
    }
    // v5+: rebind the session to this socket; the server flushes what it buffered meanwhile (§3.5).
    this.#probing = { socket, events: [] };
    socket.emit('reconnected', this.clientIdValue);
    // The server never answers `reconnected`, and a v5/v6 controller that does not know the clientId (grace expired,
    // restart) rebinds nothing: that socket never answers anything again (§9.2). Only an answer proves the session.
    const answered = await this.#sessionAnswers(socket);
    const flushed = this.#probing?.events ?? [];
    this.#probing = null;
    if (!socket.connected) return false; // dropped again while we probed: the network is still down
    if (!answered) {
      socket.disconnect();
      throw new LicodeError(
        'connection-lost',
        'The server no longer knows this session (it restarted or the grace period ended): it did not answer after `reconnected`.',
      );
    }
    this.#adopt(socket);
    // What the server buffered while we were away arrived before the probe's answer: deliver it now, in order.
    for (const [name, payload] of flushed) this.dispatch(name, payload);
    this.#stableTimer = setTimeout(() => {
      if (this.socket === socket && socket.connected) this.#lostAt = 0;
    }, STABLE_AFTER_MS);
    return true;
  }

  protected async closeSocket(): Promise<void> {
    if (this.#stableTimer) clearTimeout(this.#stableTimer);
    // Dialect A has no leave message: closing the socket is leaving (§3.5).
    this.socket?.disconnect();
  }

  #connectSocket(): IoSocketLike {
    const socket = this.#factory(controllerUrl(this.token), { timeout: this.connectTimeoutMs, rejectUnauthorized: !this.options.allowSelfSigned });
    for (const name of SERVER_EVENT_NAMES) {
      socket.on(name, (payload: unknown) => {
        if (this.socket === socket) this.dispatch(name, payload);
        else if (this.#probing?.socket === socket) this.#probing.events.push([name, payload]);
      });
    }
    // Our socket.io 0.9 socket reports frames it could not read (socket.io-client 2 drops them without a word).
    socket.on('malformed', (message: unknown) => {
      if (this.socket === socket) this.emit('malformed', new LicodeError('malformed-message', String(message)));
    });
    socket.on('disconnect', (reason: unknown) => {
      if (this.socket !== socket || this.closing) return;
      if (this.#stableTimer) clearTimeout(this.#stableTimer);
      // A v5 server gives no answer to `reconnected`; a socket that drops again right away did not really resume,
      // so the grace period keeps counting from the first loss.
      if (this.#lostAt === 0) this.#lostAt = Date.now();
      this.onSocketLost(String(reason));
    });
    return socket;
  }

  /**
   * Liveness probe after `reconnected`: `stopRecorder` for a recording that cannot exist. A rebound v5/v6 Client
   * always answers it — `(null, 'This stream is not being recorded')` (roomController.removeExternalOutput) or
   * `(null, 'Unauthorized')` without the record right (models/Client.js onStopRecorder) — and it changes nothing.
   * A socket without a session stays silent. Any answer counts; silence within SESSION_PROBE_MS does not.
   */
  #sessionAnswers(socket: IoSocketLike): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), SESSION_PROBE_MS);
      socket.emit('stopRecorder', { id: PROBE_RECORDING_ID }, () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  #adopt(socket: IoSocketLike): void {
    this.socket = socket;
    for (const deliver of this.#outbox.splice(0)) deliver(socket);
  }

  #deliver(fn: (socket: IoSocketLike) => void): void {
    const socket = this.socket;
    if (socket?.connected) fn(socket);
    else this.#outbox.push(fn);
  }
}

function describe(value: unknown): string {
  if (value instanceof Error) return value.message;
  return typeof value === 'string' ? value : 'no answer';
}
