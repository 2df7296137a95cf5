import { expect, expectNoAxeViolations, saveScreenshot, test } from './fixtures';

test.describe('first run in the web host', () => {
  test('shows the add-server screen with no console errors and no axe violations', async ({ page, webHost, consoleErrors }, testInfo) => {
    await page.goto(webHost.url);
    await expect(page.getByRole('heading', { name: 'Add a Licode server' })).toBeVisible();
    await expect(page.getByLabel('Server URL')).toBeVisible();
    await expect(page.getByLabel('Licode version')).toHaveValue('auto');
    await expect(page.getByLabel('Default role')).toHaveValue('presenter');
    await expect(page.getByLabel('Allow a self-signed certificate')).not.toBeChecked();
    await expectNoAxeViolations(page);
    await saveScreenshot(page, testInfo, 'first-run-1280x720-en');
    expect(consoleErrors).toEqual([]);
  });

  test('explains invalid fields and focuses the first one', async ({ page, webHost, consoleErrors }) => {
    await page.goto(webHost.url);
    await page.getByLabel('Server URL').fill('ftp://licode.example.com');
    await page.getByRole('button', { name: 'Test and save' }).click();
    await expect(page.getByText('Enter a name for this server.')).toBeVisible();
    await expect(page.getByText('Enter a full http:// or https:// address')).toBeVisible();
    await expect(page.getByLabel('Name')).toBeFocused();
    await expect(page.getByLabel('Name')).toHaveAttribute('aria-invalid', 'true');
    await expectNoAxeViolations(page);
    expect(webHost.config.get().profiles).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });

  test('switches to Simplified Chinese at run time and remembers it', async ({ page, webHost, consoleErrors }, testInfo) => {
    await page.goto(webHost.url);
    await page.getByLabel('Language').selectOption('zh-CN');
    await expect(page.getByRole('heading', { name: '添加 Licode 服务器' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
    await expectNoAxeViolations(page);
    await saveScreenshot(page, testInfo, 'first-run-1280x720-zh-CN');
    await expect.poll(() => webHost.config.get().language).toBe('zh-CN');
    await page.reload();
    await expect(page.getByRole('heading', { name: '添加 Licode 服务器' })).toBeVisible();
    expect(consoleErrors).toEqual([]);
  });

  test('fits an 800x600 window', async ({ page, webHost, consoleErrors }, testInfo) => {
    await page.setViewportSize({ width: 800, height: 600 });
    await page.goto(webHost.url);
    await expect(page.getByRole('heading', { name: 'Add a Licode server' })).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBe(0);
    await expectNoAxeViolations(page);
    await saveScreenshot(page, testInfo, 'first-run-800x600-en');
    expect(consoleErrors).toEqual([]);
  });
});

test.describe('a damaged settings file', () => {
  test.use({ userDataFiles: { 'config.json': '{"version": 2, "language": "en", "profiles": [' } });

  test('is kept aside and the user is told', async ({ page, webHost, consoleErrors }) => {
    await page.goto(webHost.url);
    await expect(page.getByText('Your settings file was damaged')).toBeVisible();
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Dismiss' }).click();
    await expect(page.getByText('Your settings file was damaged')).toBeHidden();
    expect(consoleErrors).toEqual([]);
  });
});

test.describe('host events and keyboard use', () => {
  test('follows settings changed by the host (config:changed event)', async ({ page, webHost, consoleErrors }) => {
    await page.goto(webHost.url);
    await expect(page.getByRole('heading', { name: 'Add a Licode server' })).toBeVisible();
    await webHost.config.update((c) => ({ ...c, language: 'zh-CN' }));
    await expect(page.getByRole('heading', { name: '添加 Licode 服务器' })).toBeVisible();
    expect(consoleErrors).toEqual([]);
  });

  test('adds a server with the keyboard only', async ({ page, webHost, tokenServer, consoleErrors }) => {
    await page.goto(webHost.url);
    await expect(page.getByRole('heading', { name: 'Add a Licode server' })).toBeVisible();
    // The skip link comes first, then the language switcher, then the form.
    await page.keyboard.press('Tab');
    await expect(page.getByRole('link', { name: 'Skip to main content' })).toBeFocused();
    const name = page.getByLabel('Name', { exact: true });
    for (let i = 0; i < 5 && !(await name.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
    await expect(name).toBeFocused();
    await page.keyboard.type('Keyboard lab');
    await page.keyboard.press('Tab');
    await page.keyboard.type(tokenServer.url);
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { name: 'Join a meeting' })).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: 'Server "Keyboard lab" saved.' })).toBeAttached();
    expect(webHost.config.get().profiles.map((p) => p.name)).toEqual(['Keyboard lab']);
    expect(consoleErrors).toEqual([]);
  });
});
