import { describe, expect, it } from 'vitest';
import { SenderRateLimit } from './rate-limit';

describe('SenderRateLimit', () => {
  it('allows a burst per sender, then nothing until the window has passed', () => {
    const limit = new SenderRateLimit(3, 1_000);
    expect([0, 10, 20, 30].map((at) => limit.allow('a', at))).toEqual([true, true, true, false]);
    expect(limit.allow('b', 30)).toBe(true); // one sender's flood does not silence the others
    expect(limit.allow('a', 999)).toBe(false);
    expect(limit.allow('a', 1_000)).toBe(true); // the first one left the window
    expect(limit.allow('a', 1_005)).toBe(false);
  });

  it('forgets a sender who left', () => {
    const limit = new SenderRateLimit(1, 1_000);
    expect(limit.allow('a', 0)).toBe(true);
    limit.forget('a');
    expect(limit.allow('a', 1)).toBe(true);
  });
});
