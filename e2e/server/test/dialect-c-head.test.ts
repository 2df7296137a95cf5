import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { clientAnswer, clientOffer, createToken, CTestClient, decodeToken, sleep, startHarness, type Harness } from './harness';

/**
 * Dialect C details seen on a real Licode HEAD controller that the reference alone did not pin down (issue 9): the
 * trailing `null` of every server event, HEAD's two single-PC connections per client, and the periodic
 * `quality_level` check. Plain socket.io-client 4 sockets (and a raw WebSocket for the wire form), fake media plane.
 */

let h: Harness | undefined;
const clients: CTestClient[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await h?.server.close();
  h = undefined;
});

type Envelope = { connectionId: string; info: number | string; evt: { type: string; sdp?: string; level?: number } };

async function join(harness: Harness, extra: Record<string, string> = {}): Promise<CTestClient> {
  const token = await createToken(harness.server.restUrl, { username: `user ${clients.length}`, role: 'presenter' });
  const c = await CTestClient.join(harness.server.controllerHost, token, extra);
  clients.push(c);
  return c;
}

async function publish(c: CTestClient, label: string): Promise<{ id: number; erizoId: string; connectionId: string }> {
  const ack = await c.request('publish', { options: { state: 'erizo', audio: true, video: true, data: true, label }, sdp: null });
  if (ack === 'timeout') throw new Error('publish not acknowledged');
  const [id, erizoId, connectionId] = ack as [number, string, string];
  lastErizoId.set(c, erizoId);
  c.emit('connectionMessage', {
    options: { connectionId, erizoId, msg: { type: 'offer', sdp: clientOffer('sendonly') }, browser: 'chrome-stable' },
    sdp: null,
  });
  return { id, erizoId, connectionId };
}

/** Answer every server offer the client gets, as a browser would (re-offers of shared connections included). */
function answerOffers(c: CTestClient): void {
  c.socket.on('connection_message_erizo', (envelope: { msg?: Envelope }) => {
    const m = envelope.msg;
    if (m?.evt.type !== 'offer') return;
    const erizoId = lastErizoId.get(c); // one ErizoJS per room: the id of any earlier ack
    c.emit('connectionMessage', { options: { connectionId: m.connectionId, erizoId, msg: { type: 'answer', sdp: clientAnswer(m.evt.sdp ?? '') } }, sdp: null });
  });
}
const lastErizoId = new Map<CTestClient, string>();

/** Subscribe; the offer is answered by `answerOffers`. */
async function subscribe(c: CTestClient, streamId: number): Promise<{ erizoId: string; connectionId: string }> {
  const ack = await c.request('subscribe', { options: { streamId }, sdp: null });
  if (ack === 'timeout') throw new Error('subscribe not acknowledged');
  const [, erizoId, connectionId] = ack as [boolean, string, string];
  lastErizoId.set(c, erizoId);
  return { erizoId, connectionId };
}

/** The text frames a raw Engine.IO 4 WebSocket receives after joining the default namespace (pings answered). */
async function rawFrames(controllerHost: string, token: string, count: number): Promise<string[]> {
  const t = decodeToken(token);
  const query = new URLSearchParams({ EIO: '4', transport: 'websocket', tokenId: t.tokenId, host: t.host, secure: String(t.secure), signature: t.signature });
  const ws = new WebSocket(`ws://${controllerHost}/socket.io/?${query.toString()}`);
  const frames: string[] = [];
  try {
    return await new Promise<string[]>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`only got ${JSON.stringify(frames)}`)), 5000);
      ws.on('message', (data: Buffer) => {
        const text = data.toString();
        if (text === '2') return void ws.send('3');
        if (text.startsWith('0')) return void ws.send('40'); // Engine.IO OPEN → socket.io CONNECT to "/"
        frames.push(text);
        const connected = /^42\["connected",\{"socketgd":(\d+)/.exec(text);
        if (connected) ws.send(`42["socketgd_ack",{"id":${connected[1]}}]`);
        if (frames.length >= count) {
          clearTimeout(timer);
          resolve(frames);
        }
      });
      ws.on('error', reject);
    });
  } finally {
    ws.close();
  }
}

describe('dialect C wire form (HEAD ReliableSocket)', () => {
  it('emits every server event as (event, envelope, null): the undefined ack serialises as a trailing null', async () => {
    h = await startHarness({ dialect: 'C' });
    const token = await createToken(h.server.restUrl, { username: 'raw', role: 'presenter' });
    const [connect, connected] = await rawFrames(h.server.controllerHost, token, 2);
    expect(connect).toMatch(/^40\{"sid":/);
    expect(connected).toMatch(/^42\["connected",\{"socketgd":0,"msg":\{.*\}\},null\]$/);
    const parsed = JSON.parse(connected!.slice(2)) as unknown[];
    expect(parsed).toHaveLength(3);
    expect(parsed[2]).toBeNull();
  });

  it('keeps the trailing null on envelopes resent after a reconnection and on later events', async () => {
    h = await startHarness({ dialect: 'C', reconnectionGraceMs: 3000 });
    const alice = await join(h);
    const bob = await join(h);
    const seen: unknown[][] = [];
    bob.socket.onAny((event: string, ...args: unknown[]) => {
      if (event === 'onAddStream') seen.push(args);
    });
    await alice.request('publish', { options: { state: 'data', data: true, label: 'x' }, sdp: null });
    await bob.log.wait('onAddStream');
    expect(seen[0]).toHaveLength(2);
    expect(seen[0]![1]).toBeNull();
  });
});

describe('dialect C single PC: two connections per client (HEAD erizoJS/models/Client.js)', () => {
  it('puts publications on one connection and subscriptions on another, each shared by every stream of its kind', async () => {
    h = await startHarness({ dialect: 'C', allowSinglePC: true });
    const alice = await join(h, { singlePC: 'true' });
    const bob = await join(h, { singlePC: 'true' });
    answerOffers(alice);
    answerOffers(bob);
    const a1 = await publish(alice, 'alice-1');
    await alice.log.wait('onAddStream', ([s]) => (s as { id: number }).id === a1.id);
    const b1 = await publish(bob, 'bob-1');
    await bob.log.wait('onAddStream', ([s]) => (s as { id: number }).id === b1.id);
    // bob publishes first, then subscribes: the subscription gets a connection of its own, not bob's publisher one.
    const bobSub1 = await subscribe(bob, a1.id);
    expect(bobSub1.connectionId).not.toBe(b1.connectionId);
    // a second publication goes on alice's publisher connection; bob's subscription to it on bob's subscriber one.
    const a2 = await publish(alice, 'alice-2');
    expect(a2.connectionId).toBe(a1.connectionId);
    await bob.log.wait('onAddStream', ([s]) => (s as { id: number }).id === a2.id);
    const bobSub2 = await subscribe(bob, a2.id);
    expect(bobSub2.connectionId).toBe(bobSub1.connectionId);
    // alice subscribes first to bob's: her subscriber connection is new, distinct from her publisher one.
    const aliceSub = await subscribe(alice, b1.id);
    expect(aliceSub.connectionId).not.toBe(a1.connectionId);
    const summary = (await h.admin.clients()).find((c) => c.clientId === bob.clientId);
    expect(summary?.connections.sort()).toEqual([b1.connectionId, bobSub1.connectionId].sort());
  });

  it('keeps both connections when they become empty and reuses them (HEAD maybeCloseConnection in single PC)', async () => {
    h = await startHarness({ dialect: 'C', allowSinglePC: true });
    const alice = await join(h, { singlePC: 'true' });
    const bob = await join(h, { singlePC: 'true' });
    answerOffers(alice);
    answerOffers(bob);
    const a1 = await publish(alice, 'alice-1');
    await bob.log.wait('onAddStream', ([s]) => (s as { id: number }).id === a1.id);
    const sub = await subscribe(bob, a1.id);
    expect(await bob.request('unsubscribe', a1.id)).toEqual([true]);
    expect(await alice.request('unpublish', a1.id)).toEqual([true]);
    expect((await h.admin.clients()).find((c) => c.clientId === alice.clientId)?.connections).toEqual([a1.connectionId]);
    expect((await h.admin.clients()).find((c) => c.clientId === bob.clientId)?.connections).toEqual([sub.connectionId]);
    const a2 = await publish(alice, 'alice-2');
    expect(a2.connectionId).toBe(a1.connectionId);
    await bob.log.wait('onAddStream', ([s]) => (s as { id: number }).id === a2.id);
    expect((await subscribe(bob, a2.id)).connectionId).toBe(sub.connectionId);
  });

  it('without single PC still makes one connection per stream', async () => {
    h = await startHarness({ dialect: 'C', allowSinglePC: true });
    const alice = await join(h);
    const a1 = await publish(alice, 'alice-1');
    const a2 = await publish(alice, 'alice-2');
    expect(a2.connectionId).not.toBe(a1.connectionId);
  });
});

describe('dialect C quality_level (HEAD WebRtcConnection: checked every 5 s, reported on change, increases at most every 30 s)', () => {
  const timing = { checkMs: 150, increaseMs: 2_000 };
  const qualityEvents = (c: CTestClient, connectionId: string) =>
    c.log.events.filter(
      (e) => e.event === 'connection_message_erizo' && (e.args[0] as Envelope).connectionId === connectionId && (e.args[0] as Envelope).info === 150,
    );

  it('reports the level once from the periodic check, not after each ready (ICE restart included)', async () => {
    h = await startHarness({ dialect: 'C', qualityLevelTiming: timing });
    const alice = await join(h);
    const { connectionId, erizoId } = await publish(alice, 'alice-1');
    const created = Date.now();
    await alice.log.wait('connection_message_erizo', ([m]) => (m as Envelope).evt.type === 'ready');
    await sleep(30);
    expect(qualityEvents(alice, connectionId)).toHaveLength(0); // the old server sent one right after `ready`
    const first = await alice.log.wait('connection_message_erizo', ([m]) => (m as Envelope).info === 150, 2000);
    expect(Date.now() - created).toBeGreaterThanOrEqual(timing.checkMs - 20);
    expect(first.args[0]).toEqual({ connectionId, info: 150, evt: { type: 'quality_level', level: 2 } });
    // An ICE restart brings a second `ready`, but the level did not change: nothing more.
    const mark = alice.log.events.length;
    const restart = clientOffer('sendonly').replace(/ice-ufrag:abcd/g, 'ice-ufrag:efgh');
    alice.emit('connectionMessage', { options: { connectionId, erizoId, msg: { type: 'offer', sdp: restart } }, sdp: null });
    await alice.log.wait('connection_message_erizo', ([m]) => (m as Envelope).evt.type === 'ready', 3000, mark);
    await sleep(timing.checkMs * 4);
    expect(qualityEvents(alice, connectionId)).toHaveLength(1);
  });

  it('reports an injected level at once and keeps it (admin API), then stops with the connection', async () => {
    h = await startHarness({ dialect: 'C', qualityLevelTiming: timing });
    const alice = await join(h);
    const { id, connectionId } = await publish(alice, 'alice-1');
    await alice.log.wait('connection_message_erizo', ([m]) => (m as Envelope).info === 150 && (m as Envelope).evt.level === 2, 2000);
    const mark = alice.log.events.length;
    await h.admin.qualityLevel(alice.clientId ?? '', 0);
    const injected = await alice.log.wait('connection_message_erizo', ([m]) => (m as Envelope).info === 150, 500, mark);
    expect(injected.args[0]).toEqual({ connectionId, info: 150, evt: { type: 'quality_level', level: 0 } });
    await sleep(timing.checkMs * 4);
    expect(qualityEvents(alice, connectionId).map((e) => (e.args[0] as Envelope).evt.level)).toEqual([2, 0]);
    await alice.request('unpublish', id);
    const closedAt = alice.log.events.length;
    await sleep(timing.checkMs * 3);
    expect(alice.log.events.slice(closedAt).filter((e) => (e.args[0] as Envelope | undefined)?.info === 150)).toHaveLength(0);
  });
});
