import type { AdminClient } from '../server/admin-client';
import type { TestServerOptions } from '../server/index';
import { expect, test, type Participant } from './fixtures';

async function clientIdOf(admin: AdminClient, name: string): Promise<string> {
  const client = (await admin.clients()).find((c) => c.name === name);
  if (!client) throw new Error(`no client named ${name}`);
  return client.clientId;
}

/** Every stream-added event names a distinct id per live stream: the UI never saw a duplicate tile. */
async function expectNoDuplicateStreams(p: Participant): Promise<void> {
  const events = await p.events();
  const live = new Map<number, number>();
  for (const e of events) {
    if (e.id === undefined) continue;
    if (e.type === 'stream-added') {
      live.set(e.id, (live.get(e.id) ?? 0) + 1);
      expect(live.get(e.id), `stream ${e.id} added twice without removal`).toBe(1);
    }
    if (e.type === 'stream-removed') live.delete(e.id);
  }
  expect([...live.keys()].sort()).toEqual(await p.remoteIds());
}

/** After a recovery: each lists exactly the other's (current) stream, media flows both ways, 2 connections each. */
async function expectPairRestored(alice: Participant, bob: Participant, aliceId: number, bobId: number): Promise<void> {
  await expect.poll(() => bob.remoteIds(), { timeout: 30_000 }).toEqual([aliceId]);
  await expect.poll(() => alice.remoteIds(), { timeout: 30_000 }).toEqual([bobId]);
  await alice.expectMediaFrom([bobId]);
  await bob.expectMediaFrom([aliceId]);
  for (const p of [alice, bob]) {
    await p.expectPeerConnections(2);
    await expectNoDuplicateStreams(p);
  }
}

/**
 * `full`: every recovery test; otherwise the acceptance set (2 s socket drop, refused token, server restart,
 * hostile messages) — the other faults exercise code the generation shares with the full run of its dialect, and each
 * added generation must stay within about 3 minutes of e2e time on the shared CI machine.
 */
const GENERATIONS: Array<{ label: string; dialect: 'A' | 'B' | 'C'; serverOptions: TestServerOptions; full: boolean }> = [
  // Dialect A v5 is the first A generation that can resume a session (`reconnected`, 10 s grace).
  { label: 'dialect A', dialect: 'A', serverOptions: { dialect: 'A', aVersion: 'v5' }, full: true },
  { label: 'dialect C', dialect: 'C', serverOptions: { dialect: 'C' }, full: true },
  { label: 'dialect B, Licode v8 (server offers)', dialect: 'B', serverOptions: { dialect: 'B', bVersion: 'v8' }, full: false },
  { label: 'dialect B, Licode v7 (client offers)', dialect: 'B', serverOptions: { dialect: 'B', bVersion: 'v7' }, full: false },
  { label: 'dialect C, Licode v10 (socket.io 2)', dialect: 'C', serverOptions: { dialect: 'C', cVersion: 'v10' }, full: false },
  { label: 'dialect C, Licode v9 (socket.io 2, Plan B)', dialect: 'C', serverOptions: { dialect: 'C', cVersion: 'v9' }, full: false },
];
const NOT_IN_ACCEPTANCE_SET = 'in the acceptance set only: the rest runs for A v5 and C HEAD, whose code this generation shares (see GENERATIONS)';

for (const { label, dialect, serverOptions, full } of GENERATIONS) {
  test.describe(`Licode client recovery, ${label}`, () => {
    async function pairInRoom(world: Parameters<Parameters<typeof test>[2]>[0]['world']) {
      const { admin } = await world.server(serverOptions);
      const alice = await world.participant('alice');
      const bob = await world.participant('bob');
      await alice.join();
      const aliceId = await alice.publish();
      await bob.join();
      const bobId = await bob.publish();
      await alice.expectMediaFrom([bobId]);
      await bob.expectMediaFrom([aliceId]);
      await alice.expectPeerConnections(2);
      await bob.expectPeerConnections(2);
      return { admin, alice, bob, aliceId, bobId };
    }

    test('socket dropped for 2 s: the session resumes with the same streams and connections', async ({ world }) => {
      const { admin, alice, bob, aliceId, bobId } = await pairInRoom(world);
      await admin.dropClient(await clientIdOf(admin, 'alice'), 2_000);
      await expect.poll(async () => (await alice.events()).some((e) => e.type === 'connection-state' && e.state === 'reconnecting')).toBe(true);
      await expect.poll(async () => (await alice.state()).state, { timeout: 20_000 }).toBe('connected');
      await new Promise((r) => setTimeout(r, 1_000));
      expect((await alice.state()).publishedId).toBe(aliceId);
      expect(await bob.remoteIds()).toEqual([aliceId]);
      expect(await alice.remoteIds()).toEqual([bobId]);
      expect((await bob.events()).filter((e) => e.type === 'stream-removed')).toEqual([]);
      await alice.expectMediaFrom([bobId]);
      await bob.expectMediaFrom([aliceId]);
      for (const p of [alice, bob]) {
        await p.expectPeerConnections(2);
        await expectNoDuplicateStreams(p);
      }
    });

    test('socket dropped for 20 s: resumes (C, 30 s grace) or rejoins and republishes (A v5, 10 s grace)', async ({ world }) => {
      test.skip(!full, NOT_IN_ACCEPTANCE_SET);
      test.setTimeout(150_000);
      const { admin, alice, bob, aliceId, bobId } = await pairInRoom(world);
      await admin.dropClient(await clientIdOf(admin, 'alice'), 20_000);
      await expect.poll(async () => (await alice.state()).state, { timeout: 10_000 }).not.toBe('connected');
      await new Promise((r) => setTimeout(r, 20_000));
      await expect.poll(async () => (await alice.state()).state, { timeout: 60_000 }).toBe('connected');
      await expect.poll(async () => (await alice.state()).publishedId, { timeout: 30_000 }).not.toBeNull();
      const newAliceId = (await alice.state()).publishedId!;
      if (dialect === 'C') expect(newAliceId).toBe(aliceId);
      else expect(newAliceId).not.toBe(aliceId);
      await expectPairRestored(alice, bob, newAliceId, bobId);
    });

    test('a refused or malformed token is a typed error and leaves nothing behind', async ({ world }) => {
      const { admin } = await world.server(serverOptions);
      const alice = await world.participant('alice');
      await admin.refuseTokens(1, 'Token does not exist');
      const refused = await alice.tryJoin(await alice.token());
      expect(refused).toEqual({ ok: false, code: 'token-refused', message: 'The server refused the token: Token does not exist.' });
      await alice.expectPeerConnections(0);
      const malformed = await alice.tryJoin('definitely not a token');
      expect(malformed).toMatchObject({ ok: false, code: 'token-invalid' });
      const again = await world.participant('alice2');
      await again.join();
      expect((await again.state()).state).toBe('connected');
    });

    test('a withheld acknowledgement times out with a clear error; retrying works and connections stay counted', async ({ world }) => {
      test.skip(!full, NOT_IN_ACCEPTANCE_SET);
      const { admin } = await world.server(serverOptions);
      const alice = await world.participant('alice');
      const bob = await world.participant('bob');
      await alice.join();
      const aliceId = await alice.publish();
      await bob.join({ autoSubscribe: false, requestTimeoutMs: 2_000 });
      await admin.withholdAcks('subscribe', 1);
      const failed = await bob.run<{ ok: boolean; code?: string; message?: string }>('trySubscribe', aliceId);
      expect(failed).toMatchObject({ ok: false, code: 'timeout', message: expect.stringContaining('"subscribe"') });
      await bob.expectPeerConnections(0);
      await admin.clearAckFaults();
      // the server may still hold the first subscription: our cleanup unsubscribed it
      await expect.poll(async () => (await bob.run<{ ok: boolean }>('trySubscribe', aliceId)).ok, { timeout: 20_000, intervals: [1_000] }).toBe(true);
      await bob.expectMediaFrom([aliceId]);
      await bob.expectPeerConnections(1);
    });

    test('connection failure of a publication and of a subscription is repaired by republish / resubscribe', async ({ world }) => {
      test.skip(!full, NOT_IN_ACCEPTANCE_SET);
      test.setTimeout(90_000);
      const { admin, alice, bob, aliceId, bobId } = await pairInRoom(world);
      await admin.failStream(aliceId);
      await expect.poll(async () => (await alice.state()).publishedId, { timeout: 30_000 }).not.toBe(aliceId);
      const newAliceId = (await alice.state()).publishedId!;
      expect(newAliceId).not.toBeNull();
      await expect.poll(() => bob.remoteIds(), { timeout: 30_000 }).toEqual([newAliceId]);
      await bob.expectMediaFrom([newAliceId]);
      await alice.expectPeerConnections(2);

      const mediaEvents = async () => (await alice.events()).filter((e) => e.type === 'stream-media' && e.id === bobId).length;
      const before = await mediaEvents();
      await admin.failStream(bobId, await clientIdOf(admin, 'alice'));
      await expect.poll(mediaEvents, { timeout: 30_000 }).toBeGreaterThan(before);
      await alice.expectMediaFrom([bobId]);
      await alice.expectPeerConnections(2);
      await bob.expectPeerConnections(2);
      for (const p of [alice, bob]) await expectNoDuplicateStreams(p);
    });

    test('a broken media path (every packet dropped for 15 s) is repaired without leaving the room', async ({ world }) => {
      test.skip(!full, NOT_IN_ACCEPTANCE_SET);
      test.setTimeout(90_000);
      const { admin, alice, bob, aliceId, bobId } = await pairInRoom(world);
      const bobClient = await clientIdOf(admin, 'bob');
      const mediaEvents = async () => (await bob.events()).filter((e) => e.type === 'stream-media' && e.id === aliceId).length;
      const mediaEventsBefore = await mediaEvents();
      const frames = async () => (await bob.media()).find((m) => m.id === aliceId)?.framesDecoded ?? 0;
      await admin.blackholeStream(aliceId, 15_000, bobClient);
      // The fault is real: bob's video from alice stops (a few frames may still drain from the jitter buffer).
      await new Promise((r) => setTimeout(r, 500));
      const stalledFrom = await frames();
      await new Promise((r) => setTimeout(r, 1_500));
      expect((await frames()) - stalledFrom).toBeLessThan(5);
      // Chromium reports ICE disconnected; the client repairs the connection once the path is back.
      await bob.expectMediaFrom([aliceId], 45_000);
      if (dialect === 'C') {
        // Licode HEAD supports ICE restart, and the client tries it first on the same connection.
        expect((await bob.events()).some((e) => e.type === 'ice-restart')).toBe(true);
      } else {
        // v4–v6 have no ICE restart: the subscription is built again on a new peer connection.
        expect(await mediaEvents()).toBeGreaterThan(mediaEventsBefore);
      }
      await alice.expectMediaFrom([bobId]); // the other direction never broke
      await alice.expectPeerConnections(2);
      await bob.expectPeerConnections(2);
      for (const p of [alice, bob]) await expectNoDuplicateStreams(p);
    });

    test('server restart: both rejoin with fresh tokens, republish and see each other again exactly once', async ({ world }) => {
      test.setTimeout(120_000);
      const { admin, alice, bob, aliceId, bobId } = await pairInRoom(world);
      await alice.run('setAttributes', { name: 'alice, restored' });
      await alice.run('mute', { audio: true });
      await admin.restart();
      for (const p of [alice, bob])
        await expect
          .poll(async () => (await p.events()).some((e) => e.type === 'connection-state' && e.state === 'recovering'), { timeout: 20_000 })
          .toBe(true);
      for (const p of [alice, bob]) await expect.poll(async () => (await p.state()).state, { timeout: 60_000 }).toBe('connected');
      await expect.poll(async () => (await alice.state()).publishedId, { timeout: 30_000 }).not.toBe(aliceId);
      await expect.poll(async () => (await bob.state()).publishedId, { timeout: 30_000 }).not.toBe(bobId);
      const a2 = (await alice.state()).publishedId!;
      const b2 = (await bob.state()).publishedId!;
      await expect.poll(() => bob.remoteIds(), { timeout: 30_000 }).toEqual([a2]); // the new stream, not a stale one
      // local state came back with the republished stream
      await expect
        .poll(async () => (await bob.state()).remotes[0])
        .toMatchObject({ attributes: { name: 'alice, restored' }, muted: { audio: true, video: false } });
      expect((await alice.state()).publishedMuted).toEqual({ audio: true, video: false });
      await alice.run('mute', { audio: false });
      await expectPairRestored(alice, bob, a2, b2);
    });

    test('hostile server messages raise typed error events and change nothing', async ({ world }) => {
      const { admin, alice, bob, bobId } = await pairInRoom(world);
      const cid = await clientIdOf(admin, 'alice');
      const envelope = dialect === 'C';
      await admin.sendToClient(cid, 'onAddStream', [{ id: 'not-a-number', audio: true }], envelope);
      await admin.sendToClient(cid, 'onRemoveStream', [{ nope: 1 }], envelope);
      await admin.sendToClient(cid, dialect === 'A' ? 'signaling_message_erizo' : 'connection_message_erizo', [{ evt: 5, mess: null }], envelope);
      await admin.sendToClient(cid, 'onRemoveStream', [{ id: 12345 }], envelope); // unknown id: ignored
      await expect.poll(async () => (await alice.events()).filter((e) => e.type === 'error' && e.code === 'malformed-message').length).toBe(3);
      expect((await alice.state()).state).toBe('connected');
      expect(await alice.remoteIds()).toEqual([bobId]);
      await alice.expectMediaFrom([bobId]);
      await alice.expectPeerConnections(2);
      expect((await bob.state()).state).toBe('connected'); // the hostile messages went to alice only
    });
  });
}

// The dialect C peer-connection layouts (single PC and Licode's default) are in single-pc.spec.ts.

test.describe('Licode client, dialect A generations', () => {
  test('v4 has no session resumption: a dropped socket means rejoining with a fresh token and republishing', async ({ world }) => {
    test.setTimeout(90_000);
    const { admin } = await world.server({ dialect: 'A', aVersion: 'v4' });
    const alice = await world.participant('alice');
    const bob = await world.participant('bob');
    await alice.join();
    const aliceId = await alice.publish();
    await bob.join();
    const bobId = await bob.publish();
    await alice.expectMediaFrom([bobId]);
    await admin.dropClient(await clientIdOf(admin, 'alice'));
    await expect
      .poll(async () => (await alice.events()).some((e) => e.type === 'connection-state' && e.state === 'recovering'), { timeout: 15_000 })
      .toBe(true);
    await expect.poll(async () => (await alice.state()).publishedId, { timeout: 30_000 }).not.toBe(aliceId);
    const newAliceId = (await alice.state()).publishedId!;
    expect(newAliceId).not.toBeNull();
    await expectPairRestored(alice, bob, newAliceId, bobId);
  });

  test('v6: the token travels as {token, singlePC} and acks carry erizoId', async ({ world }) => {
    await world.server({ dialect: 'A', aVersion: 'v6' });
    const alice = await world.participant('alice');
    const bob = await world.participant('bob');
    expect((await alice.join()).clientId).toEqual(expect.any(String));
    const aliceId = await alice.publish();
    await bob.join();
    await bob.expectMediaFrom([aliceId]);
    await bob.expectPeerConnections(1);
  });
});
