import type { BackoffOptions } from './backoff';
import { detectGeneration, type DetectedGeneration } from './detect';
import { LicodeError } from './errors';
import { normaliseIceServers } from './ice-servers';
import type { JoinInfo, StreamId } from './messages';
import type { RoomOptions } from './room-types';
import type { LicodeToken } from './token';
import type { Dialect, ServerEvent, SignallingTransport, TransportOptions } from './transport';
import { createA0Transport } from './transport-a0';
import { DialectBTransport } from './transport-b';
import { C_ON_SOCKET_IO_2, C_ON_SOCKET_IO_4, DialectCTransport } from './transport-c';

export interface SessionListener {
  serverEvent(event: ServerEvent): void;
  malformed(err: LicodeError): void;
  /** `attempt`: the transport's reconnection attempt (1, 2, …). */
  reconnecting(attempt: number | undefined): void;
  resumed(): void;
  sessionLost(err: LicodeError): void;
}

/**
 * The signalling session of a room: picks the dialect once (§1.4), creates the dialect's transport for each
 * (re)join, forwards its events and keeps what the server granted at join time.
 */
export class RoomSession {
  #transport: SignallingTransport | null = null;
  #dialect: Dialect | null = null;
  #detected: DetectedGeneration | null = null;
  #join: JoinInfo | null = null;
  #iceServers: RTCIceServer[] = [];
  #unsubscribe: Array<() => void> = [];

  constructor(
    private readonly options: RoomOptions,
    private readonly listener: SessionListener,
  ) {}

  get transport(): SignallingTransport | null {
    return this.#transport;
  }

  /** The transport's: a session that started as A on socket.io 2 turns into B at B's first publish/subscribe ack. */
  get dialect(): Dialect | null {
    return this.#transport?.dialect ?? this.#dialect;
  }

  /** The generation this session speaks (probed, remembered or forced); null before the first connect. */
  get generation(): DetectedGeneration | null {
    if (this.#transport?.dialect === 'B' || this.#dialect === 'B') return { dialect: 'B', socketIo: 2 };
    if (this.#detected) return this.#detected;
    if (this.#dialect === 'A') return { dialect: 'A', socketIo: 2 };
    return this.#dialect === 'C' ? { dialect: 'C', socketIo: 4 } : null;
  }

  get join(): JoinInfo | null {
    return this.#join;
  }

  get iceServers(): RTCIceServer[] {
    return this.#iceServers;
  }

  get singlePC(): boolean {
    return this.#join ? this.#join.singlePC === true || this.#join.singlePC === 'true' : false;
  }

  /** Detects the dialect on first use (the probe never consumes the token), then joins with a fresh transport. */
  async connect(token: LicodeToken): Promise<JoinInfo> {
    if (!this.#dialect) {
      const generation = this.options.generation ?? 'auto';
      if (generation === 'auto') {
        this.#detected =
          this.options.knownGeneration ??
          (await detectGeneration(token, this.options.probeSocketFactory ? { socketFactory: this.options.probeSocketFactory } : {}));
        this.#dialect = this.#detected.dialect;
      } else if (generation === 'A0') {
        this.#detected = { dialect: 'A', socketIo: 0.9 };
        this.#dialect = 'A';
      } else if (generation === 'B') {
        this.#detected = { dialect: 'B', socketIo: 2 };
        this.#dialect = 'B';
      } else if (generation === 'C1C2') {
        this.#detected = { dialect: 'C', socketIo: 2 };
        this.#dialect = 'C';
      } else {
        this.#dialect = generation;
      }
    }
    // Phase marks (licode:*) let the benchmark (bench/app) say where a join spends its time; a mark costs microseconds.
    performance.mark('licode:detected');
    const transport = this.#createTransport(token);
    this.#attach(transport);
    return transport.join();
  }

  /** Records what the server granted (ICE servers, bandwidth, layout). */
  adopt(info: JoinInfo): void {
    this.#join = info;
    this.#iceServers = normaliseIceServers(info.iceServers);
  }

  /** Stops listening to the transport and returns it, so the caller decides when to close it. */
  detach(): SignallingTransport | null {
    for (const off of this.#unsubscribe.splice(0)) off();
    const transport = this.#transport;
    // What a B session showed holds for the rejoin: its transport speaks B from the start (wrapped token, §4.1).
    if (transport?.dialect === 'B') {
      this.#detected = { dialect: 'B', socketIo: 2 };
      this.#dialect = 'B';
    }
    this.#transport = null;
    return transport;
  }

  requireTransport(what: string): SignallingTransport {
    if (!this.#transport) throw new LicodeError('not-connected', `Cannot ${what}: not connected to the room.`);
    return this.#transport;
  }

  /** A and B: no ack exists for these (§3.1, §4.1); C: the server acks with `()`. */
  async sendMaybeAcked(event: string, payload: unknown): Promise<void> {
    const transport = this.requireTransport(event);
    if (transport.dialect !== 'C') transport.send(event, [payload]);
    else await transport.request(event, [payload]);
  }

  /** Best effort: used for cleanup of ids the server may or may not still know. */
  async quietRequest(event: string, id: StreamId): Promise<void> {
    try {
      await this.#transport?.request(event, [id], 3_000);
    } catch {
      /* ignored on purpose: cleanup of a stream the server may already have dropped */
    }
  }

  #createTransport(token: LicodeToken): SignallingTransport {
    const reconnect: BackoffOptions = { ...this.options.reconnect, ...(this.options.unboundedReconnect ? { maxAttempts: Infinity } : {}) };
    const common: TransportOptions = {
      reconnect,
      singlePC: !!this.options.singlePC,
      allowSelfSigned: !!this.options.allowSelfSigned,
      ...(this.options.requestTimeoutMs ? { requestTimeoutMs: this.options.requestTimeoutMs } : {}),
    };
    if (this.#detected?.dialect === 'A' && this.#detected.socketIo === 0.9) {
      return createA0Transport(token, { ...common, ...(this.options.socketFactoryA ? { socketFactory: this.options.socketFactoryA } : {}) });
    }
    if (this.#dialect === 'A' || this.#dialect === 'B') {
      // A1–A3 and B share the session layer; B's transport starts as A unless B is known, and tells them apart (§1.4).
      return new DialectBTransport(token, {
        ...common,
        knownB: this.#dialect === 'B',
        ...(this.options.aTokenFormat ? { tokenFormat: this.options.aTokenFormat } : {}),
        ...(this.options.aServerGraceMs ? { serverGraceMs: this.options.aServerGraceMs } : {}),
        ...(this.options.socketFactoryA ? { socketFactory: this.options.socketFactoryA } : {}),
      });
    }
    const generation = this.#detected?.dialect === 'C' && this.#detected.socketIo === 2 ? C_ON_SOCKET_IO_2 : C_ON_SOCKET_IO_4;
    return new DialectCTransport(token, { ...common, generation, ...(this.options.socketFactoryC ? { socketFactory: this.options.socketFactoryC } : {}) });
  }

  #attach(transport: SignallingTransport): void {
    this.detach();
    this.#transport = transport;
    this.#unsubscribe = [
      transport.on('server-event', (event) => this.listener.serverEvent(event)),
      transport.on('malformed', (err) => this.listener.malformed(err)),
      transport.on('state', ({ state, attempt }) => {
        if (state === 'reconnecting') this.listener.reconnecting(attempt);
      }),
      transport.on('resumed', () => this.listener.resumed()),
      transport.on('session-lost', (err) => this.listener.sessionLost(err)),
    ];
  }
}
