// Issue 11, item 2: a server that lists 10,000 streams (in the join reply, or as onAddStream events) froze the UI for
// 43 s to over 100 s. The app now lists at most 500 (the library's cap, with a notice), turns them into tiles in
// batches, renders one page of tiles and subscribes to a bounded set: a click is answered within 1 s throughout, the
// heap stays bounded and Leave takes less than 2 s. Both dialects, against scripted controllers (e2e/licode).
import type { Page } from '@playwright/test';
import type { DetectedGeneration } from '../../common/api-contract';
import { runCleanups } from '../licode/scripted-servers';
import { expect, joinFromHome, ROOM, saveScreenshot, test, useLabServer } from '../meeting/fixtures';
import { clickLatency, heapMb, installResponsivenessProbe, longestTask, resetLongTasks, startClicking, stopClicking, timeLeave } from './responsiveness';
import { floodStreams, startHostileController } from './scripted-controller';

const GENERATION: Record<'A' | 'C', DetectedGeneration> = { A: { dialect: 'A', socketIo: 2 }, C: { dialect: 'C', socketIo: 4 } };
const FLOOD = 10_000;
const FLOOD_CHUNK = 200;
/** What the UI must always manage: answer a click, and leave. */
const CLICK_BUDGET_MS = 1_000;
const LEAVE_BUDGET_MS = 2_000;
/** Heap growth allowed from the home screen to the call with 500 listed streams (measured: see the report). */
const HEAP_GROWTH_MB = 40;

/** 500 participants paged by 15 to 25 (as many as the window fits, grid-fit.ts): 20 to 34 pages. */
const PAGE_ONE_OF_500 = /Page 1 of (2\d|3[0-4])\b/;

const tileNames = (page: Page) => page.locator('[data-tile^="r:"]').evaluateAll((tiles) => tiles.map((tile) => (tile as HTMLElement).dataset['name']!));

test.afterEach(runCleanups);

for (const dialect of ['A', 'C'] as const) {
  test.describe(`dialect ${dialect}`, () => {
    test(`a join reply listing ${FLOOD} streams: 500 listed, one page of tiles, clicks answered, Leave in < 2 s`, async ({ page, webHost }, testInfo) => {
      const controller = await startHostileController(dialect, floodStreams(FLOOD));
      await useLabServer(webHost, controller.restUrl, GENERATION[dialect]);
      await installResponsivenessProbe(page);
      await page.goto(webHost.url);
      const heapBefore = await heapMb(page);
      await resetLongTasks(page); // the join reply is the flood: from here on

      await joinFromHome(page, 'Ada');
      await expect(page.getByRole('heading', { name: `Meeting ${ROOM}` })).toBeVisible({ timeout: 20_000 });
      // The list is being turned into tiles and subscribed to meanwhile.
      const longestWhileJoining = await longestTask(page);
      await startClicking(page, 'Participants');
      await page.waitForTimeout(2_000);
      const latencies = await stopClicking(page);
      await expect(page.locator('[data-banner="stream-limit"]')).toHaveText(
        'This room has more than 500 streams. Only the first 500 are shown; the others are ignored.',
      );
      // One page: as many tiles as the window fits (15 to 25 others, grid-fit.ts), the 500 paged accordingly.
      const pages = page.getByRole('navigation', { name: 'Pages of participants' });
      await expect(pages).toContainText(PAGE_ONE_OF_500);
      expect(await page.locator('[data-tile]').count()).toBeLessThanOrEqual(26);
      const firstPage = await tileNames(page);
      await page.getByRole('button', { name: 'Next participants' }).click();
      await expect(pages).toContainText(/Page 2 of (2\d|3[0-4])\b/);
      const secondPage = await tileNames(page);
      expect(secondPage.length).toBeGreaterThan(0);
      expect(secondPage.filter((name) => firstPage.includes(name))).toEqual([]);
      latencies.push(await clickLatency(page, 'Participants'));
      await saveScreenshot(page, testInfo, `hostile-join-list-${dialect}`);

      const heapAfter = await heapMb(page);
      const longest = Math.max(longestWhileJoining, await longestTask(page));
      const leaveMs = await timeLeave(page);
      const figures = {
        dialect,
        clicks: latencies.length,
        maxLatency: Math.round(Math.max(...latencies)),
        longestTaskMs: Math.round(longest),
        heapBefore,
        heapAfter,
        leaveMs,
      };
      console.log(`join-list flood ${JSON.stringify(figures)}`);
      expect(Math.max(...latencies)).toBeLessThan(CLICK_BUDGET_MS);
      expect(longest).toBeLessThan(CLICK_BUDGET_MS);
      expect(heapAfter - heapBefore).toBeLessThan(HEAP_GROWTH_MB);
      expect(leaveMs).toBeLessThan(LEAVE_BUDGET_MS);
    });

    test(`${FLOOD} onAddStream events: clicks answered while they arrive, Leave in < 2 s`, async ({ page, webHost }) => {
      const controller = await startHostileController(dialect, floodStreams(5));
      await useLabServer(webHost, controller.restUrl, GENERATION[dialect]);
      await installResponsivenessProbe(page);
      await page.goto(webHost.url);
      const heapBefore = await heapMb(page);
      await joinFromHome(page, 'Ada');
      await expect(page.getByRole('heading', { name: `Meeting ${ROOM}` })).toBeVisible({ timeout: 20_000 });
      await expect(page.locator('[data-tile][data-name="Flood 4"]')).toBeVisible();

      await startClicking(page, 'Participants');
      const flooding = (async () => {
        // About 4,000 streams a second for 2.5 s, in chunks so this process can also answer the app's requests.
        for (let from = 5; from < FLOOD + 5; from += FLOOD_CHUNK) {
          for (const stream of floodStreams(FLOOD_CHUNK, from)) controller.send('onAddStream', stream);
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      })();
      await flooding;
      await page.waitForTimeout(1_000); // what the page still has to work through
      const latencies = await stopClicking(page);
      await expect(page.locator('[data-banner="stream-limit"]')).toBeVisible();
      await expect(page.getByRole('navigation', { name: 'Pages of participants' })).toContainText(PAGE_ONE_OF_500);
      expect(await page.locator('[data-tile]').count()).toBeLessThanOrEqual(26);

      const heapAfter = await heapMb(page);
      const longest = await longestTask(page);
      const leaveMs = await timeLeave(page);
      const figures = {
        dialect,
        clicks: latencies.length,
        maxLatency: Math.round(Math.max(...latencies)),
        longestTaskMs: Math.round(longest),
        heapBefore,
        heapAfter,
        leaveMs,
      };
      console.log(`event flood ${JSON.stringify(figures)}`);
      expect(latencies.length).toBeGreaterThan(5);
      expect(Math.max(...latencies)).toBeLessThan(CLICK_BUDGET_MS);
      expect(longest).toBeLessThan(CLICK_BUDGET_MS);
      expect(heapAfter - heapBefore).toBeLessThan(HEAP_GROWTH_MB);
      expect(leaveMs).toBeLessThan(LEAVE_BUDGET_MS);
    });
  });
}
