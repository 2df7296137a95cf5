import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { ATestClient, clientOffer, createToken, decodeToken, sleep, startHarness, type Harness } from './harness';

/** Dialect A conformance (docs/licode-protocol.md §3, §9.2, §9.5) with plain socket.io-client 2 sockets and the fake media plane. */

let h: Harness;
const clients: ATestClient[] = [];

async function start(aVersion: 'v4' | 'v5' | 'v6' = 'v4', grace = 1500): Promise<void> {
  h = await startHarness({ dialect: 'A', aVersion, reconnectionGraceMs: grace });
}

async function join(role = 'presenter', room?: string): Promise<ATestClient> {
  const token = await createToken(h.server.restUrl, { username: `user ${clients.length}`, role, ...(room ? { room } : {}) });
  const c = await ATestClient.join(h.server.controllerHost, token, h.server.dialect === 'A' && aVersionOf() === 'v6' ? { singlePC: false } : undefined);
  clients.push(c);
  return c;
}

let currentVersion: 'v4' | 'v5' | 'v6' = 'v4';
function aVersionOf(): 'v4' | 'v5' | 'v6' {
  return currentVersion;
}

type Erizo = { mess: { type: string; sdp?: string }; streamId?: number; peerId?: number };

async function publishAndConnect(c: ATestClient, options: Record<string, unknown> = {}): Promise<number> {
  const ack = await c.request('publish', [
    { state: 'erizo', audio: true, video: true, data: true, screen: false, attributes: { name: 'alice' }, ...options },
    null,
  ]);
  if (ack === 'timeout') throw new Error('publish not acknowledged');
  const id = ack[0] as number;
  await c.log.wait('signaling_message_erizo', ([m]) => (m as Erizo).mess.type === 'started' && (m as Erizo).streamId === id);
  c.socket.emit('signaling_message', { streamId: id, msg: { type: 'offer', sdp: clientOffer('sendonly') } }, null);
  await c.log.wait('signaling_message_erizo', ([m]) => (m as Erizo).mess.type === 'answer' && (m as Erizo).streamId === id);
  c.socket.emit(
    'signaling_message',
    {
      streamId: id,
      msg: {
        type: 'candidate',
        candidate: { sdpMLineIndex: 0, sdpMid: '0', candidate: 'a=candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host generation 0' },
      },
    },
    null,
  );
  c.socket.emit('signaling_message', { streamId: id, msg: { type: 'candidate', candidate: { sdpMLineIndex: -1, sdpMid: 'end', candidate: 'end' } } }, null);
  return id;
}

async function waitUntil(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await sleep(20);
  }
}

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await h.server.close();
});

describe('dialect A v4: join (§3.3, scenarios 1-3)', () => {
  it('answers token with (success, JoinInfo) holding exactly the v4 keys', async () => {
    currentVersion = 'v4';
    await start('v4');
    const c = await join();
    expect(Object.keys(c.joinInfo ?? {}).sort()).toEqual(['streams', 'id', 'defaultVideoBW', 'maxVideoBW', 'iceServers'].sort());
    expect(c.joinInfo?.defaultVideoBW).toBe(300);
  });

  it('refuses a reused token and a tampered one with the Licode strings', async () => {
    currentVersion = 'v4';
    await start('v4');
    const token = await createToken(h.server.restUrl, { username: 'a', role: 'presenter' });
    const t = decodeToken(token);
    const tampered = new ATestClient(h.server.controllerHost);
    clients.push(tampered);
    await tampered.connected();
    expect(await tampered.request('token', [{ ...t, host: '127.0.0.1:9' }])).toEqual(['error', 'Authentication error']);
    clients.push(await ATestClient.join(h.server.controllerHost, token));
    const again = new ATestClient(h.server.controllerHost);
    clients.push(again);
    await again.connected();
    expect(await again.request('token', [t])).toEqual(['error', 'Token does not exist']);
    // Refused before the token: publish → Unauthorized.
    const stranger = new ATestClient(h.server.controllerHost);
    clients.push(stranger);
    await stranger.connected();
    expect(await stranger.request('publish', [{ state: 'erizo', audio: true }, null])).toEqual([null, 'Unauthorized']);
  });

  it('v4 rejects the v6 {token, singlePC} wrapper with Authentication error', async () => {
    currentVersion = 'v4';
    await start('v4');
    const token = await createToken(h.server.restUrl, { username: 'a', role: 'presenter' });
    const c = new ATestClient(h.server.controllerHost);
    clients.push(c);
    await c.connected();
    expect(await c.request('token', [{ token: decodeToken(token), singlePC: false }])).toEqual(['error', 'Authentication error']);
  });
});

describe('dialect A v4: streams (scenarios 4-7)', () => {
  it('publish: ack(id), started, answer (LF SDP), onAddStream to the room incl. publisher, then ready; unpublish', async () => {
    currentVersion = 'v4';
    await start('v4');
    const alice = await join();
    const bob = await join();
    const id = await publishAndConnect(alice);
    expect(id).toBeGreaterThan(2 ** 53);
    const answer = alice.log.events.find((e) => e.event === 'signaling_message_erizo' && (e.args[0] as Erizo).mess.type === 'answer');
    expect((answer?.args[0] as Erizo).mess.sdp).not.toContain('\r\n');
    const ready = await alice.log.wait('signaling_message_erizo', ([m]) => (m as Erizo).mess.type === 'ready');
    const own = alice.log.events.findIndex((e) => e.event === 'onAddStream');
    expect(own).toBeGreaterThan(-1);
    expect(own).toBeLessThan(alice.log.events.indexOf(ready));
    expect(alice.log.events[own]?.args[0]).toEqual({ id, audio: true, video: true, data: true, screen: false, attributes: { name: 'alice' } });
    expect((await bob.log.wait('onAddStream')).args[0]).toMatchObject({ id });
    // v4 never sends `initializing`.
    expect(alice.log.events.some((e) => e.event === 'signaling_message_erizo' && (e.args[0] as Erizo).mess.type === 'initializing')).toBe(false);
    expect(await alice.request('unpublish', [id])).toEqual([true]);
    expect((await bob.log.wait('onRemoveStream')).args[0]).toEqual({ id });
    await alice.log.wait('onRemoveStream');
  });

  it('lists only ready streams in v4 join replies', async () => {
    currentVersion = 'v4';
    await start('v4');
    const alice = await join();
    const ack = await alice.request('publish', [{ state: 'erizo', audio: true, video: true }, null]);
    expect(ack).not.toBe('timeout');
    const bob = await join();
    expect(bob.joinInfo?.streams).toEqual([]);
  });

  it('roles: viewer publish → Unauthorized; viewerWithData: video Unauthorized, data allowed', async () => {
    currentVersion = 'v4';
    await start('v4');
    const viewer = await join('viewer');
    expect(await viewer.request('publish', [{ state: 'erizo', audio: true, video: true }, null])).toEqual([null, 'Unauthorized']);
    const vwd = await join('viewerWithData');
    expect(await vwd.request('publish', [{ state: 'erizo', video: true }, null])).toEqual([null, 'Unauthorized']);
    const data = await vwd.request('publish', [{ state: 'data', data: true, audio: false, video: false }, null]);
    expect(typeof (data as unknown[])[0]).toBe('number');
  });

  it('subscribe: ack(true), started with peerId, answer to the receive-only offer, ready', async () => {
    currentVersion = 'v4';
    await start('v4');
    const alice = await join();
    const id = await publishAndConnect(alice);
    await alice.log.wait('signaling_message_erizo', ([m]) => (m as Erizo).mess.type === 'ready');
    const bob = await join();
    expect(await bob.request('subscribe', [{ streamId: id, audio: true, video: true, data: true }, null])).toEqual([true]);
    await bob.log.wait('signaling_message_erizo', ([m]) => (m as Erizo).mess.type === 'started' && (m as Erizo).peerId === id);
    // A candidate before the offer is ignored (v3 Erizo drops it).
    bob.socket.emit(
      'signaling_message',
      { streamId: id, msg: { type: 'candidate', candidate: { sdpMLineIndex: 0, sdpMid: '0', candidate: 'a=candidate:1 1 udp 1 127.0.0.1 1 typ host' } } },
      null,
    );
    bob.socket.emit('signaling_message', { streamId: id, msg: { type: 'offer', sdp: clientOffer('recvonly') }, browser: 'chrome-stable' }, null);
    const answer = await bob.log.wait('signaling_message_erizo', ([m]) => (m as Erizo).mess.type === 'answer' && (m as Erizo).peerId === id);
    expect((answer.args[0] as Erizo).mess.sdp).toContain('s=LicodeMCU');
    await bob.log.wait('signaling_message_erizo', ([m]) => (m as Erizo).mess.type === 'ready' && (m as Erizo).peerId === id);
    const fake = [...(h.fake?.connections.values() ?? [])].find((c) => c.id.endsWith(`_sub_${id}`));
    expect(fake?.candidates).toEqual([]);
    // After the answer, a-prefixed candidates are taken; candidates without the prefix are not.
    bob.socket.emit(
      'signaling_message',
      { streamId: id, msg: { type: 'candidate', candidate: { sdpMLineIndex: 0, sdpMid: '0', candidate: 'candidate:2 1 udp 1 127.0.0.1 2 typ host' } } },
      null,
    );
    bob.socket.emit(
      'signaling_message',
      { streamId: id, msg: { type: 'candidate', candidate: { sdpMLineIndex: 0, sdpMid: '0', candidate: 'a=candidate:3 1 udp 1 127.0.0.1 3 typ host' } } },
      null,
    );
    await sleep(150);
    expect(fake?.candidates.map((c) => c.candidate)).toEqual(['a=candidate:3 1 udp 1 127.0.0.1 3 typ host']);
    expect(await bob.request('unsubscribe', [id])).toEqual([true]);
  });

  it('data and attributes reach data subscribers only; unknown ids get no ack', async () => {
    currentVersion = 'v4';
    await start('v4');
    const alice = await join();
    const [id] = (await alice.request('publish', [{ state: 'data', data: true, attributes: { x: 1 } }, null])) as [number];
    const sub = await join();
    const nosub = await join();
    expect(await sub.request('subscribe', [{ streamId: id, data: true }, null])).toEqual([true]);
    alice.socket.emit('sendDataStream', { id, msg: 'hello' });
    alice.socket.emit('updateStreamAttributes', { id, attrs: { y: 2 } });
    expect((await sub.log.wait('onDataStream')).args[0]).toEqual({ id, msg: 'hello' });
    expect((await sub.log.wait('onUpdateAttributeStream')).args[0]).toEqual({ id, attrs: { y: 2 } });
    await sleep(150);
    expect(nosub.log.count('onDataStream') + alice.log.count('onDataStream')).toBe(0);
    expect(await nosub.request('subscribe', [{ streamId: 4242 }, null], 500)).toBe('timeout');
    expect(await nosub.request('subscribe', [{ streamId: String(id) }, null], 500)).toBe('timeout');
    expect(await nosub.request('unpublish', [4242], 500)).toBe('timeout');
  });

  it('emits connection_failed {type, streamId} on an Erizo failure (admin)', async () => {
    currentVersion = 'v4';
    await start('v4');
    const alice = await join();
    const id = await publishAndConnect(alice);
    await alice.log.wait('onAddStream');
    await h.admin.failStream(id);
    expect((await alice.log.wait('connection_failed')).args[0]).toEqual({ type: 'publish', streamId: id });
  });

  it('removes a leaver at once in v4 (onRemoveStream to the others)', async () => {
    currentVersion = 'v4';
    await start('v4');
    const alice = await join();
    const bob = await join();
    const id = await publishAndConnect(alice);
    await bob.log.wait('onAddStream');
    await h.admin.dropClient(alice.joinInfo ? ((await h.admin.clients()).find((c) => c.published.includes(id))?.clientId ?? '') : '');
    expect((await bob.log.wait('onRemoveStream', () => true, 1000)).args[0]).toEqual({ id });
  });
});

describe('dialect A: Engine.IO of socket.io 2.0.3 (installErizo_controller.sh v4-v6)', () => {
  for (const version of ['v4', 'v5', 'v6'] as const) {
    it(`${version}: the handshake announces pingInterval 25000 and pingTimeout 60000`, async () => {
      currentVersion = version;
      await start(version);
      const ws = new WebSocket(`ws://${h.server.controllerHost}/socket.io/?EIO=3&transport=websocket`);
      const open = await new Promise<string>((resolve, reject) => {
        ws.once('message', (d) => resolve(String(d)));
        ws.once('error', reject);
      });
      ws.close(1000);
      expect(open.startsWith('0{')).toBe(true);
      expect(JSON.parse(open.slice(1))).toMatchObject({ pingInterval: 25000, pingTimeout: 60000 });
    });
  }
});

describe('dialect A: a repeated subscribe (v4/v5/v6 alike: Client.js onSubscribe, roomController/erizoJSController addSubscriber)', () => {
  for (const version of ['v5', 'v6'] as const) {
    const acked = version === 'v6' ? (ack: unknown) => (ack as unknown[])[0] : (ack: unknown) => ack;
    const yes = version === 'v6' ? true : [true];

    it(`${version}: a data-only stream is acknowledged (true) again`, async () => {
      currentVersion = version;
      await start(version);
      const alice = await join();
      const [id] = (await alice.request('publish', [{ state: 'data', data: true }, null])) as [number];
      const bob = await join();
      expect(await bob.request('subscribe', [{ streamId: id, data: true }, null])).toEqual([true]);
      expect(await bob.request('subscribe', [{ streamId: id, data: true }, null], 1000)).toEqual([true]);
    });

    it(`${version}: a media subscribe repeated before its ack is acknowledged again and re-creates the subscriber; after the ack it is ignored`, async () => {
      currentVersion = version;
      await start(version);
      const alice = await join();
      const id = await publishAndConnect(alice);
      await alice.log.wait('signaling_message_erizo', ([m]) => (m as Erizo).mess.type === 'ready');
      // A raw Engine.IO 3 socket writes both requests in one go, so both reach the controller before ErizoJS reports
      // `initializing` for the first (a socket.io client may space its writes out).
      const token = decodeToken(await createToken(h.server.restUrl, { username: 'bob', role: 'presenter' }));
      const ws = new WebSocket(`ws://${h.server.controllerHost}/socket.io/?EIO=3&transport=websocket`);
      const frames: string[] = [];
      ws.on('message', (d) => frames.push(String(d)));
      await new Promise((resolve) => ws.on('open', resolve));
      ws.send(`420["token",${JSON.stringify(version === 'v6' ? { token, singlePC: false } : token)}]`);
      await waitUntil(() => frames.some((f) => f.startsWith('430["success"')));
      const subscribe = `["subscribe",${JSON.stringify({ streamId: id, audio: true, video: true })},null]`;
      ws.send(`421${subscribe}`);
      ws.send(`422${subscribe}`);
      const ackOf = (n: number) => frames.find((f) => f.startsWith(`43${n}[`));
      await waitUntil(() => ackOf(1) !== undefined && ackOf(2) !== undefined);
      expect([1, 2].map((n) => acked(JSON.parse(ackOf(n)?.slice(3) ?? 'null')))).toEqual([yes, yes]);
      const subscriptions = [...(h.fake?.connections.values() ?? [])].filter((c) => c.id.includes(`_sub_${id}`));
      expect(subscriptions.map((c) => c.closed)).toEqual([true, false]);
      // The replacement is the one that negotiates.
      const offer = { streamId: id, msg: { type: 'offer', sdp: clientOffer('recvonly') } };
      ws.send(`42${JSON.stringify(['signaling_message', offer, null])}`);
      const erizo = (type: string) => frames.some((f) => f.startsWith('42["signaling_message_erizo"') && f.includes(`"type":"${type}"`));
      await waitUntil(() => erizo('answer') && erizo('ready'));
      // Once acknowledged, the client is in roomController's subscriber list: silence.
      ws.send(`423${subscribe}`);
      await sleep(600);
      expect(ackOf(3)).toBeUndefined();
      expect([...(h.fake?.connections.values() ?? [])].filter((c) => c.id.includes(`_sub_${id}`) && !c.closed)).toHaveLength(1);
      ws.close(1000);
    });
  }

  it('v5 P2P: publish_me goes to the publisher again, no ack', async () => {
    currentVersion = 'v5';
    await start('v5');
    await createToken(h.server.restUrl, { username: 'x', role: 'presenter', room: 'p2p-repeat', type: 'p2p' });
    const alice = await join('presenter', 'p2p-repeat');
    const bob = await join('presenter', 'p2p-repeat');
    const [id] = (await alice.request('publish', [{ state: 'p2p', audio: true, video: true }, null])) as [number];
    await bob.log.wait('onAddStream');
    expect(await bob.request('subscribe', [{ streamId: id }, null], 300)).toBe('timeout');
    expect(await bob.request('subscribe', [{ streamId: id }, null], 300)).toBe('timeout');
    await waitUntil(() => alice.log.count('publish_me') === 2);
  });
});

describe('dialect A v5/v6', () => {
  // A v5/v6 Channel listens only to token, reconnected and disconnect; a Client's handlers are registered when it is
  // created or rebound (v5 models/Channel.js, models/Client.js listenToSocketEvents, erizoController.js).
  const SESSION_REQUESTS: Array<[string, unknown[]]> = [
    ['publish', [{ state: 'erizo', audio: true, video: true }, null]],
    ['subscribe', [{ streamId: 1 }, null]],
    ['unpublish', [1]],
    ['unsubscribe', [1]],
    ['startRecorder', [{ to: 1 }]],
    ['stopRecorder', [{ id: 1 }]],
    ['getStreamStats', [1]],
  ];

  async function expectSilent(c: ATestClient): Promise<void> {
    const replies = await Promise.all(SESSION_REQUESTS.map(([event, args]) => c.request(event, args, 600)));
    expect(Object.fromEntries(SESSION_REQUESTS.map(([event], i) => [event, replies[i]]))).toEqual(
      Object.fromEntries(SESSION_REQUESTS.map(([event]) => [event, 'timeout'])),
    );
  }

  for (const version of ['v5', 'v6'] as const) {
    it(`${version}: a socket without a session (before token, after reconnected with an unknown clientId) never answers`, async () => {
      currentVersion = version;
      await start(version);
      const stranger = new ATestClient(h.server.controllerHost);
      clients.push(stranger);
      await stranger.connected();
      await expectSilent(stranger);
      // The grace expired or the controller restarted: the clientId is unknown, nothing is rebound.
      const orphan = new ATestClient(h.server.controllerHost);
      clients.push(orphan);
      await orphan.connected();
      orphan.socket.emit('reconnected', '6f1c2a9e-0000-4000-8000-000000000000');
      await expectSilent(orphan);
      // The socket still takes a token afterwards (the Channel keeps listening to it).
      const token = decodeToken(await createToken(h.server.restUrl, { username: 'late', role: 'presenter' }));
      const reply = await orphan.request('token', [version === 'v6' ? { token, singlePC: false } : token]);
      expect(reply === 'timeout' ? reply : reply[0]).toBe('success');
    });

    it(`${version}: a live or rebound client answers stopRecorder for an unknown recording (liveness probe)`, async () => {
      currentVersion = version;
      await start(version, 3000);
      const alice = await join();
      const viewer = await join('viewer');
      expect(await alice.request('stopRecorder', [{ id: 12345 }])).toEqual([null, 'This stream is not being recorded']);
      // A string can never name one of Licode's numeric recording ids (the client's probe uses one).
      expect(await alice.request('stopRecorder', [{ id: 'liveness-probe' }])).toEqual([null, 'This stream is not being recorded']);
      expect(await viewer.request('stopRecorder', [{ id: 12345 }])).toEqual([null, 'Unauthorized']);
      await h.admin.dropClient(alice.clientId ?? '');
      await alice.log.wait('disconnect');
      await alice.reconnect();
      // reconnected has no ack: poll until the rebound client answers.
      let reply: unknown[] | 'timeout' = 'timeout';
      for (let i = 0; i < 10 && reply === 'timeout'; i++) reply = await alice.request('stopRecorder', [{ id: 12345 }], 300);
      expect(reply).toEqual([null, 'This stream is not being recorded']);
    });
  }

  it('v5: clientId in JoinInfo, initializing before started, reconnected within the grace flushes buffered events', async () => {
    currentVersion = 'v5';
    await start('v5', 2000);
    const alice = await join();
    expect(alice.clientId).toMatch(/^[0-9a-f-]{36}$/);
    const bob = await join();
    const [id] = (await alice.request('publish', [{ state: 'erizo', audio: true, video: true }, null])) as [number];
    const init = await alice.log.wait('signaling_message_erizo', ([m]) => (m as Erizo).mess.type === 'initializing');
    const started = await alice.log.wait('signaling_message_erizo', ([m]) => (m as Erizo).mess.type === 'started');
    expect(alice.log.events.indexOf(init)).toBeLessThan(alice.log.events.indexOf(started));
    await h.admin.dropClient(bob.clientId ?? '');
    await bob.log.wait('disconnect');
    // While bob is away, alice's stream becomes ready: bob's onAddStream is buffered.
    alice.socket.emit('signaling_message', { streamId: id, msg: { type: 'offer', sdp: clientOffer('sendonly') } }, null);
    await alice.log.wait('onAddStream');
    await bob.reconnect();
    expect((await bob.log.wait('onAddStream')).args[0]).toMatchObject({ id });
    expect((await h.admin.clients()).find((c) => c.clientId === bob.clientId)?.connected).toBe(true);
  });

  it('v5: an abnormal close not followed by reconnected removes the client after the grace', async () => {
    currentVersion = 'v5';
    await start('v5', 800);
    const alice = await join();
    const bob = await join();
    const [id] = (await alice.request('publish', [{ state: 'data', data: true }, null])) as [number];
    await bob.log.wait('onAddStream');
    await h.admin.dropClient(alice.clientId ?? '');
    await sleep(300);
    expect(bob.log.count('onRemoveStream')).toBe(0);
    expect((await bob.log.wait('onRemoveStream', () => true, 3000)).args[0]).toEqual({ id });
  });

  it('v5: a WebSocket closed with 1000/1001 leaves at once, any other code gets the grace', async () => {
    currentVersion = 'v5';
    await start('v5', 3000);
    const bob = await join();
    for (const [code, immediate] of [
      [1001, true],
      [4000, false],
    ] as const) {
      const token = decodeToken(await createToken(h.server.restUrl, { username: 'raw', role: 'presenter' }));
      const ws = new WebSocket(`ws://${h.server.controllerHost}/socket.io/?EIO=3&transport=websocket`);
      const frames: string[] = [];
      ws.on('message', (d) => frames.push(String(d)));
      await new Promise((resolve) => ws.on('open', resolve));
      ws.send(`420["token",${JSON.stringify(token)}]`);
      await waitUntil(() => frames.some((f) => f.startsWith('430["success"')));
      ws.send('421["publish",{"state":"data","data":true},null]');
      await waitUntil(() => frames.some((f) => f.startsWith('431[')));
      const id = JSON.parse(frames.find((f) => f.startsWith('431['))?.slice(3) ?? '[]')[0] as number;
      await bob.log.wait('onAddStream', ([s]) => (s as { id: number }).id === id);
      ws.close(code);
      await sleep(900);
      expect(bob.log.events.some((e) => e.event === 'onRemoveStream' && (e.args[0] as { id: number }).id === id)).toBe(immediate);
      await bob.log.wait('onRemoveStream', ([s]) => (s as { id: number }).id === id, 5000);
    }
  });

  it('v6: token {token, singlePC}, singlePC in JoinInfo, erizoId in acks, label in public streams', async () => {
    currentVersion = 'v6';
    await start('v6');
    const alice = await join();
    expect(Object.keys(alice.joinInfo ?? {}).sort()).toEqual(['streams', 'id', 'clientId', 'singlePC', 'defaultVideoBW', 'maxVideoBW', 'iceServers'].sort());
    const ack = (await alice.request('publish', [{ state: 'erizo', audio: true, video: true, label: 'lab' }, null])) as unknown[];
    expect(ack).toHaveLength(2);
    expect(typeof ack[1]).toBe('string');
    const bare = new ATestClient(h.server.controllerHost);
    clients.push(bare);
    await bare.connected();
    const token = await createToken(h.server.restUrl, { username: 'z', role: 'presenter' });
    expect(await bare.request('token', [decodeToken(token)])).toEqual(['error', 'Authentication error']);
    // A data-only stream: v6 unpublish sends neither ack nor onRemoveStream.
    const [dataId] = (await alice.request('publish', [{ state: 'data', data: true }, null])) as [number];
    expect(await alice.request('unpublish', [dataId], 500)).toBe('timeout');
  });

  it('P2P (v5): publish_me, signaling_message_peer with the sender as peerSocket, unpublish_me', async () => {
    currentVersion = 'v5';
    await start('v5');
    await createToken(h.server.restUrl, { username: 'x', role: 'presenter', room: 'p2p-a', type: 'p2p' });
    const alice = await join('presenter', 'p2p-a');
    const bob = await join('presenter', 'p2p-a');
    expect(alice.joinInfo?.p2p).toBe(true);
    const [id] = (await alice.request('publish', [{ state: 'p2p', audio: true, video: true }, null])) as [number];
    await bob.log.wait('onAddStream');
    expect(await bob.request('subscribe', [{ streamId: id }, null], 500)).toBe('timeout');
    expect((await alice.log.wait('publish_me')).args[0]).toEqual({ streamId: id, peerSocket: bob.clientId });
    alice.socket.emit('signaling_message', { streamId: id, peerSocket: bob.clientId, msg: { type: 'offer', sdp: 'v=0' } }, null);
    expect((await bob.log.wait('signaling_message_peer')).args[0]).toEqual({ streamId: id, peerSocket: alice.clientId, msg: { type: 'offer', sdp: 'v=0' } });
    expect(await bob.request('unsubscribe', [id])).toEqual([true]);
    expect((await alice.log.wait('unpublish_me')).args[0]).toEqual({ streamId: id, peerSocket: bob.clientId });
  });
});
