import { isRecord, splitArgs, type Ack } from '../faults';
import type { CSocket as Socket } from './c-socket-server';

interface Envelope {
  socketgd: number;
  event: string;
  msg: unknown;
}

/**
 * The server side of Licode's ReliableSocket (docs/licode-protocol.md §5.2): numbered `{socketgd, msg}` envelopes kept
 * until `socketgd_ack`, resent in order when a reconnected socket is attached, incoming envelopes unwrapped,
 * acknowledged after the handler ran and de-duplicated by id. The channel outlives individual sockets.
 */
export class ReliableChannel {
  private socket: Socket | undefined;
  private nextId = 0;
  private pending: Envelope[] = [];
  private lastReceived = -1;
  private readonly handlers = new Map<string, (msg: unknown, ack: Ack | undefined) => void>();

  /** Register the handler of a client event (called with the unwrapped message). */
  on(event: string, handler: (msg: unknown, ack: Ack | undefined) => void): void {
    this.handlers.set(event, handler);
  }

  get currentSocket(): Socket | undefined {
    return this.socket;
  }

  /** Attach a (new) socket: listen to it and resend every unacknowledged envelope, in order. */
  setSocket(socket: Socket): void {
    this.socket = socket;
    socket.on('socketgd_ack', (...args: unknown[]) => this.onAck(args[0]));
    for (const [event, handler] of this.handlers) {
      socket.on(event, (...args: unknown[]) => this.onIncoming(socket, handler, args));
    }
    for (const envelope of this.pending) emitEnvelope(socket, envelope);
  }

  detach(socket: Socket): void {
    if (this.socket === socket) this.socket = undefined;
  }

  /** Send an event inside an envelope; it is kept until acknowledged (and resent after a reconnection). */
  emit(event: string, msg: unknown): void {
    const envelope = { socketgd: this.nextId++, event, msg };
    this.pending.push(envelope);
    if (this.socket) emitEnvelope(this.socket, envelope);
  }

  /** Number of envelopes still waiting for `socketgd_ack`. */
  get unacknowledged(): number {
    return this.pending.length;
  }

  private onAck(arg: unknown): void {
    if (!isRecord(arg) || typeof arg.id !== 'number' || !Number.isFinite(arg.id)) return;
    const id = arg.id;
    this.pending = this.pending.filter((e) => e.socketgd > id);
  }

  private onIncoming(socket: Socket, handler: (msg: unknown, ack: Ack | undefined) => void, args: unknown[]): void {
    const { payload, ack } = splitArgs(args);
    const first = payload[0];
    if (isRecord(first) && Object.hasOwn(first, 'socketgd')) {
      const id = first.socketgd;
      if (typeof id === 'number' && Number.isFinite(id)) {
        if (id <= this.lastReceived) return; // duplicate of an envelope already handled
        this.lastReceived = id;
        handler(first.msg, ack);
        socket.emit('socketgd_ack', { id });
        return;
      }
    }
    handler(first, ack);
  }
}

/**
 * HEAD's ReliableSocket emits `(event, {socketgd, msg}, ack)` and the server never passes an ack, so socket.io
 * serialises the undefined third argument as `null`: `42["connected",{"socketgd":0,"msg":{…}},null]` on the wire
 * (common/ReliableSocket.js `_sendOnSocket`, observed against a real HEAD controller). Clients must tolerate it.
 */
function emitEnvelope(socket: Socket, envelope: Envelope): void {
  socket.emit(envelope.event, { socketgd: envelope.socketgd, msg: envelope.msg }, undefined);
}
