import { execFile, execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { mkdir, mkdtemp, open, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CONFIG_VERSION, type ConfigNotice } from '../../common/api-contract';
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

const backupOf = (notice: ConfigNotice | null): string => (notice && 'backupFile' in notice && notice.backupFile ? notice.backupFile : '');

async function readConfigFile(): Promise<unknown> {
  return JSON.parse(await readFile(join(dir, CONFIG_FILE), 'utf8'));
}

describe('ConfigStore', () => {
  it('starts from defaults without a file and persists updates', async () => {
    const store = await ConfigStore.open(dir);
    expect(store.snapshot()).toMatchObject({ config: { version: 3, language: 'en', profiles: [] }, notice: null });
    await store.update((c) => ({ ...c, language: 'zh-CN', profiles: [profile] }));
    expect(await readConfigFile()).toMatchObject({ language: 'zh-CN', profiles: [profile] });
    const reopened = await ConfigStore.open(dir);
    expect(reopened.get().profiles).toEqual([profile]);
  });

  it('stores a remembered generation per profile; files without one (and with one it cannot read) stay valid', async () => {
    const base = { ...current, language: 'en', displayName: '', joinWithCamera: true };
    // A current file written before generations were remembered: loaded as it is, no migration notice.
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
    expect(await readFile(join(dir, backupOf(notice)), 'utf8')).toBe('{"version": 2, "language": "en", trunc');
    expect(await readdir(dir)).not.toContain(CONFIG_FILE);
    expect(store.dismissNotice().notice).toBeNull();
  });

  it('keeps a file aside that is JSON but no config at all', async () => {
    const invalid = JSON.stringify({ version: 'two', language: 'fr', profiles: 'none' });
    await writeFile(join(dir, CONFIG_FILE), invalid);
    const store = await ConfigStore.open(dir);
    const notice = store.snapshot().notice;
    expect(notice?.kind).toBe('reset-invalid');
    expect(await readFile(join(dir, backupOf(notice)), 'utf8')).toBe(invalid);
  });

  it('migrates a version 1 file and rewrites it as the current version', async () => {
    await writeFile(
      join(dir, CONFIG_FILE),
      JSON.stringify({ version: 1, lang: 'zh', servers: [{ name: 'Lab', url: 'https://licode.lab:3004', role: 'viewer' }], lastRoom: 'standup' }),
    );
    const store = await ConfigStore.open(dir);
    const { config, notice } = store.snapshot();
    expect(notice).toEqual({ kind: 'migrated', fromVersion: 1 });
    expect(config).toMatchObject({
      version: 3,
      language: 'zh-CN',
      activeProfileId: 'migrated-1',
      profiles: [{ id: 'migrated-1', name: 'Lab', serverUrl: 'https://licode.lab:3004', defaultRole: 'viewer', generation: 'auto', allowSelfSigned: false }],
      recentRooms: [{ profileId: 'migrated-1', room: 'standup' }],
    });
    expect(await readConfigFile()).toMatchObject({ version: 3, language: 'zh-CN', notifications: true });
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

  it('two stores on one directory (two processes) never lose each other’s writes', async () => {
    const first = await ConfigStore.open(dir);
    const second = await ConfigStore.open(dir);
    const addProfile = (store: ConfigStore, id: string) => store.update((c) => ({ ...c, profiles: [...c.profiles, { ...profile, id, name: id }] }));
    // Each store only knows its own earlier writes; without re-reading under the lock, every write drops the other's.
    await Promise.all(Array.from({ length: 15 }, (_, i) => [addProfile(first, `a${i}`), addProfile(second, `b${i}`)]).flat());
    const ids = ((await readConfigFile()) as { profiles: Array<{ id: string }> }).profiles.map((p) => p.id).sort();
    expect(ids).toEqual([...Array.from({ length: 15 }, (_, i) => `a${i}`), ...Array.from({ length: 15 }, (_, i) => `b${i}`)].sort());
    expect(await readdir(dir)).toEqual([CONFIG_FILE]);
  });
});

/** A file of the current version (3). */
const current = {
  version: 3,
  language: 'zh-CN',
  activeProfileId: 'p1',
  recentRooms: [],
  preferredDevices: {},
  displayName: 'Ada',
  joinWithCamera: false,
  joinWithMicrophone: true,
  media: { echoCancellation: true, noiseSuppression: 'rnnoise', autoGainControl: false, mirrorSelfView: true, backgroundBlur: false },
  notifications: true,
};

async function openWithin(ms: number, fs?: ConfigFs): Promise<ConfigStore> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`ConfigStore.open took over ${ms} ms`)), ms)));
  try {
    return await Promise.race([ConfigStore.open(dir, fs), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

describe('ConfigStore with a config.json it cannot read', () => {
  it('starts with defaults and a notice when config.json is a directory, and keeps it until settings change', async () => {
    await mkdir(join(dir, CONFIG_FILE));
    await writeFile(join(dir, CONFIG_FILE, 'inside.txt'), 'mine');
    const store = await ConfigStore.open(dir);
    expect(store.snapshot()).toMatchObject({ config: { profiles: [] }, notice: { kind: 'unreadable', reason: 'not-a-file', file: join(dir, CONFIG_FILE) } });
    // A change moves the directory aside (kept, with its content) and writes the new settings.
    await store.update((c) => ({ ...c, displayName: 'Ada' }));
    expect(await readConfigFile()).toMatchObject({ displayName: 'Ada' });
    const aside = (await readdir(dir)).find((name) => name.startsWith('config.unreadable-'));
    expect(await readFile(join(dir, aside ?? '', 'inside.txt'), 'utf8')).toBe('mine');
  });

  it('does not hang on a FIFO', async () => {
    execFileSync('mkfifo', [join(dir, CONFIG_FILE)]);
    const store = await openWithin(3000);
    expect(store.snapshot().notice).toEqual({ kind: 'unreadable', reason: 'not-a-file', file: join(dir, CONFIG_FILE) });
  });

  it('refuses a symlink loop', async () => {
    await symlink(join(dir, 'loop-b'), join(dir, 'loop-a'));
    await symlink(join(dir, 'loop-a'), join(dir, 'loop-b'));
    await symlink(join(dir, 'loop-a'), join(dir, CONFIG_FILE));
    const store = await ConfigStore.open(dir);
    expect(store.snapshot().notice).toMatchObject({ kind: 'unreadable', reason: 'read-failed' });
  });

  it('refuses a 700 MB file without reading it', async () => {
    const handle = await open(join(dir, CONFIG_FILE), 'w');
    await handle.truncate(700 * 1024 * 1024); // sparse: costs no disk
    await handle.close();
    const started = performance.now();
    const store = await ConfigStore.open(dir);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(store.snapshot().notice).toMatchObject({ kind: 'unreadable', reason: 'too-large' });
  });

  it('reports a file it may not read (EACCES) and leaves it alone until settings change', async () => {
    // Tests run as root, which chmod 000 does not stop: the permission error comes from the fs instead.
    await writeFile(join(dir, CONFIG_FILE), JSON.stringify({ ...current, profiles: [profile] }));
    const deniedFs: ConfigFs = {
      ...nodeConfigFs,
      readRegularFile: async () => {
        throw Object.assign(new Error('permission denied'), { code: 'EACCES' });
      },
    };
    const store = await ConfigStore.open(dir, deniedFs);
    expect(store.snapshot()).toMatchObject({ config: { profiles: [] }, notice: { kind: 'unreadable', reason: 'no-access' } });
    expect(await readdir(dir)).toEqual([CONFIG_FILE]);
    await store.update((c) => ({ ...c, language: 'zh-CN' }));
    const aside = (await readdir(dir)).find((name) => name.startsWith('config.unreadable-'));
    expect(JSON.parse(await readFile(join(dir, aside ?? ''), 'utf8'))).toMatchObject({ profiles: [profile] });
  });

  it('starts even when the user-data directory cannot be created', async () => {
    await writeFile(join(dir, 'a-file'), '');
    const store = await ConfigStore.open(join(dir, 'a-file', 'user-data'));
    expect(store.snapshot()).toMatchObject({ config: { profiles: [] }, notice: { kind: 'unreadable', reason: 'read-failed' } });
    await expect(store.update((c) => ({ ...c, displayName: 'Ada' }))).rejects.toThrow();
  });

  it('keeps a damaged file it cannot move aside (read-only directory) untouched', async () => {
    await writeFile(join(dir, CONFIG_FILE), '{"version": 2, trunc');
    const readOnlyFs: ConfigFs = {
      ...nodeConfigFs,
      rename: async () => {
        throw Object.assign(new Error('read-only file system'), { code: 'EROFS' });
      },
    };
    const store = await ConfigStore.open(dir, readOnlyFs);
    expect(store.snapshot()).toMatchObject({ config: { profiles: [] }, notice: { kind: 'unreadable', reason: 'damaged' } });
    await expect(store.update((c) => ({ ...c, displayName: 'Ada' }))).rejects.toThrow('read-only');
    expect(await readFile(join(dir, CONFIG_FILE), 'utf8')).toBe('{"version": 2, trunc');
  });
});

describe('ConfigStore reading what it can', () => {
  it('drops an invalid profile or recent room one by one and keeps the original aside', async () => {
    const original = JSON.stringify({
      ...current,
      profiles: [profile, { ...profile, id: 'p2', serverUrl: 'ftp://nope' }, { ...profile, id: 'p3', name: 'Lab' }, { ...profile, id: 'bad id!' }],
      activeProfileId: 'p2',
      recentRooms: [
        { profileId: 'p1', room: 'standup', lastJoinedAt: '2026-01-01T10:00:00.000Z' },
        { profileId: 'p1', room: 'x'.repeat(500), lastJoinedAt: '2026-01-01T10:00:00.000Z' },
        { profileId: 'p3', room: '', lastJoinedAt: 'yesterday' },
      ],
      preferredDevices: { cameraId: 'cam', microphoneId: 42 },
      joinWithMicrophone: 'yes',
    });
    await writeFile(join(dir, CONFIG_FILE), original);
    const store = await ConfigStore.open(dir);
    const { config, notice } = store.snapshot();
    expect(config).toMatchObject({
      language: 'zh-CN',
      displayName: 'Ada',
      joinWithCamera: false,
      joinWithMicrophone: true,
      profiles: [profile, { ...profile, id: 'p3', name: 'Lab' }],
      activeProfileId: 'p1',
      recentRooms: [{ profileId: 'p1', room: 'standup' }],
      preferredDevices: { cameraId: 'cam' },
    });
    // p2, the profile with a bad id, two recent rooms, the microphone id and joinWithMicrophone.
    expect(notice).toMatchObject({ kind: 'entries-dropped', count: 6 });
    expect(await readFile(join(dir, backupOf(notice)), 'utf8')).toBe(original);
    expect(await readConfigFile()).toMatchObject({ profiles: [{ id: 'p1' }, { id: 'p3' }] });
  });

  it('tolerates a UTF-8 BOM', async () => {
    await writeFile(join(dir, CONFIG_FILE), `\ufeff${JSON.stringify({ ...current, profiles: [profile] })}`);
    const store = await ConfigStore.open(dir);
    expect(store.snapshot()).toMatchObject({ config: { language: 'zh-CN', profiles: [profile] }, notice: null });
  });

  it('reads a file from a newer version best-effort and never downgrades it in place', async () => {
    const newer = JSON.stringify({ ...current, version: CONFIG_VERSION + 1, profiles: [{ ...profile, transport: 'quic' }], newSetting: { x: 1 } });
    await writeFile(join(dir, CONFIG_FILE), newer);
    const store = await ConfigStore.open(dir);
    expect(store.snapshot()).toMatchObject({
      config: { version: CONFIG_VERSION, language: 'zh-CN', displayName: 'Ada', profiles: [profile] },
      notice: { kind: 'newer-version', version: CONFIG_VERSION + 1, file: join(dir, CONFIG_FILE) },
    });
    expect(await readFile(join(dir, CONFIG_FILE), 'utf8')).toBe(newer);
    await store.update((c) => ({ ...c, displayName: 'Grace' }));
    expect(await readConfigFile()).toMatchObject({ version: CONFIG_VERSION, displayName: 'Grace', profiles: [profile] });
    const aside = (await readdir(dir)).find((name) => name.startsWith(`config.newer-v${CONFIG_VERSION + 1}-`));
    expect(await readFile(join(dir, aside ?? ''), 'utf8')).toBe(newer);
  });
});

describe('ConfigStore across processes', () => {
  it('two processes writing concurrently to one directory lose nothing', async () => {
    const storeModule = fileURLToPath(new URL('./config-store.ts', import.meta.url));
    // Each process adds 20 profiles one after another, racing the other process for every write.
    const writer = (prefix: string) => `
      import { ConfigStore } from ${JSON.stringify(storeModule)};
      const store = await ConfigStore.open(${JSON.stringify(dir)});
      for (let i = 0; i < 20; i++) {
        await store.update((c) => ({ ...c, profiles: [...c.profiles, { ...${JSON.stringify(profile)}, id: '${prefix}' + i }] }));
      }`;
    const run = (prefix: string) => promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', writer(prefix)]);
    await Promise.all([run('a'), run('b')]);
    const ids = ((await readConfigFile()) as { profiles: Array<{ id: string }> }).profiles.map((p) => p.id);
    expect(ids).toHaveLength(40);
    expect(new Set(ids).size).toBe(40);
  }, 30_000);
});
