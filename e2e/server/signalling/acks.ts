import { hasRight } from '../rooms/permissions';
import type { ControllerContext } from './context';
import type { SignallingClient } from './signalling-client';
import { noAck, type Ack } from './faults';

/**
 * Run one client request handler: its ack goes through the fault hooks (withheld/delayed acks), and whatever it throws
 * or rejects with is logged, never acknowledged (both Licode generations swallow handler errors without an ack).
 */
export function runHandler(
  ctx: ControllerContext,
  tag: 'a' | 'b' | 'c',
  event: string,
  rawAck: Ack | undefined,
  handler: (ack: Ack) => void | Promise<void>,
): void {
  const ack = rawAck ? ctx.faults.wrapAck(event, rawAck) : noAck;
  try {
    const result = handler(ack);
    if (result) result.catch((err: unknown) => ctx.log(`[${tag}] ${event} failed: ${String(err)}`));
  } catch (err) {
    ctx.log(`[${tag}] ${event} threw: ${String(err)}`);
  }
}

/** Plain-truthy right check; without it the request is answered `(null, 'Unauthorized')`. */
export function requireRight(ctx: ControllerContext, client: SignallingClient, right: string, ack: Ack): boolean {
  if (hasRight(ctx.roles, client.user.role, right)) return true;
  ack(null, 'Unauthorized');
  return false;
}

/**
 * Erizo timeouts (docs/licode-protocol.md §8 12): up to v5 `(null, reason)`; from v6 (and in HEAD) the reason moved one
 * slot right, `(null, null, reason)`, because the ack gained the erizoId.
 */
export function ackErizoTimeout(ack: Ack, reason: string, reasonInThirdSlot: boolean): void {
  if (reasonInThirdSlot) ack(null, null, reason);
  else ack(null, reason);
}

/** One event-loop turn: where ErizoJS answers `initializing` before the controller acknowledges. */
export function tick(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
