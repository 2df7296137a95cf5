/** Fault injection state shared by the admin API and both dialects. */
import type { MediaConnection } from '../media/types';

export type Ack = (...args: unknown[]) => void;

export const ERIZO_TIMEOUTS = ['ErizoJS is not reachable', 'ErizoAgent is not reachable', 'ErizoAgent or ErizoJS is not reachable'] as const;
export type ErizoTimeout = (typeof ERIZO_TIMEOUTS)[number];

export interface AckRule {
  mode: 'withhold' | 'delay';
  /** Delay in ms (mode 'delay'). */
  ms: number;
  /** How many acks the rule still applies to; undefined = until cleared. */
  remaining?: number;
}

/**
 * How a stalled publication misbehaves: `no-answer` — the client's offer is never answered (no SDP answer, so no
 * `ready`); `no-connect` — the answer is sent but every packet of the connection is dropped, so ICE/DTLS never
 * connect. Either way the publish ack and `started` arrive as usual and nothing is signalled afterwards.
 */
export const PUBLISH_STALL_MODES = ['no-answer', 'no-connect'] as const;
export type PublishStallMode = (typeof PUBLISH_STALL_MODES)[number];

export interface PublishStallRule {
  /** Only this client's publications; undefined = anyone's. */
  clientId: string | undefined;
  mode: PublishStallMode;
  /** Publications still to stall. */
  remaining: number;
}

/**
 * Subscriptions that never become ready, until the rule is cleared: the subscribe is acknowledged (and `started` sent)
 * as usual, but the subscription's media never reaches the subscriber's connection — dialect A: its offer is never
 * answered; dialect C: the stream is never added to (or offered on) the connection. Matches every subscription of
 * `clientId` (the subscriber) to `streamId`; an undefined field matches any.
 */
export interface SubscribeStallRule {
  clientId: string | undefined;
  streamId: number | undefined;
}

/** What the publish-stall fault needs from the running server: a publication's owner and its media connection. */
export type PublicationLookup = (streamId: number) => { ownerId: string; media: MediaConnection | undefined } | undefined;

/** Long enough to outlast any client's wait for `ready`; the connection is closed long before (the client gives up). */
const STALL_BLACKHOLE_MS = 120_000;

export class FaultRegistry {
  private readonly publishStalls: PublishStallRule[] = [];
  private readonly subscribeStalls: SubscribeStallRule[] = [];
  /** Set by the admin API (it knows the running server); without it no publication is stalled. */
  publicationLookup: PublicationLookup | undefined;

  private readonly ackRules = new Map<string, AckRule>();
  /** clientId → time (ms since epoch) until which its reconnections are cut off. */
  private readonly blocked = new Map<string, number>();
  /** Dialect C: send a subscription's server offer before the subscribe ack (docs/licode-protocol.md §8 18, 24a). */
  offerBeforeAck = false;
  /** Publish/subscribe fail as when no ErizoAgent/ErizoJS answers (the reason string Licode puts in the ack). */
  erizoUnreachable: ErizoTimeout | undefined;

  setAckRule(event: string, rule: AckRule): void {
    this.ackRules.set(event, rule);
  }

  clearAckRules(): void {
    this.ackRules.clear();
  }

  /** The next `rule.remaining` media publications (of `rule.clientId`, or anyone's) stall as `rule.mode`. */
  addPublishStall(rule: PublishStallRule): void {
    if (rule.remaining > 0) this.publishStalls.push({ ...rule });
  }

  clearPublishStalls(): void {
    this.publishStalls.length = 0;
  }

  /** From now on, subscriptions matching `rule` never become ready (until clearSubscribeStalls). */
  addSubscribeStall(rule: SubscribeStallRule): void {
    if (!this.subscribeStalls.some((r) => r.clientId === rule.clientId && r.streamId === rule.streamId)) this.subscribeStalls.push({ ...rule });
  }

  clearSubscribeStalls(): void {
    this.subscribeStalls.length = 0;
  }

  /** Asked where a subscription's media would be negotiated: when the rule is cleared, the next attempt works. */
  isSubscriptionStalled(subscriberId: string, streamId: number): boolean {
    return this.subscribeStalls.some((r) => (r.clientId === undefined || r.clientId === subscriberId) && (r.streamId === undefined || r.streamId === streamId));
  }

  /**
   * A publish ack carries the new stream id first (both dialects, §3.5 / §5.6) and is sent once the stream and its
   * media connection exist, before the client offers: the moment to stall it. Data-only publications (no media
   * connection) are not counted.
   */
  private stallIfDue(streamId: number): void {
    if (this.publishStalls.length === 0) return;
    const found = this.publicationLookup?.(streamId);
    if (!found?.media) return;
    const index = this.publishStalls.findIndex((r) => r.clientId === undefined || r.clientId === found.ownerId);
    const rule = this.publishStalls[index];
    if (!rule) return;
    rule.remaining -= 1;
    if (rule.remaining <= 0) this.publishStalls.splice(index, 1);
    stallMedia(found.media, rule.mode);
  }

  /** Wrap a socket.io ack so withheld/delayed acks for `event` behave as configured. */
  wrapAck(event: string, ack: Ack): Ack {
    return (...args: unknown[]) => {
      if (event === 'publish' && typeof args[0] === 'number') this.stallIfDue(args[0]);
      const rule = this.ackRules.get(event);
      if (!rule) return ack(...args);
      if (rule.remaining !== undefined) {
        rule.remaining -= 1;
        if (rule.remaining <= 0) this.ackRules.delete(event);
      }
      if (rule.mode === 'withhold') return;
      setTimeout(() => ack(...args), rule.ms);
    };
  }

  block(clientId: string, ms: number): void {
    this.blocked.set(clientId, Date.now() + ms);
  }

  isBlocked(clientId: string): boolean {
    const until = this.blocked.get(clientId);
    if (until === undefined) return false;
    if (Date.now() < until) return true;
    this.blocked.delete(clientId);
    return false;
  }

  describe(): {
    acks: Record<string, AckRule>;
    blockedClients: string[];
    offerBeforeAck: boolean;
    erizoUnreachable: ErizoTimeout | null;
    publishStalls: PublishStallRule[];
    subscribeStalls: SubscribeStallRule[];
  } {
    return {
      acks: Object.fromEntries(this.ackRules),
      publishStalls: this.publishStalls.map((r) => ({ ...r })),
      subscribeStalls: this.subscribeStalls.map((r) => ({ ...r })),
      blockedClients: [...this.blocked.keys()].filter((id) => this.isBlocked(id)),
      offerBeforeAck: this.offerBeforeAck,
      erizoUnreachable: this.erizoUnreachable ?? null,
    };
  }
}

/**
 * Make one media connection stall by wrapping its `acceptOffer` (the controller calls it with the client's offer):
 * `no-answer` never settles (the controller waits for Erizo's answer forever, as when ErizoJS hangs); `no-connect`
 * answers and then drops every packet. The blackhole starts after the offer is applied because it wraps the
 * connection's sockets, which exist only from then on — and before the client has the answer, so no check passes.
 */
function stallMedia(media: MediaConnection, mode: PublishStallMode): void {
  if (mode === 'no-answer') {
    media.acceptOffer = () => new Promise<string>(() => undefined);
    return;
  }
  const accept = media.acceptOffer.bind(media);
  media.acceptOffer = async (offerSdp) => {
    const answer = await accept(offerSdp);
    media.blackhole(STALL_BLACKHOLE_MS);
    return answer;
  };
}

export const noAck: Ack = () => {};

/** Split socket.io handler arguments into the payload arguments and the trailing ack function (if any). */
export function splitArgs(args: unknown[]): { payload: unknown[]; ack: Ack | undefined } {
  const last = args[args.length - 1];
  if (typeof last === 'function') return { payload: args.slice(0, -1), ack: last as Ack };
  return { payload: args, ack: undefined };
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
