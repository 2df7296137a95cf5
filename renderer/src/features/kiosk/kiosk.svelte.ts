/**
 * The kiosk: joins its room with no click and stays there. It asks main for its settings and a fresh token for every
 * attempt, picks devices by pattern, and shows the room, the offline screen (reason and the next retry) or the
 * configuration error. Join failures are retried for ever with exponential back-off and jitter (capped at 30 s);
 * inside the room the library reconnects and rejoins by itself (unboundedReconnect). Every state goes to main
 * (kiosk:status) and a heartbeat with media figures every 2 s feeds main's watchdog.
 */
import { untrack } from 'svelte';
import { Backoff } from '../../../../common/backoff';
import type { DetectedGeneration } from '../../../../common/api-contract';
import type { KioskPageConfig, KioskPageSettings, KioskPageState } from '../../../../common/kiosk/kiosk-contract';
import { describeError } from '../../lib/errors';
import { ApiCallError, type HostApi } from '../../platform/api';
import type { CallSession } from '../call/call-session.svelte';
import { createCallSession } from '../join/call-session-factory';
import type { JoinTarget } from '../join/join-target';
import { chooseKioskDevices, listLabelledDevices, type KioskDevices } from './kiosk-devices';
import { MediaMeter } from './media-meter';

export type KioskView =
  | { kind: 'starting' }
  | { kind: 'config-error'; key: string; message: string }
  | { kind: 'offline'; reason: string; retryAt: number; attempt: number }
  | { kind: 'room'; session: CallSession };

/** Join retries: 1 s, 2 s, 4 s … capped at 30 s, ±30 % so a building full of kiosks does not return in lock step. */
export const KIOSK_RETRY = { initialMs: 1_000, maxMs: 30_000, jitter: 0.3, maxAttempts: Infinity } as const;
const HEARTBEAT_MS = 2_000;
/** A devicechange is followed by LocalDevices' own fallback first; the patterns are applied after it. */
const DEVICE_SETTLE_MS = 300;

export class KioskController {
  view = $state.raw<KioskView>({ kind: 'starting' });
  settings = $state.raw<KioskPageSettings | null>(null);
  /** Peer connections the room holds (for the status figures and the e2e's "no leaked connections"). */
  peerConnections = $state(0);

  readonly #host: HostApi;
  readonly #backoff = new Backoff(KIOSK_RETRY);
  readonly #meter = new MediaMeter();
  #target: JoinTarget | null = null;
  #devices: KioskDevices | null = null;
  #session: CallSession | null = null;
  #stopWatch: (() => void) | null = null;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #heartbeatTimer: ReturnType<typeof setInterval> | undefined;
  #deviceTimer: ReturnType<typeof setTimeout> | undefined;
  #reported: KioskPageState | null = null;
  #disposed = false;
  readonly #onDeviceChange = () => {
    clearTimeout(this.#deviceTimer);
    this.#deviceTimer = setTimeout(() => void this.#followPatterns(), DEVICE_SETTLE_MS);
  };

  constructor(host: HostApi) {
    this.#host = host;
  }

  start(config: Exclude<KioskPageConfig, { mode: 'off' }>): void {
    if (config.mode === 'error') {
      this.view = { kind: 'config-error', key: config.key, message: config.message };
      return;
    }
    this.settings = config.settings;
    this.#target = kioskJoinTarget(config.settings, this.#host);
    navigator.mediaDevices.addEventListener('devicechange', this.#onDeviceChange);
    this.#heartbeatTimer = setInterval(() => void this.#heartbeat(), HEARTBEAT_MS);
    void this.#heartbeat();
    void this.#attempt();
  }

  dispose(): void {
    this.#disposed = true;
    clearTimeout(this.#retryTimer);
    clearTimeout(this.#deviceTimer);
    clearInterval(this.#heartbeatTimer);
    navigator.mediaDevices.removeEventListener('devicechange', this.#onDeviceChange);
    void this.#dropSession();
  }

  /** One join: a fresh token, the devices the patterns name, a new call session. */
  async #attempt(): Promise<void> {
    const target = this.#target;
    if (!target || this.#disposed) return;
    this.#report('joining');
    try {
      const token = await target.freshToken();
      const devices = chooseKioskDevices(await listLabelledDevices(), this.settings!);
      this.#devices = devices;
      const session = createCallSession(
        target,
        token,
        {
          stream: null,
          withCamera: devices.cameraId !== null,
          withMicrophone: devices.microphoneId !== null,
          cameraId: devices.cameraId,
          microphoneId: devices.microphoneId,
          speakerId: devices.speakerId,
        },
        // The room display shows who is there; there is nobody at the screen reader to announce to.
        { host: this.#host, announce: () => undefined, unboundedReconnect: true },
      );
      this.#session = session;
      this.view = { kind: 'room', session };
      // Watched from the start: the session is in the room (and the status says so) once the join is granted, while
      // its own publication is still being set up — people are already on screen by then.
      const joining = { done: false };
      this.#watch(session, joining);
      await session.start();
      joining.done = true;
      if (this.#disposed || this.#session !== session) return;
      if (session.phase === 'failed') throw session.failure ?? new Error('The join failed');
      this.#backoff.reset();
    } catch (error) {
      if (this.#disposed) return;
      await this.#dropSession();
      this.#goOffline(error);
    }
  }

  /**
   * In the room the library handles drops and restarts; a call that still ends (failed) starts the retries again — once
   * the join is done: a join that fails is the attempt's own error (offline with its reason), not handled twice.
   */
  #watch(session: CallSession, joining: { readonly done: boolean }): void {
    this.#stopWatch = $effect.root(() => {
      $effect(() => {
        const phase = session.phase;
        untrack(() => {
          if (phase === 'connected') this.#report('in-room');
          else if (phase === 'reconnecting') this.#report('reconnecting');
          else if (phase === 'failed' && joining.done) {
            const failure = session.failure;
            void this.#dropSession().then(() => this.#goOffline(failure ?? new Error('The call ended')));
          }
        });
      });
    });
  }

  #goOffline(error: unknown): void {
    const delay = this.#backoff.next() ?? KIOSK_RETRY.maxMs;
    const reason = describeError(error);
    this.view = { kind: 'offline', reason: reason.message, retryAt: Date.now() + delay, attempt: this.#backoff.attempt };
    this.#report('offline', englishReason(error));
    clearTimeout(this.#retryTimer);
    this.#retryTimer = setTimeout(() => void this.#attempt(), delay);
  }

  async #dropSession(): Promise<void> {
    this.#stopWatch?.();
    this.#stopWatch = null;
    const session = this.#session;
    this.#session = null;
    if (session && session.phase !== 'left') await session.leave().catch(() => undefined);
  }

  /** State changes only (main's history keeps each one); reconnecting/offline with a reason each time. */
  #report(state: KioskPageState, reason?: string): void {
    if (state === this.#reported && reason === undefined) return;
    this.#reported = state;
    this.#host.call('kiosk:status', reason === undefined ? { state } : { state, reason: reason.slice(0, 500) }).catch(() => undefined);
  }

  async #heartbeat(): Promise<void> {
    const session = this.#session;
    const inRoom = session !== null && session.phase === 'connected';
    this.peerConnections = session?.livePeerConnections ?? 0;
    const media = inRoom
      ? this.#meter.sample(
          {
            remotes: session.remotes,
            localQuality: session.localQuality,
            sending: session.media.cameraOn || session.media.microphoneOn,
          },
          decodedRemoteFrames(),
        )
      : { inbound: null, outbound: null };
    const devices = this.#devices?.status;
    await this.#host.call('kiosk:heartbeat', devices ? { media, devices } : { media }).catch(() => undefined);
  }

  /** A device came or went: take the ones the patterns name again (LocalDevices already fell back to another). */
  async #followPatterns(): Promise<void> {
    const session = this.#session;
    const settings = this.settings;
    if (!session || !settings || this.#disposed) return;
    const devices = chooseKioskDevices(await navigator.mediaDevices.enumerateDevices(), settings);
    this.#devices = devices;
    const media = session.media;
    if (devices.cameraId && devices.cameraId !== media.cameraId && media.cameraOn) await media.selectCamera(devices.cameraId);
    if (devices.microphoneId && devices.microphoneId !== media.microphoneId) await media.selectMicrophone(devices.microphoneId);
    if (devices.speakerId !== media.speakerId) media.selectSpeaker(devices.speakerId ?? '');
  }
}

/** The kiosk's join target: main picks server, role and name for every token; a detected generation is kept for rejoins. */
function kioskJoinTarget(settings: KioskPageSettings, host: HostApi): JoinTarget {
  let known: DetectedGeneration | null = settings.knownGeneration;
  return {
    room: settings.room,
    displayName: settings.displayName,
    generation: settings.generation,
    get knownGeneration() {
      return known;
    },
    allowSelfSigned: settings.allowSelfSigned,
    freshToken: () => host.call('kiosk:token'),
    rememberGeneration: (generation) => (known = generation),
  };
}

/** The host's or the library's English explanation, for the administrator's status endpoint. */
function englishReason(error: unknown): string {
  if (error instanceof ApiCallError) return error.data.message;
  return error instanceof Error ? error.message : String(error);
}

/** Frames decoded so far by the room display's remote videos (KioskTile marks them). */
function decodedRemoteFrames(): number {
  let frames = 0;
  for (const video of document.querySelectorAll<HTMLVideoElement>('video[data-kiosk-remote]')) frames += video.getVideoPlaybackQuality().totalVideoFrames;
  return frames;
}
