import type { Page } from '@playwright/test';
import { AdminClient } from '../server/admin-client';
import { startTestServer, type RunningTestServer } from '../server/index';
import type { SubscriptionInfo } from '../server/media/types';
import { expect, test } from './fixture';
import { installLicodePageClient, type PageTokenFields } from './page-licode';

// Adaptive subscriptions (the adaptive contract of e2e/server/MEDIA.md, docs/licode-protocol.md §5.3, §7.3): a Chromium page publishes
// 3-layer rid simulcast; subscribers with different `video:{width,height}` caps decode different layers, and an
// updatestream moves one of them to another layer without a freeze.

let server: RunningTestServer;
let admin: AdminClient;

test.beforeEach(async ({}, testInfo) => {
  server = await startTestServer({ dialect: testInfo.title.startsWith('dialect A') ? 'A' : 'C', aVersion: 'v5' });
  admin = new AdminClient(server.adminUrl);
});
test.afterEach(async () => {
  await server.close();
});

async function token(username: string): Promise<PageTokenFields> {
  const response = await fetch(`${server.restUrl}/createToken/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, role: 'presenter', room: 'basicExampleRoom' }),
  });
  expect(response.status).toBe(200);
  return JSON.parse(Buffer.from(await response.text(), 'base64').toString('utf8')) as PageTokenFields;
}

const received = (page: Page) => page.evaluate(() => window.__licode.received());

async function subscriptionOf(streamId: number, clientId: string): Promise<SubscriptionInfo | undefined> {
  const stream = (await admin.streams()).find((s) => s.id === streamId);
  return stream?.subscriptions.find((s) => s.connectionId.startsWith(clientId));
}

/** Decoded width reaches `width` and frames keep coming; a failure shows what the server and the publisher saw. */
async function expectDecoding(page: Page, width: number, diagnose: () => Promise<unknown>): Promise<void> {
  try {
    await expect.poll(async () => (await received(page)).videoWidth, { timeout: 30_000 }).toBe(width);
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${JSON.stringify(await diagnose())}`, { cause: error });
  }
  const before = await received(page);
  await expect
    .poll(
      async () => {
        const now = await received(page);
        return now.framesDecoded > before.framesDecoded + 5 && now.frames > before.frames + 5;
      },
      { timeout: 20_000 },
    )
    .toBe(true);
}

test('dialect C: two subscribers with different video caps decode different simulcast layers; updatestream switches one without a freeze', async ({
  openPage,
}) => {
  test.setTimeout(150_000);
  const publisher = await openPage();
  await installLicodePageClient(publisher, 'v4');
  const streamId = await publisher.evaluate(
    async (t) => {
      await window.__licode.cJoin(t);
      return window.__licode.cPublish('alice', { simulcast: 3, camera: { width: 1280, height: 720 } });
    },
    await token('alice'),
  );

  // Chromium sends as many layers as the camera size and bandwidth allow: with 1280x720 all three (rid 1, 2, 3).
  await expect
    .poll(async () => (await publisher.evaluate(() => window.__licode.publishedLayers())).map((layer) => layer.frameWidth), { timeout: 30_000 })
    .toEqual([320, 640, 1280]);

  const small = await openPage();
  await installLicodePageClient(small, 'v4');
  const smallId = await small.evaluate(
    async ({ t, id }) => {
      const joined = await window.__licode.cJoin(t);
      await window.__licode.cSubscribe(id, { video: { width: 320, height: 240 } });
      return joined.clientId;
    },
    { t: await token('small'), id: streamId },
  );
  const medium = await openPage();
  await installLicodePageClient(medium, 'v4');
  const mediumId = await medium.evaluate(
    async ({ t, id }) => {
      const joined = await window.__licode.cJoin(t);
      await window.__licode.cSubscribe(id, { video: { width: 640, height: 480 } });
      return joined.clientId;
    },
    { t: await token('medium'), id: streamId },
  );

  const diagnose = async () => ({
    published: await publisher.evaluate(() => window.__licode.publishedLayers()),
    small: await subscriptionOf(streamId, smallId),
    medium: await subscriptionOf(streamId, mediumId),
  });
  await expectDecoding(small, 320, diagnose);
  await expectDecoding(medium, 640, diagnose);
  expect((await received(small)).videoHeight).toBe(180);
  expect((await received(medium)).videoHeight).toBe(360);
  const listed = await subscriptionOf(streamId, mediumId);
  expect(listed?.constraints).toEqual({ video: { width: 640, height: 480 } });
  expect(listed?.forwardedLayer).toBe(1);
  expect(listed?.layers.map((layer) => [layer.rid, layer.width, layer.height])).toEqual([
    ['1', 320, 180],
    ['2', 640, 360],
    ['3', 1280, 720],
  ]);
  expect(listed?.layers.every((layer) => layer.kbps > 0)).toBe(true);
  expect((await subscriptionOf(streamId, smallId))?.forwardedLayer).toBe(0);

  // The medium tile grows: updatestream asks for 1280x720 and its decoder moves to the top layer. Frames are sampled
  // all along: no gap without a new frame may last longer than 2 s.
  const frameGaps: number[] = [];
  let sampling = true;
  const sampler = (async () => {
    let last = (await received(medium)).frames;
    let lastChange = Date.now();
    while (sampling) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const frames = (await received(medium)).frames;
      if (frames !== last) {
        frameGaps.push(Date.now() - lastChange);
        last = frames;
        lastChange = Date.now();
      }
    }
    frameGaps.push(Date.now() - lastChange);
  })();
  await medium.evaluate((id) => window.__licode.cUpdateStream(id, { video: { width: 1280, height: 720 } }), streamId);
  await expectDecoding(medium, 1280, diagnose);
  await new Promise((resolve) => setTimeout(resolve, 1500));
  sampling = false;
  await sampler;
  expect(Math.max(...frameGaps)).toBeLessThan(2000);
  expect((await subscriptionOf(streamId, mediumId))?.forwardedLayer).toBe(2);
  // The small subscriber was not touched.
  expect((await received(small)).videoWidth).toBe(320);
  expect((await subscriptionOf(streamId, smallId))?.forwardedLayer).toBe(0);
});

test('dialect A: a capped subscribe and an updatestream reach the subscription (one layer: no simulcast from a unified-plan client)', async ({ openPage }) => {
  test.setTimeout(90_000);
  const publisher = await openPage();
  await installLicodePageClient(publisher, 'v2');
  const streamId = await publisher.evaluate(
    async (t) => {
      await window.__licode.aJoin(t);
      return window.__licode.aPublish('alice');
    },
    await token('alice'),
  );
  const subscriber = await openPage();
  await installLicodePageClient(subscriber, 'v2');
  await subscriber.evaluate(
    async ({ t, id }) => {
      await window.__licode.aJoin(t);
      await window.__licode.aSubscribe(id, { video: { width: 320, height: 240 } });
    },
    { t: await token('bob'), id: streamId },
  );
  await expect.poll(async () => (await received(subscriber)).framesDecoded, { timeout: 30_000 }).toBeGreaterThan(5);
  const only = async (): Promise<SubscriptionInfo | undefined> => (await admin.streams()).find((s) => s.id === streamId)?.subscriptions[0];
  expect((await only())?.constraints).toEqual({ video: { width: 320, height: 240 } });
  await subscriber.evaluate((id) => window.__licode.aUpdateStream(id, { video: { width: 1280, height: 720 }, maxVideoBW: 500 }), streamId);
  await expect.poll(async () => (await only())?.constraints, { timeout: 10_000 }).toEqual({ video: { width: 1280, height: 720 }, maxVideoBW: 500 });
  // With a single layer every cap leaves it forwarded (no fitting layer → the lowest, which is the only one).
  const info = await only();
  expect(info?.forwardedLayer).toBe(0);
  expect(info?.layers).toEqual([{ rid: null, width: 640, height: 480, kbps: expect.any(Number) }]);
  const before = (await received(subscriber)).framesDecoded;
  await expect.poll(async () => (await received(subscriber)).framesDecoded, { timeout: 10_000 }).toBeGreaterThan(before + 5);
});
