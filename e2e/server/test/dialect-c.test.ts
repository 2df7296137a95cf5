import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clientAnswer, clientOffer, createToken, CTestClient, decodeToken, sleep, startHarness, type Harness } from './harness';

/** Dialect C conformance (docs/licode-protocol.md §5, §9.4, §9.5) with plain socket.io-client 4 sockets and the fake media plane. */

let h: Harness;
const clients: CTestClient[] = [];

async function join(role = 'presenter', extra: Record<string, string> = {}, room?: string): Promise<CTestClient> {
  const token = await createToken(h.server.restUrl, { username: `user ${clients.length}`, role, ...(room ? { room } : {}) });
  const c = await CTestClient.join(h.server.controllerHost, token, extra);
  clients.push(c);
  return c;
}

type Envelope = { connectionId: string; info: number | string; evt: { type: string; sdp?: string } };

async function publish(c: CTestClient, options: Record<string, unknown> = {}): Promise<{ id: number; erizoId: string; connectionId: string }> {
  const ack = await c.request('publish', {
    options: { state: 'erizo', audio: true, video: true, data: true, label: 'label-1', attributes: { name: 'alice' }, ...options },
    sdp: null,
  });
  if (ack === 'timeout') throw new Error('publish not acknowledged');
  const [id, erizoId, connectionId] = ack as [number, string, string];
  c.emit('connectionMessage', {
    options: { connectionId, erizoId, msg: { type: 'offer', sdp: clientOffer('sendonly') }, browser: 'chrome-stable' },
    sdp: null,
  });
  return { id, erizoId, connectionId };
}

beforeEach(async () => {
  h = await startHarness({ dialect: 'C', reconnectionGraceMs: 1500 });
});

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await h.server.close();
});

describe('dialect C: joining (§5.1, scenarios 1-3)', () => {
  it('sends `connected` as envelope 0 with exactly the HEAD keys', async () => {
    const c = await join();
    const connected = c.log.events.find((e) => e.event === 'connected');
    expect(c.envelopeIds[0]).toBe(0);
    expect(Object.keys(connected?.args[0] as object).sort()).toEqual(
      ['streams', 'id', 'clientId', 'singlePC', 'streamPriorityStrategy', 'connectionTargetBw', 'defaultVideoBW', 'maxVideoBW', 'iceServers'].sort(),
    );
    const msg = connected?.args[0] as Record<string, unknown>;
    expect(msg.singlePC).toBe(false);
    expect(msg.clientId).toMatch(/^[0-9a-f-]{36}$/);
    expect(msg.id).toMatch(/^[0-9a-f]{24}$/);
  });

  it('refuses a reused token with CONNECT_ERROR "token: Token does not exist" (message = data)', async () => {
    const token = await createToken(h.server.restUrl, { username: 'a', role: 'presenter' });
    clients.push(await CTestClient.join(h.server.controllerHost, token));
    const t = decodeToken(token);
    const again = new CTestClient(h.server.controllerHost, { tokenId: t.tokenId, host: t.host, signature: t.signature, secure: 'false' });
    clients.push(again);
    const err = await again.log.wait('connect_error');
    expect(err.args).toEqual(['token: Token does not exist', 'token: Token does not exist']);
  });

  it('rejects a tampered host or signature with "Authentication error" and leaves the token usable', async () => {
    const token = await createToken(h.server.restUrl, { username: 'a', role: 'presenter' });
    const t = decodeToken(token);
    for (const query of [
      { tokenId: t.tokenId, host: '127.0.0.1:1', signature: t.signature },
      { tokenId: t.tokenId, host: t.host, signature: Buffer.from('0'.repeat(40)).toString('base64') },
      { tokenId: t.tokenId, host: t.host },
    ]) {
      const bad = new CTestClient(h.server.controllerHost, query as Record<string, string>);
      clients.push(bad);
      const err = await bad.log.wait('connect_error');
      expect(err.args[1]).toBe('token: Authentication error');
    }
    const good = await CTestClient.join(h.server.controllerHost, token);
    clients.push(good);
    expect(good.clientId).toBeTruthy();
  });

  it('sweeps tokens older than 3 minutes lazily: refused only after another check ran (scenario 2)', async () => {
    const old1 = await createToken(h.server.restUrl, { username: 'a', role: 'presenter' });
    const old2 = await createToken(h.server.restUrl, { username: 'b', role: 'presenter' });
    await h.admin.ageTokens(181_000);
    // The check that triggers the sweep still finds its own token.
    clients.push(await CTestClient.join(h.server.controllerHost, old2));
    const t = decodeToken(old1);
    const late = new CTestClient(h.server.controllerHost, { tokenId: t.tokenId, host: t.host, signature: t.signature });
    clients.push(late);
    expect((await late.log.wait('connect_error')).args[1]).toBe('token: Token does not exist');
  });

  it('rejects the polling transport', async () => {
    const res = await fetch(`http://${h.server.controllerHost}/socket.io/?EIO=4&transport=polling`);
    expect(res.status).toBe(400);
  });

  it('computes singlePC as !!query.singlePC && allowSinglePC (shipped default: false)', async () => {
    const c = await join('presenter', { singlePC: 'true' });
    expect((c.log.events[0]?.args[0] as { singlePC: unknown }).singlePC).toBe(false);
  });
});

describe('dialect C: ReliableSocket (§5.2)', () => {
  it('handles a re-sent envelope once, accepts unwrapped events, and lists streams that are not ready yet', async () => {
    const alice = await join();
    const envelope = { socketgd: 7, msg: { options: { state: 'data', data: true }, sdp: null } };
    const acks: unknown[][] = [];
    alice.socket.emit('publish', envelope, (...a: unknown[]) => acks.push(a));
    alice.socket.emit('publish', envelope, (...a: unknown[]) => acks.push(a));
    await sleep(300);
    expect(acks).toHaveLength(1);
    expect((await h.admin.streams()).length).toBe(1);
    // An unwrapped event is handled too (and not acknowledged with socketgd_ack).
    const plain = await new Promise<unknown[]>((resolve) =>
      alice.socket.emit('publish', { options: { state: 'erizo', audio: true, video: true, label: 'x' }, sdp: null }, (...a: unknown[]) => resolve(a)),
    );
    expect(typeof plain[0]).toBe('number');
    // That erizo stream has no media yet: a new joiner still sees it.
    const bob = await join();
    expect((bob.log.events[0]?.args[0] as { streams: { id: number }[] }).streams.map((s) => s.id)).toContain(plain[0]);
    expect(bob.log.count('onAddStream')).toBe(0);
  });
});

describe('dialect C: roles (scenario 4)', () => {
  it('refuses a viewer and a viewerWithData video publish, accepts viewerWithData data', async () => {
    const viewer = await join('viewer');
    expect(await viewer.request('publish', { options: { state: 'erizo', audio: true, video: true }, sdp: null })).toEqual([null, 'Unauthorized']);
    const vwd = await join('viewerWithData');
    expect(await vwd.request('publish', { options: { state: 'erizo', audio: false, video: true }, sdp: null })).toEqual([null, 'Unauthorized']);
    const ok = await vwd.request('publish', { options: { state: 'data', audio: false, video: false, data: true }, sdp: null });
    expect(ok).not.toBe('timeout');
    expect(typeof (ok as unknown[])[0]).toBe('number');
    expect(await viewer.request('unpublish', (ok as number[])[0])).toEqual([null, 'Unauthorized']);
  });

  it('answers unknown roles with Unauthorized everywhere', async () => {
    const c = await join('__proto__');
    expect(await c.request('publish', { options: { state: 'data', data: true }, sdp: null })).toEqual([null, 'Unauthorized']);
    expect(await c.request('startRecorder', { to: 1 })).toEqual([null, 'Unauthorized']);
  });
});

describe('dialect C: publish and subscribe (scenarios 5-7)', () => {
  it('publishes: ack (id, erizoId, connectionId), answer 202, ready 104, own onAddStream, numeric ids round-trip', async () => {
    const alice = await join();
    const bob = await join();
    const { id, erizoId, connectionId } = await publish(alice);
    expect(typeof id).toBe('number');
    expect(id).toBeGreaterThan(2 ** 53);
    expect(Number.isInteger(id)).toBe(true);
    expect(connectionId).toBe(`${alice.clientId}_${erizoId}_1`);
    const answer = await alice.log.wait('connection_message_erizo', ([m]) => (m as Envelope).evt.type === 'answer');
    expect((answer.args[0] as Envelope).info).toBe(202);
    expect((answer.args[0] as Envelope).evt.sdp).toContain('a=end-of-candidates');
    await alice.log.wait('connection_message_erizo', ([m]) => (m as Envelope).evt.type === 'ready' && (m as Envelope).info === 104);
    const own = await alice.log.wait('onAddStream');
    expect(own.args[0]).toEqual({ id, audio: true, video: true, data: true, label: 'label-1', screen: undefined, attributes: { name: 'alice' } });
    expect((await bob.log.wait('onAddStream')).args[0]).toMatchObject({ id });
    // A late joiner sees it in `connected`.
    const carol = await join();
    expect((carol.log.events[0]?.args[0] as { streams: { id: number }[] }).streams.map((s) => s.id)).toEqual([id]);
    // Unpublish: onRemoveStream to the room (publisher included), then ack(true).
    const ack = await alice.request('unpublish', id);
    expect(ack).toEqual([true]);
    expect(alice.log.events.findIndex((e) => e.event === 'onRemoveStream')).toBeGreaterThan(-1);
    expect((await bob.log.wait('onRemoveStream')).args[0]).toEqual({ id });
  });

  it('does not find a stream by its id as a string (no ack)', async () => {
    const alice = await join();
    const { id } = await publish(alice);
    await alice.log.wait('onAddStream');
    const bob = await join();
    expect(await bob.request('subscribe', { options: { streamId: String(id), audio: true, video: true }, sdp: null }, 600)).toBe('timeout');
    expect(await bob.request('unpublish', String(id), 600)).toBe('timeout');
  });

  it('subscribes: ack then a server offer 202 (actpass), client answer, ready', async () => {
    const alice = await join();
    const { id } = await publish(alice);
    await alice.log.wait('onAddStream');
    const bob = await join();
    const ack = (await bob.request('subscribe', { options: { streamId: id, audio: true, video: true, data: true }, sdp: null })) as unknown[];
    expect(ack[0]).toBe(true);
    const [, erizoId, connectionId] = ack as [boolean, string, string];
    const offer = await bob.log.wait('connection_message_erizo', ([m]) => (m as Envelope).evt.type === 'offer');
    const evt = (offer.args[0] as Envelope).evt;
    expect((offer.args[0] as Envelope).connectionId).toBe(connectionId);
    expect(evt.sdp).toContain('a=setup:actpass');
    bob.emit('connectionMessage', { options: { connectionId, erizoId, msg: { type: 'answer', sdp: clientAnswer(evt.sdp ?? '') } }, sdp: null });
    await bob.log.wait('connection_message_erizo', ([m]) => (m as Envelope).evt.type === 'ready' && (m as Envelope).connectionId === connectionId);
    // A second subscribe to the same stream is never acknowledged.
    expect(await bob.request('subscribe', { options: { streamId: id }, sdp: null }, 600)).toBe('timeout');
  });

  it('relays data and attribute updates to data subscribers only, without echo', async () => {
    const alice = await join();
    const pub = await alice.request('publish', { options: { state: 'data', data: true, attributes: { a: 1 } }, sdp: null });
    const id = (pub as number[])[0] as number;
    const withData = await join();
    const withoutData = await join();
    expect(await withData.request('subscribe', { options: { streamId: id, data: true }, sdp: null })).toEqual([true]);
    expect(await withoutData.request('subscribe', { options: { streamId: id, data: false }, sdp: null })).toEqual([true]);
    expect(await alice.request('sendDataStream', { id, msg: { text: 'hi', n: 2 ** 60 } })).toEqual([]);
    expect((await withData.log.wait('onDataStream')).args[0]).toEqual({ id, msg: { text: 'hi', n: 2 ** 60 } });
    expect(await alice.request('updateStreamAttributes', { id, attrs: { b: 2 } })).toEqual([]);
    expect((await withData.log.wait('onUpdateAttributeStream')).args[0]).toEqual({ id, attrs: { b: 2 } });
    await sleep(200);
    expect(withoutData.log.count('onDataStream') + withoutData.log.count('onUpdateAttributeStream')).toBe(0);
    expect(alice.log.count('onDataStream')).toBe(0);
    // Attributes were replaced wholesale: a late joiner sees {b: 2}.
    const late = await join();
    expect((late.log.events[0]?.args[0] as { streams: { attributes: unknown }[] }).streams[0]?.attributes).toEqual({ b: 2 });
    // Unsubscribing a data-only stream is never acknowledged; unpublishing it acks but sends no onRemoveStream.
    expect(await withData.request('unsubscribe', id, 600)).toBe('timeout');
    expect(await alice.request('unpublish', id)).toEqual([true]);
    await sleep(200);
    expect(withData.log.count('onRemoveStream')).toBe(0);
  });

  it('never acknowledges a subscribe to an unknown id or an update of an unknown stream', async () => {
    const c = await join();
    expect(await c.request('subscribe', { options: { streamId: 123456789012345680 }, sdp: null }, 600)).toBe('timeout');
    expect(await c.request('updateStreamAttributes', { id: 123456789012345680, attrs: {} }, 600)).toBe('timeout');
    expect(await c.request('getStreamStats', 123456789012345680, 600)).toBe('timeout');
  });

  it('drops connectionMessage without erizoId (acked, but the offer is lost)', async () => {
    const alice = await join();
    const ack = (await alice.request('publish', { options: { state: 'erizo', audio: true, video: true, label: 'l' }, sdp: null })) as [number, string, string];
    expect(
      await alice.request('connectionMessage', { options: { connectionId: ack[2], msg: { type: 'offer', sdp: clientOffer('sendonly') } }, sdp: null }),
    ).toEqual([]);
    await sleep(300);
    expect(alice.log.count('connection_message_erizo')).toBe(0);
  });
});

describe('dialect C: reconnection (scenarios 8, 9, 12)', () => {
  it('replays unacknowledged envelopes after a reconnection with clientId; no second `connected`', async () => {
    const alice = await join();
    const bob = await join();
    bob.autoAck = false;
    const { id } = await publish(alice);
    await bob.log.wait('onAddStream');
    await h.admin.dropClient(bob.clientId ?? '');
    await bob.log.wait('disconnect');
    const before = bob.envelopeIds.length;
    bob.autoAck = true;
    bob.reconnect();
    // The onAddStream envelope (never acknowledged) comes again with the same socketgd.
    await bob.log.wait(
      'onAddStream',
      () => true,
      5000,
      bob.log.events.findIndex((e) => e.event === 'disconnect'),
    );
    expect(bob.envelopeIds.slice(before)).toEqual(bob.envelopeIds.slice(1, before));
    expect(bob.log.count('connected')).toBe(1);
    // Still in the room: alice's unpublish reaches bob.
    await alice.request('unpublish', id);
    await bob.log.wait('onRemoveStream');
  });

  it('answers a reconnection after the grace with "Connection already closed" and the others see onRemoveStream only after the grace', async () => {
    const alice = await join();
    const bob = await join();
    const { id } = await publish(alice);
    await bob.log.wait('onAddStream');
    const dropped = Date.now();
    await h.admin.dropClient(alice.clientId ?? '');
    await sleep(700);
    expect(bob.log.count('onRemoveStream')).toBe(0);
    const removed = await bob.log.wait('onRemoveStream');
    expect(removed.args[0]).toEqual({ id });
    expect(Date.now() - dropped).toBeGreaterThanOrEqual(1400);
    alice.reconnect();
    const err = await alice.log.wait('connect_error');
    expect(err.args[0]).toBe('Connection already closed');
  });

  it('tears down at once after clientDisconnection', async () => {
    const alice = await join();
    const bob = await join();
    const { id } = await publish(alice);
    await bob.log.wait('onAddStream');
    alice.emit('clientDisconnection', undefined);
    await sleep(50);
    const left = Date.now();
    alice.close();
    expect((await bob.log.wait('onRemoveStream')).args[0]).toEqual({ id });
    expect(Date.now() - left).toBeLessThan(1000);
    const state = await h.admin.state();
    expect(state.rooms.flatMap((r) => r.clients).map((c) => c.clientId)).toEqual([bob.clientId]);
  });
});

describe('dialect C: negotiation (scenarios 10, 11, offer-before-ack, single PC)', () => {
  it('ignores a client offer while its own offer is pending (impolite), then proceeds after the answer', async () => {
    const alice = await join();
    const { id } = await publish(alice);
    await alice.log.wait('onAddStream');
    const bob = await join();
    const [, erizoId, connectionId] = (await bob.request('subscribe', { options: { streamId: id }, sdp: null })) as [boolean, string, string];
    const offer = await bob.log.wait('connection_message_erizo', ([m]) => (m as Envelope).evt.type === 'offer');
    bob.emit('connectionMessage', { options: { connectionId, erizoId, msg: { type: 'offer', sdp: clientOffer('recvonly') } }, sdp: null });
    await sleep(300);
    expect(bob.log.events.filter((e) => e.event === 'connection_message_erizo' && (e.args[0] as Envelope).evt.type === 'answer')).toHaveLength(0);
    bob.emit('connectionMessage', {
      options: { connectionId, erizoId, msg: { type: 'answer', sdp: clientAnswer((offer.args[0] as Envelope).evt.sdp ?? '') } },
      sdp: null,
    });
    await bob.log.wait('connection_message_erizo', ([m]) => (m as Envelope).evt.type === 'ready');
  });

  it('answers an ICE-restart offer and reports ready again', async () => {
    const alice = await join();
    const { connectionId, erizoId } = await publish(alice);
    await alice.log.wait('connection_message_erizo', ([m]) => (m as Envelope).evt.type === 'ready');
    const mark = alice.log.events.length;
    alice.emit('connectionMessage', {
      options: { connectionId, erizoId, msg: { type: 'offer', sdp: clientOffer('sendonly').replace(/ice-ufrag:abcd/g, 'ice-ufrag:efgh') } },
      sdp: null,
    });
    await alice.log.wait('connection_message_erizo', ([m]) => (m as Envelope).evt.type === 'answer', 3000, mark);
    await alice.log.wait('connection_message_erizo', ([m]) => (m as Envelope).evt.type === 'ready', 3000, mark);
  });

  it('can send the subscription offer before the subscribe ack (admin option)', async () => {
    await h.admin.setOfferBeforeAck(true);
    const alice = await join();
    const { id } = await publish(alice);
    await alice.log.wait('onAddStream');
    const bob = await join();
    const order: string[] = [];
    bob.socket.on('connection_message_erizo', () => order.push('offer'));
    const ack = await bob.request('subscribe', { options: { streamId: id }, sdp: null });
    order.push('ack');
    expect(ack).not.toBe('timeout');
    expect(order).toEqual(['offer', 'ack']);
  });

  it('reports quality_level 150 on demand (admin)', async () => {
    const alice = await join();
    const { connectionId } = await publish(alice);
    const mark = alice.log.events.length;
    await h.admin.qualityLevel(alice.clientId ?? '', 0);
    const q = await alice.log.wait(
      'connection_message_erizo',
      ([m]) => (m as Envelope).info === 150 && (m as { evt: { level?: number } }).evt.level === 0,
      3000,
      mark,
    );
    expect(q.args[0]).toEqual({ connectionId, info: 150, evt: { type: 'quality_level', level: 0 } });
  });

  it('emits 500 failed on a connection failure (admin)', async () => {
    const alice = await join();
    const { id } = await publish(alice);
    await alice.log.wait('onAddStream');
    await h.admin.failStream(id);
    const failed = await alice.log.wait('connection_message_erizo', ([m]) => (m as Envelope).info === 500);
    expect((failed.args[0] as Envelope).evt.type).toBe('failed');
  });

  it('blackholes a connection on demand (admin) without signalling anything; bad requests are refused', async () => {
    const alice = await join();
    const { id, connectionId } = await publish(alice);
    await alice.log.wait('onAddStream');
    const mark = alice.log.events.length;
    await h.admin.blackholeStream(id, 5_000);
    expect(h.fake?.connections.get(connectionId)?.blackholedMs).toBe(5_000);
    await expect(h.admin.blackholeStream(id, 0)).rejects.toThrow(/ms/);
    await expect(h.admin.blackholeStream(123, 1_000)).rejects.toThrow(/404|No stream connection|not found/i);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(alice.log.events.slice(mark).map((e) => e.event)).toEqual([]);
  });
});

describe('dialect C: single PC allowed', () => {
  it('uses one connection per client when requested (the string "false" counts) and re-offers on add/remove', async () => {
    await h.server.close();
    h = await startHarness({ dialect: 'C', allowSinglePC: true, reconnectionGraceMs: 1500 });
    const alice = await join('presenter', { singlePC: 'false' });
    expect((alice.log.events[0]?.args[0] as { singlePC: unknown }).singlePC).toBe(true);
    const first = await publish(alice, { label: 'l1' });
    const secondAck = (await alice.request('publish', { options: { state: 'erizo', audio: true, video: true, label: 'l2' }, sdp: null })) as [
      number,
      string,
      string,
    ];
    expect(secondAck[2]).toBe(first.connectionId);
    await alice.log.wait('onAddStream', ([s]) => (s as { id: number }).id === first.id);
    const bob = await join('presenter', { singlePC: 'true' });
    const sub1 = (await bob.request('subscribe', { options: { streamId: first.id }, sdp: null })) as [boolean, string, string];
    const offer1 = await bob.log.wait('connection_message_erizo', ([m]) => (m as Envelope).evt.type === 'offer');
    bob.emit('connectionMessage', {
      options: { connectionId: sub1[2], erizoId: sub1[1], msg: { type: 'answer', sdp: clientAnswer((offer1.args[0] as Envelope).evt.sdp ?? '') } },
      sdp: null,
    });
    const mark = bob.log.events.length;
    // Removing the publication from bob's shared connection makes the server re-offer on it.
    await alice.request('unpublish', first.id);
    const reoffer = await bob.log.wait('connection_message_erizo', ([m]) => (m as Envelope).evt.type === 'offer', 3000, mark);
    expect((reoffer.args[0] as Envelope).connectionId).toBe(sub1[2]);
  });
});

describe('dialect C: P2P rooms (§5.7)', () => {
  it('sends publish_me instead of an ack and relays stream_message_p2p with the sender as peerSocket', async () => {
    await createToken(h.server.restUrl, { username: 'x', role: 'presenter', room: 'p2proom', type: 'p2p' });
    const alice = await join('presenter', {}, 'p2proom');
    expect((alice.log.events[0]?.args[0] as { p2p?: unknown }).p2p).toBe(true);
    const bob = await join('presenter', {}, 'p2proom');
    const [id] = (await alice.request('publish', { options: { state: 'p2p', audio: true, video: true }, sdp: null })) as [number];
    await bob.log.wait('onAddStream');
    expect(await bob.request('subscribe', { options: { streamId: id }, sdp: null }, 600)).toBe('timeout');
    expect((await alice.log.wait('publish_me')).args[0]).toEqual({ streamId: id, peerSocket: bob.clientId });
    await alice.request('streamMessageP2P', { options: { streamId: id, peerSocket: bob.clientId, msg: { type: 'offer', sdp: 'x' } }, sdp: null });
    expect((await bob.log.wait('stream_message_p2p')).args[0]).toEqual({ streamId: id, peerSocket: alice.clientId, msg: { type: 'offer', sdp: 'x' } });
    expect(await bob.request('unsubscribe', id)).toEqual([true]);
    expect((await alice.log.wait('unpublish_me')).args[0]).toEqual({ streamId: id, peerSocket: bob.clientId });
  });
});
