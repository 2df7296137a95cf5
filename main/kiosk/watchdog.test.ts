import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { KioskStatus } from './status';
import { Watchdog, type KioskWindow } from './watchdog';

type Listener<A extends unknown[]> = (...args: A) => void;

/** A window whose events the test fires by hand; reload() is recorded (and can be made to fail). */
class FakeWindow implements KioskWindow {
  readonly crashed = new Set<Listener<[string]>>();
  readonly unresponsive = new Set<Listener<[]>>();
  readonly responsive = new Set<Listener<[]>>();
  readonly loadFailed = new Set<Listener<[string]>>();
  reloads: number[] = [];
  failNextReload = false;
  onCrashed = (listener: Listener<[string]>) => subscribe(this.crashed, listener);
  onUnresponsive = (listener: Listener<[]>) => subscribe(this.unresponsive, listener);
  onResponsive = (listener: Listener<[]>) => subscribe(this.responsive, listener);
  onLoadFailed = (listener: Listener<[string]>) => subscribe(this.loadFailed, listener);
  async reload(): Promise<void> {
    this.reloads.push(Date.now() - start);
    if (this.failNextReload) {
      this.failNextReload = false;
      throw new Error('target closed');
    }
  }
}
function subscribe<L>(set: Set<L>, listener: L) {
  set.add(listener);
  return () => void set.delete(listener);
}

const start = Date.parse('2026-12-06T03:00:00.000Z');
let window: FakeWindow;
let status: KioskStatus;
let watchdog: Watchdog;

beforeEach(() => {
  vi.useFakeTimers({ now: start });
  window = new FakeWindow();
  status = new KioskStatus({ room: 'boardroom', appVersion: '0.1.0' });
  watchdog = new Watchdog(window, status, {
    unresponsiveMs: 10_000,
    heartbeatTimeoutMs: 15_000,
    startupGraceMs: 30_000,
    mediaSilenceMs: 20_000,
    reloadSpacing: { initialMs: 5_000, maxMs: 60_000 },
    healthyResetMs: 60_000,
  });
  watchdog.start();
});
afterEach(() => {
  watchdog.stop();
  vi.useRealTimers();
});

/** Advances time while the page sends a heartbeat every 2 s (and optionally reports media). */
async function healthyFor(ms: number, media?: { incoming: boolean | null; outgoing: boolean | null }) {
  for (let t = 0; t < ms; t += 2000) {
    watchdog.heartbeat();
    if (media) watchdog.reportMedia(media);
    await vi.advanceTimersByTimeAsync(2000);
  }
}
const reasons = () =>
  status
    .snapshot()
    .history.filter((entry) => entry.state === 'reloading')
    .map((entry) => entry.reason);

describe('kiosk watchdog', () => {
  it('reloads at once when the renderer crashes, and reports it', async () => {
    await healthyFor(4000);
    window.crashed.forEach((listener) => listener('oom'));
    await vi.advanceTimersByTimeAsync(0);
    expect(window.reloads).toEqual([4000]);
    expect(status.snapshot()).toMatchObject({ state: 'reloading', reloadCount: 1, lastError: { message: 'renderer crashed (oom)' } });
  });

  it('reloads when the page fails to load', async () => {
    window.loadFailed.forEach((listener) => listener('net::ERR_CONNECTION_REFUSED'));
    await vi.advanceTimersByTimeAsync(0);
    expect(window.reloads).toHaveLength(1);
    expect(reasons()).toEqual(['page failed to load (net::ERR_CONNECTION_REFUSED)']);
  });

  it('reloads a renderer unresponsive for 10 s, but not one that recovers sooner', async () => {
    window.unresponsive.forEach((listener) => listener());
    await vi.advanceTimersByTimeAsync(8000);
    window.responsive.forEach((listener) => listener());
    await healthyFor(20_000);
    expect(window.reloads).toEqual([]);
    window.unresponsive.forEach((listener) => listener());
    await vi.advanceTimersByTimeAsync(11_000);
    expect(window.reloads).toHaveLength(1);
    expect(reasons()).toEqual(['renderer unresponsive for 10 s']);
  });

  it('reloads when heartbeats stop, with a start-up grace period', async () => {
    await vi.advanceTimersByTimeAsync(29_000);
    expect(window.reloads).toEqual([]);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(reasons()).toEqual(['no heartbeat for 30 s']);
    await healthyFor(80_000);
    expect(window.reloads).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(16_000);
    expect(reasons()).toEqual(['no heartbeat for 30 s', 'no heartbeat for 15 s']);
  });

  it('rejoins when no incoming media arrives in the room for the configured time, and only in the room', async () => {
    status.transition('offline');
    await healthyFor(60_000, { incoming: false, outgoing: false });
    expect(window.reloads).toEqual([]);
    status.transition('in-room');
    await healthyFor(10_000, { incoming: true, outgoing: true });
    await healthyFor(16_000, { incoming: false, outgoing: true });
    expect(window.reloads).toEqual([]);
    expect(status.snapshot().mediaFlowing).toEqual({ incoming: false, outgoing: true });
    await healthyFor(4_000, { incoming: false, outgoing: true });
    expect(reasons()).toEqual(['no incoming media for 20 s']);
  });

  it('does not call a page that stopped reporting "media silence": a hung page is named by the unresponsive check', async () => {
    // Media silence shorter than the hang detection, as in a kiosk configured with a short mediaSilenceSeconds.
    watchdog.stop();
    watchdog = new Watchdog(window, status, { unresponsiveMs: 3_000, heartbeatTimeoutMs: 15_000, mediaSilenceMs: 5_000 });
    watchdog.start();
    status.transition('in-room');
    await healthyFor(6_000, { incoming: true, outgoing: true });
    // The page hangs: no heartbeats and no media reports from now on; the supervisor notices a few seconds later.
    await vi.advanceTimersByTimeAsync(4_000);
    window.unresponsive.forEach((listener) => listener());
    await vi.advanceTimersByTimeAsync(4_000);
    expect(reasons()).toEqual(['renderer unresponsive for 3 s']);
  });

  it('counts "not expected" as fine (alone in the room) and catches outgoing silence', async () => {
    status.transition('in-room');
    await healthyFor(40_000, { incoming: null, outgoing: true });
    expect(window.reloads).toEqual([]);
    await healthyFor(22_000, { incoming: null, outgoing: false });
    expect(reasons()).toEqual(['no outgoing media for 20 s']);
  });

  it('spaces out the reloads of a page that never comes up (no reload storm), and starts over after a healthy minute', async () => {
    const crash = () => window.crashed.forEach((listener) => listener('crashed'));
    crash();
    // A second crash while a reload is under way is folded into it.
    crash();
    await vi.advanceTimersByTimeAsync(300_000);
    const gaps = window.reloads.slice(1).map((at, i) => at - window.reloads[i]!);
    expect(window.reloads[0]).toBe(0);
    // 30 s start-up grace without a heartbeat, then 5, 10, 20, 40, 60 (cap) seconds of spacing.
    expect(gaps).toEqual([35_000, 40_000, 50_000, 70_000, 90_000]);
    expect(reasons()[1]).toBe('no heartbeat for 30 s; reload in 5 s (reloads are spaced out)');
    await healthyFor(62_000);
    const before = window.reloads.length;
    crash();
    await vi.advanceTimersByTimeAsync(0);
    expect(window.reloads).toHaveLength(before + 1);
    expect(window.reloads.at(-1)).toBe(362_000);
  });

  it('reports a failed reload and tries again later', async () => {
    window.failNextReload = true;
    window.crashed.forEach((listener) => listener('crashed'));
    await vi.advanceTimersByTimeAsync(0);
    expect(status.snapshot().lastError?.message).toBe('reload failed: target closed');
    await vi.advanceTimersByTimeAsync(30_000);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(window.reloads).toHaveLength(2);
  });

  it('stops listening when stopped', async () => {
    watchdog.stop();
    window.crashed.forEach((listener) => listener('crashed'));
    await vi.advanceTimersByTimeAsync(120_000);
    expect(window.reloads).toEqual([]);
    expect(window.crashed.size).toBe(0);
  });
});
