import { describe, expect, it } from 'vitest';
import type { AppConfig, ConfigPatch, Language } from '../../../../common/api-contract';
import { SettingsState, type ConfigHolder } from './settings.svelte';

const config: AppConfig = {
  version: 3,
  language: 'en',
  profiles: [],
  activeProfileId: null,
  recentRooms: [],
  preferredDevices: { cameraId: 'cam-1' },
  displayName: '',
  joinWithCamera: true,
  joinWithMicrophone: true,
  media: { echoCancellation: true, noiseSuppression: 'browser', autoGainControl: true, mirrorSelfView: true, backgroundBlur: false },
  notifications: true,
};

/** The host side as main behaves: updates one after another, each merging its patch one level deep, after a delay. */
class DelayedHost implements ConfigHolder {
  config: AppConfig = structuredClone(config);
  patches: ConfigPatch[] = [];
  failNext = false;
  #queue: Promise<unknown> = Promise.resolve();

  update(patch: ConfigPatch): Promise<void> {
    this.patches.push(patch);
    const run = async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      if (this.failNext) {
        this.failNext = false;
        throw new Error('config-write-failed');
      }
      this.config = { ...this.config, ...(JSON.parse(JSON.stringify(patch)) as Partial<AppConfig>) };
    };
    const result = this.#queue.then(run);
    this.#queue = result.catch(() => undefined);
    return result;
  }

  async setLanguage(language: Language): Promise<void> {
    await this.update({ language });
  }
}

describe('SettingsState', () => {
  it('shows a media change at once and keeps both of two quick changes', async () => {
    const host = new DelayedHost();
    const settings = new SettingsState(host);
    const first = settings.updateMedia({ noiseSuppression: 'rnnoise' });
    expect(settings.media.noiseSuppression).toBe('rnnoise');
    const second = settings.updateMedia({ backgroundBlur: true });
    expect(settings.media).toMatchObject({ noiseSuppression: 'rnnoise', backgroundBlur: true });
    await Promise.all([first, second]);
    expect(host.config.media).toEqual({ ...config.media, noiseSuppression: 'rnnoise', backgroundBlur: true });
    expect(settings.media).toEqual(host.config.media);
    expect(host.patches.every((patch) => patch.media && Object.keys(patch.media).length === 5)).toBe(true);
  });

  it('keeps a failed save as its error and shows what is stored', async () => {
    const host = new DelayedHost();
    const settings = new SettingsState(host);
    host.failNext = true;
    await settings.updateMedia({ echoCancellation: false });
    expect(settings.saveError).toBeInstanceOf(Error);
    expect(settings.media.echoCancellation).toBe(true);
    await settings.setNotifications(false);
    expect(settings.saveError).toBeNull();
    expect(settings.notifications).toBe(false);
  });

  it('saves one preferred device and keeps the others; an empty id is the system default', async () => {
    const host = new DelayedHost();
    const settings = new SettingsState(host);
    await settings.setPreferredDevice('microphoneId', 'mic-2');
    expect(settings.preferredDevices).toEqual({ cameraId: 'cam-1', microphoneId: 'mic-2' });
    await settings.setPreferredDevice('cameraId', '');
    expect(settings.preferredDevices).toEqual({ microphoneId: 'mic-2' });
    await settings.setJoinWithCamera(false);
    await settings.setJoinWithMicrophone(false);
    await settings.setLanguage('zh-CN');
    expect(host.config).toMatchObject({ joinWithCamera: false, joinWithMicrophone: false, language: 'zh-CN' });
  });
});
