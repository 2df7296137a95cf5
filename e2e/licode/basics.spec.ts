import type { TestServerOptions } from '../server/index';
import { expect, test } from './fixtures';

const LEAVE_BOUND_MS = Number(process.env['LICODE_LEAVE_BOUND_MS'] ?? 8_000);

/** Record a figure in the report (annotation) and the log. */
function measured(what: string, ms: number): void {
  test.info().annotations.push({ type: 'measured', description: `${what}: ${ms} ms` });
  console.log(`[measured] ${what}: ${ms} ms`);
}

/**
 * Each generation the library speaks over a WebSocket (A0, Licode v3, is in a0.spec.ts): the dialect it must report
 * once publishing, the socket.io major detection must find, and the test server's options. `joinDialect`: what the join
 * reports when it differs — B's join reply is A3's, so detection and join say A and the first publish ack shows B (§1.4).
 * `brief`: only the meeting tests (maxVideoBW is the same code as the generation above it).
 */
const GENERATIONS: Array<{
  label: string;
  dialect: 'A' | 'B' | 'C';
  joinDialect?: 'A';
  socketIo: 2 | 4;
  server: TestServerOptions;
  brief?: boolean;
}> = [
  { label: 'dialect A', dialect: 'A', socketIo: 2, server: { dialect: 'A' } },
  { label: 'dialect B, Licode v8 (server offers)', dialect: 'B', joinDialect: 'A', socketIo: 2, server: { dialect: 'B', bVersion: 'v8' } },
  { label: 'dialect B, Licode v7 (client offers)', dialect: 'B', joinDialect: 'A', socketIo: 2, server: { dialect: 'B', bVersion: 'v7' }, brief: true },
  { label: 'dialect C', dialect: 'C', socketIo: 4, server: { dialect: 'C' } },
  { label: 'dialect C, Licode v10 (socket.io 2)', dialect: 'C', socketIo: 2, server: { dialect: 'C', cVersion: 'v10' } },
  { label: 'dialect C, Licode v9 (socket.io 2, Plan B)', dialect: 'C', socketIo: 2, server: { dialect: 'C', cVersion: 'v9' } },
];

for (const { label, dialect, joinDialect, socketIo, server, brief } of GENERATIONS) {
  test.describe(`Licode client, ${label}`, () => {
    test('two then three participants see and hear each other; a late joiner sees existing streams; leaving is seen at once (target 1 s)', async ({
      world,
    }) => {
      test.setTimeout(120_000);
      await world.server(server);
      const alice = await world.participant('alice');
      const bob = await world.participant('bob');
      const joinA = await alice.join();
      expect(joinA.dialect).toBe(joinDialect ?? dialect);
      const aliceId = await alice.publish({ attributes: { name: 'alice' } });
      expect(await alice.run('generation')).toEqual({ dialect, socketIo });
      expect(aliceId).toBeGreaterThan(2 ** 53);
      const joinStarted = Date.now();
      const joinB = await bob.join();
      measured(`${label}: join incl. generation detection`, Date.now() - joinStarted);
      expect(joinB.streams).toEqual([aliceId]);
      const publishStarted = Date.now();
      const bobId = await bob.publish({ attributes: { name: 'bob' } });
      measured(`${label}: publish until ready (getUserMedia included)`, Date.now() - publishStarted);
      await alice.expectMediaFrom([bobId]);
      await bob.expectMediaFrom([aliceId]);
      await alice.expectPeerConnections(2);
      await bob.expectPeerConnections(2);
      // 1 Hz quality samples per stream, both directions
      await expect
        .poll(
          async () => {
            const q = (await bob.state()).quality;
            const sub = q.find((x) => x.direction === 'subscribe' && x.streamId === aliceId);
            const pub = q.find((x) => x.direction === 'publish' && x.streamId === bobId);
            return !!sub && sub.bitrateKbps > 0 && (sub.framesPerSecond ?? 0) > 0 && !!pub && pub.bitrateKbps > 0;
          },
          { timeout: 15_000 },
        )
        .toBe(true);

      const carol = await world.participant('carol');
      const joinC = await carol.join();
      expect(joinC.streams.sort()).toEqual([aliceId, bobId].sort());
      const carolId = await carol.publish();
      await carol.expectMediaFrom([aliceId, bobId]);
      await alice.expectMediaFrom([bobId, carolId]);
      await bob.expectMediaFrom([aliceId, carolId]);
      for (const p of [alice, bob, carol]) await p.expectPeerConnections(3);

      const started = Date.now();
      await carol.run('leave');
      for (const p of [alice, bob]) {
        await expect.poll(async () => (await p.events()).find((e) => e.type === 'stream-removed' && e.id === carolId)?.t, { timeout: 5_000 }).toBeDefined();
        const removedAt = (await p.events()).find((e) => e.type === 'stream-removed' && e.id === carolId)!.t;
        measured(`${label}: leave → stream-removed at ${p.name}`, removedAt - started);
        // The target is 1 s (met on a lightly loaded machine, see the measured annotation; set
        // LICODE_LEAVE_BOUND_MS=1000 to enforce it). The default keeps a margin for a saturated CI box (load 30 on 2
        // cores measured 1.8-3.5 s) but stays far below the 30 s grace a C departure without clientDisconnection costs.
        expect(removedAt - started).toBeLessThan(LEAVE_BOUND_MS);
        expect(await p.remoteIds()).toHaveLength(1);
        await p.expectPeerConnections(2);
      }
      await carol.expectPeerConnections(0);
    });

    test('maxVideoBW is applied (b=AS for A, sender encodings for B and C) and bounded by the server maximum', async ({ world }) => {
      test.skip(brief === true, 'the same code as the generation listed above it');
      await world.server(server);
      const alice = await world.participant('alice');
      await alice.join();
      await alice.publish({ maxVideoBW: 150 });
      const [applied] = await alice.run<Array<{ maxBitrate: number | null; localAS: string | null; remoteAS: string | null }>>('bandwidth');
      if (dialect === 'A') expect(applied).toMatchObject({ localAS: '150', remoteAS: '150' });
      else expect(applied).toMatchObject({ maxBitrate: 119_000 });
      await alice.run('unpublish');
      await alice.publish({ maxVideoBW: 100_000 }); // above the server's maxVideoBW (300 kbit/s by default)
      const [capped] = await alice.run<Array<{ maxBitrate: number | null; localAS: string | null }>>('bandwidth');
      if (dialect === 'A') expect(capped!.localAS).toBe('300');
      else expect(capped!.maxBitrate).toBe(254_000);
    });

    test('unpublish, unsubscribe, attribute updates, data messages, mute state and device switch', async ({ world }) => {
      await world.server(server);
      const alice = await world.participant('alice');
      const bob = await world.participant('bob');
      await alice.join();
      const aliceId = await alice.publish({ attributes: { name: 'alice' } });
      await bob.join();
      await bob.expectMediaFrom([aliceId]);

      await alice.run('setAttributes', { name: 'Alice L.' });
      await expect.poll(async () => (await bob.state()).remotes.find((r) => r.id === aliceId)?.attributes['name']).toBe('Alice L.');

      await alice.run('sendData', { text: 'hello', n: 2 ** 60 });
      await expect.poll(async () => (await bob.events()).find((e) => e.type === 'data')?.message).toEqual({ text: 'hello', n: 2 ** 60 });

      await alice.run('mute', { audio: true });
      await expect.poll(async () => (await bob.state()).remotes.find((r) => r.id === aliceId)?.muted).toEqual({ audio: true, video: false });
      await alice.run('mute', { audio: false, video: true });
      await expect.poll(async () => (await bob.state()).remotes.find((r) => r.id === aliceId)?.muted).toEqual({ audio: false, video: true });
      await alice.run('mute', { video: false });

      await alice.run('switchCamera');
      await bob.expectMediaFrom([aliceId]);
      await alice.expectPeerConnections(1); // replaceTrack: no new connection, no renegotiation

      await bob.run('unsubscribe', aliceId);
      await bob.expectPeerConnections(0);
      expect((await bob.state()).remotes).toEqual([expect.objectContaining({ id: aliceId, subscribed: false })]);
      await bob.run('subscribe', aliceId);
      await bob.expectMediaFrom([aliceId]);
      await bob.expectPeerConnections(1);

      await alice.run('unpublish');
      await expect.poll(async () => bob.remoteIds()).toEqual([]);
      await alice.expectPeerConnections(0);
      await bob.expectPeerConnections(0);
    });
  });
}
