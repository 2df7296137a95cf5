/**
 * The kiosk watchdog, written once against KioskWindow: Electron's BrowserWindow (main/electron/kiosk-window.ts)
 * and the system Chromium supervised over the DevTools protocol (chromium-window.ts) both implement it. It reloads
 * the page (which rejoins the room) when the renderer crashed, hung, failed to load, stopped sending heartbeats, or
 * when no media came in or went out for the configured time; reloads are spaced out so a page that keeps failing
 * cannot cause a reload storm; every action is reported to the status model.
 */
import { Backoff } from '../../common/backoff';
import type { KioskStatus } from './status';

/** Unsubscribes the listener. */
export type Unsubscribe = () => void;

export interface KioskWindow {
  onCrashed(listener: (reason: string) => void): Unsubscribe;
  onUnresponsive(listener: () => void): Unsubscribe;
  onResponsive(listener: () => void): Unsubscribe;
  onLoadFailed(listener: (reason: string) => void): Unsubscribe;
  /** Reloads the page; for a hung renderer the implementation replaces the renderer rather than waiting for it. */
  reload(): Promise<void>;
}

/** Per direction: whether media flowed since the last report, or null when none is expected (alone in the room, camera off). */
export interface MediaFlowReport {
  incoming: boolean | null;
  outgoing: boolean | null;
}

export interface WatchdogOptions {
  /** Reload when the window stays unresponsive this long (a busy page may recover by itself). */
  unresponsiveMs?: number;
  /** Reload when the page sends no heartbeat for this long. */
  heartbeatTimeoutMs?: number;
  /** After a (re)load the page gets this long to send its first heartbeat. */
  startupGraceMs?: number;
  /** Reload when, in the room, no media came in or went out for this long (kiosk option mediaSilenceSeconds). */
  mediaSilenceMs: number;
  /** The first reload is immediate; further ones wait initialMs, doubling up to maxMs… */
  reloadSpacing?: { initialMs: number; maxMs: number };
  /** …until the page has been healthy (heartbeats) for this long after a reload. */
  healthyResetMs?: number;
  checkIntervalMs?: number;
}

export class Watchdog {
  readonly #window: KioskWindow;
  readonly #status: KioskStatus;
  readonly #unresponsiveMs: number;
  readonly #heartbeatTimeoutMs: number;
  readonly #startupGraceMs: number;
  readonly #mediaSilenceMs: number;
  readonly #healthyResetMs: number;
  readonly #checkIntervalMs: number;
  readonly #spacing: Backoff;
  readonly #unsubscribes: Unsubscribe[] = [];
  #interval: ReturnType<typeof setInterval> | undefined;
  #reloadTimer: ReturnType<typeof setTimeout> | undefined;
  #reloadPending = false;
  #reloadsSinceHealthy = 0;
  #loadedAt = 0;
  #lastHeartbeatAt: number | null = null;
  #unresponsiveSince: number | null = null;
  #mediaOkAt = { incoming: 0, outgoing: 0 };
  /**
   * The page's latest word per direction. Silence is only judged from a page that says nothing flowed: a page that
   * stopped reporting altogether is hung or gone, which the heartbeat and unresponsive checks name correctly.
   */
  #latestMedia: MediaFlowReport = { incoming: null, outgoing: null };

  constructor(window: KioskWindow, status: KioskStatus, options: WatchdogOptions) {
    this.#window = window;
    this.#status = status;
    this.#unresponsiveMs = options.unresponsiveMs ?? 10_000;
    this.#heartbeatTimeoutMs = options.heartbeatTimeoutMs ?? 15_000;
    this.#startupGraceMs = options.startupGraceMs ?? 30_000;
    this.#mediaSilenceMs = options.mediaSilenceMs;
    this.#healthyResetMs = options.healthyResetMs ?? 60_000;
    this.#checkIntervalMs = options.checkIntervalMs ?? 1_000;
    const spacing = options.reloadSpacing ?? { initialMs: 5_000, maxMs: 5 * 60_000 };
    this.#spacing = new Backoff({ ...spacing, jitter: 0, maxAttempts: Infinity });
  }

  start(): void {
    this.#loadedAt = Date.now();
    this.#mediaOkAt = { incoming: this.#loadedAt, outgoing: this.#loadedAt };
    this.#unsubscribes.push(
      this.#window.onCrashed((reason) => this.#requestReload(`renderer crashed (${reason})`)),
      this.#window.onLoadFailed((reason) => this.#requestReload(`page failed to load (${reason})`)),
      this.#window.onUnresponsive(() => {
        this.#unresponsiveSince ??= Date.now();
        this.#status.reportError('renderer unresponsive');
      }),
      this.#window.onResponsive(() => {
        this.#unresponsiveSince = null;
      }),
    );
    this.#interval = setInterval(() => this.#check(), this.#checkIntervalMs);
  }

  stop(): void {
    for (const unsubscribe of this.#unsubscribes.splice(0)) unsubscribe();
    clearInterval(this.#interval);
    clearTimeout(this.#reloadTimer);
  }

  /** The page is alive (sent by the renderer every few seconds). */
  heartbeat(): void {
    const now = Date.now();
    this.#lastHeartbeatAt = now;
    if (this.#reloadsSinceHealthy > 0 && !this.#reloadPending && now - this.#loadedAt >= this.#healthyResetMs) {
      this.#reloadsSinceHealthy = 0;
      this.#spacing.reset();
    }
  }

  reportMedia(report: MediaFlowReport): void {
    const now = Date.now();
    if (report.incoming !== false) this.#mediaOkAt.incoming = now;
    if (report.outgoing !== false) this.#mediaOkAt.outgoing = now;
    this.#latestMedia = report;
    this.#status.setMediaFlowing({ incoming: report.incoming === true, outgoing: report.outgoing === true });
  }

  #check(): void {
    if (this.#reloadPending) return;
    const now = Date.now();
    if (this.#unresponsiveSince !== null && now - this.#unresponsiveSince >= this.#unresponsiveMs) {
      return this.#requestReload(`renderer unresponsive for ${seconds(now - this.#unresponsiveSince)}`);
    }
    const heartbeatDeadline = this.#lastHeartbeatAt === null ? this.#loadedAt + this.#startupGraceMs : this.#lastHeartbeatAt + this.#heartbeatTimeoutMs;
    if (now >= heartbeatDeadline) {
      return this.#requestReload(`no heartbeat for ${seconds(now - (this.#lastHeartbeatAt ?? this.#loadedAt))}`);
    }
    // Media is only expected in the room: while joining or offline the silence clock does not run.
    if (this.#status.state !== 'in-room') {
      this.#mediaOkAt = { incoming: now, outgoing: now };
      return;
    }
    for (const direction of ['incoming', 'outgoing'] as const) {
      if (this.#latestMedia[direction] !== false) continue;
      const silent = now - this.#mediaOkAt[direction];
      if (silent >= this.#mediaSilenceMs) return this.#requestReload(`no ${direction} media for ${seconds(silent)}`);
    }
  }

  #requestReload(reason: string): void {
    if (this.#reloadPending) return;
    this.#reloadPending = true;
    const delay = this.#reloadsSinceHealthy++ === 0 ? 0 : (this.#spacing.next() ?? 0);
    this.#status.reportError(reason);
    this.#status.transition('reloading', delay === 0 ? reason : `${reason}; reload in ${seconds(delay)} (reloads are spaced out)`);
    this.#reloadTimer = setTimeout(() => void this.#reload(), delay);
  }

  async #reload(): Promise<void> {
    try {
      await this.#window.reload();
    } catch (error) {
      this.#status.reportError(`reload failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    const now = Date.now();
    this.#loadedAt = now;
    this.#lastHeartbeatAt = null;
    this.#unresponsiveSince = null;
    this.#mediaOkAt = { incoming: now, outgoing: now };
    this.#latestMedia = { incoming: null, outgoing: null };
    this.#reloadPending = false;
  }
}

function seconds(ms: number): string {
  return `${Math.round(ms / 1000)} s`;
}
