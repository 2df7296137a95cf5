import wrtc from '@roamhq/wrtc';
import { describe, expect, it } from 'vitest';
import { waitFor } from '../media/test-support/node-subscriber';
import { createToken, CTestClient, serverPerTest, type Harness } from './harness';

/**
 * Dialect C announces a publication when ErizoJS reports the publisher `ready`, which HEAD takes from the connection's
 * `onReady` (erizoJSController.addPublisher): once ICE and DTLS are up, without waiting for RTP — and at once for a
 * publication added to a single-PC connection that is already up. Real Licode showed a second publication to an
 * existing subscriber in 0.16–0.31 s where the test server, waiting for RTP of every kind, took seconds (issue 9).
 */

const perTest = serverPerTest();
type Envelope = { connectionId: string; info: number | string; evt: { type: string; sdp?: string } };
const isEvt =
  (type: string, connectionId: string) =>
  ([m]: unknown[]) =>
    (m as Envelope).evt.type === type && (m as Envelope).connectionId === connectionId;
const added =
  (id: number) =>
  ([s]: unknown[]) =>
    (s as { id: number }).id === id;

async function join(h: Harness, name: string, singlePC: boolean): Promise<CTestClient> {
  const token = await createToken(h.server.restUrl, { username: name, role: 'presenter' });
  const c = await CTestClient.join(h.server.controllerHost, token, singlePC ? { singlePC: 'true' } : {});
  perTest.closeLater(() => c.close());
  return c;
}

/** A libwebrtc publisher with audio + video transceivers and no tracks: ICE and DTLS come up, RTP never flows. */
async function silentPublisher(): Promise<wrtc.RTCPeerConnection> {
  const pc = new wrtc.RTCPeerConnection({ iceServers: [] });
  perTest.closeLater(() => pc.close());
  pc.addTransceiver('audio', { direction: 'sendonly' });
  pc.addTransceiver('video', { direction: 'sendonly' });
  return pc;
}

/** Publish on `pc` and complete the offer/answer (the server's answer carries its candidates, §5.6). */
async function publish(alice: CTestClient, pc: wrtc.RTCPeerConnection): Promise<{ id: number; connectionId: string }> {
  const [id, erizoId, connectionId] = (await alice.request('publish', { options: { state: 'erizo', audio: true, video: true, data: false }, sdp: null })) as [
    number,
    string,
    string,
  ];
  const from = alice.log.events.length;
  await pc.setLocalDescription(await pc.createOffer());
  await waitFor('gathering', () => (pc.iceGatheringState === 'complete' ? true : undefined));
  alice.emit('connectionMessage', { options: { connectionId, erizoId, msg: { type: 'offer', sdp: pc.localDescription?.sdp ?? '' } }, sdp: null });
  const answer = await alice.log.wait('connection_message_erizo', isEvt('answer', connectionId), 10_000, from);
  await pc.setRemoteDescription({ type: 'answer', sdp: (answer.args[0] as Envelope).evt.sdp ?? '' });
  return { id, connectionId };
}

describe("dialect C announces a publication at the publisher connection's ready (CONN_READY)", () => {
  it('onAddStream reaches everyone once ICE and DTLS are up, though no RTP ever flows', async () => {
    const h = await perTest.start({ dialect: 'C', real: true });
    const alice = await join(h, 'alice', false);
    const bob = await join(h, 'bob', false);
    const { id, connectionId } = await publish(alice, await silentPublisher());
    await alice.log.wait('connection_message_erizo', isEvt('ready', connectionId), 15_000);
    await bob.log.wait('onAddStream', added(id), 5_000);
    await alice.log.wait('onAddStream', added(id), 5_000);
    expect((await h.admin.streams()).find((s) => s.id === id)?.ready).toBe(true);
  }, 40_000);

  it('single PC: a second publication on the connection that is already up is announced right after its ack', async () => {
    const h = await perTest.start({ dialect: 'C', real: true, allowSinglePC: true });
    const alice = await join(h, 'alice', true);
    const bob = await join(h, 'bob', true);
    const pc = await silentPublisher();
    const first = await publish(alice, pc);
    await alice.log.wait('connection_message_erizo', isEvt('ready', first.connectionId), 15_000);
    await bob.log.wait('onAddStream', added(first.id), 5_000);
    const from = bob.log.events.length;
    const [id2, , connectionId2] = (await alice.request('publish', { options: { state: 'erizo', audio: true, video: true, data: false }, sdp: null })) as [
      number,
      string,
      string,
    ];
    expect(connectionId2).toBe(first.connectionId);
    // Before any renegotiation for it: HEAD's onReady promise of that connection has long resolved.
    await bob.log.wait('onAddStream', added(id2), 1_000, from);
  }, 40_000);
});
