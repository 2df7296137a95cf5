import { io as ioV4, type ManagerOptions, type SocketOptions } from 'socket.io-client';
import ioV2 from 'socket.io-client-v2';
import { LicodeError } from './errors';
import { parseJoinInfo, SERVER_EVENT_NAMES, type JoinInfo } from './messages';
import { ReliableSocketClient } from './reliable-socket';
import { controllerUrl, tokenQuery, type LicodeToken } from './token';
import { BaseTransport, firstEvent, type IoSocketLike, type TransportOptions } from './transport';
import { delay } from './timeout';

/** Creates a socket.io socket; socket.io-client 4 by default (C3). Tests and C1/C2 deployments may inject another. */
export type SocketFactoryC = (url: string, options: { query: Record<string, string>; timeout: number; rejectUnauthorized: boolean }) => IoSocketLike;

export const socketIo4Factory: SocketFactoryC = (url, { query, timeout, rejectUnauthorized }) => {
  const opts: Partial<ManagerOptions & SocketOptions> = {
    transports: ['websocket'], // Licode refuses polling (§2)
    upgrade: false,
    reconnection: false, // our own loop re-handshakes with clientId (§5.6)
    forceNew: true,
    multiplex: false,
    timeout,
    query,
    rejectUnauthorized,
  };
  return ioV4(url, opts);
};

/** Licode v9 … pre-v11.1 (C1/C2) run socket.io 2: the same dialect over an Engine.IO 3 client (§1.4 step 3). */
export const socketIo2FactoryC: SocketFactoryC = (url, { query, timeout, rejectUnauthorized }) =>
  ioV2(url, { transports: ['websocket'], reconnection: false, forceNew: true, multiplex: false, timeout, query, rejectUnauthorized });

/**
 * What differs on the wire between dialect C's socket.io generations (§5.8), for the client: the socket.io client, and
 * the subscribe options a generation needs. A v9 ErizoJS makes the offer for a subscription only when the options say
 * `offerFromErizo: true` (the v9 client's default, §4.1) and otherwise waits for ours; v10 and later always offer
 * (and pass unknown keys on to ErizoJS, which ignores this one). Detection cannot tell v9 from v10, so every
 * socket.io 2 server gets the key.
 */
export interface CSocketGeneration {
  readonly socketFactory: SocketFactoryC;
  readonly extraSubscribeOptions: Readonly<Record<string, unknown>>;
}

/** C3: Licode pre-v11.2 … HEAD. */
export const C_ON_SOCKET_IO_4: CSocketGeneration = { socketFactory: socketIo4Factory, extraSubscribeOptions: {} };
/** C1/C2: Licode v9 … pre-v11.1. */
export const C_ON_SOCKET_IO_2: CSocketGeneration = { socketFactory: socketIo2FactoryC, extraSubscribeOptions: { offerFromErizo: true } };

/** Time we give `clientDisconnection` to be acknowledged before closing anyway (§8 24b). */
const DISCONNECTION_ACK_WAIT_MS = 1_500;

/** Dialect C (Licode v9 → HEAD): token in the handshake query, `connected`, ReliableSocket envelopes (§5). */
export class DialectCTransport extends BaseTransport {
  readonly dialect = 'C' as const;
  readonly #reliable = new ReliableSocketClient();
  readonly #factory: SocketFactoryC;
  readonly extraSubscribeOptions: Readonly<Record<string, unknown>>;
  #joinWaiter: ((msg: unknown) => void) | null = null;

  /** `socketFactory` replaces the generation's socket.io client (tests); the generation defaults to socket.io 4. */
  constructor(
    private readonly token: LicodeToken,
    options: TransportOptions & { generation?: CSocketGeneration; socketFactory?: SocketFactoryC } = {},
  ) {
    super(options);
    const generation = options.generation ?? C_ON_SOCKET_IO_4;
    this.#factory = options.socketFactory ?? generation.socketFactory;
    this.extraSubscribeOptions = generation.extraSubscribeOptions;
  }

  /** Envelopes sent and not yet acknowledged by the server (for diagnostics and tests). */
  get unacknowledged(): number {
    return this.#reliable.pendingCount;
  }

  async join(): Promise<JoinInfo> {
    const socket = this.#createSocket({});
    const connected = new Promise<unknown>((resolve) => {
      this.#joinWaiter = resolve;
    });
    // socket.io 4 reports middleware errors as connect_error; socket.io 2 (C1/C2) as an `error` string (§5.8).
    const failure = firstEvent(socket, ['connect_error', 'error'], this.connectTimeoutMs).then(({ args }) => {
      throw connectErrorToLicode(args[0], this.token);
    });
    try {
      const msg = await Promise.race([connected, failure]);
      const info = parseJoinInfo(msg);
      if (!info.ok) throw new LicodeError('malformed-message', info.message);
      if (!info.value.clientId) throw new LicodeError('malformed-message', 'The server\'s "connected" message has no clientId.');
      this.clientIdValue = info.value.clientId;
      this.socket = socket;
      this.setState('connected');
      return info.value;
    } catch (err) {
      socket.disconnect();
      this.setState('closed');
      throw err;
    } finally {
      this.#joinWaiter = null;
      failure.catch(() => undefined);
    }
  }

  protected emitRequest(event: string, args: readonly unknown[], ack: (...ackArgs: unknown[]) => void): void {
    this.#reliable.send(event, args[0], ack);
  }

  send(event: string, args: readonly unknown[]): void {
    this.#reliable.send(event, args[0]);
  }

  protected canResume(): boolean {
    return this.clientIdValue !== undefined;
  }

  protected async reconnectOnce(): Promise<boolean> {
    const socket = this.#createSocket({ clientId: this.clientIdValue ?? '' });
    let outcome: { event: string; args: unknown[] };
    try {
      outcome = await firstEvent(socket, ['connect', 'connect_error', 'error'], this.connectTimeoutMs);
    } catch {
      socket.disconnect();
      return false;
    }
    if (outcome.event === 'connect') {
      // The middleware found our clientId and moved the session to this socket (§5.6): the session is provably alive.
      this.socket = socket;
      return true;
    }
    socket.disconnect();
    const reason = connectErrorReason(outcome.args[0]);
    // The server answered but did not take the session back: `Connection already closed` (grace expired, restart), a
    // `token:` refusal, or anything else we cannot read as "resumed". Only a connect proves the session, so every
    // server answer means rejoin; only a transport failure (no answer from the server at all) is worth retrying.
    if (serverAnswered(outcome)) {
      throw new LicodeError('connection-lost', `The server no longer accepts this session (${reason}).`, { reason });
    }
    return false; // unreachable for now: try again after the next back-off delay
  }

  protected async closeSocket(): Promise<void> {
    const socket = this.socket;
    if (!socket) return;
    if (socket.connected) {
      // §8 24b: make sure the server saw clientDisconnection (its socketgd_ack) before the socket closes,
      // or the others keep seeing us for the 30 s reconnection grace.
      const id = this.#reliable.send('clientDisconnection', undefined);
      await Promise.race([this.#reliable.whenAcknowledged(id), delay(DISCONNECTION_ACK_WAIT_MS)]);
    }
    this.#reliable.detach();
    socket.disconnect();
  }

  #createSocket(extraQuery: Record<string, string>): IoSocketLike {
    const query = { ...tokenQuery(this.token), ...(this.options.singlePC ? { singlePC: 'true' } : {}), ...extraQuery };
    const socket = this.#factory(controllerUrl(this.token), {
      query,
      timeout: this.connectTimeoutMs,
      rejectUnauthorized: !this.options.allowSelfSigned,
    });
    // Attach before any event of this socket is handled, so replayed envelopes are acknowledged on it (§5.2).
    socket.on('connect', () => {
      performance.mark('licode:socket-open');
      this.#reliable.attach(socket);
    });
    socket.on('disconnect', (reason: unknown) => {
      if (this.socket !== socket) return;
      this.#reliable.detach();
      if (!this.closing) this.onSocketLost(String(reason));
    });
    socket.on('socketgd_ack', (payload: unknown) => {
      if (!this.#reliable.handleAck(payload)) this.emit('malformed', new LicodeError('malformed-message', 'Malformed socketgd_ack from the server.'));
    });
    socket.on('connected', (payload: unknown) => {
      const received = this.#reliable.receive(payload, socket);
      if (received.kind === 'duplicate') return;
      this.#joinWaiter?.(received.msg);
      if (received.kind === 'new') received.acknowledge();
    });
    for (const name of SERVER_EVENT_NAMES) {
      socket.on(name, (payload: unknown) => {
        const received = this.#reliable.receive(payload, socket);
        if (received.kind === 'duplicate') return;
        this.dispatch(name, received.msg);
        if (received.kind === 'new') received.acknowledge();
      });
    }
    return socket;
  }
}

/**
 * Whether a failed handshake carries the server's own answer: socket.io 4 puts middleware errors in `err.data`
 * (Licode sets it, §5.6) and socket.io 2 (C1/C2) reports them as an `error` event with the message (§5.8); transport
 * failures (refused, reset, timeout) carry neither.
 */
function serverAnswered(outcome: { event: string; args: unknown[] }): boolean {
  const err = outcome.args[0];
  if (outcome.event === 'error') return typeof err === 'string' || (typeof err === 'object' && err !== null && 'data' in err);
  return typeof err === 'object' && err !== null && (err as { data?: unknown }).data !== undefined;
}

function connectErrorReason(err: unknown): string {
  if (err && typeof err === 'object') {
    const data = (err as { data?: unknown }).data;
    if (typeof data === 'string' && data) return data;
    const message = (err as { message?: unknown }).message;
    if (typeof message === 'string' && message) return message;
  }
  return typeof err === 'string' ? err : 'connection error';
}

/** `connect_error` → a typed error: `err.data = "token: <reason>"` means the token was refused (§5.6). */
function connectErrorToLicode(err: unknown, token: LicodeToken): LicodeError {
  const reason = connectErrorReason(err);
  const tokenReason = /^token:\s*(.*)$/i.exec(reason);
  if (tokenReason) return new LicodeError('token-refused', `The server refused the token: ${tokenReason[1] || 'no reason given'}.`, { reason });
  return new LicodeError('connection-lost', `Could not connect to the Licode server at ${token.host}: ${reason}.`, { reason });
}
