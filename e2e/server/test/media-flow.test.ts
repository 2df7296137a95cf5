import wrtc from '@roamhq/wrtc';
import { describe, expect, it } from 'vitest';
import { NodePublisher } from '../media/test-support/node-publisher';
import { NodeSubscriber, waitFor } from '../media/test-support/node-subscriber';
import { ATestClient, createToken, CTestClient, sleep, serverPerTest, type Harness } from './harness';

/**
 * §9.5 scenarios where media must flow, on the real werift media plane with libwebrtc (@roamhq/wrtc) peers in Node
 * driven over plain socket.io clients. (Chromium pages are covered by the media plane's Playwright specs.)
 */

const perTest = serverPerTest();
let h: Harness | undefined;

type Envelope = { connectionId: string; info: number | string; evt: { type: string; sdp?: string } };
const isEvt =
  (type: string, connectionId?: string) =>
  ([m]: unknown[]) =>
    (m as Envelope).evt.type === type && (connectionId === undefined || (m as Envelope).connectionId === connectionId);

async function cJoin(role = 'presenter'): Promise<CTestClient> {
  if (!h) throw new Error('no server');
  const c = await CTestClient.join(h.server.controllerHost, await createToken(h.server.restUrl, { username: 'u', role }));
  perTest.closeLater(() => c.close());
  return c;
}

/** Publishes a NodePublisher's stream over dialect C; resolves once the publisher's own onAddStream arrived. */
async function cPublish(c: CTestClient, label: string): Promise<{ id: number; erizoId: string; connectionId: string; publisher: NodePublisher }> {
  const publisher = new NodePublisher();
  perTest.closeLater(() => publisher.close());
  publisher.addStream(label);
  const [id, erizoId, connectionId] = (await c.request('publish', {
    options: { state: 'erizo', audio: true, video: true, data: true, label, attributes: { name: label } },
    sdp: null,
  })) as [number, string, string];
  c.emit('connectionMessage', { options: { connectionId, erizoId, msg: { type: 'offer', sdp: await publisher.offer() } }, sdp: null });
  const answer = await c.log.wait('connection_message_erizo', isEvt('answer', connectionId), 10_000);
  await publisher.applyAnswer((answer.args[0] as Envelope).evt.sdp ?? '');
  await c.log.wait('onAddStream', ([s]) => (s as { id: number }).id === id, 15_000);
  return { id, erizoId, connectionId, publisher };
}

async function cSubscribe(c: CTestClient, id: number): Promise<{ subscriber: NodeSubscriber; connectionId: string }> {
  const subscriber = new NodeSubscriber();
  perTest.closeLater(() => subscriber.close());
  const [, erizoId, connectionId] = (await c.request('subscribe', { options: { streamId: id, audio: true, video: true, data: true }, sdp: null })) as [
    boolean,
    string,
    string,
  ];
  const offer = await c.log.wait('connection_message_erizo', isEvt('offer', connectionId), 10_000);
  const answer = await subscriber.answer((offer.args[0] as Envelope).evt.sdp ?? '');
  c.emit('connectionMessage', { options: { connectionId, erizoId, msg: { type: 'answer', sdp: answer } }, sdp: null });
  await c.log.wait('connection_message_erizo', isEvt('ready', connectionId), 15_000);
  return { subscriber, connectionId };
}

async function flowing(subscriber: NodeSubscriber, above = { audio: 0, video: 0 }): Promise<{ audio: number; video: number; framesDecoded: number }> {
  return waitFor('audio and video packets', async () => {
    const s = await subscriber.packetsReceived();
    return s.audio > above.audio && s.video > above.video && s.framesDecoded > 0 ? s : undefined;
  });
}

describe('dialect C with real media', () => {
  it('publish → own onAddStream after ICE/DTLS → subscriber decodes frames and gets audio; msid = label (scenario 5)', async () => {
    h = await perTest.start({ dialect: 'C', real: true });
    const alice = await cJoin();
    const { id } = await cPublish(alice, 'alice-label');
    const bob = await cJoin('viewer');
    const { subscriber } = await cSubscribe(bob, id);
    await flowing(subscriber);
    expect([...subscriber.streamIds]).toContain('alice-label');
    expect(await alice.request('unpublish', id)).toEqual([true]);
    await bob.log.wait('onRemoveStream');
  }, 60_000);

  it('keeps media flowing across a socket drop and reconnection with clientId (scenario 8)', async () => {
    h = await perTest.start({ dialect: 'C', real: true, reconnectionGraceMs: 10_000 });
    const alice = await cJoin();
    const { id } = await cPublish(alice, 'l8');
    const bob = await cJoin();
    const { subscriber } = await cSubscribe(bob, id);
    await flowing(subscriber);
    await h.admin.dropClient(bob.clientId ?? '');
    await bob.log.wait('disconnect');
    bob.reconnect();
    await waitFor('reconnected', () => (bob.socket.connected ? true : undefined));
    const before = await subscriber.packetsReceived();
    await flowing(subscriber, before);
    expect(bob.log.count('connected')).toBe(1);
    expect((await h.admin.clients()).find((c) => c.clientId === bob.clientId)?.connected).toBe(true);
  }, 60_000);

  it('answers an ICE restart with a new answer and ready again (scenario 11)', async () => {
    h = await perTest.start({ dialect: 'C', real: true });
    const alice = await cJoin();
    const { erizoId, connectionId, publisher } = await cPublish(alice, 'l11');
    const mark = alice.log.events.length;
    alice.emit('connectionMessage', {
      options: { connectionId, erizoId, msg: { type: 'offer', sdp: await publisher.offer({ iceRestart: true }) } },
      sdp: null,
    });
    const answer = await alice.log.wait('connection_message_erizo', isEvt('answer', connectionId), 10_000, mark);
    await publisher.applyAnswer((answer.args[0] as Envelope).evt.sdp ?? '');
    await alice.log.wait('connection_message_erizo', isEvt('ready', connectionId), 15_000, mark);
  }, 60_000);
});

describe('dialect C single PC with real media', () => {
  it('carries two publications on one publisher connection and two subscriptions on one subscriber connection, re-offering on add and remove', async () => {
    h = await perTest.start({ dialect: 'C', real: true, allowSinglePC: true });
    const server = h.server;
    const join = async (singlePC: string) => {
      const c = await CTestClient.join(server.controllerHost, await createToken(server.restUrl, { username: 'u', role: 'presenter' }), { singlePC });
      perTest.closeLater(() => c.close());
      return c;
    };
    const alice = await join('true');
    const publisher = new NodePublisher();
    perTest.closeLater(() => publisher.close());
    publisher.addStream('first');
    publisher.addStream('second');
    const options = (label: string) => ({ options: { state: 'erizo', audio: true, video: true, data: false, label }, sdp: null });
    const [id1, erizoId, connectionId] = (await alice.request('publish', options('first'))) as [number, string, string];
    const [id2, , connectionId2] = (await alice.request('publish', options('second'))) as [number, string, string];
    expect(connectionId2).toBe(connectionId);
    alice.emit('connectionMessage', { options: { connectionId, erizoId, msg: { type: 'offer', sdp: await publisher.offer() } }, sdp: null });
    const answer = await alice.log.wait('connection_message_erizo', isEvt('answer', connectionId), 10_000);
    await publisher.applyAnswer((answer.args[0] as Envelope).evt.sdp ?? '');
    await alice.log.wait('onAddStream', ([s]) => (s as { id: number }).id === id1, 15_000);
    await alice.log.wait('onAddStream', ([s]) => (s as { id: number }).id === id2, 15_000);

    const bob = await join('false'); // the string "false" is a request for single PC too
    const subscriber = new NodeSubscriber();
    perTest.closeLater(() => subscriber.close());
    const answerOffer = async (from: number) => {
      const offer = await bob.log.wait('connection_message_erizo', isEvt('offer'), 10_000, from);
      const sdp = await subscriber.answer((offer.args[0] as Envelope).evt.sdp ?? '');
      bob.emit('connectionMessage', { options: { connectionId: (offer.args[0] as Envelope).connectionId, erizoId, msg: { type: 'answer', sdp } }, sdp: null });
      return (offer.args[0] as Envelope).connectionId;
    };
    let mark = bob.log.events.length;
    const sub1 = (await bob.request('subscribe', { options: { streamId: id1, audio: true, video: true }, sdp: null })) as [boolean, string, string];
    expect(await answerOffer(mark)).toBe(sub1[2]);
    await flowing(subscriber);
    mark = bob.log.events.length;
    const sub2 = (await bob.request('subscribe', { options: { streamId: id2, audio: true, video: true }, sdp: null })) as [boolean, string, string];
    expect(sub2[2]).toBe(sub1[2]);
    expect(await answerOffer(mark)).toBe(sub1[2]);
    await waitFor('both labels', () => (subscriber.streamIds.has('first') && subscriber.streamIds.has('second') ? true : undefined));
    // Every one of the four receiving tracks gets packets.
    await waitFor('media on all four tracks', async () => {
      const counts: number[] = [];
      (await subscriber.pc.getStats()).forEach((st: { type: string; packetsReceived?: number }) => {
        if (st.type === 'inbound-rtp') counts.push(st.packetsReceived ?? 0);
      });
      return counts.length === 4 && counts.every((n) => n > 5) ? true : undefined;
    });
    // The first publication goes away: the server re-offers on the same connection. Its video section gets port 0;
    // its audio section carries the BUNDLE tag and stays in the bundle as inactive (see e2e/server/MEDIA.md).
    mark = bob.log.events.length;
    expect(await alice.request('unpublish', id1)).toEqual([true]);
    const reoffer = await bob.log.wait('connection_message_erizo', isEvt('offer', sub1[2]), 10_000, mark);
    expect((reoffer.args[0] as Envelope).evt.sdp?.match(/^m=(audio|video) 0 /gm)).toEqual(['m=video 0 ']);
    const received = async (): Promise<number> => {
      let total = 0;
      (await subscriber.pc.getStats()).forEach((st: { type: string; packetsReceived?: number }) => {
        if (st.type === 'inbound-rtp') total += st.packetsReceived ?? 0;
      });
      return total;
    };
    expect(await answerOffer(mark)).toBe(sub1[2]);
    const before = await received();
    await waitFor('media of the remaining subscription', async () => ((await received()) > before + 20 ? true : undefined));
    await sleep(200);
    expect((await h.admin.clients()).find((c) => c.clientId === bob.clientId)?.connections).toEqual([sub1[2]]);
    expect((await h.admin.streams()).map((x) => x.id)).toEqual([id2]);
  }, 60_000);
});

describe('dialect A with real media', () => {
  it('v4: publish with trickled a= candidates, subscribe with a receive-only offer, media flows', async () => {
    h = await perTest.start({ dialect: 'A', aVersion: 'v4', real: true });
    const server = h.server;
    const join = async () => {
      const c = await ATestClient.join(server.controllerHost, await createToken(server.restUrl, { username: 'u', role: 'presenter' }));
      perTest.closeLater(() => c.close());
      return c;
    };
    const alice = await join();
    const publisher = new NodePublisher();
    perTest.closeLater(() => publisher.close());
    publisher.addStream('a-label');
    const [id] = (await alice.request('publish', [{ state: 'erizo', audio: true, video: true, data: false, screen: false, attributes: {} }, null])) as [number];
    await alice.log.wait('signaling_message_erizo', ([m]) => (m as { mess: { type: string } }).mess.type === 'started');
    alice.socket.emit('signaling_message', { streamId: id, msg: { type: 'offer', sdp: await publisher.offer() } }, null);
    const answer = await alice.log.wait('signaling_message_erizo', ([m]) => (m as { mess: { type: string } }).mess.type === 'answer', 10_000);
    await publisher.applyAnswer((answer.args[0] as { mess: { sdp: string } }).mess.sdp);
    alice.socket.emit(
      'signaling_message',
      { streamId: id, msg: { type: 'candidate', candidate: { sdpMLineIndex: -1, sdpMid: 'end', candidate: 'end' } } },
      null,
    );
    await alice.log.wait('signaling_message_erizo', ([m]) => (m as { mess: { type: string } }).mess.type === 'ready', 15_000);

    const bob = await join();
    expect(await bob.request('subscribe', [{ streamId: id, audio: true, video: true, data: false }, null])).toEqual([true]);
    const pc = new wrtc.RTCPeerConnection({ iceServers: [] });
    perTest.closeLater(() => pc.close());
    pc.addTransceiver('audio', { direction: 'recvonly' });
    pc.addTransceiver('video', { direction: 'recvonly' });
    const candidates: string[] = [];
    pc.addEventListener('icecandidate', (e: { candidate: { candidate: string } | null }) => {
      if (e.candidate) candidates.push(e.candidate.candidate);
    });
    await pc.setLocalDescription(await pc.createOffer());
    bob.socket.emit('signaling_message', { streamId: id, msg: { type: 'offer', sdp: pc.localDescription?.sdp }, browser: 'chrome-stable' }, null);
    const subAnswer = await bob.log.wait('signaling_message_erizo', ([m]) => (m as { mess: { type: string } }).mess.type === 'answer', 10_000);
    await pc.setRemoteDescription({ type: 'answer', sdp: (subAnswer.args[0] as { mess: { sdp: string } }).mess.sdp });
    await waitFor('gathering', () => (candidates.length > 0 ? true : undefined));
    for (const c of candidates)
      bob.socket.emit(
        'signaling_message',
        { streamId: id, msg: { type: 'candidate', candidate: { sdpMLineIndex: 0, sdpMid: '0', candidate: `a=${c}` } } },
        null,
      );
    bob.socket.emit('signaling_message', { streamId: id, msg: { type: 'candidate', candidate: { sdpMLineIndex: -1, sdpMid: 'end', candidate: 'end' } } }, null);
    await bob.log.wait('signaling_message_erizo', ([m]) => (m as { mess: { type: string } }).mess.type === 'ready', 15_000);
    await waitFor('packets', async () => {
      let audio = 0;
      let video = 0;
      (await pc.getStats()).forEach((s: { type: string; kind?: string; packetsReceived?: number }) => {
        if (s.type === 'inbound-rtp' && s.kind === 'audio') audio += s.packetsReceived ?? 0;
        if (s.type === 'inbound-rtp' && s.kind === 'video') video += s.packetsReceived ?? 0;
      });
      return audio > 0 && video > 0 ? true : undefined;
    });
  }, 60_000);
});
