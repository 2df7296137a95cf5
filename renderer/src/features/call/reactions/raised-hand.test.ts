import { describe, expect, it } from 'vitest';
import { raisedAt, withHand } from './raised-hand';

describe('raised hand attribute', () => {
  const now = 1_700_000_000_000;

  it('reads when the hand went up, never later than now', () => {
    expect(raisedAt({ name: 'Ada', hand: now - 5_000 }, now)).toBe(now - 5_000);
    expect(raisedAt({ hand: now + 60_000 }, now)).toBe(now);
    expect(raisedAt({ hand: true }, now)).toBe(now); // other clients' `hand: true`
  });

  it('treats a missing or hostile value as a lowered hand', () => {
    for (const hand of [undefined, null, false, 'yes', -1, 1.5, Number.NaN, Infinity, 2 ** 60, {}, []])
      expect(raisedAt({ hand }, now), String(hand)).toBeNull();
  });

  it('raises and lowers keeping the other attributes (Licode replaces them wholesale)', () => {
    expect(withHand({ name: 'Ada' }, now)).toEqual({ name: 'Ada', hand: now });
    expect(withHand({ name: 'Ada', hand: now }, null)).toEqual({ name: 'Ada' });
  });
});
