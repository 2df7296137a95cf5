import { offerToReceive } from './connection-b';
import type { LicodeToken } from './token';
import type { Dialect } from './transport';
import { DialectATransport, type DialectAOptions } from './transport-a';

/**
 * How long a subscription waits for the server's offer before we offer ourselves. A v8 ErizoJS offers after gathering
 * (tens of ms on a real server); a v7 one ignores `offerFromErizo` and waits for our offer (§4.1). Asked once per
 * session: what the first subscription shows decides for the rest.
 */
const SERVER_OFFER_WAIT_MS = 1_500;

/** Requests that travel in dialect C as `{options, sdp}` and in B as the positional pair `(options, sdp)` (§4.1, §8.3 #10). */
const POSITIONAL_EVENTS = new Set(['publish', 'subscribe', 'connectionMessage', 'streamMessage', 'streamMessageP2P']);
/** B never calls the ack of these (§8.3 #14): they are sent, not awaited. */
const NEVER_ACKED = new Set(['connectionMessage', 'streamMessage', 'streamMessageP2P']);

export interface DialectBOptions extends DialectAOptions {
  /**
   * True when the server is known to speak B (forced, or remembered). False when detection only knows "socket.io 2
   * without handshake auth", which A1–A3 and B all are (§1.4): the session starts as dialect A and turns into B when a
   * publish or subscribe ack carries B's third element, the `connectionId` (§4.1).
   */
  knownB: boolean;
}

/**
 * Dialect B (Licode v7–v8): dialect A's session layer — socket.io 2, the `token({token, singlePC})` event,
 * `reconnected` with the liveness probe — carrying dialect C's connection-oriented messages in positional form
 * (`connectionMessage {connectionId, erizoId, msg, browser}`, never acknowledged). The room's connection code is
 * dialect C's; this transport puts its messages on the wire the B way.
 */
export class DialectBTransport extends DialectATransport {
  #dialect: 'A' | 'B';
  /** Whether this server offers for subscriptions when asked (v8) — unknown until the first subscription shows it. */
  #serverOffers: boolean | undefined;
  /** Connections the server sent an offer for (kept briefly; the offer may come before the subscribe ack). */
  readonly #offered = new Set<string>();
  readonly #offerWaiters = new Map<string, () => void>();

  constructor(token: LicodeToken, options: DialectBOptions) {
    // §8.3 #11: v6–v8 refuse a bare token; a B server needs the wrapped form.
    super(token, options.knownB ? { ...options, tokenFormat: 'wrapped' } : options);
    this.#dialect = options.knownB ? 'B' : 'A';
    this.on('server-event', (event) => {
      if (event.name !== 'connection_message_erizo' || event.payload.evt.type !== 'offer') return;
      const { connectionId } = event.payload;
      this.#rememberOffer(connectionId);
      this.#offerWaiters.get(connectionId)?.();
    });
  }

  override get dialect(): Dialect {
    return this.#dialect;
  }

  /** v8: ask the server to offer for subscriptions, as the v8 client does (a v7 server ignores the key). */
  get extraSubscribeOptions(): Readonly<Record<string, unknown>> {
    return this.#dialect === 'B' ? { offerFromErizo: true } : {};
  }

  async clientOffersSubscription(connectionId: string, subscribeOptions: Readonly<Record<string, unknown>>): Promise<boolean> {
    if (subscribeOptions['offerFromErizo'] !== true) return true; // the server was not asked to offer: it waits for ours
    if (this.#serverOffers !== undefined || this.#offered.has(connectionId)) {
      this.#serverOffers ??= true;
      return !this.#serverOffers;
    }
    const offered = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), SERVER_OFFER_WAIT_MS);
      this.#offerWaiters.set(connectionId, () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
    this.#offerWaiters.delete(connectionId);
    this.#serverOffers ??= offered;
    return !offered;
  }

  /** The offer a v7 server waits for (§4.1) is made by dialect B's connection code, which comes with this transport. */
  readonly offerToReceive = offerToReceive;

  protected override emitRequest(event: string, args: readonly unknown[], ack: (...ackArgs: unknown[]) => void): void {
    const wire = toPositional(event, args);
    if (NEVER_ACKED.has(event)) {
      super.send(event, wire);
      ack();
      return;
    }
    super.emitRequest(event, wire, (...ackArgs: unknown[]) => {
      // §4.1: only B's successful publish and subscribe acks carry a third element, the connection id; a refusal's
      // third element is its reason in A3 as in B, `(null, null, 'ErizoJS is not reachable')` (§8.3 #12).
      const succeeded = ackArgs[0] !== null && ackArgs[0] !== undefined;
      if ((event === 'publish' || event === 'subscribe') && succeeded && typeof ackArgs[2] === 'string') this.#dialect = 'B';
      ack(...ackArgs);
    });
  }

  override send(event: string, args: readonly unknown[]): void {
    super.send(event, toPositional(event, args));
  }

  #rememberOffer(connectionId: string): void {
    this.#offered.add(connectionId);
    // Only the newest few matter (an offer racing its ack); the set must not grow with a long session.
    if (this.#offered.size > 50) this.#offered.delete(this.#offered.values().next().value as string);
  }
}

/**
 * Dialect C's `{options, sdp}` argument as B's positional `(options, sdp)` (§8.3 #10: the v7/v8 client emits
 * `socket.emit(type, options, sdp, callback)`, and `undefined` travels as `null`).
 */
export function toPositional(event: string, args: readonly unknown[]): readonly unknown[] {
  if (!POSITIONAL_EVENTS.has(event) || args.length !== 1) return args;
  const [wrapped] = args;
  if (wrapped === null || typeof wrapped !== 'object' || !('options' in wrapped)) return args;
  const { options, sdp } = wrapped as { options: unknown; sdp?: unknown };
  return [options, sdp ?? null];
}
