import { startDemoRoom } from '../../scripts/demo/demo-room';
import { expect, expectMovingVideo, test } from './fixtures';

test('out of the box: the demo room is offered on the home screen and shows two moving synthetic participants', async ({ page, webHost, consoleErrors }) => {
  test.setTimeout(90_000);
  // What `npm start` does when no server is configured (scripts/web-host.ts).
  const demo = await startDemoRoom(webHost.config, { restPort: 0 });
  try {
    await page.goto(webHost.url);
    await page.getByRole('button', { name: 'Try the demo room' }).click();
    await page.getByLabel('Your name').fill('Newcomer');
    await page.getByRole('button', { name: 'Join now' }).click();
    await expect(page.getByRole('heading', { name: 'Meeting demo' })).toBeVisible({ timeout: 20_000 });
    await expectMovingVideo(page, 'Bot 1');
    await expectMovingVideo(page, 'Bot 2');
    await page.getByRole('button', { name: 'Leave' }).click();
    await expect(page.getByRole('heading', { name: 'Join a meeting' })).toBeVisible();
    expect(consoleErrors).toEqual([]);
  } finally {
    await demo.close();
  }
});
