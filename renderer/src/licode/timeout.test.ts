import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_REQUEST_TIMEOUT_MS, withTimeout } from './timeout';

afterEach(() => vi.useRealTimers());

describe('request timeouts (§8.3 #13)', () => {
  it('fail a never-acknowledged request after 10 s by default, with a clear message', async () => {
    vi.useFakeTimers();
    expect(DEFAULT_REQUEST_TIMEOUT_MS).toBe(10_000);
    let outcome: unknown = 'pending';
    withTimeout(new Promise<never>(() => undefined), DEFAULT_REQUEST_TIMEOUT_MS, '"subscribe"').catch((err: unknown) => (outcome = err));
    await vi.advanceTimersByTimeAsync(9_999);
    expect(outcome).toBe('pending');
    await vi.advanceTimersByTimeAsync(1);
    expect(outcome).toMatchObject({ code: 'timeout', message: 'The server did not answer "subscribe" within 10 s.' });
  });

  it('passes results and errors through untouched', async () => {
    await expect(withTimeout(Promise.resolve(5), 50, 'x')).resolves.toBe(5);
    await expect(withTimeout(Promise.reject(new Error('no')), 50, 'x')).rejects.toThrow('no');
  });
});
