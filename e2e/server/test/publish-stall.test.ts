import { afterEach, describe, expect, it } from 'vitest';
import { ATestClient, clientOffer, createToken, CTestClient, sleep, startHarness, type Harness } from './harness';

/**
 * The publish-stall fault (`POST /faults/publish-stall`): the next N media publications (of one client, or anyone's)
 * never become ready — the offer is never answered (`no-answer`) or the answer comes but no packet passes
 * (`no-connect`). The ack and `started` arrive as usual. Fake media plane: it answers at once and is ready ~10 ms later.
 */

let h: Harness | undefined;
const closers: Array<() => void> = [];

afterEach(async () => {
  for (const close of closers.splice(0)) close();
  await h?.server.close();
  h = undefined;
});

type Erizo = { mess: { type: string }; streamId?: number };
type Envelope = { connectionId: string; evt: { type: string } };

async function joinA(name: string): Promise<ATestClient> {
  const c = await ATestClient.join(h!.server.controllerHost, await createToken(h!.server.restUrl, { username: name, role: 'presenter' }));
  closers.push(() => c.close());
  return c;
}

/** Dialect A: publish, wait for `started`, offer; resolves with the id and whether the answer and `ready` came within `waitMs`. */
async function publishA(c: ATestClient, waitMs = 800): Promise<{ id: number; answered: boolean; ready: boolean }> {
  const ack = await c.request('publish', [{ state: 'erizo', audio: true, video: true, data: true, attributes: {} }, null]);
  if (ack === 'timeout') throw new Error('publish not acknowledged');
  const id = ack[0] as number;
  await c.log.wait('signaling_message_erizo', ([m]) => (m as Erizo).mess.type === 'started' && (m as Erizo).streamId === id);
  c.socket.emit('signaling_message', { streamId: id, msg: { type: 'offer', sdp: clientOffer('sendonly') } }, null);
  await sleep(waitMs);
  const seen = (type: string) =>
    c.log.events.some((e) => e.event === 'signaling_message_erizo' && (e.args[0] as Erizo).mess.type === type && (e.args[0] as Erizo).streamId === id);
  return { id, answered: seen('answer'), ready: seen('ready') };
}

describe('publish-stall fault', () => {
  it('A v5, no-answer: the next publication of that client is acknowledged and started, but its offer is never answered', async () => {
    h = await startHarness({ dialect: 'A', aVersion: 'v5' });
    const alice = await joinA('alice');
    const bob = await joinA('bob');
    await h.admin.stallPublishes({ count: 1, mode: 'no-answer', clientId: String(alice.joinInfo?.clientId) });
    expect((await h.admin.state()).faults.publishStalls).toEqual([{ clientId: alice.joinInfo?.clientId, mode: 'no-answer', remaining: 1 }]);
    expect(await publishA(bob)).toMatchObject({ answered: true, ready: true }); // someone else's: untouched
    expect(await publishA(alice)).toMatchObject({ answered: false, ready: false });
    expect((await h.admin.state()).faults.publishStalls).toEqual([]); // used up
    expect(await publishA(alice)).toMatchObject({ answered: true, ready: true }); // the retry works
  });

  it('C, no-connect: the offer is answered but the connection drops every packet, so it never becomes ready', async () => {
    h = await startHarness({ dialect: 'C', fakeOptions: { autoReady: false } });
    const alice = await CTestClient.join(h.server.controllerHost, await createToken(h.server.restUrl, { username: 'alice', role: 'presenter' }));
    closers.push(() => alice.close());
    await h.admin.stallPublishes({ count: 2, mode: 'no-connect' });
    // A data-only publication has no media connection: not counted.
    expect(await alice.request('publish', { options: { state: 'data', data: true }, sdp: null })).not.toBe('timeout');
    const ack = await alice.request('publish', { options: { state: 'erizo', audio: true, video: true, data: true, label: 'l1' }, sdp: null });
    if (ack === 'timeout') throw new Error('publish not acknowledged');
    const [, erizoId, connectionId] = ack as [number, string, string];
    alice.emit('connectionMessage', { options: { connectionId, erizoId, msg: { type: 'offer', sdp: clientOffer('sendonly') } }, sdp: null });
    await alice.log.wait('connection_message_erizo', ([m]) => (m as Envelope).connectionId === connectionId && (m as Envelope).evt.type === 'answer');
    expect(h.fake?.connections.get(connectionId)?.blackholedMs).toBe(120_000);
    expect((await h.admin.state()).faults.publishStalls).toMatchObject([{ mode: 'no-connect', remaining: 1 }]);
    await h.admin.clearPublishStalls();
    expect((await h.admin.state()).faults.publishStalls).toEqual([]);
  });

  it('refuses bad input with a clear message', async () => {
    h = await startHarness({ dialect: 'C' });
    await expect(h.admin.stallPublishes({ count: 0 })).rejects.toThrow(/"count" must be a whole number from 1 to 100/);
    await expect(h.admin.stallPublishes({ mode: 'sometimes' as 'no-answer' })).rejects.toThrow(/"mode" must be one of: no-answer, no-connect/);
    await expect(h.admin.stallPublishes({ clientId: '' })).rejects.toThrow(/"clientId" must be a non-empty string/);
  });
});
