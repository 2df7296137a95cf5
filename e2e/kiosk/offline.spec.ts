/**
 * Kiosk acceptance (issue 13): a server that is down at start gives the offline screen with the reason and a
 * countdown, and the kiosk joins by itself once the server is up; a bad configuration gives the one clear error
 * naming the key on screen (and on the status endpoint), not a blank window.
 */
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { KioskStatusSnapshot } from '../../main/kiosk/status';
import { startTestServer } from '../server/index';
import { expect, freePort, KioskScreen, readStatus, ROOM, screenshotAtTvSize, startKiosk, test } from './fixtures';

test('server unreachable at start: offline screen with a countdown, then joins on its own once the server is up', async ({}, testInfo) => {
  test.setTimeout(90_000);
  const [restPort, controllerPort] = [await freePort(), await freePort()];
  // "Down" on purpose: the port is held by a listener that hangs up at once, so no other process can take it meanwhile.
  const down = createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => down.listen(restPort, '127.0.0.1', resolve));
  const run = await startKiosk(`http://127.0.0.1:${restPort}`);
  let server: Awaited<ReturnType<typeof startTestServer>> | undefined;
  try {
    const screen = new KioskScreen(run);
    const page = await screen.page();
    const offline = page.locator('[data-kiosk-view="offline"]');
    await expect(offline.getByRole('heading', { name: 'The meeting server cannot be reached' })).toBeVisible({ timeout: 20_000 });
    await expect(offline.getByText(/^Reason: /)).toBeVisible();
    // The countdown counts down.
    await expect(offline.getByText(/^Trying again in \d+ s$/)).toBeVisible({ timeout: 10_000 });
    await expect(offline.getByText('Attempt 2')).toBeVisible({ timeout: 15_000 });
    await screenshotAtTvSize(page, testInfo, 'kiosk-offline');
    const status = await readStatus(run);
    expect(status.state).toBe('offline');
    expect(status.lastError?.message).toBeTruthy();

    await new Promise((resolve) => down.close(resolve));
    server = await startTestServer({ dialect: 'C', restPort, controllerPort, bots: 2, botsRoom: ROOM });
    const upAt = Date.now();
    await screen.expectBotsDecoding(40_000);
    console.log(`offline at start: joined on its own ${Date.now() - upAt} ms after the server came up`);
    const states = (await readStatus(run)).history.map((entry) => entry.state);
    expect(states.slice(0, 3)).toEqual(['starting', 'joining', 'offline']);
    expect(states.at(-1)).toBe('in-room');
  } finally {
    await run.close();
    down.close();
    await server?.close();
  }
});

test('a bad configuration: one clear error naming the key, on screen and in the status file', async ({}, testInfo) => {
  const run = await startKiosk('http://127.0.0.1:9', { mediaSilenceSeconds: 1 });
  try {
    const page = await new KioskScreen(run).page();
    const error = page.locator('[data-kiosk-view="config-error"]');
    await expect(error.getByRole('heading', { name: 'This meeting room is not set up correctly' })).toBeVisible({ timeout: 15_000 });
    await expect(error.getByText('Setting to fix: mediaSilenceSeconds')).toBeVisible();
    await expect(error.getByText(/mediaSilenceSeconds \(in .*kiosk\.json\) must be a whole number from 5 to 3600/)).toBeVisible();
    await screenshotAtTvSize(page, testInfo, 'kiosk-config-error');
    // The configuration (and with it statusPort and logDir) could not be used: the status file is in the default log folder.
    expect(run.kiosk.statusUrl).toBeNull();
    const status = JSON.parse(await readFile(join(run.dir, 'user-data', 'logs', 'status.json'), 'utf8')) as KioskStatusSnapshot;
    expect(status.state).toBe('error');
    expect(status.lastError?.message).toContain('mediaSilenceSeconds');
  } finally {
    await run.close();
  }
});
