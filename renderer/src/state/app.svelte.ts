/**
 * Application state: the host API, the config snapshot from main, the current screen and the live-region
 * announcement. Screens read it and call its methods; nothing else talks to the host for config.
 */
import type { AppConfig, ConfigNotice, ConfigPatch, CreatedToken, DetectedGeneration, Language, ServerProfile } from '../../../common/api-contract';
import type { Room } from '../licode/index';
import { i18n } from '../i18n/i18n.svelte';
import { createHostApi, type HostApi } from '../platform/api';
import { detectBridge } from '../platform/bridge';

/** What the pre-join screen hands to the call view. */
export interface JoinRequest {
  profile: ServerProfile;
  room: string;
  displayName: string;
  token: CreatedToken;
  withCamera: boolean;
  withMicrophone: boolean;
  cameraId: string | null;
  microphoneId: string | null;
  speakerId: string | null;
  /** Pre-join's live stream, handed over so the call starts without asking for devices again. */
  stream: MediaStream | null;
  /** The room pre-join already joined with `token` (null: the call joins itself). */
  preparedRoom: Room | null;
}

export type Route =
  | { name: 'loading' }
  | { name: 'no-host' }
  | { name: 'first-run' }
  | { name: 'home' }
  | { name: 'settings' }
  | { name: 'server-form'; profileId: string | null }
  | { name: 'prejoin'; profileId: string; room: string }
  | { name: 'call'; join: JoinRequest };

export interface Announcement {
  id: number;
  text: string;
}

/** How many recent messages the live region keeps, and for how long (long enough to be read, short enough to stay small). */
const MAX_ANNOUNCEMENTS = 3;
const ANNOUNCEMENT_MS = 15_000;

class AppState {
  api: HostApi | null = null;
  config = $state<AppConfig | null>(null);
  notice = $state<ConfigNotice | null>(null);
  route = $state<Route>({ name: 'loading' });
  /**
   * The polite live region's messages (saves, removals, joins). Each is its own element so messages made in the same
   * moment ("Grace joined." and "Bot 1 left.") are all read out instead of replacing each other.
   */
  announcements = $state<Announcement[]>([]);
  #announcementSeq = 0;

  readonly activeProfile = $derived.by(() => {
    const config = this.config;
    if (!config) return null;
    return config.profiles.find((p) => p.id === config.activeProfileId) ?? config.profiles[0] ?? null;
  });

  async start(): Promise<void> {
    const bridge = detectBridge();
    if (!bridge) {
      this.route = { name: 'no-host' };
      return;
    }
    const api = createHostApi(bridge);
    this.api = api;
    api.on('config:changed', (config) => this.applyConfig(config));
    const snapshot = await api.call('config:get');
    this.notice = snapshot.notice;
    // The first screen shows in the person's language, not in English for the moment its messages take to load.
    await i18n.setLocale(snapshot.config.language).catch((error: unknown) => console.warn('Loading the language failed', error));
    this.applyConfig(snapshot.config);
    this.route = snapshot.config.profiles.length === 0 ? { name: 'first-run' } : { name: 'home' };
  }

  private applyConfig(config: AppConfig): void {
    this.config = config;
    if (config.language !== i18n.locale) void i18n.setLocale(config.language).catch((error: unknown) => console.warn('Loading the language failed', error));
  }

  /** The host API; screens are only shown once start() succeeded, so it is always there for them. */
  get host(): HostApi {
    if (!this.api) throw new Error('Licode Desktop host API used before start()');
    return this.api;
  }

  async setLanguage(language: Language): Promise<void> {
    await i18n.setLocale(language);
    this.applyConfig(await this.host.call('config:update', { language }));
  }

  async dismissNotice(): Promise<void> {
    this.notice = null;
    await this.host.call('config:dismissNotice');
  }

  async update(patch: ConfigPatch): Promise<void> {
    this.applyConfig(await this.host.call('config:update', patch));
  }

  /**
   * Stores the generation a join detected for a profile, so later joins skip the probe. Best effort: if it cannot be
   * saved, the next join simply detects again.
   */
  async rememberGeneration(profileId: string, generation: DetectedGeneration): Promise<void> {
    try {
      this.applyConfig(await this.host.call('profiles:rememberGeneration', { profileId, generation }));
    } catch (error) {
      console.warn('Could not remember the Licode generation of this server', error);
    }
  }

  announce(message: string): void {
    // A new element is an addition, so an identical message is read again too. Old ones go: they were read.
    const id = ++this.#announcementSeq;
    this.announcements = [...this.announcements, { id, text: message }].slice(-MAX_ANNOUNCEMENTS);
    setTimeout(() => (this.announcements = this.announcements.filter((a) => a.id !== id)), ANNOUNCEMENT_MS);
  }

  go(route: Route): void {
    this.route = route;
  }

  setConfig(config: AppConfig): void {
    this.applyConfig(config);
  }
}

export const app = new AppState();
