import { expect, test } from './fixtures';

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
});
