import AxeBuilder from '@axe-core/playwright';
import type { Page, TestInfo } from '@playwright/test';
import { announcements, enterMeeting, expect, recordAnnouncements, ROOM, saveScreenshot, test, useLabServer } from './fixtures';
import type { AdminClient } from '../server/admin-client';

// Issue 15: recording with Licode's own requests (startRecorder / stopRecorder), in both dialects. A presenter records
// every stream of the room — one published while recording too — and the test server sees each recording; everyone
// sees the indicator, a late joiner as well; a viewer gets no Record control; stopping ends every recording.

const indicator = (page: Page) => page.locator('[data-recording-indicator]');

/** The media streams of the meeting's room as the server has them. */
async function roomStreams(admin: AdminClient): Promise<number[]> {
  const room = (await admin.rooms()).find((r) => r.name === ROOM);
  return (room?.streams ?? []).filter((s) => s.kind === 'erizo' && s.ready).map((s) => s.id as number);
}

/** Stream ids of the recordings the server runs now. */
async function recorded(admin: AdminClient): Promise<number[]> {
  return (await admin.recordings())
    .filter((r) => r.active)
    .map((r) => r.streamId)
    .sort();
}

/** axe (the WCAG rules of expectNoAxeViolations) on the recording indicator and the control bar with the Record control. */
async function expectAxeCleanRecordingParts(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page })
    .include('[data-recording-indicator]')
    .include('section.bar')
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    .analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

async function shoot(page: Page, testInfo: TestInfo, name: string) {
  // Other runs may clear test-results/ meanwhile: one retry re-creates the folder.
  await saveScreenshot(page, testInfo, name).catch(() => saveScreenshot(page, testInfo, name));
}

for (const dialect of ['C', 'A'] as const) {
  test.describe(`recording, dialect ${dialect}`, () => {
    test.use({ dialect });
    const full = dialect === 'C'; // axe, screenshots and Chinese once; behaviour in both dialects

    test('a presenter records every stream, the server sees it, everyone sees the indicator, a viewer cannot record', async ({
      page,
      webHost,
      licode,
      admin,
      secondContext,
      browser,
      consoleErrors,
    }, testInfo) => {
      test.setTimeout(180_000);
      await useLabServer(webHost, licode.restUrl);
      await recordAnnouncements(page);
      await enterMeeting(page, webHost.url, 'Ada');
      const grace = await secondContext.newPage();
      await recordAnnouncements(grace);
      await enterMeeting(grace, webHost.url, 'Grace');
      // Ada, Grace and the two synthetic participants publish.
      await expect.poll(async () => (await roomStreams(admin)).length, { timeout: 20_000 }).toBe(4);
      await expect(indicator(page)).toHaveCount(0);

      // Ada records: one recording per stream of the room, seen by the server.
      await page.getByRole('button', { name: 'Record this meeting' }).click();
      await expect(page.getByRole('button', { name: 'Stop recording this meeting' })).toBeVisible();
      const unrecorded = async () => {
        const running = await recorded(admin);
        return (await roomStreams(admin)).filter((id) => !running.includes(id));
      };
      await expect.poll(unrecorded, { timeout: 10_000 }).toEqual([]);
      expect((await recorded(admin)).length).toBeGreaterThanOrEqual(4);
      await expect(indicator(page)).toContainText('Recording');
      await expect(indicator(grace)).toBeVisible({ timeout: 5_000 });
      // Both count from the recording's start (Ada's clock, carried in her attribute), not from when each saw it.
      const shownSeconds = async (viewer: Page) => Number((await indicator(viewer).locator('time').getAttribute('datetime'))?.match(/\d+/)?.[0]);
      const [adaSeconds, graceSeconds] = await Promise.all([shownSeconds(page), shownSeconds(grace)]);
      expect(Math.abs(adaSeconds - graceSeconds)).toBeLessThanOrEqual(2);
      await expect.poll(() => announcements(grace)).toContain('Ada started recording this meeting');
      await expect.poll(() => announcements(page)).toContain('You are recording this meeting. Everyone in it sees that it is being recorded.');
      // Grace may record too (same role), but she sees Ada's recording, not hers.
      await expect(grace.getByRole('button', { name: 'Record this meeting' })).toBeVisible();

      // Someone publishes while Ada records: recorded too.
      const latePublisher = await admin.addBot(ROOM, 'Late bot');
      await expect.poll(() => recorded(admin), { timeout: 10_000 }).toContain(latePublisher);

      if (full) {
        await shoot(page, testInfo, 'recording-recorder');
        await shoot(grace, testInfo, 'recording-participant');
        await expectAxeCleanRecordingParts(page);
        await expectAxeCleanRecordingParts(grace);
      }

      // A late joiner with the viewer role: sees the indicator and hears it once, has no Record control.
      await webHost.config.update((config) => ({ ...config, profiles: config.profiles.map((p) => ({ ...p, defaultRole: 'viewer' as const })) }));
      const viewerContext = await browser.newContext({ permissions: ['camera', 'microphone'], viewport: { width: 1280, height: 720 } });
      const vic = await viewerContext.newPage();
      await recordAnnouncements(vic);
      await enterMeeting(vic, webHost.url, 'Vic');
      await expect(indicator(vic)).toBeVisible({ timeout: 10_000 });
      await expect.poll(() => announcements(vic), { timeout: 10_000 }).toContain('This meeting is being recorded');
      await expect(vic.getByRole('button', { name: 'Leave' })).toBeVisible();
      await expect(vic.getByRole('button', { name: 'Record this meeting' })).toHaveCount(0);

      if (full) {
        // Chinese: the indicator and the control, axe-clean, pictured.
        await page.getByLabel('Language').selectOption('zh-CN');
        await expect(indicator(page)).toContainText('正在录制');
        await expect(page.getByRole('button', { name: '停止录制此会议' })).toBeVisible();
        await expectAxeCleanRecordingParts(page);
        await shoot(page, testInfo, 'recording-recorder-zh-CN');
        // The language is the app's setting: the other pages of this web host follow.
        await expect(indicator(vic)).toContainText('正在录制');
        await expectAxeCleanRecordingParts(vic);
        await shoot(vic, testInfo, 'recording-viewer-zh-CN');
      }

      // Ada stops: every recording is stopped on the server, the indicator goes everywhere.
      await page.getByRole('button', { name: full ? '停止录制此会议' : 'Stop recording this meeting' }).click();
      await expect.poll(() => recorded(admin), { timeout: 10_000 }).toEqual([]);
      // Five streams at least (a synthetic participant whose media died under load publishes again, and is recorded
      // again); every one still published was stopped by Ada's request, the others ended with their publisher.
      const all = await admin.recordings();
      const published = await roomStreams(admin);
      expect(all.length).toBeGreaterThanOrEqual(5);
      for (const recording of all) {
        expect(recording.active).toBe(false);
        if (published.includes(recording.streamId)) expect(recording.stoppedAt).toEqual(expect.any(Number));
      }
      await expect(indicator(page)).toHaveCount(0);
      await expect(indicator(grace)).toHaveCount(0, { timeout: 5_000 });
      await expect(indicator(vic)).toHaveCount(0, { timeout: 5_000 });
      await expect.poll(() => announcements(grace)).toContain(full ? 'Ada 停止了录制' : 'Ada stopped recording');
      await expect(page.getByRole('button', { name: full ? '录制此会议' : 'Record this meeting' })).toBeVisible();
      await viewerContext.close();
      expect(consoleErrors).toEqual([]);
    });
  });
}
