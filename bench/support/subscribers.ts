import { chromium, type Browser, type Page } from '@playwright/test';
import { chromiumLaunchOptions } from '../../e2e/support/chromium';
import { answerServerOffer, prepareSubscriber } from '../../e2e/server-conformance/page-peer';
import { startPageServer } from '../../e2e/server-conformance/page-server';
import { WeriftSubscriber } from './werift-subscriber';

/** One subscriber of a benchmark: answers the plane's offer and reports what it received. */
export interface BenchSubscriber {
  answer(offer: string): Promise<string>;
  /** performance.now() of the first video the subscriber could use (keyframe / decoded frame), NaN on timeout. */
  firstVideoAt(timeoutMs: number): Promise<number>;
  firstPacketAt(): number | undefined;
  videoPackets(): Promise<number>;
  close(): Promise<void>;
}

export interface SubscriberFactory {
  readonly description: string;
  create(index: number): Promise<BenchSubscriber>;
  close(): Promise<void>;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** werift peers that only count RTP (no decoding): the lightest subscriber, so the plane is the bottleneck. */
export function weriftSubscribers(): SubscriberFactory {
  return {
    description: 'werift peers (no decoding)',
    create: async () => {
      const subscriber = new WeriftSubscriber();
      return {
        answer: (offer) => subscriber.answer(offer),
        firstVideoAt: async (timeoutMs) => {
          const deadline = Date.now() + timeoutMs;
          while (subscriber.firstKeyframeAt === undefined && Date.now() < deadline) await sleep(5);
          return subscriber.firstKeyframeAt ?? NaN;
        },
        firstPacketAt: () => subscriber.firstPacketAt,
        videoPackets: async () => subscriber.packets.video,
        close: () => subscriber.close(),
      };
    },
    close: async () => undefined,
  };
}

/** All subscribers as RTCPeerConnections of one headless Chromium page: real RTCP feedback, real decoding. */
export async function chromiumSubscribers(): Promise<SubscriberFactory> {
  const server = await startPageServer();
  const browser: Browser = await chromium.launch(chromiumLaunchOptions());
  const page: Page = await (await browser.newContext()).newPage();
  await page.goto(server.url);
  const videoPackets = (name: string): Promise<number> =>
    page.evaluate(async (n) => {
      let packets = 0;
      (await window.__peers[n]!.getStats()).forEach((stat: { type: string; kind?: string; packetsReceived?: number }) => {
        if (stat.type === 'inbound-rtp' && stat.kind === 'video') packets += stat.packetsReceived ?? 0;
      });
      return packets;
    }, name);
  const framesDecoded = (name: string): Promise<number> =>
    page.evaluate(async (n) => {
      let frames = 0;
      (await window.__peers[n]!.getStats()).forEach((stat: { type: string; kind?: string; framesDecoded?: number }) => {
        if (stat.type === 'inbound-rtp' && stat.kind === 'video') frames += stat.framesDecoded ?? 0;
      });
      return frames;
    }, name);
  return {
    description: 'RTCPeerConnections in one headless Chromium page (decoding)',
    create: async (index) => {
      const name = `sub${index}`;
      await prepareSubscriber(page, name);
      return {
        answer: (offer) => answerServerOffer(page, name, offer),
        firstVideoAt: async (timeoutMs) => {
          const deadline = Date.now() + timeoutMs;
          while (Date.now() < deadline) {
            if ((await framesDecoded(name)) > 0) return performance.now();
            await sleep(5);
          }
          return NaN;
        },
        firstPacketAt: () => undefined,
        videoPackets: () => videoPackets(name),
        close: async () => undefined,
      };
    },
    close: async () => {
      await browser.close();
      await server.close();
    },
  };
}
