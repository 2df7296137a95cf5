import type { AdminClient } from '../server/admin-client';
import { expect, test, type Participant } from './fixtures';

/**
 * Dialect C peer-connection layouts against the test server. With single PC, Licode HEAD's ErizoJS keeps two
 * connections per client — one for all its publications, one for all its subscriptions — and keeps them when they
 * empty (docs/licode-protocol.md §5.6; HEAD erizoJS/models/Client.js). Every check of media is decoded frames and received
 * audio packets at the subscriber.
 */

async function connectionsOf(admin: AdminClient, name: string): Promise<string[]> {
  const client = (await admin.clients()).find((c) => c.name === name);
  if (!client) throw new Error(`no client named ${name}`);
  return client.connections;
}

async function publishedIds(p: Participant): Promise<number[]> {
  return p.run<number[]>('publishedIds');
}

test.describe('Licode client, dialect C single PC (two connections per client)', () => {
  test('C single PC with the two-connection layout: publish, subscribe, a second publication, leave', async ({ world }) => {
    test.setTimeout(120_000);
    const { admin } = await world.server({ dialect: 'C', allowSinglePC: true });
    const alice = await world.participant('alice');
    const bob = await world.participant('bob');
    expect((await alice.join({ singlePC: true })).singlePC).toBe(true);
    const alice1 = await alice.publish();
    expect((await bob.join({ singlePC: true })).singlePC).toBe(true);
    await bob.expectMediaFrom([alice1]); // bob subscribed first: his subscriber connection
    const bob1 = await bob.publish(); // then his publisher connection
    await alice.expectMediaFrom([bob1]);
    for (const p of [alice, bob]) await p.expectPeerConnections(2);
    expect(await connectionsOf(admin, 'alice')).toHaveLength(2);
    expect(await connectionsOf(admin, 'bob')).toHaveLength(2);

    // A second publication: alice renegotiates her publisher connection, the server re-offers bob's subscriber one.
    const startedAt = Date.now();
    const alice2 = await alice.publish({ video: { width: 320, height: 240 } });
    expect(await publishedIds(alice)).toEqual([alice1, alice2]);
    await bob.expectMediaFrom([alice1, alice2]);
    console.log(`[single-pc] second publication → decoded at bob after ${Date.now() - startedAt} ms (incl. 250 ms polls)`);
    await alice.expectMediaFrom([bob1]);
    for (const p of [alice, bob]) await p.expectPeerConnections(2); // still two each: nothing new was built
    expect(await connectionsOf(admin, 'alice')).toHaveLength(2);
    expect(await connectionsOf(admin, 'bob')).toHaveLength(2);

    // alice leaves: bob loses both of her streams, keeps his (now empty) subscriber connection, and it still works.
    await alice.run('leave');
    await expect.poll(() => bob.remoteIds()).toEqual([]);
    await bob.expectPeerConnections(2);
    const carol = await world.participant('carol');
    await carol.join({ singlePC: true });
    const carol1 = await carol.publish();
    await bob.expectMediaFrom([carol1]);
    await carol.expectMediaFrom([bob1]);
    await bob.expectPeerConnections(2);
    expect(await connectionsOf(admin, 'bob')).toHaveLength(2);
  });

  test('three participants with offers arriving before the subscribe ack; one leaves', async ({ world }) => {
    // Server re-offers on shared subscriber connections must keep one header-extension id per URI across the BUNDLE
    // group (Chromium refuses the offer otherwise), and may overtake the subscribe ack.
    test.setTimeout(90_000);
    await world.server({ dialect: 'C', allowSinglePC: true, offerBeforeAck: true });
    const people = [await world.participant('alice'), await world.participant('bob'), await world.participant('carol')];
    const ids: number[] = [];
    for (const p of people) {
      const joined = await p.join({ singlePC: true, autoSubscribe: false });
      expect(joined.singlePC).toBe(true);
      ids.push(await p.publish());
    }
    for (const [i, p] of people.entries()) {
      // carol's onAddStream may still be on its way to alice and bob when carol's publish resolves.
      await expect.poll(() => p.remoteIds()).toHaveLength(2);
      for (const id of ids.filter((_, j) => j !== i)) await p.run('subscribe', id);
    }
    for (const [i, p] of people.entries()) {
      await p.expectMediaFrom(ids.filter((_, j) => j !== i));
      await p.expectPeerConnections(2); // one for the publication, one shared by both subscriptions
    }
    await people[2]!.run('leave');
    for (const [i, p] of people.slice(0, 2).entries()) {
      await expect.poll(() => p.remoteIds()).toHaveLength(1);
      await p.expectMediaFrom(ids.slice(0, 2).filter((_, j) => j !== i));
      await p.expectPeerConnections(2);
    }
  });

  test('unsubscribing the only subscription keeps the shared connection; subscribing again re-uses it', async ({ world }) => {
    const { admin } = await world.server({ dialect: 'C', allowSinglePC: true });
    const alice = await world.participant('alice');
    const bob = await world.participant('bob');
    await alice.join({ singlePC: true });
    const aliceId = await alice.publish();
    await bob.join({ singlePC: true, autoSubscribe: false });
    await expect.poll(() => bob.remoteIds()).toEqual([aliceId]);
    await bob.run('subscribe', aliceId);
    await bob.expectMediaFrom([aliceId]);
    const [connection] = await connectionsOf(admin, 'bob');
    await bob.run('unsubscribe', aliceId);
    await bob.expectPeerConnections(1);
    await bob.run('subscribe', aliceId);
    await bob.expectMediaFrom([aliceId]);
    await bob.expectPeerConnections(1);
    expect(await connectionsOf(admin, 'bob')).toEqual([connection]);
  });

  test('Licode default layout: singlePC requested but refused means one connection per stream', async ({ world }) => {
    await world.server({ dialect: 'C', offerBeforeAck: true });
    const alice = await world.participant('alice');
    const bob = await world.participant('bob');
    expect((await alice.join({ singlePC: true })).singlePC).toBe(false);
    const aliceId = await alice.publish();
    await bob.join({ singlePC: true });
    const bobId = await bob.publish();
    await alice.expectMediaFrom([bobId]);
    await bob.expectMediaFrom([aliceId]);
    await alice.expectPeerConnections(2);
  });
});
