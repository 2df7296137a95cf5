import type { Page } from '@playwright/test';
import { expect, expectNoAxeViolations, saveScreenshot, test } from './fixtures';

async function fillServer(page: Page, name: string, url: string) {
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Server URL').fill(url);
}

test.describe('server setup', () => {
  test('adds a server after testing it live, then shows the join screen', async ({ page, webHost, tokenServer, consoleErrors }, testInfo) => {
    await page.goto(webHost.url);
    await fillServer(page, 'Lab server', tokenServer.url);
    await page.getByLabel('Default role').selectOption('viewer');
    await page.getByRole('button', { name: 'Test and save' }).click();

    await expect(page.getByRole('heading', { name: 'Join a meeting' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Use Lab server' })).toHaveAttribute('aria-current', 'true');
    expect(tokenServer.requests).toEqual([{ username: 'Licode Desktop connection test', role: 'viewer', room: 'basicExampleRoom' }]);
    expect(webHost.config.get().profiles).toMatchObject([
      { name: 'Lab server', serverUrl: tokenServer.url, defaultRole: 'viewer', generation: 'auto', allowSelfSigned: false },
    ]);
    await expectNoAxeViolations(page);
    await saveScreenshot(page, testInfo, 'home-1280x720-en');
    expect(consoleErrors).toEqual([]);
  });

  const failures = [
    { name: 'unreachable', setUp: async (url: string) => url.replace(/:\d+$/, ':9'), text: 'The server could not be reached' },
    { name: 'not a Licode server', mode: 'html' as const, text: 'it is not a Licode token server' },
    { name: 'token refused', mode: 'refuse' as const, text: 'The server refused to issue a token (HTTP 401)' },
  ];
  for (const failure of failures) {
    test(`explains "${failure.name}" and saves nothing unless asked`, async ({ page, webHost, tokenServer, consoleErrors }, testInfo) => {
      if (failure.mode) tokenServer.mode = failure.mode;
      const url = failure.setUp ? await failure.setUp(tokenServer.url) : tokenServer.url;
      await page.goto(webHost.url);
      await fillServer(page, 'Broken', url);
      await page.getByRole('button', { name: 'Test and save' }).click();
      await expect(page.getByRole('alert')).toContainText(failure.text);
      expect(webHost.config.get().profiles).toEqual([]);
      await expectNoAxeViolations(page);
      await saveScreenshot(page, testInfo, `server-error-${failure.name.replaceAll(' ', '-')}-en`);
      await page.getByRole('button', { name: 'Save without testing' }).click();
      await expect(page.getByRole('heading', { name: 'Join a meeting' })).toBeVisible();
      expect(webHost.config.get().profiles.map((p) => p.serverUrl)).toEqual([url]);
      expect(consoleErrors).toEqual([]);
    });
  }

  test('shows the token-refused error in Chinese too', async ({ page, webHost, tokenServer, consoleErrors }, testInfo) => {
    tokenServer.mode = 'refuse';
    await webHost.config.update((c) => ({ ...c, language: 'zh-CN' }));
    await page.goto(webHost.url);
    await page.getByLabel('名称').fill('实验室');
    await page.getByLabel('服务器地址').fill(tokenServer.url);
    await page.getByRole('button', { name: '测试并保存' }).click();
    await expect(page.getByRole('alert')).toContainText('服务器拒绝签发令牌（HTTP 401）');
    await expectNoAxeViolations(page);
    await saveScreenshot(page, testInfo, 'server-error-token-refused-zh-CN');
    expect(consoleErrors).toEqual([]);
  });

  test('edits and removes profiles', async ({ page, webHost, tokenServer, savedProfile, consoleErrors }, testInfo) => {
    await page.goto(webHost.url);
    await page.getByRole('button', { name: `Edit ${savedProfile.name}` }).click();
    await expect(page.getByLabel('Server URL')).toHaveValue(tokenServer.url);
    await page.getByLabel('Name', { exact: true }).fill('Renamed lab');
    await page.getByLabel('Licode version').selectOption('C');
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Test and save' }).click();
    await expect(page.getByRole('button', { name: 'Use Renamed lab' })).toBeVisible();
    expect(webHost.config.get().profiles).toMatchObject([{ id: savedProfile.id, name: 'Renamed lab', generation: 'C' }]);

    await page.getByRole('button', { name: 'Add server' }).click();
    await fillServer(page, 'Second', tokenServer.url);
    await page.getByRole('button', { name: 'Test and save' }).click();
    await expect(page.getByRole('button', { name: 'Use Second' })).toHaveAttribute('aria-current', 'true');

    await page.getByRole('button', { name: 'Remove Renamed lab' }).click();
    await expect(page.getByRole('alert')).toContainText('Remove "Renamed lab"?');
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Remove', exact: true }).click();
    await expect(page.getByRole('button', { name: 'Use Renamed lab' })).toBeHidden();
    expect(webHost.config.get().profiles.map((p) => p.name)).toEqual(['Second']);

    await page.getByRole('button', { name: 'Remove Second' }).click();
    await page.getByRole('button', { name: 'Remove', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'Add a Licode server' })).toBeVisible();
    await saveScreenshot(page, testInfo, 'after-removing-all-servers');
    expect(consoleErrors).toEqual([]);
  });

  test('home screen in Chinese and at 800x600', async ({ page, webHost, savedProfile, consoleErrors }, testInfo) => {
    await webHost.config.update((c) => ({
      ...c,
      recentRooms: [
        { profileId: savedProfile.id, room: 'weekly-sync', lastJoinedAt: new Date(Date.now() - 3 * 3600_000).toISOString() },
        { profileId: savedProfile.id, room: 'design review', lastJoinedAt: new Date(Date.now() - 2 * 86400_000).toISOString() },
      ],
    }));
    await page.setViewportSize({ width: 800, height: 600 });
    await page.goto(webHost.url);
    await expect(page.getByRole('button', { name: 'Join weekly-sync' })).toBeVisible();
    await expectNoAxeViolations(page);
    await saveScreenshot(page, testInfo, 'home-800x600-en');
    await page.getByLabel('Language').selectOption('zh-CN');
    await expect(page.getByRole('heading', { name: '加入会议' })).toBeVisible();
    await expectNoAxeViolations(page);
    await saveScreenshot(page, testInfo, 'home-800x600-zh-CN');
    await page.setViewportSize({ width: 1280, height: 720 });
    await saveScreenshot(page, testInfo, 'home-1280x720-zh-CN');
    expect(consoleErrors).toEqual([]);
  });

  test('asks for a room name before continuing', async ({ page, webHost, savedProfile, consoleErrors }) => {
    await page.goto(webHost.url);
    await expect(page.getByText(savedProfile.name).first()).toBeVisible();
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(page.getByText('Enter a room name.')).toBeVisible();
    await expect(page.getByLabel('Room name')).toBeFocused();
    expect(consoleErrors).toEqual([]);
  });
});
