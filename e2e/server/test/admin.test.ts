import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { createToken, CTestClient, decodeToken, sleep, startHarness, type Harness } from './harness';

/** The fault-injection admin API and the CLI. */

let h: Harness | undefined;
const clients: CTestClient[] = [];

async function join(role = 'presenter'): Promise<CTestClient> {
  if (!h) throw new Error('no server');
  const c = await CTestClient.join(h.server.controllerHost, await createToken(h.server.restUrl, { username: 'u', role }));
  clients.push(c);
  return c;
}

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await h?.server.close();
  h = undefined;
});

describe('admin API', () => {
  it('lists rooms, clients and streams consistently', async () => {
    h = await startHarness({ dialect: 'C' });
    const alice = await join();
    const [id] = (await alice.request('publish', { options: { state: 'data', data: true }, sdp: null })) as [number];
    const state = await h.admin.state();
    expect(state.dialect).toBe('C');
    const room = state.rooms.find((r) => r.name === 'basicExampleRoom');
    expect(room?.clients.map((c) => c.clientId)).toEqual([alice.clientId]);
    expect(room?.streams.map((s) => s.id)).toEqual([id]);
    expect((await h.admin.streams()).map((s) => s.id)).toEqual([id]);
  });

  it('withholds and delays acks for an event', async () => {
    h = await startHarness({ dialect: 'C' });
    const alice = await join();
    await h.admin.withholdAcks('publish', 1);
    expect(await alice.request('publish', { options: { state: 'data', data: true }, sdp: null }, 500)).toBe('timeout');
    await h.admin.delayAcks('publish', 400);
    const t0 = Date.now();
    expect(await alice.request('publish', { options: { state: 'data', data: true }, sdp: null })).not.toBe('timeout');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(350);
    await h.admin.clearAckFaults();
  });

  it('keeps refusing a dropped client for N seconds', async () => {
    h = await startHarness({ dialect: 'C', reconnectionGraceMs: 5000 });
    const alice = await join();
    await h.admin.dropClient(alice.clientId ?? '', 800);
    await alice.log.wait('disconnect');
    alice.reconnect();
    await sleep(400);
    expect(alice.socket.connected).toBe(false);
    await sleep(500);
    alice.reconnect();
    await sleep(300);
    expect(alice.socket.connected).toBe(true);
    expect(alice.log.count('connected')).toBe(1);
  });

  it('refuses and expires tokens, sends hostile messages, kills streams, restarts on the same ports', async () => {
    h = await startHarness({ dialect: 'C' });
    const server = h.server;
    await h.admin.refuseTokens(1, 'Nuve does not respond');
    const t = decodeToken(await createToken(server.restUrl, { username: 'a', role: 'presenter' }));
    const refused = new CTestClient(server.controllerHost, { tokenId: t.tokenId, host: t.host, signature: t.signature });
    clients.push(refused);
    expect((await refused.log.wait('connect_error')).args[1]).toBe('token: Nuve does not respond');
    const toExpire = decodeToken(await createToken(server.restUrl, { username: 'a', role: 'presenter' }));
    expect(await h.admin.expireTokens(toExpire.tokenId)).toBe(1);
    const expired = new CTestClient(server.controllerHost, { tokenId: toExpire.tokenId, host: toExpire.host, signature: toExpire.signature });
    clients.push(expired);
    expect((await expired.log.wait('connect_error')).args[1]).toBe('token: Token does not exist');

    const alice = await join();
    const bob = await join();
    await h.admin.sendToClient(bob.clientId ?? '', 'onAddStream', [{ id: 'not-a-number', __proto__: { polluted: true } }]);
    expect((await bob.log.wait('onAddStream')).args[0]).toMatchObject({ id: 'not-a-number' });
    await h.admin.sendToClient(bob.clientId ?? '', 'onDataStream', [{ id: 1, msg: 'x' }], true);
    await bob.log.wait('onDataStream');

    const [id] = (await alice.request('publish', { options: { state: 'data', data: true }, sdp: null })) as [number];
    await h.admin.killStream(id);
    expect((await bob.log.wait('onRemoveStream')).args[0]).toEqual({ id });
    await expect(h.admin.killStream(id)).rejects.toThrow(/404/);

    const before = { rest: server.restUrl, host: server.controllerHost };
    await h.admin.restart();
    await bob.log.wait('disconnect');
    expect(server.restUrl).toBe(before.rest);
    expect(server.controllerHost).toBe(before.host);
    expect((await h.admin.state()).rooms.flatMap((r) => r.clients)).toEqual([]);
    const fresh = await join();
    expect(fresh.clientId).toBeTruthy();
  });

  it('answers bad admin input with 400 and a clear message', async () => {
    h = await startHarness({ dialect: 'C' });
    const json = { 'content-type': 'application/json' };
    const res = await fetch(`${h.server.adminUrl}/acks`, { method: 'POST', headers: json, body: '{"event":"publish","mode":"sometimes"}' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(/mode/);
    expect((await fetch(`${h.server.adminUrl}/nope`)).status).toBe(404);
    expect((await fetch(`${h.server.adminUrl}/tokens/age`, { method: 'POST', headers: json, body: '[' })).status).toBe(400);
  });

  it('adds synthetic participants (bots option and admin call) that publish real media like any client', async () => {
    h = await startHarness({ dialect: 'C', real: true, bots: 1 });
    const second = await h.admin.addBot('basicExampleRoom', 'Second bot');
    const streams = await h.admin.streams();
    expect(streams.map((s) => s.attributes)).toEqual([{ name: 'Bot 1' }, { name: 'Second bot' }]);
    expect(streams.every((s) => s.ready)).toBe(true);
    const viewer = await join('viewer');
    const listed = (viewer.log.events[0]?.args[0] as { streams: { id: number; attributes: unknown }[] }).streams;
    expect(listed.map((s) => s.id)).toContain(second);
    await h.admin.killStream(second);
    expect((await viewer.log.wait('onRemoveStream')).args[0]).toEqual({ id: second });
  }, 60_000);
});

describe('CLI', () => {
  it('prints one JSON ready line and exits cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'e2e/server/cli.ts', '--dialect', 'a', '--port', '0', '--rest-port', '0', '--admin-port', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    for (let i = 0; i < 150 && !out.includes('\n'); i += 1) await sleep(100);
    const ready = JSON.parse(out.trim()) as Record<string, unknown>;
    expect(Object.keys(ready)).toEqual(['ready', 'dialect', 'restUrl', 'controllerHost', 'adminUrl']);
    expect(ready.dialect).toBe('A');
    const res = await fetch(`${String(ready.restUrl)}/getRooms/`);
    expect(res.status).toBe(200);
    const code = await new Promise<number | null>((resolve) => {
      child.on('exit', (c) => resolve(c));
      child.kill('SIGTERM');
    });
    expect(code).toBe(0);
  }, 30_000);

  it('rejects bad options with a usage message', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'e2e/server/cli.ts', '--dialect', 'd'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code).toBe(2);
    expect(err).toMatch(/--dialect must be "a", "b" or "c"/);
  }, 30_000);
});
