/**
 * First run with the demo room, as `npm start` sets it up (scripts/web-host.ts): Home explains what the demo is and
 * offers it with one button; recent rooms list only rooms really joined — none on a fresh config, the demo room after
 * a join that connected.
 */
import { startDemoRoom, type DemoRoom } from '../../scripts/demo/demo-room';
import { expect, expectNoAxeViolations, saveScreenshot, test } from './fixtures';

let demo: DemoRoom | undefined;
test.afterEach(async () => {
  await demo?.close();
  demo = undefined;
});

test('Home explains the demo room in both languages and lists no recent room on a fresh config', async ({ page, webHost, consoleErrors }, testInfo) => {
  demo = await startDemoRoom(webHost.config, { restPort: 0 });
  expect(webHost.config.get().recentRooms).toEqual([]);
  await page.goto(webHost.url);

  const demoCard = page.getByRole('region', { name: 'New here? Try the demo room' });
  await expect(demoCard).toContainText('A Licode-compatible test room running on this computer, with two synthetic participants');
  await expect(demoCard.getByRole('button', { name: 'Try the demo room' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Recent rooms' })).toContainText('Rooms you join will appear here.');
  await expect(page.getByText(/Last joined/)).toHaveCount(0);
  await expectNoAxeViolations(page);
  await saveScreenshot(page, testInfo, 'home-first-run-demo-1280x720-en');

  await page.getByLabel('Language').selectOption('zh-CN');
  const demoCardZh = page.getByRole('region', { name: '第一次使用？试试演示房间' });
  await expect(demoCardZh).toContainText('在本机运行、与 Licode 兼容的测试房间');
  await expect(demoCardZh.getByRole('button', { name: '试用演示房间' })).toBeVisible();
  await expect(page.getByRole('region', { name: '最近的房间' })).toContainText('您加入过的房间会显示在这里。');
  await expectNoAxeViolations(page);
  await saveScreenshot(page, testInfo, 'home-first-run-demo-1280x720-zh-CN');
  await page.setViewportSize({ width: 800, height: 600 });
  await expectNoAxeViolations(page);
  await saveScreenshot(page, testInfo, 'home-first-run-demo-800x600-zh-CN');
  expect(consoleErrors).toEqual([]);
});

test('one button opens the demo room; it becomes a recent room only once the call connected', async ({ page, webHost, consoleErrors }) => {
  test.setTimeout(90_000);
  demo = await startDemoRoom(webHost.config, { restPort: 0 });
  await page.goto(webHost.url);
  await page.getByRole('button', { name: 'Try the demo room' }).click();

  await expect(page.getByRole('heading', { name: 'Get ready to join' })).toBeVisible();
  await expect(page.getByText('Room demo on Local demo')).toBeVisible();
  // Focus starts on the first thing to do here, not on the page body.
  await expect(page.getByLabel('Your name')).toBeFocused();
  await page.getByLabel('Your name').fill('Newcomer');
  await page.getByRole('button', { name: 'Join now' }).click();
  await expect(page.getByRole('heading', { name: 'Meeting demo' })).toBeVisible({ timeout: 20_000 });
  await expect(page.locator('main#main')).toBeFocused();
  await expect(page.locator('[data-tile][data-name="Bot 1"]')).toBeVisible({ timeout: 20_000 });
  await expect.poll(() => webHost.config.get().recentRooms.map((r) => [r.profileId, r.room])).toEqual([['local-demo', 'demo']]);

  await page.getByRole('button', { name: 'Leave' }).click();
  const recent = page.getByRole('region', { name: 'Recent rooms' });
  await expect(recent.getByRole('button', { name: 'Join demo' })).toContainText('Last joined');
  expect(consoleErrors).toEqual([]);
});
