import { chromium, type Browser } from '@playwright/test';
import { chromiumLaunchOptions } from '../../e2e/support/chromium';
import { startPageServer } from '../../e2e/server-conformance/page-server';
import { applyAnswer, createPublishOffer } from '../../e2e/server-conformance/page-peer';
import { NodePublisher } from '../../e2e/server/media/test-support/node-publisher';

/** The publishing side of a benchmark: produces an offer, applies the answer. */
export interface BenchPublisher {
  readonly description: string;
  offer(): Promise<{ sdp: string; label: string }>;
  applyAnswer(sdp: string): Promise<void>;
  close(): Promise<void>;
}

/** Chromium's fake camera (640x480 at 20 fps) and fake microphone, in a headless page. */
export async function chromiumPublisher(): Promise<BenchPublisher> {
  const server = await startPageServer();
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch(chromiumLaunchOptions());
    const page = await browser.newPage();
    await page.goto(server.url);
    const opened = browser;
    return {
      description: 'Chromium fake camera 640x480@20 fps VP8 + fake microphone (Opus)',
      offer: () => createPublishOffer(page, 'bench'),
      applyAnswer: (sdp) => applyAnswer(page, 'bench', sdp),
      close: async () => {
        await opened.close();
        await server.close();
      },
    };
  } catch (error) {
    await browser?.close();
    await server.close();
    throw error;
  }
}

/** libwebrtc in Node (@roamhq/wrtc) sending the bots' test pattern at 640x480@20 fps and a tone. */
export function wrtcPublisher(): BenchPublisher {
  const publisher = new NodePublisher();
  publisher.addStream('bench-publisher', { width: 640, height: 480, fps: 20 });
  return {
    description: '@roamhq/wrtc test pattern 640x480@20 fps VP8 + 48 kHz tone (Opus)',
    offer: async () => ({ sdp: await publisher.offer(), label: 'bench-publisher' }),
    applyAnswer: (sdp) => publisher.applyAnswer(sdp),
    close: async () => publisher.close(),
  };
}
