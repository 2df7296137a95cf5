/**
 * The kiosk in main, whichever window shows it: the resolved configuration for the page (kiosk:config), tokens for
 * the kiosk's room (kiosk:token), the page's heartbeats and state reports feeding the status model and the watchdog,
 * the PIN-guarded exit, and the status endpoint and file. Electron (main/electron/index.ts) and the web host
 * (web-host-kiosk.ts) both build one and hand it their window.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { CreatedToken, ParsedArgsOf, ResultOf, ServerProfile } from '../../common/api-contract';
import type { MediaCounters } from '../../common/kiosk/kiosk-contract';
import { ApiError } from '../ipc/api-error';
import type { CreateTokenRequest, TokenServiceOptions } from '../token/token-service';
import type { KioskConfig, KioskConfigError } from './kiosk-config';
import { PinGate } from './pin';
import { KioskStatus } from './status';
import { writeStatusFile, type StatusFile } from './status-file';
import { startStatusServer, type StatusServer } from './status-server';
import { Watchdog, type KioskWindow, type MediaFlowReport, type WatchdogOptions } from './watchdog';

export const KIOSK_CHANNELS = ['kiosk:config', 'kiosk:token', 'kiosk:heartbeat', 'kiosk:status', 'kiosk:exit'] as const;
type KioskChannel = (typeof KIOSK_CHANNELS)[number];
export type KioskHandlers = { [C in KioskChannel]: (args: ParsedArgsOf<C>) => Promise<ResultOf<C>> };

const notKiosk = async (): Promise<never> => {
  throw new ApiError('unavailable', 'This app was not started in kiosk mode (--kiosk).');
};

/** Outside kiosk mode the page learns it is no kiosk; the other kiosk calls are refused. */
export const KIOSK_OFF_HANDLERS: KioskHandlers = {
  'kiosk:config': async () => ({ mode: 'off' }),
  'kiosk:token': notKiosk,
  'kiosk:heartbeat': notKiosk,
  'kiosk:status': notKiosk,
  'kiosk:exit': notKiosk,
};

export interface KioskServiceOptions {
  /** The configuration as read (loadKioskConfig), or the one error that stops it. */
  configuration: { status: 'ok'; config: KioskConfig } | { status: 'error'; error: KioskConfigError };
  appVersion: string;
  /** The saved server profiles (a kiosk may name one by id or name). */
  profiles: () => readonly ServerProfile[];
  createToken(request: CreateTokenRequest, options: TokenServiceOptions): Promise<CreatedToken>;
  /** Where status.json goes when the configuration names no logDir. */
  defaultLogDir: string;
  /** The right PIN was typed: close the kiosk (called after the page got its answer). */
  onExit: () => void;
  log?: (message: string) => void;
}

/** Name the room shows when the configuration gives none and the profile has none either. */
const FALLBACK_NAME = 'Meeting room';

export class KioskService {
  readonly status: KioskStatus;
  readonly handlers: KioskHandlers;
  readonly #options: KioskServiceOptions;
  readonly #gate: PinGate | null;
  #watchdog: Watchdog | null = null;
  #statusServer: StatusServer | null = null;
  #statusFile: StatusFile | null = null;
  #lastCounters: { inbound: MediaCounters | null; outbound: MediaCounters | null } = { inbound: null, outbound: null };

  constructor(options: KioskServiceOptions) {
    this.#options = options;
    const { configuration } = options;
    const config = configuration.status === 'ok' ? configuration.config : null;
    this.status = new KioskStatus({ room: config?.room ?? '', appVersion: options.appVersion });
    this.#gate = config?.pinHash ? new PinGate(config.pinHash) : null;
    if (configuration.status === 'error') {
      this.status.reportError(configuration.error.message);
      this.status.transition('error', configuration.error.message);
    }
    this.handlers = {
      'kiosk:config': async () => {
        const resolved = this.#resolve();
        if ('error' in resolved) return { mode: 'error', key: resolved.error.key, message: resolved.error.message };
        const { config: kiosk, profile } = resolved;
        return {
          mode: 'on',
          settings: {
            room: kiosk.room,
            displayName: displayNameOf(kiosk, profile),
            generation: profile?.generation ?? 'auto',
            knownGeneration: profile?.detectedGeneration ?? null,
            allowSelfSigned: profile?.allowSelfSigned ?? false,
            camera: kiosk.camera ?? null,
            microphone: kiosk.microphone ?? null,
            speaker: kiosk.speaker ?? null,
            exitEnabled: this.#gate !== null,
          },
        };
      },
      'kiosk:token': async () => {
        const resolved = this.#resolve();
        if ('error' in resolved) throw new ApiError('unavailable', resolved.error.message);
        const { config: kiosk, profile } = resolved;
        const serverUrl = kiosk.server.kind === 'url' ? kiosk.server.url : profile!.serverUrl;
        return this.#options.createToken(
          { serverUrl, room: kiosk.room, username: displayNameOf(kiosk, profile), role: kiosk.role ?? profile?.defaultRole ?? 'presenter' },
          { allowSelfSigned: profile?.allowSelfSigned ?? false },
        );
      },
      'kiosk:heartbeat': async ({ media, devices }) => {
        this.#watchdog?.heartbeat();
        const report = this.#mediaReport(media);
        if (this.#watchdog) this.#watchdog.reportMedia(report);
        else this.status.setMediaFlowing({ incoming: report.incoming === true, outgoing: report.outgoing === true });
        if (devices) this.status.setDevices(devices);
        return null;
      },
      'kiosk:status': async ({ state, reason }) => {
        if (reason !== undefined && (state === 'offline' || state === 'error')) this.status.reportError(reason);
        this.status.transition(state, reason);
        return null;
      },
      'kiosk:exit': async ({ pin }) => {
        if (!this.#gate) throw new ApiError('unavailable', 'This kiosk has no exit PIN (pinHash is not configured).');
        const answer = await this.#gate.check(pin);
        if (answer.outcome === 'accepted') {
          this.#options.log?.('Kiosk exit: the right PIN was typed');
          // After the answer has gone out, so the page is not cut off mid-request.
          setTimeout(() => this.#options.onExit(), 100);
        } else {
          this.#options.log?.(`Kiosk exit refused (${answer.outcome})`);
        }
        return answer;
      },
    };
  }

  /** The status endpoint (when statusPort is set) and the status file (in logDir, else the default log folder). */
  async startMonitoring(): Promise<{ statusUrl: string | null; statusFile: string }> {
    const config = this.#options.configuration.status === 'ok' ? this.#options.configuration.config : null;
    const dir = config?.logDir ?? this.#options.defaultLogDir;
    await mkdir(dir, { recursive: true });
    const file = join(dir, 'status.json');
    this.#statusFile = writeStatusFile(this.status, file, (error) => this.#options.log?.(`Kiosk status file not written: ${String(error)}`));
    if (config?.statusPort !== undefined) this.#statusServer = await startStatusServer(this.status, config.statusPort);
    return { statusUrl: this.#statusServer ? `http://127.0.0.1:${this.#statusServer.port}/status` : null, statusFile: file };
  }

  /** Starts the watchdog over the kiosk's window (not for a configuration error: reloading would not fix it). */
  supervise(window: KioskWindow, options: Partial<WatchdogOptions> = {}): void {
    if (this.#options.configuration.status !== 'ok') return;
    const mediaSilenceMs = this.#options.configuration.config.mediaSilenceSeconds * 1000;
    this.#watchdog = new Watchdog(window, this.status, { mediaSilenceMs, ...options });
    this.#watchdog.start();
  }

  async close(): Promise<void> {
    this.#watchdog?.stop();
    await this.#statusServer?.close();
    await this.#statusFile?.stop();
  }

  #resolve(): { config: KioskConfig; profile: ServerProfile | null } | { error: { key: string; message: string } } {
    const { configuration } = this.#options;
    if (configuration.status === 'error') return { error: { key: configuration.error.key, message: configuration.error.message } };
    const config = configuration.config;
    if (config.server.kind === 'url') return { config, profile: null };
    const ref = config.server.ref;
    const profiles = this.#options.profiles();
    const profile = profiles.find((p) => p.id === ref) ?? profiles.find((p) => p.name === ref);
    if (!profile) {
      const known = profiles.map((p) => JSON.stringify(p.name)).join(', ') || 'none';
      return { error: { key: 'server', message: `Kiosk configuration: server names no saved server profile "${ref}" (saved: ${known}).` } };
    }
    return { config, profile };
  }

  /**
   * Media flowed in a direction when its counters grew since the last heartbeat. A page that reloaded starts from
   * zero again, so counters that went down are compared with zero.
   */
  #mediaReport(media: { inbound: MediaCounters | null; outbound: MediaCounters | null }): MediaFlowReport {
    const grew = (now: MediaCounters | null, before: MediaCounters | null): boolean | null => {
      if (now === null) return null;
      const base = before === null || now.bytes < before.bytes || now.frames < before.frames ? { bytes: 0, frames: 0 } : before;
      return now.bytes > base.bytes || now.frames > base.frames;
    };
    const report = { incoming: grew(media.inbound, this.#lastCounters.inbound), outgoing: grew(media.outbound, this.#lastCounters.outbound) };
    this.#lastCounters = { inbound: media.inbound, outbound: media.outbound };
    return report;
  }
}

function displayNameOf(config: KioskConfig, profile: ServerProfile | null): string {
  return config.displayName?.trim() || profile?.displayName?.trim() || FALLBACK_NAME;
}
