import type { Page } from '@playwright/test';
import type { WebHostApp } from '../../main/web-host/app';
import type { AdminClient } from '../server/admin-client';
import { expect, joinFromHome, ROOM, test, tile, useLabServer } from './fixtures';

// The generation detected for a server profile is remembered, so only the first join probes (a real ErizoController
// logs every probe as a failed token authentication); a remembered generation that no longer fits is detected again
// and the join still succeeds. The test server counts the probes: sockets that never present a token.

const remembered = (webHost: WebHostApp) => webHost.config.get().profiles[0]?.detectedGeneration;
const probes = async (admin: AdminClient) => (await admin.state()).tokenlessSockets;

async function joined(page: Page): Promise<void> {
  await expect(page.getByRole('heading', { name: `Meeting ${ROOM}` })).toBeVisible({ timeout: 30_000 });
  await expect(tile(page, 'Bot 1')).toBeVisible();
}

async function leave(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Leave' }).click();
  await expect(page.getByRole('heading', { name: 'Join a meeting' })).toBeVisible();
}

/** Chromium's own line about a WebSocket the server refused (the wrong Engine.IO version answers HTTP 400). */
const unexpected = (errors: string[]) => errors.filter((e) => !/WebSocket connection to .* failed/.test(e));

test.describe('remembered Licode generation, dialect C', () => {
  test('the first join probes and remembers the generation; the second join of the profile does not probe', async ({
    page,
    webHost,
    licode,
    admin,
    consoleErrors,
  }) => {
    test.setTimeout(120_000);
    await useLabServer(webHost, licode.restUrl);
    await page.goto(webHost.url);
    await joinFromHome(page, 'Ada');
    await joined(page);
    expect(await probes(admin)).toBe(1);
    await expect.poll(() => remembered(webHost)).toEqual({ dialect: 'C', socketIo: 4 });
    await leave(page);

    await joinFromHome(page, 'Ada');
    await joined(page);
    await expect(tile(page, 'Bot 2')).toBeVisible();
    expect(await probes(admin)).toBe(1);
    expect(remembered(webHost)).toEqual({ dialect: 'C', socketIo: 4 });

    // A real departure is still announced (after the rejoin window), and the tile goes at once.
    const bot2 = (await admin.streams()).find((s) => (s.attributes as { name?: string } | undefined)?.name === 'Bot 2');
    expect(bot2).toBeDefined();
    await admin.killStream(bot2!.id as number);
    await expect(tile(page, 'Bot 2')).toHaveCount(0, { timeout: 5_000 });
    await expect(page.getByRole('status').filter({ hasText: 'Bot 2 left.' })).toBeAttached({ timeout: 20_000 });
    await leave(page);
    expect(unexpected(consoleErrors)).toEqual([]);
  });

  test('a remembered generation that no longer fits (A) is detected again: the join succeeds and C is remembered', async ({
    page,
    webHost,
    licode,
    admin,
    consoleErrors,
  }) => {
    test.setTimeout(120_000);
    await useLabServer(webHost, licode.restUrl, { dialect: 'A', socketIo: 2 });
    await page.goto(webHost.url);
    await joinFromHome(page, 'Ada');
    await joined(page);
    expect(await probes(admin)).toBe(1);
    await expect.poll(() => remembered(webHost)).toEqual({ dialect: 'C', socketIo: 4 });
    await leave(page);
    expect(unexpected(consoleErrors)).toEqual([]);
  });
});

test.describe('remembered Licode generation, dialect A', () => {
  test.use({ dialect: 'A' });

  test('a remembered C is detected again as A against a Licode v4 server', async ({ page, webHost, licode, admin, consoleErrors }) => {
    test.setTimeout(120_000);
    await useLabServer(webHost, licode.restUrl, { dialect: 'C', socketIo: 4 });
    await page.goto(webHost.url);
    await joinFromHome(page, 'Ada');
    await joined(page);
    // Two tokenless sockets: the failed socket.io 4 attempt (its token travels in the query, which a v4 server never
    // reads) and the probe.
    await expect.poll(() => probes(admin)).toBe(2);
    await expect.poll(() => remembered(webHost)).toEqual({ dialect: 'A', socketIo: 2 });
    await leave(page);
    await joinFromHome(page, 'Ada');
    await joined(page);
    await page.waitForTimeout(500);
    expect(await probes(admin)).toBe(2);
    await leave(page);
    expect(unexpected(consoleErrors)).toEqual([]);
  });
});

test.describe('Licode v3 (socket.io 0.9)', () => {
  test.use({ dialect: 'A', aVersion: 'v3' });

  test('auto detection joins a v3 server over socket.io 0.9 and remembers it; the probe never opens a session', async ({
    page,
    webHost,
    licode,
    admin,
    consoleErrors,
  }) => {
    test.setTimeout(120_000);
    await useLabServer(webHost, licode.restUrl);
    await page.goto(webHost.url);
    await joinFromHome(page, 'Ada');
    await joined(page);
    await expect(tile(page, 'Bot 2')).toBeVisible();
    await expect.poll(() => remembered(webHost)).toEqual({ dialect: 'A', socketIo: 0.9 });
    // The Engine.IO probe is dropped before it becomes a socket (§8 #24n); the 0.9 handshake is a plain HTTP request.
    expect(await probes(admin)).toBe(0);
    await leave(page);

    await joinFromHome(page, 'Ada');
    await joined(page);
    expect(await probes(admin)).toBe(0);
    await leave(page);
    expect(unexpected(consoleErrors)).toEqual([]);
  });
});

for (const cVersion of ['v9', 'v10'] as const) {
  test.describe(`Licode ${cVersion} (dialect C on socket.io 2)`, () => {
    test.use({ dialect: 'C', cVersion });

    test('auto detection picks dialect C on socket.io 2, the call works and the generation is remembered', async ({
      page,
      webHost,
      licode,
      admin,
      consoleErrors,
    }) => {
      test.setTimeout(120_000);
      await useLabServer(webHost, licode.restUrl);
      await page.goto(webHost.url);
      await joinFromHome(page, 'Ada');
      await joined(page);
      await expect(tile(page, 'Bot 2')).toBeVisible();
      // The bots' video reaches the page: the subscriptions were offered by the server and decode.
      await expect
        .poll(
          () => page.evaluate(() => [...document.querySelectorAll('video')].filter((v) => (v.getVideoPlaybackQuality?.().totalVideoFrames ?? 0) > 0).length),
          {
            timeout: 20_000,
          },
        )
        .toBeGreaterThanOrEqual(2);
      expect(await probes(admin)).toBe(1);
      await expect.poll(() => remembered(webHost)).toEqual({ dialect: 'C', socketIo: 2 });
      await leave(page);

      await joinFromHome(page, 'Ada');
      await joined(page);
      expect(await probes(admin)).toBe(1);
      await leave(page);
      expect(unexpected(consoleErrors)).toEqual([]);
    });

    test('a remembered Licode v11+ (socket.io 4) that was downgraded is detected again as socket.io 2 and the join succeeds', async ({
      page,
      webHost,
      licode,
      admin,
      consoleErrors,
    }) => {
      test.setTimeout(120_000);
      // socket.io-client 4 cannot finish a socket.io 2 handshake (no sid in the CONNECT): the first join fails as a
      // connection error, which is what a server that changed generation looks like, so the app detects again.
      await useLabServer(webHost, licode.restUrl, { dialect: 'C', socketIo: 4 });
      await page.goto(webHost.url);
      await joinFromHome(page, 'Ada');
      await joined(page);
      expect(await probes(admin)).toBe(1);
      await expect.poll(() => remembered(webHost)).toEqual({ dialect: 'C', socketIo: 2 });
      await leave(page);
      expect(unexpected(consoleErrors)).toEqual([]);
    });
  });
}

/** Videos in the page that have decoded frames: the bots' media reaches the call. */
const decodingVideos = (page: Page) =>
  page.evaluate(() => [...document.querySelectorAll('video')].filter((v) => (v.getVideoPlaybackQuality?.().totalVideoFrames ?? 0) > 0).length);

for (const bVersion of ['v7', 'v8'] as const) {
  test.describe(`Licode ${bVersion} (dialect B)`, () => {
    test.use({ dialect: 'B', bVersion });

    test('auto detection joins as socket.io 2, the first publication shows dialect B, and B is remembered: the next join does not probe', async ({
      page,
      webHost,
      licode,
      admin,
      consoleErrors,
    }) => {
      test.setTimeout(120_000);
      await useLabServer(webHost, licode.restUrl);
      await page.goto(webHost.url);
      await joinFromHome(page, 'Ada');
      await joined(page);
      await expect(tile(page, 'Bot 2')).toBeVisible();
      // v8: the server offered the subscriptions; v7: we did (§4.1). Either way the bots' video decodes.
      await expect.poll(() => decodingVideos(page), { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
      expect(await probes(admin)).toBe(1);
      // The join reply of v7/v8 is v6's (§1.4): B shows at the publish ack, and that is what the profile keeps.
      await expect.poll(() => remembered(webHost), { timeout: 20_000 }).toEqual({ dialect: 'B', socketIo: 2 });
      await leave(page);

      await joinFromHome(page, 'Ada');
      await joined(page);
      await expect.poll(() => decodingVideos(page), { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
      expect(await probes(admin)).toBe(1);
      await leave(page);
      expect(unexpected(consoleErrors)).toEqual([]);
    });
  });
}

test.describe('Licode version forced in the server profile', () => {
  test.use({ dialect: 'C', cVersion: 'v9' });

  test('"Licode v9–v10" chosen in the form: the join speaks dialect C on socket.io 2 without probing', async ({
    page,
    webHost,
    licode,
    admin,
    consoleErrors,
  }) => {
    test.setTimeout(120_000);
    await useLabServer(webHost, licode.restUrl);
    await page.goto(webHost.url);
    await page.getByRole('button', { name: 'Edit Lab server' }).click();
    await page.getByLabel('Licode version').selectOption({ label: 'Licode v9–v10' });
    await page.getByRole('button', { name: 'Test and save' }).click();
    await expect.poll(() => webHost.config.get().profiles[0]?.generation).toBe('C1C2');
    await joinFromHome(page, 'Ada');
    await joined(page);
    await expect(tile(page, 'Bot 2')).toBeVisible();
    expect(await probes(admin)).toBe(0); // forced: never probed
    expect(remembered(webHost)).toBeUndefined(); // nothing to remember for a forced generation
    await leave(page);
    expect(unexpected(consoleErrors)).toEqual([]);
  });
});

test.describe('Licode v7–v8 forced in the server profile', () => {
  test.use({ dialect: 'B', bVersion: 'v8' });

  test('"Licode v7–v8" chosen in the form: the join speaks dialect B at once, without probing', async ({ page, webHost, licode, admin, consoleErrors }) => {
    test.setTimeout(120_000);
    await useLabServer(webHost, licode.restUrl);
    await page.goto(webHost.url);
    await page.getByRole('button', { name: 'Edit Lab server' }).click();
    await page.getByLabel('Licode version').selectOption({ label: 'Licode v7–v8' });
    await page.getByRole('button', { name: 'Test and save' }).click();
    await expect.poll(() => webHost.config.get().profiles[0]?.generation).toBe('B');
    await joinFromHome(page, 'Ada');
    await joined(page);
    await expect.poll(() => decodingVideos(page), { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
    expect(await probes(admin)).toBe(0); // forced: never probed
    expect(remembered(webHost)).toBeUndefined();
    await leave(page);
    expect(unexpected(consoleErrors)).toEqual([]);
  });
});
