/**
 * What the kiosk is doing, for the administrator: the status endpoint (status-server.ts) and the status file
 * (status-file.ts) both serve snapshot(). The watchdog and the renderer's join service report into it.
 */

export const KIOSK_STATES = ['starting', 'joining', 'in-room', 'reconnecting', 'offline', 'reloading', 'error'] as const;
export type KioskState = (typeof KIOSK_STATES)[number];

export interface KioskDeviceStatus {
  label: string;
  /** false: the configured pattern matched nothing and the default device is used meanwhile. */
  matched: boolean;
}

export interface KioskTransition {
  state: KioskState;
  at: string;
  reason?: string;
}

export interface KioskStatusSnapshot {
  state: KioskState;
  room: string;
  since: string;
  lastError: { message: string; at: string } | null;
  reconnectCount: number;
  reloadCount: number;
  devices: { camera: KioskDeviceStatus | null; microphone: KioskDeviceStatus | null; speaker: KioskDeviceStatus | null };
  mediaFlowing: { incoming: boolean; outgoing: boolean };
  appVersion: string;
  history: KioskTransition[];
}

/** Error texts come from servers and exceptions; they are cut so one cannot bloat every status response. */
const MAX_TEXT = 500;
const clip = (text: string) => (text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text);

export interface KioskStatusOptions {
  room: string;
  appVersion: string;
  /** Transitions kept (oldest dropped first), so a kiosk reconnecting for weeks keeps a bounded history. */
  historyLimit?: number;
  now?: () => Date;
}

export class KioskStatus {
  readonly #room: string;
  readonly #appVersion: string;
  readonly #historyLimit: number;
  readonly #now: () => Date;
  readonly #listeners = new Set<(snapshot: KioskStatusSnapshot) => void>();
  #state: KioskState = 'starting';
  #since: string;
  #lastError: KioskStatusSnapshot['lastError'] = null;
  #reconnectCount = 0;
  #reloadCount = 0;
  #devices: KioskStatusSnapshot['devices'] = { camera: null, microphone: null, speaker: null };
  #media = { incoming: false, outgoing: false };
  readonly #history: KioskTransition[] = [];

  constructor(options: KioskStatusOptions) {
    this.#room = options.room;
    this.#appVersion = options.appVersion;
    this.#historyLimit = Math.max(1, options.historyLimit ?? 100);
    this.#now = options.now ?? (() => new Date());
    this.#since = this.#now().toISOString();
    this.#history.push({ state: 'starting', at: this.#since });
  }

  get state(): KioskState {
    return this.#state;
  }

  /** Records a state change (a repeated state with a new reason is recorded too: "reconnecting" twice is two attempts). */
  transition(state: KioskState, reason?: string): void {
    const at = this.#now().toISOString();
    if (state !== this.#state) this.#since = at;
    if (state === 'reconnecting') this.#reconnectCount++;
    if (state === 'reloading') this.#reloadCount++;
    if (state !== 'in-room') this.#media = { incoming: false, outgoing: false };
    this.#state = state;
    this.#history.push(reason === undefined ? { state, at } : { state, at, reason: clip(reason) });
    if (this.#history.length > this.#historyLimit) this.#history.splice(0, this.#history.length - this.#historyLimit);
    this.#changed();
  }

  reportError(message: string): void {
    this.#lastError = { message: clip(message), at: this.#now().toISOString() };
    this.#changed();
  }

  setDevices(devices: Partial<KioskStatusSnapshot['devices']>): void {
    this.#devices = { ...this.#devices, ...devices };
    this.#changed();
  }

  setMediaFlowing(media: { incoming: boolean; outgoing: boolean }): void {
    if (media.incoming === this.#media.incoming && media.outgoing === this.#media.outgoing) return;
    this.#media = { ...media };
    this.#changed();
  }

  snapshot(): KioskStatusSnapshot {
    return {
      state: this.#state,
      room: this.#room,
      since: this.#since,
      lastError: this.#lastError,
      reconnectCount: this.#reconnectCount,
      reloadCount: this.#reloadCount,
      devices: { ...this.#devices },
      mediaFlowing: { ...this.#media },
      appVersion: this.#appVersion,
      history: this.#history.map((entry) => ({ ...entry })),
    };
  }

  onChange(listener: (snapshot: KioskStatusSnapshot) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #changed(): void {
    const snapshot = this.snapshot();
    for (const listener of this.#listeners) {
      try {
        listener(snapshot);
      } catch {
        // A failing observer (a full disk for the status file) must not stop the others or the caller.
      }
    }
  }
}
