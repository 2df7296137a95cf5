import { afterEach, describe, expect, it } from 'vitest';
import { startSyntheticPublisher, type SyntheticPublisher } from '../bots/index';
import { createMediaPlane } from './index';
import type { MediaConnectionEvent, MediaPlane } from './types';
import { NodeSubscriber, waitFor } from './test-support/node-subscriber';

const STREAM_ID = 123456789012345680;

describe('media plane forwarding (wrtc publisher → werift → wrtc subscriber)', () => {
  let plane: MediaPlane;
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    await plane?.close();
  });

  async function publish(style: 'a' | 'c' = 'c'): Promise<SyntheticPublisher> {
    plane = createMediaPlane();
    const bot = await startSyntheticPublisher(plane, { streamId: STREAM_ID, label: 'bot-label-1', name: 'Bot 1', style });
    cleanups.push(() => bot.close());
    return bot;
  }

  it('dialect C: server offer, RTP arrives, msid stream id is the label, PLI relayed on connect', async () => {
    await publish();
    expect(plane.isPublicationReady(STREAM_ID)).toBe(true);
    const connection = plane.createConnection({ id: 'sub-c', style: 'c' });
    const events: MediaConnectionEvent[] = [];
    connection.on((event) => events.push(event));
    connection.addSubscription(STREAM_ID);
    const subscriber = new NodeSubscriber();
    cleanups.push(() => subscriber.close());
    const offer = await connection.createOffer();
    expect(connection.hasPendingOffer).toBe(true);
    expect(offer).toContain('a=msid:bot-label-1 ');
    await connection.acceptAnswer(await subscriber.answer(offer));
    expect(connection.hasPendingOffer).toBe(false);
    await waitFor('ready', () => events.some((event) => event.type === 'ready'));
    const stats = await waitFor('audio and video packets', async () => {
      const received = await subscriber.packetsReceived();
      return received.audio > 20 && received.video > 20 ? received : undefined;
    });
    expect(stats.framesDecoded).toBeGreaterThanOrEqual(0);
    expect([...subscriber.streamIds]).toEqual(['bot-label-1']);
    expect(plane.stats(STREAM_ID)?.plisSent).toBeGreaterThan(0);
    expect(plane.stats(STREAM_ID)?.subscribers).toBe(1);
  });

  it("counts the publisher's video frames (one marker bit per frame): a 15 fps bot delivers about 15 a second", async () => {
    await publish();
    const first = plane.stats(STREAM_ID)!.videoFramesIn;
    const started = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const fps = ((plane.stats(STREAM_ID)!.videoFramesIn - first) * 1000) / (Date.now() - started);
    // Frames, not packets: a 320x180 keyframe spans several packets, so a packet count would be well above 15.
    expect(fps).toBeGreaterThan(10);
    expect(fps).toBeLessThan(17);
  });

  it('does not forward audio to a subscriber that negotiated another codec (Opus publication, PCMU subscriber)', async () => {
    await publish('c');
    const connection = plane.createConnection({ id: 'sub-mismatch', style: 'a' });
    connection.addSubscription(STREAM_ID);
    const subscriber = new NodeSubscriber();
    cleanups.push(() => subscriber.close());
    await subscriber.applyAnswer(await connection.acceptOffer(await subscriber.offerToReceive()));
    await waitFor('video packets', async () => ((await subscriber.packetsReceived()).video > 30 ? true : undefined));
    expect((await subscriber.packetsReceived()).audio).toBe(0);
    expect(plane.stats(STREAM_ID)?.packetsOut.audio).toBe(0);
  });

  it('dialect A: answers a receive-only offer (PCMU bot)', async () => {
    await publish('a');
    const connection = plane.createConnection({ id: 'sub-a', style: 'a' });
    connection.addSubscription(STREAM_ID);
    const subscriber = new NodeSubscriber();
    cleanups.push(() => subscriber.close());
    const answer = await connection.acceptOffer(await subscriber.offerToReceive());
    expect(answer).not.toContain('\r\n');
    await subscriber.applyAnswer(answer);
    await waitFor('audio and video packets', async () => {
      const received = await subscriber.packetsReceived();
      return received.audio > 20 && received.video > 20 ? received : undefined;
    });
  });
});
