import type { AdminClient } from '../server/admin-client';
import { expect, test, type Participant } from './fixtures';

async function clientIdOf(admin: AdminClient, name: string): Promise<string> {
  const client = (await admin.clients()).find((c) => c.name === name);
  if (!client) throw new Error(`no client named ${name}`);
  return client.clientId;
}

/** Each participant lists exactly the others' current streams and decodes them. */
async function expectAllSeeEachOther(people: Array<{ p: Participant; id: number }>): Promise<void> {
  for (const { p, id } of people) {
    const others = people.filter((o) => o.id !== id).map((o) => o.id);
    await expect.poll(() => p.remoteIds(), { timeout: 30_000 }).toEqual([...others].sort());
    await p.expectMediaFrom(others);
    await p.expectPeerConnections(people.length);
  }
}

async function recovered(p: Participant, oldId: number): Promise<number> {
  await expect.poll(async () => (await p.events()).some((e) => e.type === 'connection-state' && e.state === 'recovering'), { timeout: 20_000 }).toBe(true);
  await expect.poll(async () => (await p.state()).state, { timeout: 60_000 }).toBe('connected');
  await expect.poll(async () => (await p.state()).publishedId, { timeout: 30_000 }).not.toBe(oldId);
  return (await p.state()).publishedId!;
}

/**
 * Licode v3 and older (generation A0: dialect A on socket.io 0.9, docs/licode-protocol.md §2.1, §3) in Chromium
 * against the test server as v3, with `auto` detection: the 0.9 handshake is recognised, the session runs on the
 * library's own 0.9 socket, and the dialect A flows work as they do on v4.
 */
test.describe('Licode client, generation A0 (v3 on socket.io 0.9)', () => {
  test('two participants see and hear each other; attributes, data, mute, unsubscribe/subscribe, unpublish and leave', async ({ world }) => {
    test.setTimeout(120_000);
    await world.server({ dialect: 'A', aVersion: 'v3' });
    const alice = await world.participant('alice');
    const bob = await world.participant('bob');
    const joinA = await alice.join();
    expect(joinA).toMatchObject({ dialect: 'A', clientId: undefined, streams: [] });
    expect(await alice.run('generation')).toEqual({ dialect: 'A', socketIo: 0.9 });
    const aliceId = await alice.publish({ attributes: { name: 'alice' } });
    expect(aliceId).toBeGreaterThan(2 ** 53);
    const joinB = await bob.join();
    expect(joinB.streams).toEqual([aliceId]);
    const bobId = await bob.publish({ attributes: { name: 'bob' } });
    await alice.expectMediaFrom([bobId]);
    await bob.expectMediaFrom([aliceId]);
    await alice.expectPeerConnections(2);
    await bob.expectPeerConnections(2);

    await alice.run('setAttributes', { name: 'Alice L.' });
    await expect.poll(async () => (await bob.state()).remotes.find((r) => r.id === aliceId)?.attributes['name']).toBe('Alice L.');
    await alice.run('sendData', { text: 'hello', n: 2 ** 60 });
    await expect.poll(async () => (await bob.events()).find((e) => e.type === 'data')?.message).toEqual({ text: 'hello', n: 2 ** 60 });
    await alice.run('mute', { audio: true });
    await expect.poll(async () => (await bob.state()).remotes.find((r) => r.id === aliceId)?.muted).toEqual({ audio: true, video: false });
    await alice.run('mute', { audio: false });
    await expect.poll(async () => (await bob.state()).remotes.find((r) => r.id === aliceId)?.muted).toEqual({ audio: false, video: false });

    await bob.run('unsubscribe', aliceId);
    await bob.expectPeerConnections(1);
    await bob.run('subscribe', aliceId);
    await bob.expectMediaFrom([aliceId]);

    await alice.run('unpublish');
    await expect.poll(async () => bob.remoteIds()).toEqual([]);
    await alice.expectPeerConnections(1);

    await bob.run('leave');
    await expect.poll(async () => (await alice.events()).some((e) => e.type === 'stream-removed' && e.id === bobId), { timeout: 5_000 }).toBe(true);
    await expect.poll(async () => alice.remoteIds()).toEqual([]);
    await alice.expectPeerConnections(0);
  });

  test('three participants; a dropped socket and a server restart end the v3 session: fresh tokens, republished, seen again', async ({ world }) => {
    test.setTimeout(180_000);
    const { admin } = await world.server({ dialect: 'A', aVersion: 'v3' });
    const people: Array<{ p: Participant; id: number }> = [];
    for (const name of ['alice', 'bob', 'carol']) {
      const p = await world.participant(name);
      await p.join();
      people.push({ p, id: await p.publish({ attributes: { name } }) });
    }
    await expectAllSeeEachOther(people);

    // v3 cannot resume (no clientId, §3.5): alice's socket is cut; she rejoins with a fresh token and republishes.
    const alice = people[0]!;
    await admin.dropClient(await clientIdOf(admin, 'alice'), 2_000);
    alice.id = await recovered(alice.p, alice.id);
    await expectAllSeeEachOther(people);

    await admin.restart();
    for (const person of people) person.id = await recovered(person.p, person.id);
    await expectAllSeeEachOther(people);
  });
});
