import type { Page, TestInfo } from '@playwright/test';
import { enterMeeting, expect, expectNoAxeViolations, saveScreenshot, test, tile, useLabServer } from './fixtures';
import type { AdminClient } from '../server/admin-client';

// Issue 15: raise hand (a stream attribute) and reactions (data messages), between two people in the app, in both
// dialects; a hostile data message injected by the test server is ignored without errors.

const handOf = (viewer: Page, name: string) => tile(viewer, name).locator('[data-indicator="hand"]');
const reactionsOver = (viewer: Page, name: string, emoji: string) => tile(viewer, name).locator(`[data-reaction="${emoji}"]`);
const queue = (viewer: Page) => viewer.locator('[data-hand-queue] li');
/** The names in the raised-hand queue, in its order. */
const queued = (viewer: Page) => queue(viewer).evaluateAll((items) => items.map((item) => item.getAttribute('data-hand')));

async function streamOf(admin: AdminClient, name: string) {
  let found: { id: unknown; owner: string } | undefined;
  await expect
    .poll(async () => {
      found = (await admin.streams()).find((s) => (s.attributes as { name?: string } | undefined)?.name === name) as typeof found;
      return !!found;
    })
    .toBe(true);
  return found!;
}

async function shoot(page: Page, testInfo: TestInfo, name: string) {
  // Other runs may clear test-results/ meanwhile: one retry re-creates the folder.
  await saveScreenshot(page, testInfo, name).catch(() => saveScreenshot(page, testInfo, name));
}

for (const dialect of ['C', 'A'] as const) {
  test.describe(`hands and reactions, dialect ${dialect}`, () => {
    test.use({ dialect });
    const full = dialect === 'C'; // axe, screenshots and Chinese once; behaviour in both dialects

    test('a raised hand and a reaction reach the other participant; hostile data is ignored', async ({
      page,
      webHost,
      licode,
      admin,
      secondContext,
      consoleErrors,
    }, testInfo) => {
      test.setTimeout(90_000);
      await useLabServer(webHost, licode.restUrl);
      await enterMeeting(page, webHost.url, 'Ada');
      const grace = await secondContext.newPage();
      const graceErrors: string[] = [];
      grace.on('pageerror', (error) => graceErrors.push(error.message));
      grace.on('console', (message) => {
        if (message.type() === 'error') graceErrors.push(message.text());
      });
      await enterMeeting(grace, webHost.url, 'Grace');
      await expect(tile(grace, 'Ada')).toBeVisible({ timeout: 20_000 });
      await expect(tile(page, 'Grace')).toBeVisible({ timeout: 20_000 });

      // Ada raises her hand (dialect A by the H shortcut, C by the button): Grace sees the badge and the queue entry.
      if (dialect === 'A') await page.locator('body').press('h');
      else await page.getByRole('button', { name: 'Raise hand' }).click();
      await expect(page.getByRole('button', { name: 'Lower hand' })).toBeVisible();
      await expect(handOf(page, 'Ada')).toBeVisible();
      await expect(handOf(grace, 'Ada')).toBeVisible({ timeout: 5_000 });
      await grace.locator('body').press('p'); // the participant list
      await expect.poll(() => queued(grace)).toEqual(['Ada']);

      // Grace raises hers after Ada: both see the queue in the order the hands went up.
      await grace.getByRole('button', { name: 'Raise hand' }).click();
      await expect.poll(() => queued(grace)).toEqual(['Ada', 'Grace']);
      await page.locator('body').press('p');
      await expect.poll(() => queued(page), { timeout: 5_000 }).toEqual(['Ada', 'Grace']);

      // Ada reacts: the reaction floats over Ada's tile for her and for Grace, for about 3 s.
      await page.getByRole('button', { name: 'Reactions' }).click();
      await expect(page.getByRole('button', { name: 'Send thumbs up' })).toBeFocused();
      await page.keyboard.press('ArrowRight'); // keyboard reachable: the second emoji, the heart
      await page.keyboard.press('Enter');
      await expect(reactionsOver(page, 'Ada', '❤️')).toHaveCount(1);
      await expect(reactionsOver(grace, 'Ada', '❤️')).toHaveCount(1, { timeout: 5_000 });
      if (full) {
        // Pictures while the reaction floats (3 s), then axe.
        await shoot(grace, testInfo, 'hands-reactions-receiver');
        await shoot(page, testInfo, 'hands-reactions-picker');
        await expectNoAxeViolations(grace);
        await expectNoAxeViolations(page);
      }
      await expect(reactionsOver(grace, 'Ada', '❤️')).toHaveCount(0, { timeout: 5_000 });
      await page.keyboard.press('Escape');
      await expect(page.getByRole('toolbar', { name: 'Send a reaction' })).toBeHidden();
      await expect(page.getByRole('button', { name: 'Reactions' })).toBeFocused();

      // Ada lowers her hand: gone everywhere.
      await page.getByRole('button', { name: 'Lower hand' }).click();
      await expect(handOf(grace, 'Ada')).toHaveCount(0, { timeout: 5_000 });
      await expect.poll(() => queued(grace)).toEqual(['Grace']);
      await expect.poll(() => queued(page)).toEqual(['Grace']);

      // Hostile data "from Ada's stream", injected by the server straight to Grace: junk is ignored, a flood of
      // well-formed reactions shows at most five at a time, and nothing throws.
      const ada = await streamOf(admin, 'Ada');
      const graceClient = (await streamOf(admin, 'Grace')).owner;
      const inject = (msg: unknown, id: unknown = ada.id) => admin.sendToClient(graceClient, 'onDataStream', [{ id, msg }], dialect === 'C');
      const junk: unknown[] = [
        'licode-desktop/reaction',
        null,
        { type: 'licode-desktop/reaction', v: 1, emoji: '<img src=x onerror=alert(1)>' },
        { type: 'licode-desktop/reaction', v: 1, emoji: '💩' },
        { type: 'licode-desktop/reaction', v: 2, emoji: '👍' },
        { type: 'licode-desktop/reaction', v: 1, emoji: '👍'.repeat(5_000) },
        { type: 'licode-desktop/reaction', v: 1, emoji: { toString: null } },
      ];
      for (const msg of junk) await inject(msg);
      await inject({ type: 'licode-desktop/reaction', v: 1, emoji: '👍' }, 4242); // a stream nobody has
      for (let i = 0; i < 20; i++) await inject({ type: 'licode-desktop/reaction', v: 1, emoji: '🎉' });
      await expect(reactionsOver(grace, 'Ada', '🎉')).toHaveCount(5, { timeout: 5_000 });
      await expect(tile(grace, 'Ada').locator('[data-reaction]:not([data-reaction="🎉"])')).toHaveCount(0);
      await expect(reactionsOver(grace, 'Ada', '🎉')).toHaveCount(0, { timeout: 5_000 });
      // Still working afterwards.
      await page.getByRole('button', { name: 'Reactions' }).click();
      await page.getByRole('button', { name: 'Send applause' }).click();
      await expect(reactionsOver(grace, 'Ada', '👏')).toHaveCount(1, { timeout: 5_000 });

      if (full) {
        // Reduced motion: the reaction does not move, it only shows.
        await grace.emulateMedia({ reducedMotion: 'reduce' });
        await page.getByRole('button', { name: 'Send surprised' }).click();
        await expect(reactionsOver(grace, 'Ada', '😮')).toHaveCount(1, { timeout: 5_000 });
        expect(await reactionsOver(grace, 'Ada', '😮').evaluate((el) => getComputedStyle(el).animationName)).toBe('none');
        // Chinese once: Grace's view with her hand up and Ada's picker.
        await grace.getByLabel('Language').selectOption('zh-CN');
        await expect(grace.getByRole('button', { name: '放下手' })).toBeVisible();
        await expect(grace.getByRole('heading', { name: '举手的人（1）' })).toBeVisible();
        await expectNoAxeViolations(grace);
        await shoot(grace, testInfo, 'hands-reactions-zh-CN');
      }

      // Grace leaves: her hand leaves Ada's queue and tile with her.
      await grace.getByRole('button', { name: full ? '离开' : 'Leave' }).click();
      await expect(queue(page)).toHaveCount(0, { timeout: 35_000 });
      expect(consoleErrors).toEqual([]);
      expect(graceErrors).toEqual([]);
    });
  });
}
