import { WebSocket } from 'ws';
import { describe, expect, it } from 'vitest';
import { detectGeneration, type ProbeSocket } from '../../../renderer/src/licode/detect';
import { decodeToken as decodeLicodeToken } from '../../../renderer/src/licode/token';
import { ATestClient, createToken, CTestClient, serverPerTest, sleep } from './harness';

/**
 * GET /state counts sockets that never presented a token: the app's generation probe (§1.4), which real Licode
 * logs as a failed token authentication. Clients that join (or rejoin with a clientId) are not counted.
 */
const servers = serverPerTest();
const wsFactory = (url: string): ProbeSocket => new WebSocket(url) as unknown as ProbeSocket;

async function probe(restUrl: string): Promise<void> {
  // The probe never presents this token; it only needs the controller's host from it.
  await detectGeneration(decodeLicodeToken(await createToken(restUrl, { username: 'probe', role: 'presenter' })), { socketFactory: wsFactory });
}

async function tokenlessSockets(h: Awaited<ReturnType<typeof servers.start>>, expected: number): Promise<number> {
  // The server sees the probe's close a moment after the client finished: wait for the count to settle.
  for (let i = 0; i < 50; i += 1) {
    const count = (await h.admin.state()).tokenlessSockets;
    if (count >= expected) return count;
    await sleep(20);
  }
  return (await h.admin.state()).tokenlessSockets;
}

describe('tokenless socket count', () => {
  it('dialect C: counts a probe, not a join nor a reconnection with a clientId', async () => {
    const h = await servers.start({ dialect: 'C' });
    expect((await h.admin.state()).tokenlessSockets).toBe(0);
    await probe(h.server.restUrl);
    expect(await tokenlessSockets(h, 1)).toBe(1);
    const client = await CTestClient.join(h.server.controllerHost, await createToken(h.server.restUrl, { username: 'u', role: 'presenter' }));
    servers.closeLater(() => client.close());
    client.reconnect();
    await sleep(200);
    expect((await h.admin.state()).rooms.flatMap((r) => r.clients).find((c) => c.clientId === client.clientId)?.connected).toBe(true);
    expect((await h.admin.state()).tokenlessSockets).toBe(1);
    await probe(h.server.restUrl);
    expect(await tokenlessSockets(h, 2)).toBe(2);
  });

  it('dialect A: counts a socket closed without token or reconnected, not one that joined', async () => {
    const h = await servers.start({ dialect: 'A', aVersion: 'v5' });
    await probe(h.server.restUrl);
    expect(await tokenlessSockets(h, 1)).toBe(1);
    const client = await ATestClient.join(h.server.controllerHost, await createToken(h.server.restUrl, { username: 'u', role: 'presenter' }));
    client.close();
    await sleep(100);
    expect((await h.admin.state()).tokenlessSockets).toBe(1);
  });
});
