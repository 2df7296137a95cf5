/**
 * The Settings screen's values in config.json (version 3): the migration from version 2, reading odd values one by
 * one, and the config:update channel that stores them, through the real dispatcher and a real store in a temp dir.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CONFIG_VERSION, type ApiResult, type AppConfig } from '../../common/api-contract';
import { createDispatcher } from '../ipc/dispatcher';
import { createHandlers } from '../ipc/handlers';
import { testHandlerDeps } from '../ipc/test-handler-deps';
import { CONFIG_FILE, ConfigStore } from './config-store';
import { defaultMediaSettings } from './defaults';
import { migrate } from './migrations';

const profile = { id: 'p1', name: 'Office', serverUrl: 'http://127.0.0.1:3001', generation: 'auto', defaultRole: 'presenter', allowSelfSigned: false };
const version2 = {
  version: 2,
  language: 'zh-CN',
  profiles: [profile],
  activeProfileId: 'p1',
  recentRooms: [],
  preferredDevices: { microphoneId: 'mic-1' },
  displayName: 'Ada',
  joinWithCamera: false,
  joinWithMicrophone: true,
};
const strong = { echoCancellation: false, noiseSuppression: 'rnnoise', autoGainControl: false, mirrorSelfView: false, backgroundBlur: true } as const;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'licode-media-settings-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('config version 3: media settings and notifications', () => {
  it('is the current version, and new installs get the defaults (browser noise suppression, blur off)', async () => {
    expect(CONFIG_VERSION).toBe(3);
    const config = (await ConfigStore.open(dir)).get();
    expect(config.media).toEqual({ echoCancellation: true, noiseSuppression: 'browser', autoGainControl: true, mirrorSelfView: true, backgroundBlur: false });
    expect(config.notifications).toBe(true);
  });

  it('migrates a version 2 object: adds the defaults and keeps everything else', () => {
    const result = migrate(version2);
    expect(result).toEqual({
      kind: 'current',
      fromVersion: 2,
      data: { ...version2, version: 3, media: defaultMediaSettings(), notifications: true },
    });
  });

  it('migrates version 1 through 2 to 3', () => {
    const result = migrate({ version: 1, lang: 'zh', servers: [{ name: 'Lab', url: 'https://licode.lab:3004' }] });
    expect(result?.kind).toBe('current');
    expect(result?.data).toMatchObject({ version: 3, language: 'zh-CN', media: defaultMediaSettings(), notifications: true });
  });

  it('opens a version 2 file, says it was migrated and rewrites it as version 3 once', async () => {
    await writeFile(join(dir, CONFIG_FILE), JSON.stringify(version2));
    const store = await ConfigStore.open(dir);
    expect(store.snapshot().notice).toEqual({ kind: 'migrated', fromVersion: 2 });
    expect(store.get()).toMatchObject({ language: 'zh-CN', displayName: 'Ada', joinWithCamera: false, preferredDevices: { microphoneId: 'mic-1' } });
    const written = JSON.parse(await readFile(join(dir, CONFIG_FILE), 'utf8')) as AppConfig;
    expect(written).toMatchObject({ version: 3, media: defaultMediaSettings(), notifications: true, profiles: [profile] });
    expect((await ConfigStore.open(dir)).snapshot().notice).toBeNull();
  });

  it('resets only the unreadable media values, counting each', async () => {
    const media = { ...strong, noiseSuppression: 'krisp', autoGainControl: 'yes', futureSetting: 1 };
    await writeFile(join(dir, CONFIG_FILE), JSON.stringify({ ...version2, version: 3, media, notifications: 'sometimes' }));
    const store = await ConfigStore.open(dir);
    expect(store.snapshot().notice).toMatchObject({ kind: 'entries-dropped', count: 3 });
    expect(store.get().media).toEqual({ ...strong, noiseSuppression: 'browser', autoGainControl: true });
    expect(store.get().notifications).toBe(true);
  });

  it('a media group that is not an object at all falls back to the defaults', async () => {
    await writeFile(join(dir, CONFIG_FILE), JSON.stringify({ ...version2, version: 3, media: ['rnnoise'], notifications: false }));
    const store = await ConfigStore.open(dir);
    expect(store.snapshot().notice).toMatchObject({ kind: 'entries-dropped', count: 1 });
    expect(store.get()).toMatchObject({ media: defaultMediaSettings(), notifications: false });
  });
});

describe('config:update with the Settings screen’s values', () => {
  async function dispatcher() {
    const deps = await testHandlerDeps(dir);
    return { deps, dispatch: createDispatcher(createHandlers(deps), { logError: () => {} }) };
  }

  it('stores the whole media group and notifications, and they survive reopening', async () => {
    const { dispatch } = await dispatcher();
    const result = (await dispatch('config:update', { media: strong, notifications: false })) as ApiResult<AppConfig>;
    expect(result).toMatchObject({ ok: true, value: { media: strong, notifications: false } });
    expect((await ConfigStore.open(dir)).get()).toMatchObject({ media: strong, notifications: false });
  });

  it('refuses a partial group, an unknown mode and an unknown key, changing nothing', async () => {
    const { deps, dispatch } = await dispatcher();
    for (const patch of [
      { media: { noiseSuppression: 'rnnoise' } },
      { media: { ...strong, noiseSuppression: 'strong' } },
      { media: { ...strong, evil: true } },
      { notifications: 'yes' },
    ]) {
      const result = await dispatch('config:update', patch);
      expect(result.ok, JSON.stringify(patch)).toBe(false);
      if (!result.ok) expect(result.error.code).toBe('invalid-arguments');
    }
    expect(deps.config.get().media).toEqual(defaultMediaSettings());
  });
});
