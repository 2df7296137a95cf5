/**
 * The floor: a raw RTCPeerConnection in a bare page subscribing straight to the test server's media plane — no
 * signalling library, no UI, the server's offer answered at once (bench/subscribe-latency's page logic). Measured
 * like the app's tile: from the subscription to the first poll where its <video> has a decoded frame.
 */
import type { Browser, Page } from '@playwright/test';
import { answerServerOffer, prepareSubscriber } from '../../../e2e/server-conformance/page-peer';
import { startPageServer } from '../../../e2e/server-conformance/page-server';
import type { MediaPlane } from '../../../e2e/server/media/types';
import { wallNow } from './stats';

export interface FloorSample {
  /** Subscription created → the plane reports ICE+DTLS ready. */
  readyMs: number;
  /** Subscription created → first decoded frame in the page. */
  firstFrameMs: number;
}

export interface Floor {
  measure(plane: MediaPlane, streamId: number): Promise<FloorSample>;
  close(): Promise<void>;
}

export async function openFloor(browser: Browser): Promise<Floor> {
  const server = await startPageServer();
  const context = await browser.newContext();
  const page: Page = await context.newPage();
  await page.goto(server.url);
  let count = 0;
  return {
    async measure(plane, streamId) {
      const name = `floor${(count += 1)}`;
      await prepareSubscriber(page, name);
      await page.evaluate((name) => {
        const video = document.getElementById(name) as HTMLVideoElement;
        const timer = setInterval(() => {
          if (video.getVideoPlaybackQuality().totalVideoFrames === 0) return;
          video.dataset['firstFrame'] = String(Date.now());
          clearInterval(timer);
        }, 4);
      }, name);
      const connection = plane.createConnection({ id: name, style: 'c' });
      let readyAt = NaN;
      connection.on((event) => {
        if (event.type === 'ready') readyAt = wallNow();
      });
      const started = wallNow();
      try {
        connection.addSubscription(streamId);
        await connection.acceptAnswer(await answerServerOffer(page, name, await connection.createOffer()));
        const frame = await page.waitForFunction((name) => Number(document.getElementById(name)?.dataset['firstFrame'] ?? 0), name, {
          timeout: 30_000,
          polling: 10,
        });
        return { readyMs: readyAt - started, firstFrameMs: Number(await frame.jsonValue()) - started };
      } finally {
        await connection.close();
        await page.evaluate((name) => {
          const w = window as unknown as { __peers: Record<string, RTCPeerConnection> };
          w.__peers[name]?.close();
          delete w.__peers[name];
          document.getElementById(name)?.remove();
        }, name);
      }
    },
    async close() {
      await context.close();
      await server.close();
    },
  };
}
