import { announcements, enterMeeting, expect, expectMovingVideo, recordAnnouncements, test, useLabServer } from './fixtures';

// Issue 9, defect 5: after a rejoin the others heard "<name> left." although that person was back. A controller
// restart makes everyone rejoin on new streams; the synthetic participants do not come back (the restarted server
// forgets them), so their departure is real and must still be announced.

test('after a controller restart nobody "left" who came back; the participants who are really gone did', async ({
  page,
  webHost,
  licode,
  admin,
  secondContext,
}) => {
  test.setTimeout(150_000);
  await recordAnnouncements(page);
  await useLabServer(webHost, licode.restUrl);
  await enterMeeting(page, webHost.url, 'Ada');
  const grace = await secondContext.newPage();
  await enterMeeting(grace, webHost.url, 'Grace');
  await expectMovingVideo(page, 'Grace');
  await expect.poll(() => announcements(page)).toContain('Grace joined.');
  const before = (await announcements(page)).length;

  await admin.restart();
  const restartedAt = Date.now();
  // Grace is back on a new stream (her old one is gone from the server); Ada sees her move again.
  await expect
    .poll(async () => (await admin.streams()).filter((s) => (s.attributes as { name?: string } | undefined)?.name === 'Grace').length, { timeout: 30_000 })
    .toBe(1);
  await expectMovingVideo(page, 'Grace', 40_000);
  // Past the rejoin window (10 s) from the moment the old streams could have been removed.
  await page.waitForTimeout(Math.max(0, restartedAt + 14_000 - Date.now()));
  await expect.poll(async () => (await announcements(page)).slice(before), { timeout: 15_000 }).toEqual(expect.arrayContaining(['Bot 1 left.', 'Bot 2 left.']));
  const after = (await announcements(page)).slice(before);
  expect(after).not.toContain('Grace left.');
  expect(after).not.toContain('Grace joined.');
});
