import type { Page } from '@playwright/test';
import { startTestServer, type Dialect, type RunningTestServer } from '../server/index';
import { expect, test } from './fixture';
import { installLicodePageClient, type PageTokenFields } from './page-licode';

// The acceptance "driven by real Chromium pages": two pages speak the test server's real protocol (dialect C
// over socket.io 4, dialect A v4 over socket.io 2, both from the client bundles), one publishes the fake camera and
// microphone, the other subscribes; the subscriber must decode frames and receive audio packets.

async function token(server: RunningTestServer, username: string, role = 'presenter'): Promise<PageTokenFields> {
  const response = await fetch(`${server.restUrl}/createToken/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, role, room: 'basicExampleRoom' }),
  });
  expect(response.status).toBe(200);
  return JSON.parse(Buffer.from(await response.text(), 'base64').toString('utf8')) as PageTokenFields;
}

async function expectDecodedMediaOn(page: Page): Promise<{ streamIds: string[] }> {
  const read = () => page.evaluate(() => window.__licode.received());
  await expect.poll(async () => (await read()).videoWidth, { timeout: 20_000 }).toBeGreaterThan(0);
  const first = await read();
  await expect
    .poll(
      async () => {
        const now = await read();
        return now.frames > first.frames + 5 && now.framesDecoded > first.framesDecoded + 5 && now.audioPackets > first.audioPackets && now.audioPackets > 0;
      },
      { timeout: 20_000 },
    )
    .toBe(true);
  return read();
}

for (const dialect of ['C', 'A'] as Dialect[]) {
  test.describe(`dialect ${dialect} through the real protocol`, () => {
    let server: RunningTestServer;
    test.beforeEach(async () => {
      server = await startTestServer({ dialect });
    });
    test.afterEach(async () => {
      await server.close();
    });

    test('a Chromium publisher and a Chromium subscriber: decoded frames and audio packets', async ({ openPage }) => {
      const bundle = dialect === 'C' ? 'v4' : 'v2';
      const publisher = await openPage();
      await installLicodePageClient(publisher, bundle);
      const subscriber = await openPage();
      await installLicodePageClient(subscriber, bundle);

      const publisherToken = await token(server, 'alice');
      const streamId =
        dialect === 'C'
          ? await publisher.evaluate(async (t) => {
              await window.__licode.cJoin(t);
              return window.__licode.cPublish('alice');
            }, publisherToken)
          : await publisher.evaluate(async (t) => {
              await window.__licode.aJoin(t);
              return window.__licode.aPublish('alice');
            }, publisherToken);
      // Licode stream ids are 18-digit integer-valued doubles (§8 #1).
      expect(Number.isInteger(streamId)).toBe(true);
      expect(streamId).toBeGreaterThan(2 ** 53);

      const subscriberToken = await token(server, 'bob');
      const listed = await subscriber.evaluate(
        async ({ t, dialect }) => {
          const joined = dialect === 'C' ? await window.__licode.cJoin(t) : await window.__licode.aJoin(t);
          return joined.streams.map((s) => s.id);
        },
        { t: subscriberToken, dialect },
      );
      expect(listed).toContain(streamId);
      await subscriber.evaluate(({ id, dialect }) => (dialect === 'C' ? window.__licode.cSubscribe(id) : window.__licode.aSubscribe(id)), {
        id: streamId,
        dialect,
      });
      const media = await expectDecodedMediaOn(subscriber);
      if (dialect === 'C') {
        // The remote MediaStream id is the publisher's label (= its MediaStream id), as Licode HEAD sends it.
        const label = await publisher.evaluate(() => window.__licode.log.find((line) => line.startsWith('onAddStream')) ?? '');
        expect(label).toContain(media.streamIds[0]!);
      }
    });

    test('a Chromium page subscribes to a synthetic participant (bot)', async ({ openPage }) => {
      const botStreamId = await server.addBot('basicExampleRoom', 'Robot One');
      const page = await openPage();
      await installLicodePageClient(page, dialect === 'C' ? 'v4' : 'v2');
      const t = await token(server, 'carol', 'viewer');
      await page.evaluate(
        async ({ t, id, dialect }) => {
          if (dialect === 'C') {
            await window.__licode.cJoin(t);
            await window.__licode.cSubscribe(id);
          } else {
            await window.__licode.aJoin(t);
            await window.__licode.aSubscribe(id);
          }
        },
        { t, id: botStreamId, dialect },
      );
      const read = () => page.evaluate(() => window.__licode.received());
      await expectDecodedMediaOn(page);
      expect((await read()).videoWidth).toBe(320);
    });
  });
}
