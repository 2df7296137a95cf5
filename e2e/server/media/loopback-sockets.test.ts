import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createMediaPlane } from './index';
import type { MediaConnectionEvent, MediaPlane } from './types';
import { NodePublisher } from './test-support/node-publisher';
import { waitFor } from './test-support/node-subscriber';

/**
 * The werift media plane is reachable from this machine only: every UDP socket it opens is bound to 127.0.0.1 (not
 * the wildcard address) and it offers no other candidate. Read from Linux's socket tables, not from werift.
 */

interface UdpSocket {
  inode: string;
  address: string;
  port: number;
}

/** `0100007F:1F90` (little-endian IPv4, hex port) → 127.0.0.1, 8080; IPv6 addresses stay hex (none is loopback-bound here). */
function decodeLocal(local: string): { address: string; port: number } {
  const [hex = '', port = '0'] = local.split(':');
  const address =
    hex.length === 8
      ? (hex.match(/../g) ?? [])
          .reverse()
          .map((byte) => parseInt(byte, 16))
          .join('.')
      : `ipv6:${hex}`;
  return { address, port: parseInt(port, 16) };
}

/** The UDP sockets this process holds, from /proc/net/udp{,6} matched by inode against /proc/self/fd. */
function udpSocketsOfThisProcess(): UdpSocket[] {
  const inodes = new Set<string>();
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      const inode = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/self/fd/${fd}`))?.[1];
      if (inode) inodes.add(inode);
    } catch {
      // closed while listing
    }
  }
  return ['/proc/net/udp', '/proc/net/udp6'].flatMap((table) =>
    readFileSync(table, 'utf8')
      .split('\n')
      .slice(1)
      .map((line) => line.trim().split(/\s+/))
      .filter((cols) => cols.length > 9 && inodes.has(cols[9] ?? ''))
      .map((cols) => ({ inode: cols[9] ?? '', ...decodeLocal(cols[1] ?? '') })),
  );
}

/** Sockets opened since `before` (a snapshot taken when only the plane is about to open new ones). */
function openedSince(before: UdpSocket[]): UdpSocket[] {
  const known = new Set(before.map((socket) => socket.inode));
  return udpSocketsOfThisProcess().filter((socket) => !known.has(socket.inode));
}

function candidates(sdp: string): { ip: string; port: number }[] {
  return [...sdp.matchAll(/^a=candidate:\S+ \d+ \S+ \d+ (\S+) (\d+) typ/gm)].map((m) => ({ ip: m[1] ?? '', port: Number(m[2]) }));
}

describe.skipIf(!existsSync('/proc/net/udp'))('media plane sockets', () => {
  let plane: MediaPlane | undefined;
  let publisher: NodePublisher | undefined;
  afterEach(async () => {
    publisher?.close();
    await plane?.close();
  });

  it('a real publish and a server offer open UDP sockets bound to 127.0.0.1 only, and offer only those', async () => {
    plane = createMediaPlane();
    publisher = new NodePublisher();
    publisher.addStream('loopback-label');
    // The libwebrtc publisher gathers its own sockets here, before the snapshot: what opens after is the plane's.
    const offer = await publisher.offer();
    const beforeAnswer = udpSocketsOfThisProcess();
    const connection = plane.createConnection({ id: 'pub', style: 'c' });
    const events: MediaConnectionEvent[] = [];
    connection.on((event) => events.push(event));
    connection.expectPublication(111111111111111110, 'loopback-label');
    const answer = await connection.acceptOffer(offer);
    const publisherSockets = openedSince(beforeAnswer);
    expect(publisherSockets.length).toBeGreaterThan(0);
    expect(publisherSockets.map((socket) => socket.address)).toEqual(publisherSockets.map(() => '127.0.0.1'));
    const answered = candidates(answer);
    expect(answered.length).toBeGreaterThan(0);
    for (const candidate of answered) {
      expect(candidate.ip).toBe('127.0.0.1');
      expect(publisherSockets.map((socket) => socket.port)).toContain(candidate.port);
    }
    // Media still connects over them.
    await publisher.applyAnswer(answer);
    await waitFor('publication ready', () => (plane?.isPublicationReady(111111111111111110) ? true : undefined));

    const beforeOffer = udpSocketsOfThisProcess();
    const subscriber = plane.createConnection({ id: 'sub', style: 'c' });
    subscriber.addSubscription(111111111111111110);
    const serverOffer = await subscriber.createOffer();
    const subscriberSockets = openedSince(beforeOffer);
    expect(subscriberSockets.length).toBeGreaterThan(0);
    expect(subscriberSockets.map((socket) => socket.address)).toEqual(subscriberSockets.map(() => '127.0.0.1'));
    expect(candidates(serverOffer).map((candidate) => candidate.ip)).toEqual(candidates(serverOffer).map(() => '127.0.0.1'));
  });
});
