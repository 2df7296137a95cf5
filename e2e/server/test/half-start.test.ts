import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer } from '../index';
import { FakeMediaPlane } from './fake-media-plane';

/** A server that cannot start (its REST port is taken) leaves nothing listening behind. */

const occupied: Server[] = [];
afterEach(async () => {
  await Promise.all(occupied.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

function listenOn(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

async function occupy(): Promise<number> {
  const server = await listenOn(0);
  occupied.push(server);
  return (server.address() as AddressInfo).port;
}

/** A port free right now (listened on and released). */
async function freePort(): Promise<number> {
  const server = await listenOn(0);
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Listening TCP servers and UDP sockets of this process, once closes already called have released their handles. */
async function listeningHandles(): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, 50));
  return process.getActiveResourcesInfo().filter((kind) => kind === 'TCPServerWrap' || kind === 'UDPWrap').length;
}

describe.each(['A', 'C'] as const)('dialect %s start-up failure', (dialect) => {
  it('closes the admin and controller listeners it had opened when the REST port is in use', async () => {
    const restPort = await occupy();
    const adminPort = await freePort();
    const controllerPort = await freePort();
    const before = await listeningHandles();
    await expect(startTestServer({ dialect, restPort, adminPort, controllerPort, mediaPlane: () => new FakeMediaPlane() })).rejects.toMatchObject({
      code: 'EADDRINUSE',
    });
    expect(await listeningHandles()).toBe(before);
    // Both ports can be listened on again at once: nothing of the failed server holds them.
    occupied.push(await listenOn(adminPort), await listenOn(controllerPort));
  });

  it('closes the admin listener when the controller port is in use', async () => {
    const controllerPort = await occupy();
    const adminPort = await freePort();
    const before = await listeningHandles();
    await expect(startTestServer({ dialect, controllerPort, adminPort, mediaPlane: () => new FakeMediaPlane() })).rejects.toMatchObject({ code: 'EADDRINUSE' });
    expect(await listeningHandles()).toBe(before);
    occupied.push(await listenOn(adminPort));
  });
});
