import { describe, expect, it } from 'vitest';
import { NodeSubscriber, waitFor } from '../media/test-support/node-subscriber';
import type { TestServer } from '../index';
import { createToken, CTestClient, serverPerTest, type Harness } from './harness';

/**
 * Issue 9, demo server: after a busy session in which bots were removed through the admin API, the two original bots
 * never sent video to a new subscriber again until the server restarted (a newly added bot worked). Real werift plane,
 * bots, and libwebrtc subscribers in Node, dialect C.
 */

const perTest = serverPerTest();
type Envelope = { connectionId: string; info: number | string; evt: { type: string; sdp?: string } };

async function subscriberOf(h: Harness, name: string, singlePC: boolean) {
  const c = await CTestClient.join(
    h.server.controllerHost,
    await createToken(h.server.restUrl, { username: name, role: 'presenter' }),
    singlePC ? { singlePC: 'true' } : {},
  );
  perTest.closeLater(() => c.close());
  const peers = new Map<string, NodeSubscriber>();
  let erizoId = '';
  c.socket.on('connection_message_erizo', (envelope: { msg?: Envelope }) => {
    const m = envelope.msg;
    if (m?.evt.type !== 'offer') return;
    let peer = peers.get(m.connectionId);
    if (!peer) {
      peer = new NodeSubscriber();
      peers.set(m.connectionId, peer);
      const created = peer;
      perTest.closeLater(() => created.close());
    }
    void peer
      .answer(m.evt.sdp ?? '')
      .then((sdp) => c.emit('connectionMessage', { options: { connectionId: m.connectionId, erizoId, msg: { type: 'answer', sdp } }, sdp: null }));
  });
  const subscribe = async (streamId: number): Promise<string> => {
    const ack = (await c.request('subscribe', { options: { streamId, audio: true, video: true, data: false }, sdp: null }, 10_000)) as [
      boolean,
      string,
      string,
    ];
    erizoId = ack[1];
    return ack[2];
  };
  /** Decoded frames of every video track this client receives. */
  const decodedFrames = async (): Promise<number[]> => {
    const frames: number[] = [];
    for (const peer of peers.values()) {
      (await peer.pc.getStats()).forEach((s: { type: string; kind?: string; mediaType?: string; framesDecoded?: number }) => {
        if (s.type === 'inbound-rtp' && (s.kind ?? s.mediaType) === 'video') frames.push(s.framesDecoded ?? 0);
      });
    }
    return frames;
  };
  return { c, peers, subscribe, decodedFrames };
}

describe('demo bots keep serving new subscribers after other bots and subscribers went away', () => {
  it('the original bots send video to a new subscriber after added bots were killed and subscribers left', async () => {
    const h = await perTest.start({ dialect: 'C', real: true, bots: 2 });
    const original = (await h.admin.streams()).map((s) => s.id as number);
    expect(original).toHaveLength(2);
    const added = [await h.admin.addBot('basicExampleRoom', 'Extra 1'), await h.admin.addBot('basicExampleRoom', 'Extra 2')];
    const all = [...original, ...added];
    const viewers = [await subscriberOf(h, 'v1', false), await subscriberOf(h, 'v2', true), await subscriberOf(h, 'v3', false)];
    for (const viewer of viewers) for (const id of all) await viewer.subscribe(id);
    for (const viewer of viewers) {
      await waitFor(
        'every bot decoded',
        async () => {
          const frames = await viewer.decodedFrames();
          return frames.length === all.length && frames.every((n) => n > 0) ? true : undefined;
        },
        20_000,
      );
    }
    // Subscribers go away (one leaves properly, one just vanishes), then the added bots are removed by the admin API.
    viewers[0]!.c.emit('clientDisconnection', undefined);
    viewers[0]!.c.close();
    for (const peer of viewers[1]!.peers.values()) peer.close();
    viewers[1]!.c.close();
    for (const id of added) await h.admin.killStream(id);
    expect((await h.admin.streams()).map((s) => s.id as number).sort()).toEqual([...original].sort());

    const newcomer = await subscriberOf(h, 'late', false);
    const started = Date.now();
    for (const id of original) await newcomer.subscribe(id);
    await waitFor(
      'the original bots decoded at the newcomer',
      async () => {
        const frames = await newcomer.decodedFrames();
        return frames.length === original.length && frames.every((n) => n > 0) ? true : undefined;
      },
      10_000,
    );
    console.log(`[bots] newcomer decodes both original bots after ${Date.now() - started} ms`);
  }, 90_000);

  it('a bot whose media connection failed is removed from the room and publishes again; new subscribers get its video', async () => {
    const h = await perTest.start({ dialect: 'C', real: true, bots: 2 });
    const [bot1, bot2] = (await h.admin.streams()).map((s) => s.id as number);
    const viewer = await subscriberOf(h, 'viewer', false);
    await viewer.subscribe(bot1!);
    await waitFor('bot 1 decoded', async () => ((await viewer.decodedFrames())[0] ?? 0) > 0 || undefined, 20_000);
    // What overload did to the demo: the plane's ICE consent to the bot expired and its connection failed.
    const mark = viewer.c.log.events.length;
    (h.server as TestServer).current.bots.mediaOf(bot1!)?.fail('consent expired (fault injection)');
    expect((await viewer.c.log.wait('onRemoveStream', () => true, 5_000, mark)).args[0]).toEqual({ id: bot1 });
    const again = await viewer.c.log.wait('onAddStream', () => true, 20_000, mark);
    const republished = again.args[0] as { id: number; attributes: unknown };
    expect(republished.attributes).toEqual({ name: 'Bot 1' });
    expect((await h.admin.streams()).map((s) => s.id as number).sort()).toEqual([bot2!, republished.id].sort());
    const newcomer = await subscriberOf(h, 'late', false);
    await newcomer.subscribe(republished.id);
    await newcomer.subscribe(bot2!);
    await waitFor(
      'both bots decoded at the newcomer',
      async () => {
        const frames = await newcomer.decodedFrames();
        return frames.length === 2 && frames.every((n) => n > 0) ? true : undefined;
      },
      15_000,
    );
  }, 90_000);
});
