/**
 * The Settings screen's values: audio processing, mirror and blur (`media`), notifications, joining with the camera or
 * microphone off, the language and the preferred devices. They live in config.json (main's config store); this module
 * reads them from the app's config snapshot and saves each change through config:update, so every screen and the call
 * see one value. A change shows at once (before main has written it) and a failed save is kept as `saveError`.
 */
import type { AppConfig, ConfigPatch, Language, MediaSettings, PreferredDevices } from '../../../../common/api-contract';
import { app } from '../../state/app.svelte';

/** What this module needs of the app state: the config snapshot and a way to save a patch of it. */
export interface ConfigHolder {
  readonly config: AppConfig | null;
  update(patch: ConfigPatch): Promise<void>;
  setLanguage(language: Language): Promise<void>;
}

export class SettingsState {
  /**
   * The media group as last asked for, until main confirms it: two quick changes each build on the one before (main
   * stores whole groups, one update after another, so the last one asked for is what ends up on disk).
   */
  #wantedMedia = $state<MediaSettings | null>(null);
  /** The last save that failed (the value shown then is what is on disk), null after a save that worked. */
  saveError = $state<unknown>(null);

  constructor(private readonly holder: ConfigHolder) {}

  get media(): MediaSettings {
    return this.#wantedMedia ?? this.#config.media;
  }

  /** Whether your own video shows mirrored; also asked where no settings are loaded (the kiosk), hence the fallback. */
  get mirrorSelfView(): boolean {
    return this.#wantedMedia?.mirrorSelfView ?? this.holder.config?.media.mirrorSelfView ?? true;
  }

  get notifications(): boolean {
    return this.#config.notifications;
  }

  get joinWithCamera(): boolean {
    return this.#config.joinWithCamera;
  }

  get joinWithMicrophone(): boolean {
    return this.#config.joinWithMicrophone;
  }

  get language(): Language {
    return this.#config.language;
  }

  get preferredDevices(): PreferredDevices {
    return this.#config.preferredDevices;
  }

  /** Changes some of the media settings, keeping the others. */
  async updateMedia(change: Partial<MediaSettings>): Promise<void> {
    const next = { ...this.media, ...change };
    this.#wantedMedia = next;
    try {
      await this.#save({ media: next });
    } finally {
      if (this.#wantedMedia === next) this.#wantedMedia = null;
    }
  }

  setNotifications(on: boolean): Promise<void> {
    return this.#save({ notifications: on });
  }

  setJoinWithCamera(on: boolean): Promise<void> {
    return this.#save({ joinWithCamera: on });
  }

  setJoinWithMicrophone(on: boolean): Promise<void> {
    return this.#save({ joinWithMicrophone: on });
  }

  async setLanguage(language: Language): Promise<void> {
    try {
      await this.holder.setLanguage(language);
      this.saveError = null;
    } catch (error) {
      this.saveError = error;
    }
  }

  /** Remembers the device to use from now on; an empty id means the system's default. */
  setPreferredDevice(kind: keyof PreferredDevices, deviceId: string): Promise<void> {
    return this.#save({ preferredDevices: { ...this.preferredDevices, [kind]: deviceId || undefined } });
  }

  get #config(): AppConfig {
    const config = this.holder.config;
    if (!config) throw new Error('Settings read before the configuration was loaded');
    return config;
  }

  async #save(patch: ConfigPatch): Promise<void> {
    try {
      await this.holder.update(patch);
      this.saveError = null;
    } catch (error) {
      this.saveError = error;
    }
  }
}

export const settings = new SettingsState(app);
