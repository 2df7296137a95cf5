import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMediaPlane } from './index';
import type { MediaConnection, MediaConnectionEvent, MediaPlane } from './types';
import { NodePublisher } from './test-support/node-publisher';
import { NodeSubscriber, waitFor } from './test-support/node-subscriber';

// Dialect-C connection semantics (docs/licode-protocol.md §5.6): several publications and subscriptions per connection,
// server re-offers, glare, client ICE restarts, fault injection and publication removal.

const FIRST = 111111111111111110;
const SECOND = 222222222222222220;

function recorder(connection: MediaConnection): MediaConnectionEvent[] {
  const events: MediaConnectionEvent[] = [];
  connection.on((event) => events.push(event));
  return events;
}

describe('dialect C connection semantics', () => {
  let plane: MediaPlane;
  const cleanups: (() => unknown)[] = [];
  beforeEach(() => {
    plane = createMediaPlane();
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    await plane.close();
  });

  /** One client connection publishing two labelled streams (single PC). */
  async function publishTwo(): Promise<{ client: NodePublisher; connection: MediaConnection; events: MediaConnectionEvent[] }> {
    const client = new NodePublisher();
    cleanups.push(() => client.close());
    client.addStream('label-first');
    client.addStream('label-second');
    const connection = plane.createConnection({ id: 'publisher', style: 'c' });
    const events = recorder(connection);
    connection.expectPublication(FIRST, 'label-first');
    connection.expectPublication(SECOND, 'label-second');
    await client.applyAnswer(await connection.acceptOffer(await client.offer()));
    await waitFor('both publications ready', () => plane.isPublicationReady(FIRST) && plane.isPublicationReady(SECOND));
    return { client, connection, events };
  }

  it('carries two publications on one connection, matched by msid stream id = label', async () => {
    const { connection, events } = await publishTwo();
    expect(connection.publications).toEqual([FIRST, SECOND]);
    const ready = events.filter((event) => event.type === 'publication-ready').map((event) => 'streamId' in event && event.streamId);
    expect(ready.sort()).toEqual([FIRST, SECOND].sort());
    expect(events.filter((event) => event.type === 'ready')).toHaveLength(1);
  });

  it('subscribes both on one connection, re-offers with port 0 after a removal and keeps forwarding the other', async () => {
    await publishTwo();
    const connection = plane.createConnection({ id: 'subscriber', style: 'c' });
    const subscriber = new NodeSubscriber();
    cleanups.push(() => subscriber.close());
    connection.addSubscription(FIRST);
    connection.addSubscription(SECOND);
    expect(connection.subscriptions).toEqual([FIRST, SECOND]);
    const firstOffer = await connection.createOffer();
    expect(firstOffer.match(/^m=/gm)).toHaveLength(4);
    expect(firstOffer).toContain('o=- 0 0 IN IP4 127.0.0.1');
    await connection.acceptAnswer(await subscriber.answer(firstOffer));
    await waitFor('media of both streams', async () => {
      const received = await subscriber.packetsReceived();
      return received.video > 40 && subscriber.streamIds.size === 2 ? true : undefined;
    });
    expect([...subscriber.streamIds].sort()).toEqual(['label-first', 'label-second']);

    connection.removeSubscription(SECOND);
    expect(connection.subscriptions).toEqual([FIRST]);
    const reOffer = await connection.createOffer();
    expect(reOffer).toContain('o=- 0 1 IN IP4 127.0.0.1');
    expect(reOffer.match(/^m=(audio|video) 0 /gm)).toHaveLength(2);
    // The DTLS role is settled: the re-offer carries it instead of actpass (§7.5).
    expect(reOffer).not.toContain('a=setup:actpass');
    await connection.acceptAnswer(await subscriber.answer(reOffer));
    const before = (await subscriber.packetsReceived()).video;
    await waitFor('media keeps flowing', async () => ((await subscriber.packetsReceived()).video > before + 20 ? true : undefined));
    expect(plane.stats(SECOND)?.subscribers).toBe(0);
    expect(plane.stats(FIRST)?.subscribers).toBe(1);
  });

  it('flags its own pending offer and rejects a colliding client offer (glare, server is impolite)', async () => {
    await publishTwo();
    const connection = plane.createConnection({ id: 'glare', style: 'c' });
    connection.addSubscription(FIRST);
    await connection.createOffer();
    expect(connection.hasPendingOffer).toBe(true);
    const client = new NodeSubscriber();
    cleanups.push(() => client.close());
    await expect(connection.acceptOffer(await client.offerToReceive())).rejects.toThrow(/glare/);
    expect(connection.hasPendingOffer).toBe(true);
    await expect(connection.acceptAnswer('not sdp')).rejects.toThrow(/does not start with "v=0"/);
  });

  it('answers a client ICE restart (new ufrag) and emits ready again', async () => {
    const { client, connection, events } = await publishTwo();
    const restartOffer = await client.offer({ iceRestart: true });
    const answer = await connection.acceptOffer(restartOffer);
    await client.applyAnswer(answer);
    await waitFor('second ready', () => (events.filter((event) => event.type === 'ready').length >= 2 ? true : undefined));
    const before = plane.stats(FIRST)!.packetsIn.video;
    await waitFor('media after restart', () => (plane.stats(FIRST)!.packetsIn.video > before + 20 ? true : undefined));
  });

  it('removePublication removes it from every subscribing connection', async () => {
    await publishTwo();
    const connections = ['s1', 's2'].map((id) => plane.createConnection({ id, style: 'c' }));
    for (const connection of connections) connection.addSubscription(FIRST);
    expect(plane.stats(FIRST)?.subscribers).toBe(2);
    await plane.removePublication(FIRST);
    for (const connection of connections) expect(connection.subscriptions).toEqual([]);
    expect(plane.stats(FIRST)).toBeUndefined();
    expect(plane.isPublicationReady(FIRST)).toBe(false);
    expect(() => connections[0]!.addSubscription(FIRST)).toThrow(/Unknown publication/);
  });

  it('fail() emits failed, then closed, and stops the connection', async () => {
    const { connection, events } = await publishTwo();
    connection.fail('injected');
    expect(events.find((event) => event.type === 'failed')).toEqual({ type: 'failed', reason: 'injected' });
    await waitFor('closed', () => events.some((event) => event.type === 'closed'));
    await expect(connection.createOffer()).rejects.toThrow(/closed/);
    expect(plane.stats(FIRST)).toBeUndefined();
  });

  it('connects with trickled client candidates (a= prefixed lines) when the offer carries none', async () => {
    const client = new NodePublisher();
    cleanups.push(() => client.close());
    client.addStream('label-first');
    const connection = plane.createConnection({ id: 'trickle', style: 'c' });
    connection.expectPublication(FIRST, 'label-first');
    const offer = await client.offer();
    const candidates = offer.split('\r\n').filter((line) => line.startsWith('a=candidate:'));
    const bare = offer
      .split('\r\n')
      .filter((line) => !line.startsWith('a=candidate:'))
      .join('\r\n');
    await client.applyAnswer(await connection.acceptOffer(bare));
    for (const candidate of candidates) await connection.addClientCandidate({ candidate, sdpMid: '0', sdpMLineIndex: 0 });
    await connection.addClientCandidate({ candidate: 'end', sdpMid: 'end', sdpMLineIndex: -1 });
    await waitFor('publication ready over trickled candidates', () => plane.isPublicationReady(FIRST));
  });

  it('style a: a non-bundled offer gets a non-bundled answer and connects with per-section trickled candidates', async () => {
    const client = new NodePublisher();
    cleanups.push(() => client.close());
    client.addStream('any-label');
    const connection = plane.createConnection({ id: 'unbundled', style: 'a' });
    connection.expectPublication(FIRST, 'any-label');
    const sdp = await client.offer();
    // Each m-section's candidates with that section's mid (a=mid comes after the candidates in libwebrtc's SDP).
    const trickled = sdp
      .split(/\r\n(?=m=)/)
      .slice(1)
      .flatMap((section) => {
        const mid = /\r\na=mid:(\S+)/.exec(section)?.[1];
        return section
          .split('\r\n')
          .filter((line) => line.startsWith('a=candidate:'))
          .map((candidate) => ({ candidate, sdpMid: mid }));
      });
    const offer = sdp
      .split('\r\n')
      .filter((line) => !line.startsWith('a=group:BUNDLE') && !line.startsWith('a=candidate:'))
      .join('\r\n');
    const answer = await connection.acceptOffer(offer);
    expect(answer).not.toContain('a=group:BUNDLE');
    expect(new Set(trickled.map((entry) => entry.sdpMid)).size).toBe(2);
    await client.applyAnswer(answer);
    for (const candidate of trickled) await connection.addClientCandidate(candidate);
    await waitFor('publication ready without BUNDLE', () => plane.isPublicationReady(FIRST));
  });

  it('rejects hostile offers with a clear InvalidSdpError and stays usable', async () => {
    const connection = plane.createConnection({ id: 'hostile', style: 'c' });
    connection.expectPublication(FIRST, 'label-first');
    const payloads: unknown[] = [null, 42, {}, 'v=0', 'v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 0\r\n', 'x'.repeat(300_000)];
    for (const payload of payloads) {
      await expect(connection.acceptOffer(payload as string)).rejects.toMatchObject({ name: 'InvalidSdpError' });
    }
    const client = new NodePublisher();
    cleanups.push(() => client.close());
    client.addStream('label-first');
    await client.applyAnswer(await connection.acceptOffer(await client.offer()));
    await waitFor('publication ready after hostile offers', () => plane.isPublicationReady(FIRST));
  });

  it('ignores trickled candidates it must not use and rejects unknown subscriptions', async () => {
    const connection = plane.createConnection({ id: 'candidates', style: 'c' });
    await connection.addClientCandidate({ candidate: 'end', sdpMid: 'end', sdpMLineIndex: -1 });
    await connection.addClientCandidate({ candidate: 'candidate:1 1 udp 1 192.0.2.2 9 typ host' });
    await connection.addClientCandidate({ candidate: 'a=candidate:1 1 tcp 1 127.0.0.1 9 typ host tcptype passive' });
    expect(() => connection.addSubscription(424242)).toThrow(/Unknown publication 424242/);
    expect(() => plane.createConnection({ id: 'candidates', style: 'c' })).toThrow(/already exists/);
  });
});
