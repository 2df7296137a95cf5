// Adaptive subscriptions end to end: the Licode client library in Chromium (harness page) against the Licode test
// server. Initial mute, the resubscribe race, updateSubscription as the server sees it, and simulcast layers per
// subscriber (dialect C).
import type { AdminClient } from '../server/admin-client';
import type { SubscriptionInfo } from '../server/media/types';
import { expect, test, type Participant } from './fixtures';

async function clientIdOf(admin: AdminClient, name: string): Promise<string> {
  const client = (await admin.clients()).find((c) => c.name === name);
  if (!client) throw new Error(`no client named ${name}`);
  return client.clientId;
}

/** The media subscriptions of a stream as the server's admin listing shows them. */
async function subscriptionsOf(admin: AdminClient, streamId: number): Promise<SubscriptionInfo[]> {
  return (await admin.streams()).find((s) => s.id === streamId)?.subscriptions ?? [];
}

async function widthOf(p: Participant, id: number): Promise<number> {
  return (await p.media()).find((m) => m.id === id)?.width ?? 0;
}

for (const dialect of ['A', 'C'] as const) {
  // v5: the first A generation with client ids (the admin listing names subscribers by them).
  const serverOptions = dialect === 'A' ? ({ dialect, aVersion: 'v5' } as const) : ({ dialect } as const);

  test.describe(`Licode adaptive subscriptions, dialect ${dialect}`, () => {
    test('a publication muted from the start is seen muted from the first stream-added, its tracks disabled', async ({ world }) => {
      await world.server(serverOptions);
      const alice = await world.participant('alice');
      const bob = await world.participant('bob');
      await alice.join();
      await bob.join({ autoSubscribe: false });
      const aliceId = await alice.publish({ muted: { audio: true }, attributes: { name: 'alice' } });
      expect(await alice.run('localTracks')).toEqual([
        { kind: 'audio', enabled: false },
        { kind: 'video', enabled: true },
      ]);
      await expect.poll(async () => (await bob.events()).find((e) => e.type === 'stream-added' && e.id === aliceId)).toBeDefined();
      const firstAdded = (await bob.events()).find((e) => e.type === 'stream-added' && e.id === aliceId)!;
      expect(firstAdded.attributes).toEqual({ name: 'alice', muted: { audio: true, video: false } });
      expect((await bob.state()).remotes.find((r) => r.id === aliceId)?.muted).toEqual({ audio: true, video: false });
      // the video still flows; unmuting reaches the other side
      await bob.run('subscribe', aliceId);
      await expect.poll(async () => (await bob.media()).find((m) => m.id === aliceId)?.framesDecoded ?? 0, { timeout: 30_000 }).toBeGreaterThan(0);
      await alice.run('mute', { audio: false });
      await expect.poll(async () => (await bob.state()).remotes.find((r) => r.id === aliceId)?.muted).toEqual({ audio: false, video: false });
    });

    test('resubscribing right after unsubscribing a subscription still being set up delivers media', async ({ world }) => {
      const { admin } = await world.server(serverOptions);
      const alice = await world.participant('alice');
      const bob = await world.participant('bob');
      await alice.join();
      const aliceId = await alice.publish();
      await bob.join({ autoSubscribe: false });
      const outcome = await bob.run<{ first: string; unsubscribe: string; second: string }>('resubscribeRace', aliceId);
      expect(outcome).toEqual({ first: 'media-failed', unsubscribe: 'ok', second: 'ok' });
      await bob.expectMediaFrom([aliceId]);
      await bob.expectPeerConnections(1);
      await expect.poll(async () => (await subscriptionsOf(admin, aliceId)).length).toBe(1);
    });

    test('updateSubscription reaches the server, is kept across a resubscribe, and hostile values are refused', async ({ world }) => {
      test.setTimeout(90_000);
      const { admin } = await world.server(serverOptions);
      const alice = await world.participant('alice');
      const bob = await world.participant('bob');
      await alice.join();
      const aliceId = await alice.publish();
      await bob.join({ autoSubscribe: false });
      await bob.run('subscribe', aliceId, { maxResolution: { width: 640, height: 360 } });
      await bob.expectMediaFrom([aliceId]);
      const constraints = async () => (await subscriptionsOf(admin, aliceId)).map((s) => s.constraints);
      await expect.poll(constraints).toEqual([{ video: { width: 640, height: 360 } }]);

      expect(
        await bob.run('updateSubscription', aliceId, {
          maxResolution: { width: 320, height: 180 },
          maxVideoBW: 200,
          qualityLayer: { spatialLayer: 0, temporalLayer: -1 },
        }),
      ).toEqual({ ok: true });
      await expect.poll(constraints).toEqual([{ video: { width: 320, height: 180 }, maxVideoBW: 200, qualityLayer: { spatialLayer: 0, temporalLayer: -1 } }]);
      expect(await bob.run('updateSubscription', aliceId, { maxResolution: null, qualityLayer: null })).toEqual({ ok: true });
      await expect.poll(constraints).toEqual([{ maxVideoBW: 200 }]);
      for (const hostile of [{ maxResolution: { width: Number.NaN, height: 180 } }, { maxResolution: { width: -320, height: 180 } }, { maxVideoBW: -1 }]) {
        expect(await bob.run('updateSubscription', aliceId, hostile)).toMatchObject({ ok: false, code: 'invalid-argument' });
      }
      expect(await bob.run('updateSubscription', 12345, { maxVideoBW: 100 })).toMatchObject({ ok: false, code: 'invalid-argument' });
      expect(
        await bob.run('updateSubscription', aliceId, { maxResolution: { width: 320, height: 240 }, qualityLayer: { spatialLayer: 1, temporalLayer: 0 } }),
      ).toEqual({ ok: true });
      const expected = { video: { width: 320, height: 240 }, maxVideoBW: 200, qualityLayer: { spatialLayer: 1, temporalLayer: 0 } };
      await expect.poll(constraints).toEqual([expected]);
      const mediaEvents = async () => (await bob.events()).filter((e) => e.type === 'stream-media' && e.id === aliceId).length;
      expect(await mediaEvents()).toBe(1);

      // The server fails bob's subscription: the library resubscribes (a new server subscription, whose constraints
      // start from the subscribe options) and re-applies every cap.
      await admin.failStream(aliceId, await clientIdOf(admin, 'bob'));
      await expect.poll(mediaEvents, { timeout: 30_000 }).toBe(2);
      await expect.poll(constraints).toEqual([expected]);
      await bob.expectMediaFrom([aliceId]);
    });
  });
}

test('dialect C simulcast: a subscriber capped to 320x180 decodes a smaller picture than an uncapped one', async ({ world }) => {
  test.setTimeout(120_000);
  const { admin } = await world.server({ dialect: 'C' });
  const alice = await world.participant('alice');
  const bob = await world.participant('bob');
  const carol = await world.participant('carol');
  await alice.join();
  const aliceId = await alice.publish({ simulcast: { layers: 3 }, video: { width: 1280, height: 720 } });
  await bob.join({ autoSubscribe: false });
  await carol.join({ autoSubscribe: false });
  await bob.run('subscribe', aliceId);
  await carol.run('subscribe', aliceId, { maxResolution: { width: 320, height: 180 } });
  await bob.expectMediaFrom([aliceId]);
  await carol.expectMediaFrom([aliceId]);
  // Layers come up as bandwidth allows; wait until the uncapped subscriber is forwarded more than the lowest one.
  await expect.poll(async () => widthOf(bob, aliceId), { timeout: 45_000 }).toBeGreaterThan(320);
  await expect.poll(async () => widthOf(carol, aliceId), { timeout: 30_000 }).toBeGreaterThan(0);
  const capped = await widthOf(carol, aliceId);
  const uncapped = await widthOf(bob, aliceId);
  test.info().annotations.push({ type: 'measured', description: `decoded width: capped 320x180 → ${capped}, uncapped → ${uncapped}` });
  console.log(`[measured] simulcast decoded width: capped ${capped}, uncapped ${uncapped}`);
  expect(capped).toBeLessThanOrEqual(320);
  expect(capped).toBeLessThan(uncapped);
  // The server agrees: the two subscriptions are forwarded different layers, the capped one the lower.
  const subs = await subscriptionsOf(admin, aliceId);
  const carolId = await clientIdOf(admin, 'carol');
  const carolSub = subs.find((s) => s.connectionId.startsWith(carolId));
  const bobSub = subs.find((s) => !s.connectionId.startsWith(carolId));
  expect(carolSub?.constraints).toEqual({ video: { width: 320, height: 180 } });
  expect(carolSub!.forwardedLayer!).toBeLessThan(bobSub!.forwardedLayer!);
});
