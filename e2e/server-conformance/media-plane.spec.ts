import { createMediaPlane } from '../server/media/index';
import type { MediaConnection, MediaConnectionEvent, MediaPlane, SdpStyle } from '../server/media/types';
import { expect, test } from './fixture';
import {
  answerServerOffer,
  applyAnswer,
  availableOutgoingBitrate,
  createPublishOffer,
  createReceiveOffer,
  expectMediaFlowing,
  prepareSubscriber,
  receivedMedia,
} from './page-peer';

// Real Chromium pages publish the fake camera + microphone into the werift media plane and another page subscribes;
// the SDP is exchanged directly through page.evaluate (the protocol-level specs live next to this file).

const STREAM_ID = 987654321098765440;

function waitForEvent(connection: MediaConnection, type: MediaConnectionEvent['type'], timeoutMs = 20_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${type} event on ${connection.id} within ${timeoutMs} ms`)), timeoutMs);
    const off = connection.on((event) => {
      if (event.type === type) {
        clearTimeout(timer);
        off();
        resolve();
      }
    });
  });
}

let plane: MediaPlane;
test.beforeEach(() => {
  plane = createMediaPlane();
});
test.afterEach(async () => {
  await plane.close();
});

for (const style of ['a', 'c'] as SdpStyle[]) {
  test(`style ${style}: Chromium publishes, another Chromium page receives decoded frames and audio`, async ({ openPage }) => {
    const publisherPage = await openPage();
    const offer = await createPublishOffer(publisherPage, 'pub');
    const publisher = plane.createConnection({ id: `pub-${style}`, style });
    publisher.expectPublication(STREAM_ID, offer.label);
    const publicationReady = waitForEvent(publisher, 'publication-ready');
    const answer = await publisher.acceptOffer(offer.sdp);
    if (style === 'a') {
      expect(answer).not.toContain('\r');
      expect(answer).toContain('s=LicodeMCU\n');
      expect(answer).toContain('a=setup:active');
    } else {
      expect(answer).toContain('a=end-of-candidates\r\n');
    }
    // Chromium must accept the server's SDP as is (LF-only for style 'a').
    await applyAnswer(publisherPage, 'pub', answer);
    await publicationReady;
    expect(plane.isPublicationReady(STREAM_ID)).toBe(true);

    const subscriberPage = await openPage();
    await prepareSubscriber(subscriberPage, 'sub');
    const subscriber = plane.createConnection({ id: `sub-${style}`, style });
    subscriber.addSubscription(STREAM_ID);
    if (style === 'c') {
      const serverOffer = await subscriber.createOffer();
      expect(serverOffer).toContain('a=setup:actpass');
      await subscriber.acceptAnswer(await answerServerOffer(subscriberPage, 'sub', serverOffer));
    } else {
      const serverAnswer = await subscriber.acceptOffer(await createReceiveOffer(subscriberPage, 'sub'));
      await applyAnswer(subscriberPage, 'sub', serverAnswer);
    }
    const media = await expectMediaFlowing(subscriberPage, 'sub');
    expect(media.videoWidth).toBeGreaterThan(0);
    if (style === 'c') expect(media.streamIds).toEqual([offer.label]);
    expect(plane.stats(STREAM_ID)?.plisSent).toBeGreaterThan(0);
  });
}

test('style c: a simulcast publisher gets rid/simulcast in the answer and the highest layer is forwarded', async ({ openPage }) => {
  const publisherPage = await openPage();
  const offer = await createPublishOffer(publisherPage, 'pub', true);
  const publisher = plane.createConnection({ id: 'pub-sim', style: 'c' });
  publisher.expectPublication(STREAM_ID, offer.label);
  const publicationReady = waitForEvent(publisher, 'publication-ready');
  const answer = await publisher.acceptOffer(offer.sdp);
  expect(answer).toContain('a=rid:1 recv\r\na=rid:2 recv\r\na=rid:3 recv\r\n');
  expect(answer).toContain('a=simulcast: recv 1;2;3\r\n');
  await applyAnswer(publisherPage, 'pub', answer);
  await publicationReady;

  const subscriberPage = await openPage();
  await prepareSubscriber(subscriberPage, 'sub');
  const subscriber = plane.createConnection({ id: 'sub-sim', style: 'c' });
  subscriber.addSubscription(STREAM_ID);
  await subscriber.acceptAnswer(await answerServerOffer(subscriberPage, 'sub', await subscriber.createOffer()));
  await expectMediaFlowing(subscriberPage, 'sub');
  // Chromium decides which layers it really sends (for a 640x480 camera it keeps two of the three); the subscriber
  // must get the widest layer the publisher is sending.
  const publishedWidths = async (): Promise<number[]> =>
    publisherPage.evaluate(async () => {
      const widths: number[] = [];
      (await window.__peers['pub']!.getStats()).forEach((stat: { type: string; rid?: string; frameWidth?: number }) => {
        if (stat.type === 'outbound-rtp' && stat.rid && stat.frameWidth) widths.push(stat.frameWidth);
      });
      return widths;
    });
  await expect.poll(async () => (await publishedWidths()).length, { timeout: 10_000 }).toBeGreaterThan(1);
  const widest = Math.max(...(await publishedWidths()));
  expect(widest).toBeGreaterThan(160);
  await expect.poll(() => subscriberPage.evaluate(() => (document.getElementById('sub') as HTMLVideoElement).videoWidth), { timeout: 20_000 }).toBe(widest);
  expect(plane.stats(STREAM_ID)?.plisSent).toBeGreaterThan(1);
});

test('style c: one subscriber connection carries two publications; removing the first (BUNDLE tag) re-offers and Chromium keeps decoding the other', async ({
  openPage,
}) => {
  const labels: string[] = [];
  for (const [index, streamId] of [STREAM_ID, STREAM_ID + 1024].entries()) {
    const page = await openPage();
    const offer = await createPublishOffer(page, 'pub');
    labels.push(offer.label);
    const publisher = plane.createConnection({ id: `pub-${index}`, style: 'c' });
    publisher.expectPublication(streamId, offer.label);
    const ready = waitForEvent(publisher, 'publication-ready');
    await applyAnswer(page, 'pub', await publisher.acceptOffer(offer.sdp));
    await ready;
  }
  const subscriberPage = await openPage();
  await prepareSubscriber(subscriberPage, 'sub');
  const subscriber = plane.createConnection({ id: 'sub-multi', style: 'c' });
  subscriber.addSubscription(STREAM_ID);
  subscriber.addSubscription(STREAM_ID + 1024);
  await subscriber.acceptAnswer(await answerServerOffer(subscriberPage, 'sub', await subscriber.createOffer()));
  await expect.poll(async () => (await expectMediaFlowing(subscriberPage, 'sub')).streamIds.sort(), { timeout: 20_000 }).toEqual([...labels].sort());

  // The first subscription's sections carry the BUNDLE tag: its audio section stays (inactive, port 9), its video
  // section is rejected with port 0.
  subscriber.removeSubscription(STREAM_ID);
  const reOffer = await subscriber.createOffer();
  expect(reOffer.match(/^m=(audio|video) 0 /gm)).toEqual(['m=video 0 ']);
  const answer = await answerServerOffer(subscriberPage, 'sub', reOffer);
  expect(answer.match(/^m=(audio|video) 0 /gm)).toEqual(['m=video 0 ']);
  await subscriber.acceptAnswer(answer);
  expect(subscriber.hasPendingOffer).toBe(false);
  expect(plane.stats(STREAM_ID)!.subscribers).toBe(0);
  // The removed sections carried the BUNDLE tag: the remaining stream must still arrive and be decoded.
  const decoded = () => receivedMedia(subscriberPage, 'sub');
  const before = await decoded();
  await expect
    .poll(
      async () => {
        const now = await decoded();
        return now.framesDecoded > before.framesDecoded + 10 && now.audioPackets > before.audioPackets + 10;
      },
      { timeout: 15_000 },
    )
    .toBe(true);
});

test('style c: Chromium restarts ICE on its publisher connection and gets ready again', async ({ openPage }) => {
  const page = await openPage();
  const offer = await createPublishOffer(page, 'pub');
  const publisher = plane.createConnection({ id: 'pub-restart', style: 'c' });
  publisher.expectPublication(STREAM_ID, offer.label);
  let readies = 0;
  publisher.on((event) => {
    if (event.type === 'ready') readies += 1;
  });
  const ready = waitForEvent(publisher, 'publication-ready');
  await applyAnswer(page, 'pub', await publisher.acceptOffer(offer.sdp));
  await ready;
  expect(readies).toBe(1);
  const restartOffer = await page.evaluate(async () => {
    const pc = window.__peers['pub']!;
    pc.restartIce();
    await pc.setLocalDescription(await pc.createOffer());
    await new Promise((resolve) => setTimeout(resolve, 500)); // new candidates gathered
    return pc.localDescription!.sdp;
  });
  await applyAnswer(page, 'pub', await publisher.acceptOffer(restartOffer));
  await expect.poll(() => readies, { timeout: 15_000 }).toBe(2);
  const before = plane.stats(STREAM_ID)!.packetsIn.video;
  await expect.poll(() => plane.stats(STREAM_ID)!.packetsIn.video, { timeout: 10_000 }).toBeGreaterThan(before + 20);
});

test('style c: maxVideoBW reaches Chromium as REMB and caps its video bitrate', async ({ openPage }) => {
  const page = await openPage();
  const offer = await createPublishOffer(page, 'pub');
  const publisher = plane.createConnection({ id: 'pub-capped', style: 'c', maxVideoBW: 120 });
  publisher.expectPublication(STREAM_ID, offer.label);
  const ready = waitForEvent(publisher, 'publication-ready');
  await applyAnswer(page, 'pub', await publisher.acceptOffer(offer.sdp));
  await ready;
  const available = () => availableOutgoingBitrate(page, 'pub');
  // Chromium's send-side estimate must drop to the REMB cap (120 kbit/s, plus its own small headroom).
  await expect.poll(available, { timeout: 15_000 }).toBeLessThanOrEqual(130_000);
});

test('style c, single PC: a Chromium page subscribes on a connection, then publishes on the same connection', async ({ openPage }) => {
  const botPage = await openPage();
  const botOffer = await createPublishOffer(botPage, 'pub');
  const bot = plane.createConnection({ id: 'other-publisher', style: 'c' });
  bot.expectPublication(STREAM_ID, botOffer.label);
  const botReady = waitForEvent(bot, 'publication-ready');
  await applyAnswer(botPage, 'pub', await bot.acceptOffer(botOffer.sdp));
  await botReady;

  const page = await openPage();
  await prepareSubscriber(page, 'sub');
  const shared = plane.createConnection({ id: 'single-pc', style: 'c' });
  shared.addSubscription(STREAM_ID);
  await shared.acceptAnswer(await answerServerOffer(page, 'sub', await shared.createOffer()));
  await expectMediaFlowing(page, 'sub');

  // The same RTCPeerConnection now adds the page's camera and microphone and offers (client renegotiation).
  const ownLabel = await page.evaluate(async () => {
    const pc = window.__peers['sub']!;
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
    for (const track of stream.getTracks()) pc.addTransceiver(track, { direction: 'sendonly', streams: [stream] });
    return stream.id;
  });
  shared.expectPublication(STREAM_ID + 2048, ownLabel);
  const ownReady = waitForEvent(shared, 'publication-ready');
  const reOffer = await page.evaluate(async () => {
    const pc = window.__peers['sub']!;
    await pc.setLocalDescription(await pc.createOffer());
    return pc.localDescription!.sdp;
  });
  const answer = await shared.acceptOffer(reOffer);
  expect(answer.match(/^m=/gm)).toHaveLength(4);
  await applyAnswer(page, 'sub', answer);
  await ownReady;
  expect(shared.publications).toEqual([STREAM_ID + 2048]);
  expect(shared.subscriptions).toEqual([STREAM_ID]);
  await expectMediaFlowing(page, 'sub');
});

test("style a: the offer's video b=AS (dialect A's maxVideoBW) caps Chromium through REMB", async ({ openPage }) => {
  const page = await openPage();
  const offer = await createPublishOffer(page, 'pub');
  // The v3 client writes b=AS after the video m-line of the offer it sends (§7.4); only the server sees it here, so
  // the cap Chromium ends up with can only come from the server's REMB.
  const munged = offer.sdp.replace(/(m=video[^\r\n]*\r?\nc=[^\r\n]*\r?\n)/, '$1b=AS:110\r\n');
  expect(munged).toContain('b=AS:110');
  const publisher = plane.createConnection({ id: 'pub-bas', style: 'a' });
  publisher.expectPublication(STREAM_ID, offer.label);
  const ready = waitForEvent(publisher, 'publication-ready');
  const answer = await publisher.acceptOffer(munged);
  expect(answer).not.toContain('b=AS');
  await applyAnswer(page, 'pub', answer);
  await ready;
  const available = () => availableOutgoingBitrate(page, 'pub');
  await expect.poll(available, { timeout: 15_000 }).toBeLessThanOrEqual(120_000);
});
