import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RETRY_AFTER_MS, SubscriptionScheduler, type SubscriptionMode } from './subscription-scheduler';

/** Room requests the test settles by hand, in the order they were made. */
class Requests {
  readonly log: string[] = [];
  readonly #pending: Array<{ label: string; resolve: () => void; reject: (e: unknown) => void }> = [];

  readonly actions = {
    subscribe: (id: number, mode: SubscriptionMode) => this.#request(`sub ${id} ${mode}`),
    unsubscribe: (id: number) => this.#request(`unsub ${id}`),
  };

  get pending(): string[] {
    return this.#pending.map((p) => p.label);
  }

  async settle(label: string, ok = true): Promise<void> {
    const index = this.#pending.findIndex((p) => p.label === label);
    if (index < 0) throw new Error(`no pending ${label}; pending: ${this.pending.join(', ')}`);
    const [request] = this.#pending.splice(index, 1);
    if (ok) request!.resolve();
    else request!.reject(new Error(`${label} failed`));
    await vi.advanceTimersByTimeAsync(0);
  }

  #request(label: string): Promise<void> {
    this.log.push(label);
    return new Promise((resolve, reject) => this.#pending.push({ label, resolve, reject }));
  }
}

const wantOf = (...entries: Array<[number, SubscriptionMode]>) => new Map(entries);

let requests: Requests;
let errors: unknown[];
let scheduler: SubscriptionScheduler;

beforeEach(() => {
  vi.useFakeTimers();
  requests = new Requests();
  errors = [];
  scheduler = new SubscriptionScheduler(requests.actions, (e) => errors.push(e), 2);
});
afterEach(() => {
  scheduler.dispose();
  vi.useRealTimers();
});

describe('SubscriptionScheduler', () => {
  it('runs at most maxInFlight requests, the most wanted first, and queues the rest', async () => {
    scheduler.want(wantOf([1, 'media'], [2, 'media'], [3, 'data'], [4, 'data']));
    expect(requests.pending).toEqual(['sub 1 media', 'sub 2 media']);
    await requests.settle('sub 2 media');
    expect(requests.pending).toEqual(['sub 1 media', 'sub 3 data']);
    await requests.settle('sub 1 media');
    await requests.settle('sub 3 data');
    await requests.settle('sub 4 data');
    expect(requests.pending).toEqual([]);
    expect(scheduler.modeOf(1)).toBe('media');
    expect(scheduler.modeOf(4)).toBe('data');
  });

  it('a 10,000-stream plan still makes only maxInFlight requests at a time', () => {
    scheduler.want(new Map(Array.from({ length: 10_000 }, (_, i) => [i, 'data'] as [number, SubscriptionMode])));
    expect(requests.pending).toHaveLength(2);
    expect(scheduler.inFlight).toBe(2);
  });

  it('changes a mode by unsubscribing first, and unsubscribes what is no longer wanted', async () => {
    scheduler.want(wantOf([1, 'media'], [2, 'media']));
    await requests.settle('sub 1 media');
    await requests.settle('sub 2 media');
    scheduler.want(wantOf([1, 'data']));
    expect(requests.pending).toEqual(['unsub 1', 'unsub 2']);
    expect(scheduler.modeOf(1)).toBeUndefined();
    await requests.settle('unsub 1');
    expect(requests.pending).toEqual(['unsub 2', 'sub 1 data']);
  });

  it('does not ask again for a failed subscription before RETRY_AFTER_MS', async () => {
    scheduler.want(wantOf([1, 'media']));
    await requests.settle('sub 1 media', false);
    expect(errors).toHaveLength(1);
    scheduler.want(wantOf([1, 'media']));
    expect(requests.pending).toEqual([]);
    await vi.advanceTimersByTimeAsync(RETRY_AFTER_MS);
    expect(requests.pending).toEqual(['sub 1 media']);
  });

  it('forgets a removed stream without a request, and its late failure is not reported', async () => {
    scheduler.want(wantOf([1, 'media']));
    scheduler.forget(1);
    await requests.settle('sub 1 media', false);
    expect(errors).toEqual([]);
    expect(requests.log).toEqual(['sub 1 media']);
  });
});
