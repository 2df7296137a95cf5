import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import { DEFAULT_SUPERSERVICE_KEY } from '../config';
import { createToken, decodeToken, startHarness, type Harness } from './harness';

/** The basic example server + Nuve token REST (docs/licode-protocol.md §6.1–§6.3). */

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ dialect: 'C' });
});

afterAll(async () => {
  await h.server.close();
});

describe('POST /createToken/', () => {
  it('returns a base64 token signed as base64(hex(HMAC-SHA1(superserviceKey, "tokenId,host")))', async () => {
    const res = await fetch(`${h.server.restUrl}/createToken/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'Ünïcode User', role: 'presenter', room: 'basicExampleRoom' }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const token = decodeToken(await res.text());
    expect(Object.keys(token)).toEqual(['tokenId', 'host', 'secure', 'signature']);
    expect(token.tokenId).toMatch(/^[0-9a-f]{24}$/);
    expect(token.host).toBe(h.server.controllerHost);
    expect(token.secure).toBe(false);
    const hex = createHmac('sha1', DEFAULT_SUPERSERVICE_KEY).update(`${token.tokenId},${token.host}`).digest('hex');
    expect(Buffer.from(token.signature, 'base64').toString('utf8')).toBe(hex);
  });

  it('accepts form bodies and creates rooms on demand (p2p when type is p2p)', async () => {
    const res = await fetch(`${h.server.restUrl}/createToken`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ username: 'form', role: 'viewer', room: 'formRoom', type: 'p2p' }).toString(),
    });
    expect(res.status).toBe(200);
    const rooms = (await (await fetch(`${h.server.restUrl}/getRooms/`)).json()) as { _id: string; name: string; p2p?: boolean }[];
    expect(rooms.map((r) => r.name)).toContain('basicExampleRoom');
    expect(rooms.find((r) => r.name === 'formRoom')?.p2p).toBe(true);
    // Same name again: the existing room is reused.
    await createToken(h.server.restUrl, { username: 'x', role: 'viewer', room: 'formRoom' });
    const again = (await (await fetch(`${h.server.restUrl}/getRooms/`)).json()) as { name: string }[];
    expect(again.filter((r) => r.name === 'formRoom')).toHaveLength(1);
  });

  it('answers 401 "No Erizo Controller found" for a missing user/role, an unknown roomId, or a refused creation', async () => {
    for (const body of [{ role: 'presenter' }, { username: 'a' }, { username: 'a', role: 'presenter', roomId: 'ffffffffffffffffffffffff' }]) {
      const res = await fetch(`${h.server.restUrl}/createToken/`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(res.status).toBe(401);
      expect(await res.text()).toBe('No Erizo Controller found');
    }
    await h.admin.refuseTokens(1, 'createToken');
    const refused = await fetch(`${h.server.restUrl}/createToken/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"username":"a","role":"presenter"}',
    });
    expect(refused.status).toBe(401);
  });

  it('answers bad JSON with 400 and keeps serving', async () => {
    const res = await fetch(`${h.server.restUrl}/createToken/`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"username":' });
    expect(res.status).toBe(400);
    expect(await createToken(h.server.restUrl, { username: 'a', role: 'presenter' })).toMatch(/^[A-Za-z0-9+/=]+$/);
  });

  it('has basicServer CORS only on unrouted requests (preflight)', async () => {
    const res = await fetch(`${h.server.restUrl}/createToken/`, { method: 'OPTIONS' });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
  });
});

describe('GET /getUsers/:room', () => {
  it('lists the users of a room as {name, role, permissions}', async () => {
    const { CTestClient } = await import('./harness');
    const token = await createToken(h.server.restUrl, { username: 'Alice', role: 'viewer' });
    const c = await CTestClient.join(h.server.controllerHost, token);
    const rooms = (await (await fetch(`${h.server.restUrl}/getRooms/`)).json()) as { _id: string; name: string }[];
    const roomId = rooms.find((r) => r.name === 'basicExampleRoom')?._id ?? '';
    const users = await (await fetch(`${h.server.restUrl}/getUsers/${roomId}`)).json();
    expect(users).toEqual([{ name: 'alice', role: 'viewer', permissions: { subscribe: true } }]);
    c.close();
    expect((await fetch(`${h.server.restUrl}/getUsers/nope`)).status).toBe(404);
  });
});
