/** Fault injection state shared by the admin API and both dialects. */

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

export class FaultRegistry {
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

  /** Wrap a socket.io ack so withheld/delayed acks for `event` behave as configured. */
  wrapAck(event: string, ack: Ack): Ack {
    return (...args: unknown[]) => {
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

  describe(): { acks: Record<string, AckRule>; blockedClients: string[]; offerBeforeAck: boolean; erizoUnreachable: ErizoTimeout | null } {
    return {
      acks: Object.fromEntries(this.ackRules),
      blockedClients: [...this.blocked.keys()].filter((id) => this.isBlocked(id)),
      offerBeforeAck: this.offerBeforeAck,
      erizoUnreachable: this.erizoUnreachable ?? null,
    };
  }
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
