import * as sdpTransform from 'sdp-transform';
import { describe, expect, it } from 'vitest';
import { NodePublisher } from '../media/test-support/node-publisher';
import { NodeSubscriber, waitFor } from '../media/test-support/node-subscriber';
import { ATestClient, createToken, serverPerTest, type Harness } from './harness';

/**
 * Dialect B (Licode v7/v8, docs/licode-protocol.md §4, §9.3) on the real werift media plane with libwebrtc
 * (@roamhq/wrtc) peers driven over a plain socket.io-client 2: a publication answered in v7/v8's Plan B SDP and
 * announced, and a subscriber decoding frames — v7 by offering itself, v8 by answering the server's offer.
 */

const perTest = serverPerTest();

type ConnectionEvent = { connectionId: string; info: number | string; evt: { type: string; sdp?: string } };
const connectionEvent =
  (type: string, connectionId: string) =>
  ([m]: unknown[]) =>
    (m as ConnectionEvent).connectionId === connectionId && (m as ConnectionEvent).evt.type === type;

async function join(h: Harness, role = 'presenter'): Promise<ATestClient> {
  const token = await createToken(h.server.restUrl, { username: 'u', role });
  const c = await ATestClient.join(h.server.controllerHost, token, { singlePC: false });
  perTest.closeLater(() => c.close());
  return c;
}

/** `connectionMessage` as the v7/v8 client sends it: positional, a `null` second argument, an ack never called. */
function connectionMessage(c: ATestClient, connectionId: string, erizoId: string, msg: Record<string, unknown>): void {
  c.socket.emit('connectionMessage', { connectionId, erizoId, msg, browser: 'chrome-stable' }, null, () => undefined);
}

async function publish(
  c: ATestClient,
  label: string,
): Promise<{ id: number; erizoId: string; connectionId: string; answer: string; publisher: NodePublisher }> {
  const publisher = new NodePublisher();
  perTest.closeLater(() => publisher.close());
  publisher.addStream(label);
  const ack = await c.request('publish', [{ state: 'erizo', audio: true, video: true, data: true, label, attributes: { name: label } }, null]);
  if (ack === 'timeout') throw new Error('publish not acknowledged');
  const [id, erizoId, connectionId] = ack as [number, string, string];
  connectionMessage(c, connectionId, erizoId, { type: 'offer', sdp: await publisher.offer() });
  const answer = (await c.log.wait('connection_message_erizo', connectionEvent('answer', connectionId), 10_000)).args[0] as ConnectionEvent;
  expect(answer.info).toBe(202);
  await publisher.applyAnswer(answer.evt.sdp ?? '');
  await c.log.wait('connection_message_erizo', connectionEvent('ready', connectionId), 15_000);
  await c.log.wait('onAddStream', ([s]) => (s as { id: number }).id === id, 15_000);
  return { id, erizoId, connectionId, answer: answer.evt.sdp ?? '', publisher };
}

async function decoding(subscriber: NodeSubscriber): Promise<void> {
  await waitFor('decoded frames and audio packets', async () => {
    const s = await subscriber.packetsReceived();
    return s.audio > 0 && s.video > 0 && s.framesDecoded > 0 ? s : undefined;
  });
}

describe('dialect B with real media', () => {
  it("v8: the publisher's offer is answered in Plan B (CRLF, port 9, BUNDLE, rtcp-mux, end-of-candidates, VP8 + Opus); the server offers a subscription and frames decode", async () => {
    const h = await perTest.start({ dialect: 'B', bVersion: 'v8', real: true });
    const alice = await join(h);
    const { id, erizoId: publisherErizo, connectionId: publisherConnection, answer, publisher } = await publish(alice, 'alice-label');
    expect(answer.split('\r\n').join('')).not.toContain('\n');
    const parsed = sdpTransform.parse(answer);
    expect(parsed.media.map((m) => m.type)).toEqual(['audio', 'video']);
    expect(parsed.media.map((m) => m.port)).toEqual([9, 9]);
    expect(parsed.media.map((m) => m.rtcpMux)).toEqual(['rtcp-mux', 'rtcp-mux']);
    expect(parsed.groups?.[0]?.type).toBe('BUNDLE');
    expect(parsed.media.every((m) => m.endOfCandidates === 'end-of-candidates')).toBe(true);
    expect(parsed.media.find((m) => m.type === 'audio')?.rtp.map((r) => r.codec)).toEqual(['opus']);
    expect(parsed.media.find((m) => m.type === 'video')?.rtp.map((r) => r.codec)).toEqual(['VP8']);
    expect(parsed.name).toBe('LicodeMCU');
    // §8 #20: the v7–v9 client drops an answer whose o= version is not newer; an ICE restart's answer is newer.
    connectionMessage(alice, publisherConnection, publisherErizo, { type: 'offer', sdp: await publisher.offer({ iceRestart: true }) });
    const answers = () => alice.log.events.filter((e) => e.event === 'connection_message_erizo' && connectionEvent('answer', publisherConnection)(e.args));
    await waitFor('the ICE restart answer', () => answers().length === 2 || undefined, 10_000);
    const versions = answers().map((e) => Number(sdpTransform.parse((e.args[0] as ConnectionEvent).evt.sdp ?? '').origin?.sessionVersion));
    expect(versions[1]).toBeGreaterThan(versions[0] ?? Infinity);

    const bob = await join(h, 'viewer');
    const subscriber = new NodeSubscriber();
    perTest.closeLater(() => subscriber.close());
    const ack = await bob.request('subscribe', [{ streamId: id, audio: true, video: true, data: true, offerFromErizo: true }, null]);
    expect(ack === 'timeout' ? ack : ack.length).toBe(3);
    const [ok, erizoId, connectionId] = ack as [boolean, string, string];
    expect(ok).toBe(true);
    const offer = (await bob.log.wait('connection_message_erizo', connectionEvent('offer', connectionId), 10_000)).args[0] as ConnectionEvent;
    expect(offer.info).toBe(202);
    const offerSdp = sdpTransform.parse(offer.evt.sdp ?? '');
    expect(offerSdp.media.map((m) => m.setup)).toEqual(['actpass', 'actpass']);
    connectionMessage(bob, connectionId, erizoId, { type: 'answer', sdp: await subscriber.answer(offer.evt.sdp ?? '') });
    await bob.log.wait('connection_message_erizo', connectionEvent('ready', connectionId), 15_000);
    await decoding(subscriber);
    expect([...subscriber.streamIds]).toContain('alice-label');
  }, 60_000);

  it("v8: a synthetic participant (--bots) is listed with its label in B's join reply and decodes for a server-offered subscription", async () => {
    const h = await perTest.start({ dialect: 'B', bVersion: 'v8', real: true, bots: 1 });
    const bob = await join(h, 'viewer');
    const [bot] = bob.joinInfo?.streams as { id: number; label: string; attributes: { name: string } }[];
    expect(bot?.attributes.name).toBe('Bot 1');
    expect(typeof bot?.label).toBe('string');
    const subscriber = new NodeSubscriber();
    perTest.closeLater(() => subscriber.close());
    const ack = await bob.request('subscribe', [{ streamId: bot?.id, audio: true, video: true, data: true, offerFromErizo: true }, null]);
    const [, erizoId, connectionId] = ack as [boolean, string, string];
    const offer = (await bob.log.wait('connection_message_erizo', connectionEvent('offer', connectionId), 10_000)).args[0] as ConnectionEvent;
    connectionMessage(bob, connectionId, erizoId, { type: 'answer', sdp: await subscriber.answer(offer.evt.sdp ?? '') });
    await bob.log.wait('connection_message_erizo', connectionEvent('ready', connectionId), 15_000);
    await decoding(subscriber);
  }, 60_000);

  it('v7: the subscriber offers and is answered; frames decode', async () => {
    const h = await perTest.start({ dialect: 'B', bVersion: 'v7', real: true });
    const alice = await join(h);
    const { id } = await publish(alice, 'alice-label');
    const bob = await join(h, 'viewer');
    const subscriber = new NodeSubscriber();
    perTest.closeLater(() => subscriber.close());
    const ack = await bob.request('subscribe', [{ streamId: id, audio: true, video: true, data: true }, null]);
    const [ok, erizoId, connectionId] = ack as [boolean, string, string];
    expect(ok).toBe(true);
    connectionMessage(bob, connectionId, erizoId, { type: 'offer', sdp: await subscriber.offerToReceive() });
    const answer = (await bob.log.wait('connection_message_erizo', connectionEvent('answer', connectionId), 10_000)).args[0] as ConnectionEvent;
    expect(sdpTransform.parse(answer.evt.sdp ?? '').media.map((m) => m.setup)).toEqual(['active', 'active']);
    await subscriber.applyAnswer(answer.evt.sdp ?? '');
    await bob.log.wait('connection_message_erizo', connectionEvent('ready', connectionId), 15_000);
    await decoding(subscriber);
    expect(bob.log.count('connection_message_erizo')).toBeGreaterThanOrEqual(2);
  }, 60_000);
});
