import * as v from 'valibot';
import { EnvelopeSchema, SocketgdAckSchema } from './messages';

export interface EmitTarget {
  emit(event: string, ...args: unknown[]): unknown;
}

type AckFn = (...args: unknown[]) => void;

interface PendingEnvelope {
  readonly id: number;
  readonly event: string;
  readonly msg: unknown;
  readonly ack: AckFn | undefined;
}

export type Received =
  /**
   * A new envelope: run the handler with `msg`, then call `acknowledge()` (the server acks after its handler too).
   * Acknowledgements are cumulative (§5.2: the peer forgets every envelope up to the id), so the ones made in the same
   * moment go out as one `socketgd_ack`, in a task of their own: a server flooding us with thousands of events does
   * not get thousands of socket writes back.
   */
  | { kind: 'new'; msg: unknown; acknowledge: () => void }
  /** A resent envelope we already handled: already re-acknowledged, drop it. */
  | { kind: 'duplicate'; id: number }
  /** An unwrapped event (accepted as is, §5.2). */
  | { kind: 'plain'; msg: unknown };

/**
 * The client half of Licode's ReliableSocket (§5.2): numbered envelopes that survive socket reconnections, kept
 * until the peer's `socketgd_ack`, resent on a new socket; incoming envelopes acknowledged and de-duplicated.
 * Unlike Licode's own browser client we really do replay our unacknowledged envelopes after a reconnection.
 */
export class ReliableSocketClient {
  #nextId = 0;
  #lastReceived = -1;
  #pending: PendingEnvelope[] = [];
  #socket: EmitTarget | null = null;
  #ackWaiters = new Map<number, () => void>();
  /** The acknowledgement waiting to go out: the highest id handled, on the socket it arrived on. */
  #ackDue: { id: number; socket: EmitTarget } | null = null;

  /** Use a (new) socket and resend every envelope the peer has not acknowledged yet, in order. */
  attach(socket: EmitTarget): void {
    this.#socket = socket;
    for (const p of this.#pending) this.#emit(p);
  }

  detach(): void {
    this.#socket = null;
  }

  get pendingCount(): number {
    return this.#pending.length;
  }

  /** Send `msg` as envelope; returns its id. Emitted now if a socket is attached, otherwise on the next attach. */
  send(event: string, msg: unknown, ack?: AckFn): number {
    const pending: PendingEnvelope = { id: this.#nextId++, event, msg, ack };
    this.#pending.push(pending);
    if (this.#socket) this.#emit(pending);
    return pending.id;
  }

  /** Resolves once the peer acknowledged envelope `id` (or immediately if it already did). */
  whenAcknowledged(id: number): Promise<void> {
    if (!this.#pending.some((p) => p.id === id)) return Promise.resolve();
    return new Promise((resolve) => {
      this.#ackWaiters.set(id, resolve);
    });
  }

  /** Handle the peer's plain `socketgd_ack {id}`. Returns false for a malformed ack. */
  handleAck(payload: unknown): boolean {
    const parsed = v.safeParse(SocketgdAckSchema, payload);
    if (!parsed.success) return false;
    const upTo = parsed.output.id;
    const done = this.#pending.filter((p) => p.id <= upTo);
    this.#pending = this.#pending.filter((p) => p.id > upTo);
    for (const p of done) {
      const waiter = this.#ackWaiters.get(p.id);
      this.#ackWaiters.delete(p.id);
      waiter?.();
    }
    return true;
  }

  /** Classify an incoming event's first argument; acknowledgements go out on `socket`, the one it arrived on. */
  receive(payload: unknown, socket: EmitTarget): Received {
    if (!payload || typeof payload !== 'object' || !('socketgd' in payload)) return { kind: 'plain', msg: payload };
    const parsed = v.safeParse(EnvelopeSchema, payload);
    if (!parsed.success) return { kind: 'plain', msg: payload };
    const { socketgd, msg } = parsed.output;
    if (socketgd <= this.#lastReceived) {
      socket.emit('socketgd_ack', { id: socketgd });
      return { kind: 'duplicate', id: socketgd };
    }
    this.#lastReceived = socketgd;
    return { kind: 'new', msg, acknowledge: () => this.#acknowledgeSoon(socketgd, socket) };
  }

  #acknowledgeSoon(id: number, socket: EmitTarget): void {
    const scheduled = this.#ackDue !== null;
    this.#ackDue = { id: Math.max(id, this.#ackDue?.id ?? -1), socket };
    if (scheduled) return;
    setTimeout(() => {
      const due = this.#ackDue;
      this.#ackDue = null;
      due?.socket.emit('socketgd_ack', { id: due.id });
    }, 0);
  }

  #emit(p: PendingEnvelope): void {
    const envelope = { socketgd: p.id, msg: p.msg };
    if (p.ack) this.#socket?.emit(p.event, envelope, p.ack);
    else this.#socket?.emit(p.event, envelope);
  }
}
