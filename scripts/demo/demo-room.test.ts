import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigStore } from '../../main/config/config-store';
import { DEMO_PROFILE_ID, DEMO_ROOM } from '../../main/web-host/demo-profile';
import { startDemoRoom, type DemoRoom } from './demo-room';

let dir: string | undefined;
let demo: DemoRoom | undefined;
afterEach(async () => {
  await demo?.close();
  demo = undefined;
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('demo room', () => {
  it('offers a demo room with two synthetic participants and a profile that issues real tokens', async () => {
    dir = await mkdtemp(join(tmpdir(), 'licode-demo-'));
    const store = await ConfigStore.open(dir);
    demo = await startDemoRoom(store, { restPort: 0 });
    const config = store.get();
    expect(config.profiles).toEqual([demo.profile]);
    expect(config.activeProfileId).toBe(DEMO_PROFILE_ID);
    // Only rooms really joined are recent rooms; the demo room is offered on Home instead.
    expect(config.recentRooms).toEqual([]);
    const res = await fetch(`${demo.profile.serverUrl}/createToken/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'newcomer', role: 'presenter', room: DEMO_ROOM }),
    });
    expect(res.status).toBe(200);
    const token = JSON.parse(Buffer.from(await res.text(), 'base64').toString('utf8')) as { host: string };
    expect(token.host).toMatch(/^127\.0\.0\.1:\d+$/);
    // The two bots are in the demo room.
    const rooms = (await (await fetch(`${demo.profile.serverUrl}/getRooms/`)).json()) as Array<{ _id: string; name: string }>;
    const room = rooms.find((r) => r.name === DEMO_ROOM);
    expect(room).toBeDefined();
    const users = (await (await fetch(`${demo.profile.serverUrl}/getUsers/${room!._id}`)).json()) as Array<{ name: string }>;
    expect(users.map((u) => u.name).sort()).toEqual(['bot 1', 'bot 2']);
  }, 30_000);

  it('opens no admin API unless asked for: only the token REST and the controller listen', async () => {
    dir = await mkdtemp(join(tmpdir(), 'licode-demo-'));
    const store = await ConfigStore.open(dir);
    const before = await listeningTcpServers();
    demo = await startDemoRoom(store, { restPort: 0 });
    expect(demo.adminUrl).toBeUndefined();
    expect(await listeningTcpServers()).toBe(before + 2);
    await demo.close();
    demo = await startDemoRoom(store, { restPort: 0, admin: true });
    expect(await listeningTcpServers()).toBe(before + 3);
    const state = (await (await fetch(`${demo.adminUrl}/state`)).json()) as { rooms: { name: string; streams: unknown[] }[] };
    // The bots were added in-process, admin API or not.
    expect(state.rooms.find((room) => room.name === DEMO_ROOM)?.streams).toHaveLength(2);
  }, 30_000);
});

/** Listening TCP servers of this process, once closes already called have released their handles. */
async function listeningTcpServers(): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, 50));
  return process.getActiveResourcesInfo().filter((kind) => kind === 'TCPServerWrap').length;
}
