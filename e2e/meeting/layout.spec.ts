/**
 * The call's layout with a growing room (3 → 9 → 16 participants: the test server's bots join one by one) at three
 * window sizes, on one page: every tile can be scrolled into view and is then inside the window and not clipped by
 * any scrolling or clipping box around it, in the grid and in the stage's filmstrip; three people never leave an empty
 * cell; your own tile is first in the filmstrip; unpinning returns to the grid; the top bar shows the time and count.
 */
import type { Page, TestInfo } from '@playwright/test';
import { ROOM, addServer, expect, expectNoAxeViolations, joinFromHome, saveScreenshot, test, tile } from './fixtures';
import { PREVIEW_LENGTH, TOAST_MS } from '../../renderer/src/features/call/layout/chat-toast.svelte';

const SIZES: Array<[number, number]> = [
  [800, 600],
  [1280, 720],
  [1920, 1080],
];
/** Participants in the room at each step (Ada + the fixture's two bots, then more bots). */
const STEPS = [3, 9, 16];

/** Scrolls each tile into view; returns the tiles that are then outside the window or cut off by a box around them. */
function unreachableTiles(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    for (const element of document.querySelectorAll<HTMLElement>('[data-tile]')) {
      element.scrollIntoView({ block: 'nearest', inline: 'nearest' });
      const box = element.getBoundingClientRect();
      const name = element.dataset['name'] ?? '?';
      const inside = (outer: { left: number; top: number; right: number; bottom: number }) =>
        box.left >= outer.left - 1 && box.top >= outer.top - 1 && box.right <= outer.right + 1 && box.bottom <= outer.bottom + 1;
      if (box.width < 40 || box.height < 20) problems.push(`${name}: too small (${box.width}x${box.height})`);
      if (!inside({ left: 0, top: 0, right: window.innerWidth, bottom: window.innerHeight })) problems.push(`${name}: outside the window`);
      for (let parent = element.parentElement; parent; parent = parent.parentElement) {
        const style = getComputedStyle(parent);
        if (style.overflowX === 'visible' && style.overflowY === 'visible') continue;
        if (!inside(parent.getBoundingClientRect())) problems.push(`${name}: clipped by ${parent.tagName}.${parent.className}`);
      }
    }
    return problems;
  });
}

/** Tiles per row of the grid, and how far the last row's middle is from the grid's middle (0 when centred). */
function gridRows(page: Page): Promise<{ rows: number[]; lastRowOffset: number }> {
  return page.evaluate(() => {
    const grid = document.querySelector('[data-layout="grid"] [role="list"]');
    if (!grid) throw new Error('no grid');
    const boxes = [...grid.querySelectorAll('[data-tile]')].map((t) => t.getBoundingClientRect());
    const tops = [...new Set(boxes.map((b) => Math.round(b.top)))].sort((a, b) => a - b);
    const rows = tops.map((top) => boxes.filter((b) => Math.round(b.top) === top).length);
    const last = boxes.filter((b) => Math.round(b.top) === tops.at(-1));
    const lastMiddle = (Math.min(...last.map((b) => b.left)) + Math.max(...last.map((b) => b.right))) / 2;
    const gridBox = grid.getBoundingClientRect();
    return { rows, lastRowOffset: Math.abs(lastMiddle - (gridBox.left + gridBox.right) / 2) };
  });
}

async function shoot(page: Page, testInfo: TestInfo, name: string) {
  await page.waitForTimeout(300); // let the tiles settle
  await saveScreenshot(page, testInfo, name).catch(() => saveScreenshot(page, testInfo, name));
}

test('layout: 3, 9 and 16 participants at 800×600, 1280×720 and 1920×1080 — every tile reachable, no empty cell, unpin → grid', async ({
  page,
  webHost,
  licode,
}, testInfo) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(webHost.url);
  await addServer(page, licode.restUrl);
  await joinFromHome(page, 'Ada');
  await expect(page.getByRole('heading', { name: `Meeting ${ROOM}` })).toBeVisible({ timeout: 20_000 });
  await expect(page.locator('[data-meeting-clock]')).toHaveText(/\d+:\d\d/);

  let present = 3;
  for (const count of STEPS) {
    for (; present < count; present += 1) await licode.addBot(ROOM);
    await expect(page.locator('[data-tile]')).toHaveCount(count, { timeout: 30_000 });
    await expect(page.getByRole('img', { name: `Participants: ${count}` })).toBeVisible();

    for (const [width, height] of SIZES) {
      const where = `${count} people at ${width}x${height}`;
      await page.setViewportSize({ width, height });
      await expect(page.locator('[data-layout="grid"]')).toBeVisible();
      await expect.poll(() => unreachableTiles(page), { message: `grid, ${where}` }).toEqual([]);
      if (count === 3) {
        const { rows, lastRowOffset } = await gridRows(page);
        expect([[3], [2, 1], [1, 1, 1]], `grid rows, ${where}`).toContainEqual(rows);
        expect(lastRowOffset, `last row centred, ${where}`).toBeLessThan(2);
      }
      if (width === 1280 && count !== 9) await shoot(page, testInfo, `layout-grid-${count}-${width}x${height}`);

      // Pin a bot: the stage, with everyone else in the filmstrip, your own tile first and in view as it opens.
      await page.getByRole('button', { name: 'Pin Bot 1', exact: true }).click();
      const strip = page.getByRole('region', { name: 'Other participants' });
      await expect(strip.locator('[data-tile]')).toHaveCount(count - 1);
      await expect(strip.locator('[data-tile]').first()).toHaveAttribute('data-name', 'Ada');
      await expect(tile(page, 'Ada')).toBeInViewport({ ratio: 0.95 });
      await expect.poll(() => unreachableTiles(page), { message: `stage, ${where}` }).toEqual([]);
      if (count === 16) {
        // More than fit: the forward button scrolls the strip, and the back button comes alive.
        const forward = page.getByRole('button', { name: 'Show more participants' });
        await strip.locator('ul').evaluate((ul) => ul.scrollTo({ left: 0 }));
        await expect(forward).toBeEnabled();
        await forward.click();
        await expect(page.getByRole('button', { name: 'Show earlier participants' })).toBeEnabled();
      }
      if (width === 1280 && count !== 9) await shoot(page, testInfo, `layout-stage-${count}-${width}x${height}`);
      await page.getByRole('button', { name: 'Unpin Bot 1', exact: true }).click();
      await expect(page.locator('[data-layout="grid"]'), `unpin returns to the grid, ${where}`).toBeVisible();
    }
  }

  // axe and the Chinese screenshots once, with the full room on the stage.
  await page.setViewportSize({ width: 1280, height: 720 });
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: 'Pin Bot 1', exact: true }).click();
  // Camera off: your filmstrip tile shows a round avatar, clear of the name tag under it.
  await page.getByRole('button', { name: 'Turn camera off' }).click();
  const avatar = tile(page, 'Ada').locator('.avatar');
  await expect(avatar).toBeVisible();
  const [circle, nameTag] = await Promise.all([avatar.boundingBox(), tile(page, 'Ada').locator('.name-tag').boundingBox()]);
  expect(circle && Math.abs(circle.width - circle.height), 'a circle, not an oval').toBeLessThan(1);
  expect(circle && nameTag && circle.y + circle.height, 'the avatar ends above the name tag').toBeLessThanOrEqual(nameTag?.y ?? 0);
  await expectNoAxeViolations(page);
  await page.getByLabel('Language').selectOption('zh-CN');
  await expect(page.getByRole('img', { name: '参会人数：16' })).toBeVisible();
  await expectNoAxeViolations(page);
  await shoot(page, testInfo, 'layout-stage-16-1280x720-zh-CN');
  await page.getByRole('button', { name: '取消固定 Bot 1', exact: true }).click();
  await shoot(page, testInfo, 'layout-grid-16-1280x720-zh-CN');
});

test('chat toast: a message arriving while the chat is closed is previewed, bounded, opens the chat and hides by itself', async ({
  page,
  webHost,
  licode,
  secondContext,
}, testInfo) => {
  test.setTimeout(90_000);
  await page.goto(webHost.url);
  await addServer(page, licode.restUrl);
  await joinFromHome(page, 'Ada');
  await expect(page.getByRole('heading', { name: `Meeting ${ROOM}` })).toBeVisible({ timeout: 20_000 });
  const grace = await secondContext.newPage();
  await grace.goto(webHost.url);
  await joinFromHome(grace, 'Grace');
  await expect(page.getByRole('img', { name: 'Participants: 4' })).toBeVisible({ timeout: 20_000 });
  await grace.getByRole('button', { name: 'Chat', exact: true }).click();
  const say = async (text: string) => {
    await grace.getByLabel('Message everyone').fill(text);
    await grace.getByLabel('Message everyone').press('Enter');
  };

  const long = `Lunch at noon? ${'la '.repeat(200)}`;
  await say(long);
  const toast = page.locator('[data-chat-toast]');
  await expect(toast).toContainText('Grace');
  const preview = await toast.locator('.preview').textContent();
  expect([...(preview ?? '')].length).toBe(PREVIEW_LENGTH);
  expect(preview?.endsWith('…')).toBe(true);
  const box = await toast.boundingBox();
  expect(box?.height, 'the preview stays two lines').toBeLessThan(120);
  await expectNoAxeViolations(page);
  await saveScreenshot(page, testInfo, 'layout-chat-toast-1280x720').catch(() => undefined);

  // A click opens the chat (focus in its input); messages while it is open raise no toast.
  await toast.getByRole('button', { name: /^Open chat: Grace wrote/ }).click();
  await expect(page.getByLabel('Message everyone')).toBeFocused();
  await expect(toast).toHaveCount(0);
  await say('seen in the panel');
  await expect(page.locator('[data-chat-from="Grace"]').last()).toContainText('seen in the panel');
  await expect(toast).toHaveCount(0);

  // Closed again: the next message is previewed and hides by itself.
  await page.getByRole('button', { name: 'Close panel' }).click();
  await say('back in a minute');
  await expect(toast).toContainText('back in a minute');
  await expect(toast).toHaveCount(0, { timeout: TOAST_MS + 3_000 });
});
