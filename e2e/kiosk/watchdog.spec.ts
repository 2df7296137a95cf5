/**
 * Kiosk acceptance (issue 13), the watchdog over the supervised system Chromium: a crashed renderer (CDP Page.crash),
 * a hung one (a busy loop) and media blackholed past the silence threshold each end in a reload and a rejoin.
 */
import type { KioskStatusSnapshot } from '../../main/kiosk/status';
import { expect, KIOSK_NAME, KioskScreen, readStatus, startKiosk, test, type KioskRun } from './fixtures';

/** Waits for the watchdog's next reload; returns when it fired (the status endpoint's timestamp) and why. */
async function nextReload(run: KioskRun, after: number, timeout: number): Promise<{ at: number; reason: string }> {
  let found: KioskStatusSnapshot['history'][number] | undefined;
  await expect
    .poll(
      async () => {
        found = (await readStatus(run)).history.filter((entry) => entry.state === 'reloading').at(after);
        return found !== undefined;
      },
      { timeout, intervals: [100], message: 'the watchdog reloads the kiosk' },
    )
    .toBe(true);
  return { at: Date.parse(found!.at), reason: found!.reason ?? '' };
}

test('renderer crashed, then hung: reloaded and rejoined within 10 s of the watchdog firing', async ({ licode }) => {
  test.setTimeout(120_000);
  const run = await startKiosk(licode.restUrl);
  try {
    const screen = new KioskScreen(run);
    await screen.expectBotsDecoding(30_000);

    const cdp = await screen.cdp();
    void cdp.send('Page.crash').catch(() => undefined);
    const crash = await nextReload(run, 0, 15_000);
    expect(crash.reason).toContain('renderer crashed');
    screen.reattach();
    await screen.expectBotsDecoding(15_000);
    const crashRejoinMs = Date.now() - crash.at;
    console.log(`crash: watchdog fired (${crash.reason}); rejoined with both bots decoding ${crashRejoinMs} ms later`);
    expect(crashRejoinMs).toBeLessThanOrEqual(10_000);
    await expect.poll(async () => (await readStatus(run)).state, { timeout: 5_000 }).toBe('in-room');

    const page = await screen.page();
    // Healthy for a while, so the next reload is not spaced out after the first (TEST_WATCHDOG.healthyResetMs).
    await page.waitForTimeout(6_000);
    // A busy loop that never yields: the page stops answering the supervisor's pings.
    void page
      .evaluate(() =>
        setTimeout(() => {
          for (;;) {
            // hang on purpose
          }
        }, 0),
      )
      .catch(() => undefined);
    const hang = await nextReload(run, 1, 20_000);
    // Either detector may name a hung page first: the supervisor's ping (unresponsive) or the page's missing heartbeats
    // (on a loaded machine the ping's own timeouts can add up past the heartbeat limit). Both mean the same reload.
    expect(hang.reason).toMatch(/unresponsive|no heartbeat/);
    await screen.expectBotsDecoding(15_000);
    const hangRejoinMs = Date.now() - hang.at;
    console.log(`hang: watchdog fired (${hang.reason}); rejoined with both bots decoding ${hangRejoinMs} ms later`);
    expect(hangRejoinMs).toBeLessThanOrEqual(10_000);
    const status = await readStatus(run);
    expect(status).toMatchObject({ state: 'in-room', reloadCount: 2 });
  } finally {
    await run.close();
  }
});

test('media blackholed past the silence threshold: the watchdog rejoins and media flows again', async ({ licode, admin }) => {
  test.setTimeout(90_000);
  const run = await startKiosk(licode.restUrl);
  try {
    const screen = new KioskScreen(run);
    await screen.expectBotsDecoding(30_000);
    // The test server keeps user names lower-cased.
    const kiosk = (await admin.clients()).find((client) => client.name === KIOSK_NAME.toLowerCase())!;
    const bots = (await admin.streams()).filter((stream) => stream.owner !== kiosk.clientId && stream.video === true);
    expect(bots).toHaveLength(2);
    // Every packet of the kiosk's subscriptions is dropped for a minute: only a rejoin (a new client) gets media back.
    for (const bot of bots) await admin.blackholeStream(bot.id as number, 60_000, kiosk.clientId);
    const blackholedAt = Date.now();
    const reload = await nextReload(run, 0, 30_000);
    expect(reload.reason).toContain('no incoming media');
    console.log(`blackhole: watchdog fired ${reload.at - blackholedAt} ms after the blackhole (${reload.reason})`);
    await screen.expectBotsDecoding(20_000);
    console.log(`blackhole: rejoined with both bots decoding ${Date.now() - reload.at} ms after the watchdog fired`);
    await expect.poll(async () => (await readStatus(run)).state, { timeout: 5_000 }).toBe('in-room');
  } finally {
    await run.close();
  }
});
