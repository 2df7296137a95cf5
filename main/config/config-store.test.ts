import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CONFIG_FILE, ConfigStore, nodeConfigFs, type ConfigFs } from './config-store';

const profile = {
  id: 'p1',
  name: 'Office',
  serverUrl: 'http://127.0.0.1:3001',
  generation: 'auto' as const,
  defaultRole: 'presenter' as const,
  allowSelfSigned: false,
};

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'licode-config-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function readConfigFile(): Promise<unknown> {
  return JSON.parse(await readFile(join(dir, CONFIG_FILE), 'utf8'));
}

describe('ConfigStore', () => {
  it('starts from defaults without a file and persists updates', async () => {
    const store = await ConfigStore.open(dir);
    expect(store.snapshot()).toMatchObject({ config: { version: 2, language: 'en', profiles: [] }, notice: null });
    await store.update((c) => ({ ...c, language: 'zh-CN', profiles: [profile] }));
    expect(await readConfigFile()).toMatchObject({ language: 'zh-CN', profiles: [profile] });
    const reopened = await ConfigStore.open(dir);
    expect(reopened.get().profiles).toEqual([profile]);
  });

  it('stores a remembered generation per profile; files without one (and with one it cannot read) stay valid', async () => {
    const base = {
      version: 2,
      language: 'en',
      activeProfileId: 'p1',
      recentRooms: [],
      preferredDevices: {},
      displayName: '',
      joinWithCamera: true,
      joinWithMicrophone: true,
    };
    // A version-2 file written before generations were remembered: loaded as it is, no migration notice.
    await writeFile(join(dir, CONFIG_FILE), JSON.stringify({ ...base, profiles: [profile] }));
    const store = await ConfigStore.open(dir);
    expect(store.snapshot()).toMatchObject({ config: { profiles: [profile] }, notice: null });
    await store.update((c) => ({ ...c, profiles: [{ ...profile, detectedGeneration: { dialect: 'C', socketIo: 2 } }] }));
    expect(await readConfigFile()).toMatchObject({ profiles: [{ ...profile, detectedGeneration: { dialect: 'C', socketIo: 2 } }] });
    expect((await ConfigStore.open(dir)).get().profiles[0]?.detectedGeneration).toEqual({ dialect: 'C', socketIo: 2 });
    // A value from a newer version (or edited by hand) is forgotten, the rest of the settings are kept.
    await writeFile(join(dir, CONFIG_FILE), JSON.stringify({ ...base, profiles: [{ ...profile, detectedGeneration: { dialect: 'D', socketIo: 9 } }] }));
    const reopened = await ConfigStore.open(dir);
    expect(reopened.snapshot().notice).toBeNull();
    expect(reopened.get().profiles).toEqual([profile]);
    expect(reopened.get().profiles[0]?.detectedGeneration).toBeUndefined();
    expect(JSON.stringify(reopened.get())).not.toContain('detectedGeneration');
    // And an update never writes an impossible one.
    await expect(
      reopened.update((c) => ({ ...c, profiles: [{ ...profile, detectedGeneration: { dialect: 'A', socketIo: 4 } as never }] })),
    ).resolves.toMatchObject({ profiles: [profile] });
  });

  it('keeps a corrupt file aside, loads defaults and reports it', async () => {
    await writeFile(join(dir, CONFIG_FILE), '{"version": 2, "language": "en", trunc');
    const store = await ConfigStore.open(dir);
    const { config, notice } = store.snapshot();
    expect(config.profiles).toEqual([]);
    expect(notice?.kind).toBe('reset-corrupt');
    const backup = notice && 'backupFile' in notice ? notice.backupFile : '';
    expect(await readFile(join(dir, backup), 'utf8')).toBe('{"version": 2, "language": "en", trunc');
    expect(await readdir(dir)).not.toContain(CONFIG_FILE);
    expect(store.dismissNotice().notice).toBeNull();
  });

  it('keeps a schema-invalid file aside', async () => {
    const invalid = JSON.stringify({ version: 2, language: 'fr', profiles: 'none' });
    await writeFile(join(dir, CONFIG_FILE), invalid);
    const store = await ConfigStore.open(dir);
    const notice = store.snapshot().notice;
    expect(notice?.kind).toBe('reset-invalid');
    expect(await readFile(join(dir, notice && 'backupFile' in notice ? notice.backupFile : ''), 'utf8')).toBe(invalid);
  });

  it('migrates a version 1 file and rewrites it as version 2', async () => {
    await writeFile(
      join(dir, CONFIG_FILE),
      JSON.stringify({ version: 1, lang: 'zh', servers: [{ name: 'Lab', url: 'https://licode.lab:3004', role: 'viewer' }], lastRoom: 'standup' }),
    );
    const store = await ConfigStore.open(dir);
    const { config, notice } = store.snapshot();
    expect(notice).toEqual({ kind: 'migrated', fromVersion: 1 });
    expect(config).toMatchObject({
      version: 2,
      language: 'zh-CN',
      activeProfileId: 'migrated-1',
      profiles: [{ id: 'migrated-1', name: 'Lab', serverUrl: 'https://licode.lab:3004', defaultRole: 'viewer', generation: 'auto', allowSelfSigned: false }],
      recentRooms: [{ profileId: 'migrated-1', room: 'standup' }],
    });
    expect(await readConfigFile()).toMatchObject({ version: 2, language: 'zh-CN' });
  });

  it('treats an unversioned file as version 1', async () => {
    await writeFile(join(dir, CONFIG_FILE), JSON.stringify({ lang: 'en', servers: [] }));
    const store = await ConfigStore.open(dir);
    expect(store.snapshot().notice).toEqual({ kind: 'migrated', fromVersion: 1 });
  });

  it('survives a crash between the temp write and the rename', async () => {
    const store = await ConfigStore.open(dir);
    await store.update((c) => ({ ...c, profiles: [profile] }));
    const before = await readFile(join(dir, CONFIG_FILE), 'utf8');

    // The process "dies" after the temp file is fully written but before it replaces config.json.
    const crashingFs: ConfigFs = {
      ...nodeConfigFs,
      rename: async () => {
        throw Object.assign(new Error('simulated crash'), { code: 'EIO' });
      },
      unlink: async () => undefined, // a crashed process does not clean up either
    };
    const crashing = await ConfigStore.open(dir, crashingFs);
    await expect(crashing.update((c) => ({ ...c, language: 'zh-CN' }))).rejects.toThrow('simulated crash');
    expect(crashing.get().language).toBe('en');
    expect(await readFile(join(dir, CONFIG_FILE), 'utf8')).toBe(before);
    expect((await readdir(dir)).some((name) => name.endsWith('.tmp'))).toBe(true);

    // Next start: the old config loads intact and the orphaned temp file is swept.
    const restarted = await ConfigStore.open(dir);
    expect(restarted.snapshot()).toMatchObject({ config: { language: 'en', profiles: [profile] }, notice: null });
    expect(await readdir(dir)).toEqual([CONFIG_FILE]);
  });

  it('serialises concurrent updates so none is lost', async () => {
    const store = await ConfigStore.open(dir);
    const updates = Array.from({ length: 25 }, (_, i) =>
      store.update((c) => ({
        ...c,
        recentRooms: [...c.recentRooms, { profileId: 'p1', room: `room-${i}`, lastJoinedAt: new Date().toISOString() }].slice(-20),
      })),
    );
    await Promise.all(updates);
    const rooms = store.get().recentRooms.map((r) => r.room);
    expect(rooms).toEqual(Array.from({ length: 20 }, (_, i) => `room-${i + 5}`));
    expect((await readConfigFile()) as { recentRooms: unknown[] }).toMatchObject({ recentRooms: rooms.map((room) => ({ room })) });
  });

  it('rejects an invalid update and keeps going with the next one', async () => {
    const store = await ConfigStore.open(dir);
    const bad = store.update((c) => ({ ...c, language: 'fr' as 'en' }));
    const good = store.update((c) => ({ ...c, displayName: 'Ada' }));
    await expect(bad).rejects.toThrow();
    await expect(good).resolves.toMatchObject({ language: 'en', displayName: 'Ada' });
  });

  it('notifies listeners after a successful update', async () => {
    const store = await ConfigStore.open(dir);
    const seen: string[] = [];
    store.onChange((c) => seen.push(c.displayName));
    await store.update((c) => ({ ...c, displayName: 'Grace' }));
    expect(seen).toEqual(['Grace']);
  });
});
