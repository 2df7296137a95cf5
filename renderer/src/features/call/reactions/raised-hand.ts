import * as v from 'valibot';

/**
 * A raised hand is STATE, not an event: it lives in the attributes of the participant's camera stream. Licode sends
 * attribute updates to every data subscriber and lists the current attributes to anyone joining later, so a late
 * joiner sees the hands already up, and a hand goes away with its stream when its owner leaves. Other Licode clients
 * simply do not read the key.
 */
export const HAND_ATTRIBUTE = 'hand';

/**
 * When the hand went up (ms since the epoch, the raiser's clock), or `true` from a client that sends no time (Licode's
 * own examples use `hand: true`). Anything else is no hand: a hostile value cannot break the queue.
 */
const HandSchema = v.union([v.pipe(v.number(), v.safeInteger(), v.minValue(0)), v.literal(true)]);

/** When the hand in `attributes` went up, for ordering the queue; null when it is down. */
export function raisedAt(attributes: Readonly<Record<string, unknown>>, now: number): number | null {
  const result = v.safeParse(HandSchema, attributes[HAND_ATTRIBUTE]);
  if (!result.success) return null;
  // Clocks differ between machines; a time "in the future" (or none) counts as now, so nobody queues ahead by it.
  return result.output === true ? now : Math.min(result.output, now);
}

/** The attributes with the hand raised at `at`, or lowered (`at` null); the other attributes are kept as they are. */
export function withHand(attributes: Readonly<Record<string, unknown>>, at: number | null): Record<string, unknown> {
  // Licode replaces the attributes wholesale, so the name (and whatever else) must be sent again with the hand.
  const { [HAND_ATTRIBUTE]: _previous, ...rest } = attributes;
  return at === null ? rest : { ...rest, [HAND_ATTRIBUTE]: at };
}
