import WebSocket from 'ws';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SUPERSERVICE_KEY } from '../config';
import { signToken } from '../tokens/token-service';
import { ATestClient, createToken, CTestClient, decodeToken, sleep, serverPerTest, type Harness } from './harness';

/** Transport settings (docs/licode-protocol.md §2, §9.4) and the error positions of §3.5/§5.6/§8 12. */

const perTest = serverPerTest();
let h: Harness | undefined;

/** The first frame a raw WebSocket receives. */
function firstFrame(url: string): Promise<{ frame: string | undefined; code: number | undefined }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url);
    const timer = setTimeout(() => (ws.terminate(), resolve({ frame: undefined, code: undefined })), 2000);
    ws.on('message', (data) => {
      clearTimeout(timer);
      ws.terminate();
      resolve({ frame: String(data), code: undefined });
    });
    ws.on('unexpected-response', (_req, res) => {
      clearTimeout(timer);
      resolve({ frame: undefined, code: res.statusCode });
    });
    ws.on('error', () => undefined);
    ws.on('close', () => {
      clearTimeout(timer);
      resolve({ frame: undefined, code: -1 });
    });
  });
}

describe('dialect C transport', () => {
  it('opens with pingInterval 10 s, pingTimeout 5 s, maxPayload 1 MB, no upgrades; refuses EIO 3 and polling', async () => {
    h = await perTest.start({ dialect: 'C' });
    const { frame } = await firstFrame(`ws://${h.server.controllerHost}/socket.io/?EIO=4&transport=websocket`);
    expect(frame?.startsWith('0')).toBe(true);
    const open = JSON.parse(frame?.slice(1) ?? '{}') as Record<string, unknown>;
    expect(open).toMatchObject({ upgrades: [], pingInterval: 10000, pingTimeout: 5000, maxPayload: 1000000 });
    const eio3 = await firstFrame(`ws://${h.server.controllerHost}/socket.io/?EIO=3&transport=websocket`);
    expect(eio3.frame).toBeUndefined();
    // Refused at the upgrade (socket.io 4 without allowEIO3: "Unsupported protocol version").
    expect(eio3.code === 400 || eio3.code === -1).toBe(true);
    expect((await fetch(`http://${h.server.controllerHost}/socket.io/?EIO=4&transport=polling`)).status).toBe(400);
  });

  it('answers a CONNECT without token fields with "token: Authentication error"', async () => {
    h = await perTest.start({ dialect: 'C' });
    const c = new CTestClient(h.server.controllerHost, {});
    perTest.closeLater(() => c.close());
    expect((await c.log.wait('connect_error')).args).toEqual(['token: Authentication error', 'token: Authentication error']);
  });

  it('closes the socket of a client that sends more than 1 MB in one message', async () => {
    h = await perTest.start({ dialect: 'C' });
    const c = await CTestClient.join(h.server.controllerHost, await createToken(h.server.restUrl, { username: 'a', role: 'presenter' }));
    perTest.closeLater(() => c.close());
    c.emit('sendDataStream', { id: 1, msg: 'x'.repeat(1_100_000) });
    await c.log.wait('disconnect');
  });

  it('says "Invalid host" for a correctly signed token naming another host, and consumes it', async () => {
    h = await perTest.start({ dialect: 'C' });
    const t = decodeToken(await createToken(h.server.restUrl, { username: 'a', role: 'presenter' }));
    const otherHost = '127.0.0.2:8080';
    const forged = new CTestClient(h.server.controllerHost, {
      tokenId: t.tokenId,
      host: otherHost,
      signature: signToken(DEFAULT_SUPERSERVICE_KEY, t.tokenId, otherHost),
    });
    perTest.closeLater(() => forged.close());
    expect((await forged.log.wait('connect_error')).args[1]).toBe('token: Invalid host');
    const real = new CTestClient(h.server.controllerHost, { tokenId: t.tokenId, host: t.host, signature: t.signature });
    perTest.closeLater(() => real.close());
    expect((await real.log.wait('connect_error')).args[1]).toBe('token: Token does not exist');
  });

  it('puts Erizo timeouts in the third ack position: (null, null, reason)', async () => {
    h = await perTest.start({ dialect: 'C' });
    const c = await CTestClient.join(h.server.controllerHost, await createToken(h.server.restUrl, { username: 'a', role: 'presenter' }));
    perTest.closeLater(() => c.close());
    const [id] = (await c.request('publish', { options: { state: 'erizo', audio: true, video: true, label: 'x' }, sdp: null })) as [number];
    await h.admin.setErizoUnreachable('ErizoAgent is not reachable');
    expect(await c.request('publish', { options: { state: 'erizo', audio: true, video: true }, sdp: null })).toEqual([
      null,
      null,
      'ErizoAgent is not reachable',
    ]);
    expect(await c.request('subscribe', { options: { streamId: id }, sdp: null })).toEqual([null, null, 'ErizoJS is not reachable']);
    await h.admin.setErizoUnreachable(null);
    expect(((await c.request('publish', { options: { state: 'erizo', audio: true, video: true, label: 'y' }, sdp: null })) as unknown[])[0]).toEqual(
      expect.any(Number),
    );
  });
});

describe('dialect A transport and errors', () => {
  it('rejects polling and accepts EIO 3 websockets (the namespace connects without a CONNECT)', async () => {
    h = await perTest.start({ dialect: 'A' });
    expect((await fetch(`http://${h.server.controllerHost}/socket.io/?EIO=3&transport=polling`)).status).toBe(400);
    const { frame } = await firstFrame(`ws://${h.server.controllerHost}/socket.io/?EIO=3&transport=websocket`);
    expect(frame?.startsWith('0{')).toBe(true);
  });

  it('puts Erizo timeouts in the second position up to v5 and the third from v6', async () => {
    for (const aVersion of ['v4', 'v6'] as const) {
      h = await perTest.start({ dialect: 'A', aVersion });
      const token = await createToken(h.server.restUrl, { username: 'a', role: 'presenter' });
      const c = await ATestClient.join(h.server.controllerHost, token, aVersion === 'v6' ? { singlePC: false } : undefined);
      perTest.closeLater(() => c.close());
      await h.admin.setErizoUnreachable('ErizoJS is not reachable');
      const ack = await c.request('publish', [{ state: 'erizo', audio: true, video: true }, null]);
      expect(ack).toEqual(aVersion === 'v4' ? [null, 'ErizoJS is not reachable'] : [null, null, 'ErizoJS is not reachable']);
      c.close();
      await h.server.close();
      h = undefined;
    }
  });

  it('v5: a publish without its second argument gets `started` but no ack and is not registered (§8 24f)', async () => {
    h = await perTest.start({ dialect: 'A', aVersion: 'v5' });
    const c = await ATestClient.join(h.server.controllerHost, await createToken(h.server.restUrl, { username: 'a', role: 'presenter' }));
    perTest.closeLater(() => c.close());
    let acked = false;
    c.socket.emit('publish', { state: 'erizo', audio: true, video: true }, () => (acked = true));
    await c.log.wait('signaling_message_erizo', ([m]) => (m as { mess: { type: string } }).mess.type === 'started');
    await sleep(300);
    expect(acked).toBe(false);
    expect(await h.admin.streams()).toEqual([]);
  });

  it('after a refused token sends a namespace disconnect but leaves the WebSocket open (§8 24e)', async () => {
    h = await perTest.start({ dialect: 'A' });
    const ws = new WebSocket(`ws://${h.server.controllerHost}/socket.io/?EIO=3&transport=websocket`);
    perTest.closeLater(() => ws.terminate());
    const frames: string[] = [];
    let closed = false;
    ws.on('message', (d) => frames.push(String(d)));
    ws.on('close', () => (closed = true));
    await new Promise((resolve) => ws.on('open', resolve));
    ws.send('420["token",{"tokenId":"x","host":"y","signature":"z"}]');
    await sleep(500);
    expect(frames).toContain('430["error","Authentication error"]');
    expect(frames).toContain('41');
    expect(closed).toBe(false);
  });
});
