import { spawn } from 'node:child_process';
import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import type { BVersion } from '../signalling/dialect-b/b-generations';
import { ATestClient, clientAnswer, clientOffer, createToken, decodeToken, sleep, startHarness, type Harness } from './harness';

/**
 * Dialect B conformance (Licode v7/v8, docs/licode-protocol.md §4, §9.3) with plain socket.io-client 2 sockets and
 * the fake media plane: A3's session layer with per-connection signalling.
 */

let h: Harness;
const clients: ATestClient[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await h?.server.close();
});

async function start(bVersion: BVersion, grace = 1500): Promise<void> {
  h = await startHarness({ dialect: 'B', bVersion, reconnectionGraceMs: grace });
}

async function join(role = 'presenter', type?: string): Promise<ATestClient> {
  const token = await createToken(h.server.restUrl, { username: `user ${clients.length}`, role, ...(type ? { type, room: type } : {}) });
  const c = await ATestClient.join(h.server.controllerHost, token, { singlePC: false });
  clients.push(c);
  return c;
}

type ConnectionEvent = { connectionId: string; info: number | string; evt: { type: string; sdp?: string; level?: number; previousType?: string } };
const connectionEvent =
  (type: string, connectionId?: string) =>
  ([m]: unknown[]) =>
    (m as ConnectionEvent).evt.type === type && (connectionId === undefined || (m as ConnectionEvent).connectionId === connectionId);

/** `connectionMessage` as the v7/v8 client sends it: `(message, null, ack)`. Resolves with the ack, or 'timeout'. */
function connectionMessage(c: ATestClient, message: Record<string, unknown>, timeoutMs = 400): Promise<unknown[] | 'timeout'> {
  return c.request('connectionMessage', [{ browser: 'chrome-stable', ...message }, null], timeoutMs);
}

function streamMessage(c: ATestClient, message: Record<string, unknown>, timeoutMs = 400): Promise<unknown[] | 'timeout'> {
  return c.request('streamMessage', [{ browser: 'chrome-stable', ...message }, null], timeoutMs);
}

interface Published {
  id: number;
  erizoId: string;
  connectionId: string;
}

/** publish → three-element ack → the client's offer → the server's answer (202) → ready (104) → own onAddStream. */
async function publishAndConnect(c: ATestClient, options: Record<string, unknown> = {}): Promise<Published> {
  const ack = await c.request('publish', [
    { state: 'erizo', audio: true, video: true, data: true, label: 'label-a', attributes: { name: 'alice' }, ...options },
    null,
  ]);
  if (ack === 'timeout') throw new Error('publish not acknowledged');
  const [id, erizoId, connectionId] = ack as [number, string, string];
  void connectionMessage(c, { connectionId, erizoId, msg: { type: 'offer', sdp: clientOffer('sendonly') } });
  const answer = await c.log.wait('connection_message_erizo', connectionEvent('answer', connectionId));
  expect((answer.args[0] as ConnectionEvent).info).toBe(202);
  void connectionMessage(c, {
    connectionId,
    erizoId,
    msg: { type: 'candidate', candidate: { sdpMLineIndex: 0, sdpMid: '0', candidate: 'a=candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host generation 0' } },
  });
  void connectionMessage(c, { connectionId, erizoId, msg: { type: 'candidate', candidate: { sdpMLineIndex: -1, sdpMid: 'end', candidate: 'end' } } });
  await c.log.wait('connection_message_erizo', connectionEvent('ready', connectionId));
  await c.log.wait('onAddStream', ([s]) => (s as { id: number }).id === id);
  return { id, erizoId, connectionId };
}

/** Subscribe as the v7 client does (it offers) or as the v8 client does (`offerFromErizo: true`, it answers). */
async function subscribeAndConnect(c: ATestClient, id: number, serverOffers: boolean, options: Record<string, unknown> = {}): Promise<Published> {
  const ack = await c.request('subscribe', [
    { streamId: id, audio: true, video: true, data: true, ...(serverOffers ? { offerFromErizo: true } : {}), ...options },
    null,
  ]);
  if (ack === 'timeout') throw new Error('subscribe not acknowledged');
  expect(ack).toHaveLength(3);
  const [ok, erizoId, connectionId] = ack as [boolean, string, string];
  expect(ok).toBe(true);
  if (serverOffers) {
    const offer = await c.log.wait('connection_message_erizo', connectionEvent('offer', connectionId));
    expect((offer.args[0] as ConnectionEvent).info).toBe(202);
    void connectionMessage(c, { connectionId, erizoId, msg: { type: 'answer', sdp: clientAnswer((offer.args[0] as ConnectionEvent).evt.sdp ?? '') } });
  } else {
    void connectionMessage(c, { connectionId, erizoId, msg: { type: 'offer', sdp: clientOffer('recvonly') } });
    const answer = await c.log.wait('connection_message_erizo', connectionEvent('answer', connectionId));
    expect((answer.args[0] as ConnectionEvent).info).toBe(202);
  }
  await c.log.wait('connection_message_erizo', connectionEvent('ready', connectionId));
  return { id, erizoId, connectionId };
}

describe('dialect B: join (Channel.onToken, §4.1)', () => {
  it('answers token({token, singlePC}) with (success, {streams, id, clientId, singlePC, defaultVideoBW, maxVideoBW, iceServers})', async () => {
    await start('v8');
    const alice = await join();
    expect(Object.keys(alice.joinInfo ?? {})).toEqual(['streams', 'id', 'clientId', 'singlePC', 'defaultVideoBW', 'maxVideoBW', 'iceServers']);
    expect(alice.joinInfo).toMatchObject({ streams: [], singlePC: false, defaultVideoBW: 300, maxVideoBW: 300, iceServers: [] });
    expect(alice.clientId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await h.admin.state()).toMatchObject({ dialect: 'B', bVersion: 'v8' });
    // Streams not ready yet are listed (v7/v8 list every published stream), with their label.
    const [id] = (await alice.request('publish', [{ state: 'erizo', audio: true, video: true, data: false, label: 'l1', attributes: {} }, null])) as [number];
    const bob = await join();
    expect(bob.joinInfo?.streams).toEqual([{ id, audio: true, video: true, data: false, label: 'l1', attributes: {} }]);
  });

  it('refuses a bare token (A1/A2 shape) with Authentication error, without consuming it; a reused one with Token does not exist', async () => {
    await start('v7');
    const token = decodeToken(await createToken(h.server.restUrl, { username: 'x', role: 'presenter' }));
    const present = async (arg: unknown): Promise<unknown[] | 'timeout'> => {
      const c = new ATestClient(h.server.controllerHost);
      clients.push(c);
      await c.connected();
      return c.request('token', [arg]);
    };
    expect(await present(token)).toEqual(['error', 'Authentication error']);
    expect((await present({ token, singlePC: false }))[0]).toBe('success');
    expect(await present({ token, singlePC: false })).toEqual(['error', 'Token does not exist']);
  });

  it('a socket without a session (before token, after reconnected with an unknown clientId) never answers', async () => {
    await start('v8');
    const stranger = new ATestClient(h.server.controllerHost);
    clients.push(stranger);
    await stranger.connected();
    stranger.socket.emit('reconnected', '6f1c2a9e-0000-4000-8000-000000000000');
    const replies = await Promise.all([
      stranger.request('publish', [{ state: 'data', data: true }, null], 500),
      stranger.request('subscribe', [{ streamId: 1 }, null], 500),
      stranger.request('unpublish', [1], 500),
      stranger.request('stopRecorder', [{ id: 1 }], 500),
    ]);
    expect(replies).toEqual(['timeout', 'timeout', 'timeout', 'timeout']);
  });

  it('counts a socket closed without token or reconnected (a generation probe, §1.4) in /state, not one that joined or reconnected', async () => {
    await start('v8', 3000);
    const tokenless = async (expected: number): Promise<number> => {
      // The server learns of a close a moment later: wait for the count to settle.
      for (let i = 0; i < 50 && (await h.admin.state()).tokenlessSockets < expected; i += 1) await sleep(20);
      return (await h.admin.state()).tokenlessSockets;
    };
    const probe = new ATestClient(h.server.controllerHost);
    await probe.connected();
    probe.close();
    expect(await tokenless(1)).toBe(1);
    const alice = await join();
    await h.admin.dropClient(alice.clientId ?? '');
    await alice.log.wait('disconnect');
    await alice.reconnect();
    await sleep(100);
    alice.close();
    await sleep(200);
    expect(await tokenless(1)).toBe(1);
  });

  it("socket.io 2.0.3's Engine.IO: the handshake announces pingInterval 25000 and pingTimeout 60000", async () => {
    await start('v7');
    const ws = new WebSocket(`ws://${h.server.controllerHost}/socket.io/?EIO=3&transport=websocket`);
    const open = await new Promise<string>((resolve, reject) => {
      ws.once('message', (d) => resolve(String(d)));
      ws.once('error', reject);
    });
    ws.close(1000);
    expect(JSON.parse(open.slice(1))).toMatchObject({ pingInterval: 25000, pingTimeout: 60000 });
  });
});

for (const version of ['v7', 'v8'] as const) {
  const serverOffers = version === 'v8';

  describe(`dialect B ${version}: publish and subscribe (§4.1)`, () => {
    it('publish: ack (streamId, erizoId, connectionId); connectionMessage never acked; answer 202, ready 104, own onAddStream; no stream messages', async () => {
      await start(version);
      const alice = await join();
      const bob = await join();
      const ack = await alice.request('publish', [{ state: 'erizo', audio: true, video: true, data: true, label: 'label-a', attributes: {} }, null]);
      if (ack === 'timeout') throw new Error('publish not acknowledged');
      const [id, erizoId, connectionId] = ack as [number, string, string];
      expect(Number.isInteger(id) && id >= 1e17).toBe(true);
      expect(typeof erizoId).toBe('string');
      expect(connectionId).toBe(`${alice.clientId ?? ''}_${erizoId}_1`);
      // §8 #14: the ack function the official client passes is never called.
      expect(await connectionMessage(alice, { connectionId, erizoId, msg: { type: 'offer', sdp: clientOffer('sendonly') } })).toBe('timeout');
      const answer = (await alice.log.wait('connection_message_erizo', connectionEvent('answer', connectionId))).args[0] as ConnectionEvent;
      expect(answer).toMatchObject({ connectionId, info: 202, evt: { type: 'answer' } });
      expect(Object.keys(answer)).toEqual(['connectionId', 'info', 'evt']);
      const ready = (await alice.log.wait('connection_message_erizo', connectionEvent('ready', connectionId))).args[0];
      expect(ready).toEqual({ connectionId, info: 104, evt: { type: 'ready' } });
      expect((await alice.log.wait('onAddStream')).args[0]).toEqual({ id, audio: true, video: true, data: true, label: 'label-a', attributes: {} });
      expect((await bob.log.wait('onAddStream')).args[0]).toMatchObject({ id });
      await sleep(100);
      // `started`, `ready` and `initializing` are no longer stream messages, and A's events are gone.
      expect(alice.log.count('stream_message_erizo') + alice.log.count('signaling_message_erizo') + alice.log.count('connection_failed')).toBe(0);
    });

    it(`subscribe: ack (true, erizoId, connectionId); ${serverOffers ? 'with offerFromErizo the server offers (202), the answer leads to ready' : 'the client offers (v7 knows no offerFromErizo) and is answered'}`, async () => {
      await start(version);
      const alice = await join();
      const bob = await join('viewer');
      const { id } = await publishAndConnect(alice);
      const { connectionId } = await subscribeAndConnect(bob, id, serverOffers);
      expect(connectionId.startsWith(`${bob.clientId ?? ''}_`)).toBe(true);
      // v7 never offers, even when asked to; v8 answers a client offer when offerFromErizo is false.
      const carol = await join('viewer');
      const ack = await carol.request('subscribe', [{ streamId: id, audio: true, video: true, offerFromErizo: version === 'v7' }, null]);
      const [, erizoId, carolConnection] = ack as [boolean, string, string];
      await sleep(200);
      expect(carol.log.count('connection_message_erizo')).toBe(0);
      void connectionMessage(carol, { connectionId: carolConnection, erizoId, msg: { type: 'offer', sdp: clientOffer('recvonly') } });
      await carol.log.wait('connection_message_erizo', connectionEvent('answer', carolConnection));
      // A repeated subscribe is never answered (v8 hasAvSubscriber; a roomController duplicate in v7).
      expect(await bob.request('subscribe', [{ streamId: id, audio: true, video: true }, null], 500)).toBe('timeout');
    });

    it('streamMessage carries updatestream/control, never acked; routed by erizoId; only bandwidth alerts come as stream_message_erizo', async () => {
      await start(version);
      const alice = await join();
      const bob = await join('viewer');
      const { id, erizoId } = await publishAndConnect(alice);
      const { connectionId } = await subscribeAndConnect(bob, id, serverOffers);
      const config = { slideShowMode: false, qualityLayer: { spatialLayer: 0, temporalLayer: 0 } };
      expect(await streamMessage(bob, { streamId: id, erizoId, msg: { type: 'updatestream', config } })).toBe('timeout');
      expect(await streamMessage(bob, { streamId: id, msg: { type: 'updatestream', config: { slideShowMode: true } } })).toBe('timeout');
      expect(await streamMessage(bob, { streamId: id, erizoId, msg: { type: 'control', action: { name: 'controlhandlers', enable: false } } })).toBe('timeout');
      const updates = h.fake?.connections.get(connectionId)?.updates ?? [];
      // Only the one with erizoId reached ErizoJS (without it the message goes to a queue nobody reads).
      expect(updates).toEqual([{ streamId: id, config }]);
      await h.admin.bandwidthAlert(id, 'insufficient', 100);
      expect((await bob.log.wait('onBandwidthAlert')).args[0]).toEqual({ streamID: id, message: 'insufficient', bandwidth: 100 });
      expect((await bob.log.wait('stream_message_erizo')).args[0]).toEqual({
        mess: { type: 'bandwidthAlert', message: 'insufficient', bandwidth: 100 },
        peerId: id,
      });
    });

    it('data and attributes reach data subscribers only, unacknowledged; attributes are replaced', async () => {
      await start(version);
      const alice = await join();
      const sub = await join();
      const nosub = await join();
      const { id } = await publishAndConnect(alice);
      await subscribeAndConnect(sub, id, serverOffers);
      await subscribeAndConnect(nosub, id, serverOffers, { data: false });
      expect(await alice.request('sendDataStream', [{ id, msg: 'hello' }], 300)).toBe('timeout');
      expect(await alice.request('updateStreamAttributes', [{ id, attrs: { y: 2 } }], 300)).toBe('timeout');
      expect((await sub.log.wait('onDataStream')).args[0]).toEqual({ id, msg: 'hello' });
      expect((await sub.log.wait('onUpdateAttributeStream')).args[0]).toEqual({ id, attrs: { y: 2 } });
      expect(nosub.log.count('onDataStream') + nosub.log.count('onUpdateAttributeStream') + alice.log.count('onDataStream')).toBe(0);
      const late = await join();
      expect((late.joinInfo?.streams as { attributes: unknown }[])[0]?.attributes).toEqual({ y: 2 });
    });

    it('unsubscribe acks (true) after the teardown; unpublish: onRemoveStream to the room, then ack (true); unknown ids get no ack', async () => {
      await start(version);
      const alice = await join();
      const bob = await join();
      const { id } = await publishAndConnect(alice);
      const sub = await subscribeAndConnect(bob, id, serverOffers);
      expect(await bob.request('unsubscribe', [id])).toEqual([true]);
      expect(h.fake?.connections.get(sub.connectionId)?.closed).toBe(true);
      expect(await bob.request('unsubscribe', [id], 400)).toBe('timeout');
      await subscribeAndConnect(bob, id, serverOffers);
      expect(await alice.request('unpublish', [id])).toEqual([true]);
      const removed = alice.log.events.findIndex((e) => e.event === 'onRemoveStream');
      expect(removed).toBeGreaterThan(-1);
      expect((await bob.log.wait('onRemoveStream')).args[0]).toEqual({ id });
      expect(await alice.request('unpublish', [id], 400)).toBe('timeout');
      expect(await bob.request('subscribe', [{ streamId: 4242 }, null], 400)).toBe('timeout');
    });

    it(`data-only streams: unsubscribe is never acked; unpublish ${version === 'v7' ? 'gets neither ack nor onRemoveStream' : 'is acked (true) without onRemoveStream'}`, async () => {
      await start(version);
      const alice = await join();
      const bob = await join();
      const [id] = (await alice.request('publish', [{ state: 'data', data: true }, null])) as [number];
      expect((await bob.log.wait('onAddStream')).args[0]).toMatchObject({ id });
      expect(await bob.request('subscribe', [{ streamId: id, data: true }, null])).toEqual([true]);
      expect(await bob.request('unsubscribe', [id], 400)).toBe('timeout');
      expect(await alice.request('unpublish', [id], 500)).toEqual(version === 'v7' ? 'timeout' : [true]);
      await sleep(100);
      expect(alice.log.count('onRemoveStream') + bob.log.count('onRemoveStream')).toBe(0);
      expect((await h.admin.streams()).map((s) => s.id)).not.toContain(id);
    });

    it("ICE failure is connection_message_erizo {info: 500, evt: {type: 'failed'}}, never connection_failed", async () => {
      await start(version);
      const alice = await join();
      const { id, connectionId } = await publishAndConnect(alice);
      await h.admin.failStream(id);
      expect((await alice.log.wait('connection_message_erizo', connectionEvent('failed'))).args[0]).toMatchObject({
        connectionId,
        info: 500,
        evt: { type: 'failed' },
      });
      await sleep(100);
      expect(alice.log.count('connection_failed')).toBe(0);
    });

    it('Erizo unreachable: publish and subscribe are acked (null, null, reason)', async () => {
      await start(version);
      const alice = await join();
      const { id } = await publishAndConnect(alice);
      await h.admin.setErizoUnreachable('ErizoAgent is not reachable');
      expect(await alice.request('publish', [{ state: 'erizo', audio: true, video: true }, null])).toEqual([null, null, 'ErizoAgent is not reachable']);
      expect(await alice.request('subscribe', [{ streamId: id, audio: true, video: true }, null])).toEqual([null, null, 'ErizoJS is not reachable']);
      const viewer = await join('viewer');
      expect(await viewer.request('publish', [{ state: 'erizo', audio: true, video: true }, null])).toEqual([null, 'Unauthorized']);
    });

    it('an offer for an unknown connection gets {info: error, evt: {type: error, previousType: offer}}; a message without erizoId is lost', async () => {
      await start(version);
      const alice = await join();
      const ack = await alice.request('publish', [{ state: 'erizo', audio: true, video: true, label: 'l' }, null]);
      const [, erizoId, connectionId] = ack as [number, string, string];
      void connectionMessage(alice, { connectionId: 'nope', erizoId, msg: { type: 'offer', sdp: clientOffer('sendonly') } });
      expect((await alice.log.wait('connection_message_erizo')).args[0]).toEqual({
        connectionId: 'nope',
        info: 'error',
        evt: { type: 'error', previousType: 'offer' },
      });
      void connectionMessage(alice, { connectionId, msg: { type: 'offer', sdp: clientOffer('sendonly') } });
      await sleep(300);
      expect(alice.log.count('connection_message_erizo')).toBe(1);
    });

    it('reconnected(clientId) within the grace rebinds the client and flushes what was buffered; without it the client leaves after the grace', async () => {
      await start(version, 1500);
      const alice = await join();
      const bob = await join();
      const ack = await alice.request('publish', [{ state: 'erizo', audio: true, video: true, label: 'l' }, null]);
      const [id, erizoId, connectionId] = ack as [number, string, string];
      await h.admin.dropClient(bob.clientId ?? '');
      await bob.log.wait('disconnect');
      // While bob is away alice's publication becomes ready: bob's onAddStream is buffered.
      void connectionMessage(alice, { connectionId, erizoId, msg: { type: 'offer', sdp: clientOffer('sendonly') } });
      await alice.log.wait('onAddStream');
      await bob.reconnect();
      expect((await bob.log.wait('onAddStream')).args[0]).toMatchObject({ id });
      expect((await h.admin.clients()).find((c) => c.clientId === bob.clientId)?.connected).toBe(true);
      // Now alice drops for good: after the grace the room hears onRemoveStream.
      await h.admin.dropClient(alice.clientId ?? '');
      await sleep(500);
      expect(bob.log.count('onRemoveStream')).toBe(0);
      expect((await bob.log.wait('onRemoveStream', () => true, 3000)).args[0]).toEqual({ id });
    });

    it('P2P rooms: publish acked (id); subscribe → publish_me, no ack; streamMessageP2P → stream_message_p2p from the sender; unsubscribe → unpublish_me', async () => {
      await start(version);
      const alice = await join('presenter', 'p2p');
      const bob = await join('presenter', 'p2p');
      expect(alice.joinInfo?.p2p).toBe(true);
      const ack = await alice.request('publish', [{ state: 'p2p', audio: true, video: true, data: false, label: 'p' }, null]);
      const [id] = ack as [number];
      expect(ack).toHaveLength(1);
      await bob.log.wait('onAddStream');
      expect(await bob.request('subscribe', [{ streamId: id, audio: true, video: true }, null], 400)).toBe('timeout');
      expect((await alice.log.wait('publish_me')).args[0]).toEqual({ streamId: id, peerSocket: bob.clientId });
      alice.socket.emit('streamMessageP2P', { streamId: id, peerSocket: bob.clientId, msg: { type: 'offer', sdp: 'x' } }, null, () => undefined);
      expect((await bob.log.wait('stream_message_p2p')).args[0]).toEqual({ streamId: id, peerSocket: alice.clientId, msg: { type: 'offer', sdp: 'x' } });
      expect(await bob.request('unsubscribe', [id])).toEqual([true]);
      expect((await alice.log.wait('unpublish_me')).args[0]).toEqual({ streamId: id, peerSocket: bob.clientId });
    });
  });
}

describe('dialect B: quality_level (info 150)', () => {
  it('v8 reports an injected level on the connection; v7 has no quality check (the admin call is refused)', async () => {
    await start('v8');
    const alice = await join();
    const { connectionId } = await publishAndConnect(alice);
    await h.admin.qualityLevel(alice.clientId ?? '', 1);
    expect((await alice.log.wait('connection_message_erizo', connectionEvent('quality_level'))).args[0]).toEqual({
      connectionId,
      info: 150,
      evt: { type: 'quality_level', level: 1 },
    });
    await h.server.close();
    await start('v7');
    const bob = await join();
    await publishAndConnect(bob);
    await expect(h.admin.qualityLevel(bob.clientId ?? '', 1)).rejects.toThrow(/404/);
  });
});

describe('dialect B: fault injection as for the other dialects', () => {
  it('withheld acks, a stalled publication and subscription, a reconnection cut off past the grace, a restart', async () => {
    await start('v8', 800);
    const alice = await join();
    const bob = await join();
    await h.admin.withholdAcks('publish', 1);
    expect(await alice.request('publish', [{ state: 'data', data: true }, null], 400)).toBe('timeout');
    // A stalled publication is acknowledged, but its offer is never answered.
    await h.admin.stallPublishes({ count: 1, mode: 'no-answer' });
    const [, erizoId, connectionId] = (await alice.request('publish', [{ state: 'erizo', audio: true, video: true, label: 's' }, null])) as [
      number,
      string,
      string,
    ];
    void connectionMessage(alice, { connectionId, erizoId, msg: { type: 'offer', sdp: clientOffer('sendonly') } });
    await sleep(300);
    expect(alice.log.count('connection_message_erizo')).toBe(0);
    // A stalled subscription is acknowledged, but the server never offers it.
    const { id } = await publishAndConnect(alice);
    await h.admin.stallSubscriptions({ clientId: bob.clientId ?? '' });
    const ack = await bob.request('subscribe', [{ streamId: id, audio: true, video: true, offerFromErizo: true }, null]);
    expect(ack === 'timeout' ? ack : ack[0]).toBe(true);
    await sleep(300);
    expect(bob.log.count('connection_message_erizo')).toBe(0);
    // A drop with the network kept down past the grace: the reconnection is refused, the room hears the departure.
    await h.admin.dropClient(alice.clientId ?? '', 2000);
    await alice.log.wait('disconnect');
    await alice.reconnect();
    // Every stream alice published goes (the stalled and the unacknowledged ones too, as in Client.onDisconnect).
    await bob.log.wait('onRemoveStream', ([s]) => (s as { id: number }).id === id, 3000);
    expect(bob.log.count('onRemoveStream')).toBe(3);
    // A restart drops every socket and forgets every session.
    await h.admin.restart();
    await bob.log.wait('disconnect');
    expect((await h.admin.state()).rooms.flatMap((r) => r.clients)).toEqual([]);
  });
});

describe('dialect B: command line', () => {
  /** Runs the CLI with options it must refuse (it would otherwise start a server on the default ports). */
  async function refused(args: string[]): Promise<{ code: number | null; err: string }> {
    const child = spawn(process.execPath, ['--import', 'tsx', 'e2e/server/cli.ts', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    const timer = setTimeout(() => child.kill(), 20_000);
    const code = await exited;
    clearTimeout(timer);
    return { code, err };
  }

  it('refuses an unknown --b-version, --b-version without --dialect b, and --single-pc with B (exit 2, a usage message)', async () => {
    const results = await Promise.all([
      refused(['--dialect', 'b', '--b-version', 'v9']),
      refused(['--b-version', 'v7']),
      refused(['--dialect', 'b', '--single-pc']),
    ]);
    expect(results.map((r) => r.code)).toEqual([2, 2, 2]);
    expect(results[0]?.err).toMatch(/--b-version must be v7 or v8, got "v9"/);
    expect(results[1]?.err).toMatch(/--b-version needs --dialect b/);
    expect(results[2]?.err).toMatch(/--single-pc is not emulated with --dialect b/);
    expect(results[0]?.err).toMatch(/Usage: npm run server -- \[--dialect a\|b\|c\]/);
  }, 40_000);
});
