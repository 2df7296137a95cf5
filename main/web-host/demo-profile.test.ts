import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigStore } from '../config/config-store';
import { DEMO_PROFILE_ID, DEMO_ROOM, installDemoProfile, wantsDemo } from './demo-profile';

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('demo profile', () => {
  it('is wanted with --demo, with no profiles, or when the demo profile is still there', async () => {
    dir = await mkdtemp(join(tmpdir(), 'licode-demo-'));
    const config = (await ConfigStore.open(dir)).get();
    expect(wantsDemo(config, false)).toBe(true);
    const other = {
      id: 'team',
      name: 'Team',
      serverUrl: 'https://licode.example.com',
      generation: 'auto' as const,
      defaultRole: 'presenter' as const,
      allowSelfSigned: false,
    };
    expect(wantsDemo({ ...config, profiles: [other] }, false)).toBe(false);
    expect(wantsDemo({ ...config, profiles: [other] }, true)).toBe(true);
    expect(wantsDemo({ ...config, profiles: [other, { ...other, id: DEMO_PROFILE_ID }] }, false)).toBe(true);
  });

  it('is installed once, kept active only when nothing else is, and refreshed with a new server URL', async () => {
    dir = await mkdtemp(join(tmpdir(), 'licode-demo-'));
    const store = await ConfigStore.open(dir);
    const team = {
      id: 'team',
      name: 'Team',
      serverUrl: 'https://licode.example.com',
      generation: 'auto' as const,
      defaultRole: 'presenter' as const,
      allowSelfSigned: false,
    };
    await store.update((c) => ({ ...c, profiles: [team], activeProfileId: 'team' }));
    await installDemoProfile(store, 'http://127.0.0.1:5198');
    await installDemoProfile(store, 'http://127.0.0.1:40001');
    const config = store.get();
    expect(config.profiles.map((p) => [p.id, p.serverUrl])).toEqual([
      ['team', 'https://licode.example.com'],
      [DEMO_PROFILE_ID, 'http://127.0.0.1:40001'],
    ]);
    expect(config.activeProfileId).toBe('team');
  });

  it('writes no recent room: the demo room was not joined yet (Home offers it by itself)', async () => {
    dir = await mkdtemp(join(tmpdir(), 'licode-demo-'));
    const store = await ConfigStore.open(dir);
    await installDemoProfile(store, 'http://127.0.0.1:5198');
    expect(store.get().activeProfileId).toBe(DEMO_PROFILE_ID);
    expect(store.get().recentRooms).toEqual([]);
    expect(DEMO_ROOM).toBe('demo');
  });
});
