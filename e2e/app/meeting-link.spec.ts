/**
 * Meeting links in the web host (?link=<licode-desktop URL> stands in for the OS handing the link to the app): an
 * unknown server is only added after the person confirms, a saved one goes straight to pre-join, a hostile link is
 * refused with a reason. Joining always takes the pre-join screen's own click.
 */
import { expect, expectNoAxeViolations, saveScreenshot, test } from './fixtures';

const linkTo = (server: string, room: string, extra = '') =>
  `licode-desktop://join?server=${encodeURIComponent(server)}&room=${encodeURIComponent(room)}${extra}`;
const pageWith = (hostUrl: string, link: string) => `${hostUrl}?link=${encodeURIComponent(link)}`;

test.describe('meeting links', () => {
  test('an unknown server is confirmed, tested, added, and the room opens in pre-join', async ({ page, webHost, tokenServer, consoleErrors }, testInfo) => {
    await page.goto(pageWith(webHost.url, linkTo(tokenServer.url, 'design review', '&name=Ada')));
    const dialog = page.getByRole('dialog', { name: 'Join a meeting from a link' });
    const host = new URL(tokenServer.url).host;
    await expect(dialog.getByText(`Add ${host} and join design review?`)).toBeVisible();
    await expect(dialog.getByText('The link suggests the name Ada.')).toBeVisible();
    await expect(dialog).toBeFocused();
    await expectNoAxeViolations(page);
    await saveScreenshot(page, testInfo, 'meeting-link-confirm-en');
    // Nothing is saved or requested before the person says yes.
    expect(webHost.config.get().profiles).toEqual([]);
    expect(tokenServer.requests).toHaveLength(0);

    await dialog.getByRole('button', { name: 'Add server and continue' }).click();
    await expect(page.getByRole('heading', { name: 'Get ready to join' })).toBeVisible();
    await expect(dialog).toBeHidden();
    await expect(page.getByText('design review')).toBeVisible();
    const config = webHost.config.get();
    expect(config.profiles).toEqual([expect.objectContaining({ name: host, serverUrl: tokenServer.url, defaultRole: 'presenter', allowSelfSigned: false })]);
    expect(config.displayName).toBe('Ada');
    expect(page.url()).not.toContain('link=');
    expect(consoleErrors).toEqual([]);
  });

  test('cancelling adds nothing', async ({ page, webHost, tokenServer, consoleErrors }) => {
    await page.goto(pageWith(webHost.url, linkTo(tokenServer.url, 'standup')));
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect(page.getByRole('dialog')).toBeHidden();
    await expect(page.getByRole('heading', { name: 'Add a Licode server' })).toBeVisible();
    expect(webHost.config.get().profiles).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });

  test('a saved server (by URL or by name) goes straight to pre-join without asking', async ({ page, webHost, savedProfile, consoleErrors }) => {
    await page.goto(pageWith(webHost.url, linkTo(savedProfile.serverUrl, 'standup')));
    await expect(page.getByRole('heading', { name: 'Get ready to join' })).toBeVisible();
    await expect(page.getByRole('dialog')).toHaveCount(0);
    await page.goto(pageWith(webHost.url, linkTo(savedProfile.name, 'retro')));
    await expect(page.getByRole('heading', { name: 'Get ready to join' })).toBeVisible();
    await expect(page.getByText('retro')).toBeVisible();
    expect(webHost.config.get().profiles).toHaveLength(1);
    expect(consoleErrors).toEqual([]);
  });

  test('a hostile link is refused with the reason, in Chinese too', async ({ page, webHost, tokenServer }) => {
    await page.goto(pageWith(webHost.url, linkTo(tokenServer.url, 'standup', '&token=eyJhbGciOi')));
    const dialog = page.getByRole('dialog', { name: 'This meeting link cannot be opened' });
    await expect(dialog.getByRole('alert')).toContainText('The link has parts other than server, room and name.');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect(dialog).toBeHidden();

    await page.getByLabel('Language').selectOption('zh-CN');
    // Saved by the host before the next link reloads the page (else the page may load before the write and in English).
    await expect.poll(() => webHost.config.get().language).toBe('zh-CN');
    await page.goto(pageWith(webHost.url, `${linkTo(tokenServer.url, 'standup')}#x`));
    await expect(page.getByRole('dialog', { name: '无法打开此会议链接' }).getByRole('alert')).toContainText('链接包含 # 部分，会议链接不会包含此部分。');
    expect(webHost.config.get().profiles).toEqual([]);
  });
});
