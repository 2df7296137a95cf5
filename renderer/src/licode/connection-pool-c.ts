import { CConnection } from './connection-c';
import type { PeerConnectionRegistry } from './peer';
import type { SignallingTransport } from './transport';

export interface ReceivedTrack {
  track: MediaStreamTrack;
  receiver: RTCRtpReceiver;
  streams: readonly MediaStream[];
}

/** What the pool's owner does with the events of each dialect C connection. */
export interface CConnectionEvents {
  track(conn: CConnection, received: ReceivedTrack): void;
  ready(conn: CConnection): void;
  failed(conn: CConnection, reason: string): void;
  qualityLevel(conn: CConnection, level: number): void;
  error(connectionId: string, message: string): void;
  stateChange(conn: CConnection): void;
  /** A connection now exists: replay what the server sent for it before we knew it. */
  created(connectionId: string): void;
}

/** Most tracks we hold for a connection while no subscription claims them yet. */
const MAX_PARKED_TRACKS = 20;

/**
 * The dialect C connections of a session by connection id. Licode's default layout has one connection per stream,
 * closed when its stream goes. With single PC, HEAD's ErizoJS keeps two connections per client — one for all its
 * publications, one for all its subscriptions (§5.6) — and keeps them when they empty, re-using the same connection id
 * for the next stream; so a shared connection stays open while the session lasts, unless it failed.
 */
export class CConnectionPool {
  readonly #open = new Map<string, CConnection>();
  readonly #closed = new Set<string>();
  /** Single PC: the server's re-offer may deliver a subscription's tracks before its subscribe ack (§8 18). */
  readonly #parked = new Map<CConnection, ReceivedTrack[]>();

  constructor(
    private readonly peers: PeerConnectionRegistry,
    private readonly events: CConnectionEvents,
  ) {}

  get(connectionId: string): CConnection | undefined {
    return this.#open.get(connectionId);
  }

  /** Messages for a connection we closed are stale, not early. */
  wasClosed(connectionId: string): boolean {
    return this.#closed.has(connectionId);
  }

  /** The connection the server named in an ack; `shared`: the session has single PC. */
  obtain(connectionId: string, erizoId: string | undefined, transport: SignallingTransport, shared: boolean): CConnection {
    const existing = this.#open.get(connectionId);
    if (existing && !existing.closed) return existing;
    const conn: CConnection = new CConnection({
      transport,
      peers: this.peers,
      connectionId,
      erizoId,
      shared,
      onTrack: (ev) => this.events.track(conn, { track: ev.track, receiver: ev.receiver, streams: ev.streams }),
      onReady: () => this.events.ready(conn),
      onFailed: (reason) => this.events.failed(conn, reason),
      onQualityLevel: (level) => this.events.qualityLevel(conn, level),
      onError: (message) => this.events.error(connectionId, message),
    });
    conn.pc.addEventListener('connectionstatechange', () => this.events.stateChange(conn));
    this.#open.set(connectionId, conn);
    this.events.created(connectionId);
    return conn;
  }

  /**
   * A user (publication or subscription) left `conn`: close it once it is empty — unless it is a single-PC shared
   * connection that still works, which the server keeps and will offer the next stream on. True if it was closed.
   */
  release(conn: CConnection): boolean {
    if (conn.users.size > 0 || (conn.shared && !conn.failed)) return false;
    this.close(conn);
    return true;
  }

  close(conn: CConnection): void {
    conn.close();
    this.#parked.delete(conn);
    this.#open.delete(conn.connectionId);
    this.#closed.add(conn.connectionId);
  }

  /** Forgets every connection without closing it (the caller closed all peer connections at once). */
  forget(): void {
    this.#open.clear();
  }

  park(conn: CConnection, received: ReceivedTrack): void {
    const list = this.#parked.get(conn) ?? [];
    list.push(received);
    this.#parked.set(conn, list.slice(-MAX_PARKED_TRACKS));
  }

  takeParked(conn: CConnection): ReceivedTrack[] {
    return this.#parked.get(conn)?.splice(0) ?? [];
  }
}
