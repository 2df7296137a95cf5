/** "Export logs" in the web host: the export is written next to the web host's log and the page says where. */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, expectNoAxeViolations, test } from './fixtures';

test('Export logs writes the redacted logs and says where they are', async ({ page, webHost, savedProfile, userDataDir, consoleErrors }) => {
  expect(savedProfile.id).toBe('lab');
  await page.goto(webHost.url);
  await page.getByRole('button', { name: 'Export logs' }).click();
  const status = page.getByRole('status').filter({ hasText: 'Logs saved to' });
  await expect(status).toContainText(join(userDataDir, 'logs', 'licode-desktop-logs-'));
  const exported = (await readdir(join(userDataDir, 'logs'))).filter((name) => name.startsWith('licode-desktop-logs-'));
  expect(exported).toHaveLength(1);
  await expectNoAxeViolations(page);
  expect(consoleErrors).toEqual([]);
});
