/**
 * How long a Chromium subscriber waits for its first decoded frame: Chromium publisher (fake camera) → media plane
 * (in this process; latency, not CPU, is measured here) → Chromium subscriber page, dialect-C flow (server offer,
 * page answer). Repeated with fresh subscriber connections.
 */
import { chromium } from '@playwright/test';
import { createMediaPlane } from '../e2e/server/media/index';
import { chromiumLaunchOptions } from '../e2e/support/chromium';
import { startPageServer } from '../e2e/server-conformance/page-server';
import { answerServerOffer, applyAnswer, createPublishOffer, prepareSubscriber, receivedMedia } from '../e2e/server-conformance/page-peer';
import type { BenchResult } from './support/bench-result';

const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const STREAM_ID = 271828182845904500;

const round = (value: number): number => Number(value.toFixed(1));
const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};

export default async function run(): Promise<BenchResult> {
  const server = await startPageServer();
  const browser = await chromium.launch(chromiumLaunchOptions());
  const plane = createMediaPlane();
  try {
    const context = await browser.newContext();
    const publisherPage = await context.newPage();
    await publisherPage.goto(server.url);
    const offer = await createPublishOffer(publisherPage, 'pub');
    const publisher = plane.createConnection({ id: 'publisher', style: 'c' });
    publisher.expectPublication(STREAM_ID, offer.label);
    await applyAnswer(publisherPage, 'pub', await publisher.acceptOffer(offer.sdp));
    const deadline = Date.now() + 15_000;
    while (!plane.isPublicationReady(STREAM_ID) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));

    const subscriberPage = await context.newPage();
    await subscriberPage.goto(server.url);
    const samples: { ready: number; firstFrame: number }[] = [];
    for (let index = 0; index < RUNS; index += 1) {
      const name = `sub${index}`;
      await prepareSubscriber(subscriberPage, name);
      const connection = plane.createConnection({ id: name, style: 'c' });
      let readyAt = NaN;
      connection.on((event) => {
        if (event.type === 'ready') readyAt = performance.now();
      });
      const started = performance.now();
      connection.addSubscription(STREAM_ID);
      await connection.acceptAnswer(await answerServerOffer(subscriberPage, name, await connection.createOffer()));
      // First decoded frame from getStats: in a browser launched outside the Playwright test runner the <video> here
      // decoded frames without requestVideoFrameCallback ever firing (the specs, run by the runner, assert painting).
      const frameDeadline = Date.now() + 15_000;
      while ((await receivedMedia(subscriberPage, name)).framesDecoded === 0) {
        if (Date.now() > frameDeadline) throw new Error(`no decoded frame for ${name}: ${JSON.stringify(plane.stats(STREAM_ID))}`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      samples.push({ ready: readyAt - started, firstFrame: performance.now() - started });
      await connection.close();
    }
    const firstFrames = samples.map((sample) => sample.firstFrame);
    const readies = samples.map((sample) => sample.ready);
    return {
      table: [
        { metric: 'runs', value: RUNS },
        { metric: 'subscribe → ICE+DTLS ready, median (ms)', value: round(percentile(readies, 50)) },
        { metric: 'subscribe → first decoded frame, median (ms)', value: round(percentile(firstFrames, 50)) },
        { metric: 'subscribe → first decoded frame, p90 (ms)', value: round(percentile(firstFrames, 90)) },
        { metric: 'subscribe → first decoded frame, max (ms)', value: round(Math.max(...firstFrames)) },
      ],
      notes: [
        '"subscribe" = addSubscription + server offer; includes the page answering and gathering its candidates.',
        'First decoded frame = first getStats() poll (every ~5-10 ms) with framesDecoded > 0.',
      ],
      data: { samples },
    };
  } finally {
    await plane.close();
    await browser.close();
    await server.close();
  }
}
