import { afterEach, describe, expect, it } from 'vitest';
import { ATestClient, clientOffer, createToken, CTestClient, sleep, startHarness, type Harness } from './harness';

/**
 * The subscribe-stall fault (`POST /faults/subscribe-stall`): until cleared, subscriptions of one subscriber and/or to
 * one stream never become ready — acknowledged and `started` as usual, but A never answers the subscriber's offer and
 * C never offers the stream. And the drop-media fault (`POST /streams/:id/drop-media`), listed in `/state` until lifted.
 * Fake media plane: it answers at once and is ready ~10 ms later.
 */

let h: Harness | undefined;
const closers: Array<() => void> = [];

afterEach(async () => {
  for (const close of closers.splice(0)) close();
  await h?.server.close();
  h = undefined;
});

type Erizo = { mess: { type: string }; streamId?: number; peerId?: number };
type Envelope = { connectionId: string; evt: { type: string } };

async function joinA(name: string): Promise<ATestClient> {
  const c = await ATestClient.join(h!.server.controllerHost, await createToken(h!.server.restUrl, { username: name, role: 'presenter' }));
  closers.push(() => c.close());
  return c;
}

async function joinC(name: string): Promise<CTestClient> {
  const c = await CTestClient.join(h!.server.controllerHost, await createToken(h!.server.restUrl, { username: name, role: 'presenter' }));
  closers.push(() => c.close());
  return c;
}

async function publishA(c: ATestClient): Promise<number> {
  const ack = await c.request('publish', [{ state: 'erizo', audio: true, video: true, data: true, attributes: {} }, null]);
  if (ack === 'timeout') throw new Error('publish not acknowledged');
  const id = ack[0] as number;
  await c.log.wait('signaling_message_erizo', ([m]) => (m as Erizo).mess.type === 'started' && (m as Erizo).streamId === id);
  c.socket.emit('signaling_message', { streamId: id, msg: { type: 'offer', sdp: clientOffer('sendonly') } }, null);
  await c.log.wait('signaling_message_erizo', ([m]) => (m as Erizo).mess.type === 'ready' && (m as Erizo).streamId === id);
  return id;
}

/** Dialect A: subscribe and offer; whether the answer came within `waitMs`. */
async function subscribeA(c: ATestClient, id: number, waitMs = 600): Promise<{ acked: boolean; answered: boolean }> {
  const ack = await c.request('subscribe', [{ streamId: id, audio: true, video: true, data: true }, null]);
  await c.log.wait('signaling_message_erizo', ([m]) => (m as Erizo).mess.type === 'started' && (m as Erizo).peerId === id);
  c.socket.emit('signaling_message', { streamId: id, msg: { type: 'offer', sdp: clientOffer('recvonly') } }, null);
  await sleep(waitMs);
  const answered = c.log.events.some(
    (e) => e.event === 'signaling_message_erizo' && (e.args[0] as Erizo).mess.type === 'answer' && (e.args[0] as Erizo).peerId === id,
  );
  return { acked: Array.isArray(ack) && ack[0] === true, answered };
}

describe('subscribe-stall fault', () => {
  it('A v5: a stalled subscriber is acknowledged but its offer never answered, until the rule is cleared; others are untouched', async () => {
    h = await startHarness({ dialect: 'A', aVersion: 'v5' });
    const alice = await joinA('alice');
    const bob = await joinA('bob');
    const carol = await joinA('carol');
    const id = await publishA(alice);
    await h.admin.stallSubscriptions({ clientId: String(bob.joinInfo?.clientId), streamId: id });
    expect((await h.admin.state()).faults.subscribeStalls).toEqual([{ clientId: bob.joinInfo?.clientId, streamId: id }]);
    expect(await subscribeA(carol, id)).toEqual({ acked: true, answered: true }); // another subscriber: untouched
    expect(await subscribeA(bob, id)).toEqual({ acked: true, answered: false });
    expect(await bob.request('unsubscribe', [id])).toEqual([true]);
    // Not used up: the retry stalls too.
    expect(await subscribeA(bob, id)).toEqual({ acked: true, answered: false });
    expect(await bob.request('unsubscribe', [id])).toEqual([true]);
    await h.admin.clearSubscribeStalls();
    expect((await h.admin.state()).faults.subscribeStalls).toEqual([]);
    bob.log.events.length = 0;
    expect(await subscribeA(bob, id)).toEqual({ acked: true, answered: true });
  });

  it('C: a stalled stream is acknowledged but never offered to anyone, until the rule is cleared', async () => {
    h = await startHarness({ dialect: 'C' });
    const alice = await joinC('alice');
    const ack = await alice.request('publish', { options: { state: 'erizo', audio: true, video: true, data: true, label: 'l1' }, sdp: null });
    if (ack === 'timeout') throw new Error('publish not acknowledged');
    const [id, erizoId, connectionId] = ack as [number, string, string];
    alice.emit('connectionMessage', { options: { connectionId, erizoId, msg: { type: 'offer', sdp: clientOffer('sendonly') } }, sdp: null });
    await alice.log.wait('onAddStream');
    await h.admin.stallSubscriptions({ streamId: id });
    const bob = await joinC('bob');
    expect(((await bob.request('subscribe', { options: { streamId: id, audio: true, video: true, data: true }, sdp: null })) as unknown[])[0]).toBe(true);
    await sleep(600);
    expect(bob.log.events.some((e) => e.event === 'connection_message_erizo' && (e.args[0] as Envelope).evt.type === 'offer')).toBe(false);
    expect(await bob.request('unsubscribe', id)).not.toBe('timeout');
    await h.admin.clearSubscribeStalls();
    expect(((await bob.request('subscribe', { options: { streamId: id, audio: true, video: true, data: true }, sdp: null })) as unknown[])[0]).toBe(true);
    await bob.log.wait('connection_message_erizo', ([m]) => (m as Envelope).evt.type === 'offer');
  });

  it('refuses bad input with a clear message', async () => {
    h = await startHarness({ dialect: 'C' });
    await expect(h.admin.stallSubscriptions({ clientId: '' })).rejects.toThrow(/"clientId" must be a non-empty string/);
    await expect(h.admin.stallSubscriptions({ streamId: 1.5 })).rejects.toThrow(/"streamId" must be a whole number/);
  });
});

describe('drop-media fault', () => {
  it('is listed while on, lifted by DELETE, and names an unknown publication', async () => {
    h = await startHarness({ dialect: 'A', aVersion: 'v5' });
    const alice = await joinA('alice');
    const id = await publishA(alice);
    await h.admin.dropPublisherMedia(id);
    expect((await h.admin.state()).droppedMedia).toEqual([id]);
    await h.admin.restorePublisherMedia(id);
    expect((await h.admin.state()).droppedMedia).toEqual([]);
    await expect(h.admin.dropPublisherMedia(987654)).rejects.toThrow(/No such publication/);
  });
});
