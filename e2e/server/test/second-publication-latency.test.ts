import { describe, expect, it } from 'vitest';
import { NodePublisher } from '../media/test-support/node-publisher';
import { NodeSubscriber, waitFor } from '../media/test-support/node-subscriber';
import { createToken, CTestClient, serverPerTest, type Harness } from './harness';

/**
 * Issue 9: a second publication reached an existing subscriber after 3.1–7.5 s on the test server, 0.16–0.31 s on a
 * real Licode. The path measured here, dialect C on the werift plane with libwebrtc peers in Node: publish → answer →
 * ready → onAddStream at the subscriber → subscribe → server offer → answer → first RTP → first decoded frame of the
 * new publication, for Licode's default layout (a new connection) and single PC (a re-offer of the subscriber's
 * connection that already carries the first publication).
 */

const perTest = serverPerTest();
type Envelope = { connectionId: string; info: number | string; evt: { type: string; sdp?: string } };
const isEvt =
  (type: string, connectionId?: string) =>
  ([m]: unknown[]) =>
    (m as Envelope).evt.type === type && (connectionId === undefined || (m as Envelope).connectionId === connectionId);

/** Inbound video streams that decoded at least one frame, and those that received at least one packet. */
async function videoInbound(subscriber: NodeSubscriber): Promise<{ decoding: number; receiving: number }> {
  const result = { decoding: 0, receiving: 0 };
  (await subscriber.pc.getStats()).forEach((s: { type: string; kind?: string; mediaType?: string; framesDecoded?: number; packetsReceived?: number }) => {
    if (s.type !== 'inbound-rtp' || (s.kind ?? s.mediaType) !== 'video') return;
    if ((s.packetsReceived ?? 0) > 0) result.receiving += 1;
    if ((s.framesDecoded ?? 0) > 0) result.decoding += 1;
  });
  return result;
}

/** Poll often: the figure is a few hundred ms, the default 100 ms step would blur it. */
async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function scenario(h: Harness, singlePC: boolean): Promise<Record<string, number>> {
  const join = async (name: string) => {
    const c = await CTestClient.join(
      h.server.controllerHost,
      await createToken(h.server.restUrl, { username: name, role: 'presenter' }),
      singlePC ? { singlePC: 'true' } : {},
    );
    perTest.closeLater(() => c.close());
    return c;
  };
  const alice = await join('alice');
  const bob = await join('bob');
  const publishers: NodePublisher[] = [];
  const newPublisher = () => {
    const p = new NodePublisher();
    perTest.closeLater(() => p.close());
    publishers.push(p);
    return p;
  };
  /** Publish `label`: single PC renegotiates alice's one publisher connection, the default layout makes a new one. */
  const publish = async (label: string, marks: Record<string, number>, t0: number) => {
    const publisher = singlePC && publishers[0] ? publishers[0] : newPublisher();
    publisher.addStream(label, { width: 320, height: 180 });
    const [id, erizoId, connectionId] = (await alice.request('publish', {
      options: { state: 'erizo', audio: true, video: true, data: false, label },
      sdp: null,
    })) as [number, string, string];
    marks.publishAck = Date.now() - t0;
    const from = alice.log.events.length;
    alice.emit('connectionMessage', { options: { connectionId, erizoId, msg: { type: 'offer', sdp: await publisher.offer() } }, sdp: null });
    const answer = await alice.log.wait('connection_message_erizo', isEvt('answer', connectionId), 10_000, from);
    marks.publishAnswer = Date.now() - t0;
    await publisher.applyAnswer((answer.args[0] as Envelope).evt.sdp ?? '');
    return id;
  };
  const subscribers = new Map<string, NodeSubscriber>(); // connectionId → subscriber
  const subscribe = async (id: number, marks: Record<string, number>, t0: number) => {
    const from = bob.log.events.length;
    const [, erizoId, connectionId] = (await bob.request('subscribe', { options: { streamId: id, audio: true, video: true, data: false }, sdp: null })) as [
      boolean,
      string,
      string,
    ];
    marks.subscribeAck = Date.now() - t0;
    const offer = await bob.log.wait('connection_message_erizo', isEvt('offer', connectionId), 10_000, from);
    marks.serverOffer = Date.now() - t0;
    const subscriber = subscribers.get(connectionId) ?? new NodeSubscriber();
    if (!subscribers.has(connectionId)) {
      subscribers.set(connectionId, subscriber);
      perTest.closeLater(() => subscriber.close());
    }
    const answer = await subscriber.answer((offer.args[0] as Envelope).evt.sdp ?? '');
    bob.emit('connectionMessage', { options: { connectionId, erizoId, msg: { type: 'answer', sdp: answer } }, sdp: null });
    marks.answered = Date.now() - t0;
    return subscriber;
  };

  // First publication, subscribed and decoding.
  const first: Record<string, number> = {};
  const start = Date.now();
  const id1 = await publish('first', first, start);
  await bob.log.wait('onAddStream', ([s]) => (s as { id: number }).id === id1, 15_000);
  const sub1 = await subscribe(id1, first, start);
  await waitFor('first publication decoding', async () => ((await videoInbound(sub1)).decoding >= 1 ? true : undefined));

  // The second publication, timed from alice's publish request.
  const marks: Record<string, number> = {};
  const t0 = Date.now();
  const id2 = await publish('second', marks, t0);
  await bob.log.wait('onAddStream', ([s]) => (s as { id: number }).id === id2, 15_000);
  marks.onAddStream = Date.now() - t0;
  const sub2 = await subscribe(id2, marks, t0);
  const expected = sub2 === sub1 ? 2 : 1;
  await until('first RTP of the second publication', async () => ((await videoInbound(sub2)).receiving >= expected ? true : undefined));
  marks.firstRtp = Date.now() - t0;
  await until('first decoded frame of the second publication', async () => ((await videoInbound(sub2)).decoding >= expected ? true : undefined));
  marks.firstFrame = Date.now() - t0;
  return marks;
}

describe('dialect C: a second publication reaches an existing subscriber quickly (loopback)', () => {
  for (const singlePC of [false, true]) {
    it(`${singlePC ? 'single PC (re-offer of the subscriber connection)' : "Licode's default layout (a new connection)"}: onAddStream → first decoded frame < 1 s`, async () => {
      const h = await perTest.start({ dialect: 'C', real: true, allowSinglePC: singlePC });
      const marks = await scenario(h, singlePC);
      console.log(`[second publication, ${singlePC ? 'single PC' : 'default layout'}] ms from publish: ${JSON.stringify(marks)}`);
      expect(marks.firstRtp! - marks.onAddStream!).toBeLessThan(1_000);
      expect(marks.firstFrame! - marks.onAddStream!).toBeLessThan(1_000);
      expect(marks.onAddStream).toBeLessThan(1_500);
    }, 60_000);
  }
});
