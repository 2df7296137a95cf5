/**
 * "Copy invite" in the call: the clipboard gets plain text with the server and the room plus a licode-desktop://join
 * link that main's strict parser reads back to the same server and room, and the person sees it was copied.
 */
import { parseMeetingLink } from '../../main/links/meeting-link';
import { enterMeeting, expect, expectNoAxeViolations, ROOM, saveScreenshot, test, useLabServer } from './fixtures';

test('Copy invite puts the server, the room and a working meeting link on the clipboard', async ({
  page,
  context,
  webHost,
  licode,
  consoleErrors,
}, testInfo) => {
  test.setTimeout(90_000);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(webHost.url).origin });
  await useLabServer(webHost, licode.restUrl);
  await enterMeeting(page, webHost.url, 'Ada');
  await expect(page.locator('main#main')).toBeFocused();

  const copy = page.getByRole('button', { name: 'Copy invite' });
  const widthBefore = (await copy.boundingBox())?.width;
  await copy.click();
  await expect(page.locator('[data-invite="copied"]')).toHaveText('✓ Invite copied');
  await saveScreenshot(page, testInfo, 'call-invite-copied-1280x720-en');
  const text = await page.evaluate(() => navigator.clipboard.readText());
  const lines = text.split('\n');
  expect(lines.slice(0, 3)).toEqual([`Join the meeting "${ROOM}" in Licode Desktop.`, `Server: ${licode.restUrl}`, `Room: ${ROOM}`]);
  const link = lines[3]?.replace('Open it in Licode Desktop: ', '') ?? '';
  expect(parseMeetingLink(link)).toEqual({ ok: true, link: { server: { kind: 'url', url: licode.restUrl }, room: ROOM } });
  expect(text).not.toMatch(/token|signature|tokenId/i);
  expect((await copy.boundingBox())?.width).toBe(widthBefore);
  await expectNoAxeViolations(page);

  // The toolbar keeps its layout when a toggle's caption changes (Mute ↔ Unmute).
  const mute = page.getByRole('button', { name: 'Mute microphone' });
  const muteWidth = (await mute.boundingBox())?.width;
  const inviteX = (await copy.boundingBox())?.x;
  await mute.click();
  const unmute = page.getByRole('button', { name: 'Unmute microphone' });
  expect((await unmute.boundingBox())?.width).toBe(muteWidth);
  expect((await copy.boundingBox())?.x).toBe(inviteX);

  // In Chinese the invitation is written in Chinese.
  await page.getByLabel('Language').selectOption('zh-CN');
  await page.getByRole('button', { name: '复制邀请' }).click();
  await expect(page.locator('[data-invite="copied"]')).toHaveText('✓ 邀请已复制');
  await saveScreenshot(page, testInfo, 'call-invite-copied-1280x720-zh-CN');
  const chinese = await page.evaluate(() => navigator.clipboard.readText());
  expect(chinese.split('\n').slice(0, 3)).toEqual([`加入 Licode Desktop 会议“${ROOM}”。`, `服务器：${licode.restUrl}`, `房间：${ROOM}`]);
  await expectNoAxeViolations(page);

  // Without clipboard access the invitation is shown, selected, to copy by hand, with a clear message.
  await page.evaluate(() => {
    navigator.clipboard.writeText = () => Promise.reject(new DOMException('Write permission denied.', 'NotAllowedError'));
  });
  await page.getByRole('button', { name: '复制邀请' }).click();
  const failed = page.getByRole('alert').filter({ hasText: '无法复制邀请' });
  await expect(failed).toBeVisible();
  await expect(failed.getByRole('textbox')).toHaveValue(chinese);
  await expect(failed.getByRole('textbox')).toBeFocused();
  await expectNoAxeViolations(page);
  await saveScreenshot(page, testInfo, 'call-invite-copy-failed-1280x720-zh-CN');
  await failed.getByRole('button', { name: '关闭' }).click();
  await expect(failed).toHaveCount(0);
  expect(consoleErrors).toEqual([]);
});
