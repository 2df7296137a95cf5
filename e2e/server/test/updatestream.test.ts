import { describe, expect, it } from 'vitest';
import { ATestClient, clientOffer, createToken, CTestClient, serverPerTest, sleep, type Harness } from './harness';
import type { FakeMediaConnection } from './fake-media-plane';

/**
 * Subscriber caps reach the media plane (the fake one records what the real one would hold): subscribe options
 * `video:{width,height,frameRate}` / `maxVideoBW`, then `updatestream` configs — dialect C as streamMessage routed by
 * erizoId (§5.3; without the right one the message is lost), dialect A as signaling_message (§3.5, no reply).
 */

const servers = serverPerTest();
type Envelope = { connectionId: string; info: number | string; evt: { type: string; sdp?: string } };
type Erizo = { mess: { type: string }; streamId?: number; peerId?: number };

function subscriberConnection(h: Harness, streamId: number): FakeMediaConnection {
  const connection = [...(h.fake?.connections.values() ?? [])].find((c) => c.subscriptions.includes(streamId));
  if (!connection) throw new Error(`nobody subscribes ${streamId}`);
  return connection;
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 3000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

describe('dialect C: updatestream via streamMessage', () => {
  async function setup(): Promise<{ h: Harness; bob: CTestClient; id: number; erizoId: string }> {
    const h = await servers.start({ dialect: 'C' });
    const join = async (username: string): Promise<CTestClient> => {
      const client = await CTestClient.join(h.server.controllerHost, await createToken(h.server.restUrl, { username, role: 'presenter' }));
      servers.closeLater(() => client.close());
      return client;
    };
    const alice = await join('alice');
    const [id, erizoId, connectionId] = (await alice.request('publish', { options: { state: 'erizo', audio: true, video: true, label: 'l1' }, sdp: null })) as [
      number,
      string,
      string,
    ];
    alice.emit('connectionMessage', { options: { connectionId, erizoId, msg: { type: 'offer', sdp: clientOffer('sendonly') } }, sdp: null });
    await alice.log.wait('onAddStream');
    const bob = await join('bob');
    const ack = await bob.request('subscribe', {
      options: { streamId: id, audio: true, video: { width: 320, height: 240, frameRate: 15 }, maxVideoBW: 250 },
      sdp: null,
    });
    expect(ack).toEqual([true, erizoId, expect.any(String)]);
    await bob.log.wait('connection_message_erizo', ([m]) => (m as Envelope).evt.type === 'offer');
    return { h, bob, id, erizoId };
  }

  it('takes the subscribe options as the initial caps and applies an updatestream with the right erizoId', async () => {
    const { h, bob, id, erizoId } = await setup();
    const connection = subscriberConnection(h, id);
    expect(connection.constraints.get(id)).toEqual({ video: { width: 320, height: 240, frameRate: 15 }, maxVideoBW: 250 });
    const config = { video: { width: 1280, height: 720, frameRate: 30 }, maxVideoBW: 2000, qualityLayer: { spatialLayer: 2, temporalLayer: -1 } };
    expect(
      await bob.request('streamMessage', { options: { streamId: id, erizoId, msg: { type: 'updatestream', config }, browser: 'chrome-stable' }, sdp: null }),
    ).toEqual([]);
    await until(() => connection.updates.length === 1, 'the update');
    expect(connection.updates).toEqual([{ streamId: id, config }]);
    expect(connection.constraints.get(id)).toEqual(config);
    // The admin listing shows what the subscription asked for.
    const stream = (await h.admin.streams()).find((s) => s.id === id);
    expect(stream?.subscriptions).toEqual([{ connectionId: connection.id, forwardedLayer: null, layers: [], constraints: config }]);
  });

  it('loses an updatestream without erizoId or with another erizoId (still acknowledged), and ignores unknown streams', async () => {
    const { h, bob, id, erizoId } = await setup();
    const connection = subscriberConnection(h, id);
    const config = { video: { width: 1280, height: 720 } };
    expect(await bob.request('streamMessage', { options: { streamId: id, msg: { type: 'updatestream', config } }, sdp: null })).toEqual([]);
    expect(await bob.request('streamMessage', { options: { streamId: id, erizoId: `${erizoId}x`, msg: { type: 'updatestream', config } }, sdp: null })).toEqual(
      [],
    );
    expect(await bob.request('streamMessage', { options: { streamId: 4242, erizoId, msg: { type: 'updatestream', config } }, sdp: null })).toEqual([]);
    expect(await bob.request('streamMessage', { options: { streamId: String(id), erizoId, msg: { type: 'updatestream', config } }, sdp: null })).toEqual([]);
    expect(await bob.request('streamMessage', { options: { streamId: id, erizoId, msg: { type: 'updatestream', config: 'big' } }, sdp: null })).toEqual([]);
    await sleep(200);
    expect(connection.updates).toEqual([]);
    expect(connection.constraints.get(id)).toEqual({ video: { width: 320, height: 240, frameRate: 15 }, maxVideoBW: 250 });
    // Hostile values inside a routed config are ignored by the plane; the connection keeps working.
    expect(
      await bob.request('streamMessage', {
        options: { streamId: id, erizoId, msg: { type: 'updatestream', config: { video: { width: -1, height: 'x' } } } },
        sdp: null,
      }),
    ).toEqual([]);
    await until(() => connection.updates.length === 1, 'the hostile update');
    expect(connection.constraints.get(id)).toEqual({ video: { width: 320, height: 240, frameRate: 15 }, maxVideoBW: 250 });
  });

  it('does not apply a publisher-side updatestream of a stream the client does not subscribe', async () => {
    const { h, id, erizoId } = await setup();
    const carol = await CTestClient.join(h.server.controllerHost, await createToken(h.server.restUrl, { username: 'carol', role: 'presenter' }));
    servers.closeLater(() => carol.close());
    expect(
      await carol.request('streamMessage', { options: { streamId: id, erizoId, msg: { type: 'updatestream', config: { video: { width: 1 } } } }, sdp: null }),
    ).toEqual([]);
    await sleep(200);
    expect(subscriberConnection(h, id).updates).toEqual([]);
  });
});

describe('dialect A: updatestream via signaling_message', () => {
  it('applies subscribe caps once the client offers, an updatestream that came before, and later ones; ignores unknown streams', async () => {
    const h = await servers.start({ dialect: 'A', aVersion: 'v5' });
    const join = async (username: string): Promise<ATestClient> => {
      const client = await ATestClient.join(h.server.controllerHost, await createToken(h.server.restUrl, { username, role: 'presenter' }));
      servers.closeLater(() => client.close());
      return client;
    };
    const alice = await join('alice');
    const [id] = (await alice.request('publish', [{ state: 'erizo', audio: true, video: true, data: true, screen: false, attributes: {} }, null])) as [number];
    await alice.log.wait('signaling_message_erizo', ([m]) => (m as Erizo).mess.type === 'started');
    alice.socket.emit('signaling_message', { streamId: id, msg: { type: 'offer', sdp: clientOffer('sendonly') } }, null);
    await alice.log.wait('signaling_message_erizo', ([m]) => (m as Erizo).mess.type === 'ready' && (m as Erizo).streamId === id);

    const bob = await join('bob');
    expect(await bob.request('subscribe', [{ streamId: id, audio: true, video: { width: 640, height: 480, frameRate: 20 } }, null])).toEqual([true]);
    await bob.log.wait('signaling_message_erizo', ([m]) => (m as Erizo).mess.type === 'started' && (m as Erizo).peerId === id);
    // Before the offer: kept until the subscription exists.
    bob.socket.emit('signaling_message', { streamId: id, msg: { type: 'updatestream', config: { maxVideoBW: 150 } } }, null);
    bob.socket.emit('signaling_message', { streamId: id, msg: { type: 'offer', sdp: clientOffer('recvonly') } }, null);
    await bob.log.wait('signaling_message_erizo', ([m]) => (m as Erizo).mess.type === 'answer' && (m as Erizo).peerId === id);
    const connection = subscriberConnection(h, id);
    expect(connection.constraints.get(id)).toEqual({ video: { width: 640, height: 480, frameRate: 20 }, maxVideoBW: 150 });

    bob.socket.emit(
      'signaling_message',
      { streamId: id, msg: { type: 'updatestream', config: { video: { width: 160, height: 120 }, slideShowMode: false } } },
      null,
    );
    bob.socket.emit('signaling_message', { streamId: 4242, msg: { type: 'updatestream', config: { video: { width: 1 } } } }, null);
    bob.socket.emit('signaling_message', { streamId: id, msg: { type: 'updatestream', config: 7 } }, null);
    // The publisher's own updatestream (minVideoBW, muteStream) is not a subscriber cap.
    alice.socket.emit('signaling_message', { streamId: id, msg: { type: 'updatestream', config: { video: { width: 2 } } } }, null);
    await until(() => connection.updates.length === 2, 'the updates');
    await sleep(150);
    expect(connection.updates.map((u) => u.config)).toEqual([{ maxVideoBW: 150 }, { video: { width: 160, height: 120 }, slideShowMode: false }]);
    expect(connection.constraints.get(id)).toEqual({ video: { width: 160, height: 120, frameRate: 20 }, maxVideoBW: 150 });
    // updatestream gets no reply: Erizo's only messages to bob are those of the subscription itself.
    const types = bob.log.events.filter((e) => e.event === 'signaling_message_erizo').map((e) => (e.args[0] as Erizo).mess.type);
    expect(types.sort()).toEqual(['answer', 'ready', 'started']);
  });
});
