/**
 * A settings file the app cannot use does not stop it: it starts, says what happened and where the file is, in the
 * user's language, and the file is kept.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, expectNoAxeViolations, saveScreenshot, test } from './fixtures';

const profile = (id: string, serverUrl: string) => ({
  id,
  name: `Server ${id}`,
  serverUrl,
  generation: 'auto',
  defaultRole: 'presenter',
  allowSelfSigned: false,
});

test.describe('a settings file with one bad profile', () => {
  test.use({
    userDataFiles: {
      'config.json': JSON.stringify({
        version: 2,
        language: 'en',
        profiles: [profile('good', 'http://127.0.0.1:3001'), profile('bad', 'ftp://127.0.0.1')],
        activeProfileId: 'good',
        recentRooms: [],
        preferredDevices: {},
        displayName: 'Ada',
        joinWithCamera: true,
        joinWithMicrophone: true,
      }),
    },
  });

  test('keeps the rest, says how many entries were dropped and where the original is', async ({ page, webHost, userDataDir, consoleErrors }, testInfo) => {
    await page.goto(webHost.url);
    const notice = page.getByRole('status').filter({ hasText: 'Some entries in your settings file could not be read and were left out' });
    await expect(notice).toContainText('(1 in all)');
    const backup = (await readdir(userDataDir)).find((name) => name.startsWith('config.invalid-'));
    expect(backup).toBeTruthy();
    await expect(notice).toContainText(backup!);
    expect(webHost.config.get().profiles.map((p) => p.id)).toEqual(['good']);
    await expectNoAxeViolations(page);
    await saveScreenshot(page, testInfo, 'config-notice-entries-dropped-en');
    expect(consoleErrors).toEqual([]);
  });
});

test.describe('a settings file that is a FIFO', () => {
  test.use({
    userDataDir: async ({}, use) => {
      const dir = await mkdtemp(join(tmpdir(), 'licode-e2e-'));
      execFileSync('mkfifo', [join(dir, 'config.json')]);
      await use(dir);
      await rm(dir, { recursive: true, force: true });
    },
  });

  test('starts with defaults (no hang) and names the file, in English and Chinese', async ({ page, webHost, userDataDir, consoleErrors }, testInfo) => {
    await page.goto(webHost.url);
    const path = join(userDataDir, 'config.json');
    await expect(page.getByRole('heading', { name: 'Add a Licode server' })).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: 'is not a regular file' })).toContainText(path);
    await page.getByLabel('Language').selectOption('zh-CN');
    await expect(page.getByRole('status').filter({ hasText: '不是普通文件' })).toContainText(path);
    await expectNoAxeViolations(page);
    await saveScreenshot(page, testInfo, 'config-notice-unreadable-zh-CN');
    expect(consoleErrors).toEqual([]);
  });
});
