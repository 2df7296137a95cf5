import { guestNumber } from '../../renderer/src/features/call/participant-name';
import { enterMeeting, expect, ROOM, test, tile, useLabServer } from './fixtures';

// Issue 9, defect 4: a participant whose Licode client publishes no usable name showed as "Participant
// 927517645250342900". Now: a short guest name derived from the stream id, the same for everyone in the call.

test('a participant without a name is "Guest NNNN", the same on every machine', async ({ page, webHost, licode, admin, secondContext }) => {
  test.setTimeout(120_000);
  await useLabServer(webHost, licode.restUrl);
  await enterMeeting(page, webHost.url, 'Ada');
  const grace = await secondContext.newPage();
  await enterMeeting(grace, webHost.url, 'Grace');

  // Whitespace only: no usable name (the synthetic participant publishes attributes {name: '   '}).
  const streamId = await admin.addBot(ROOM, '   ');
  const guest = `Guest ${guestNumber(streamId)}`;
  expect(guest).toMatch(/^Guest \d{4}$/);
  for (const person of [page, grace]) {
    await expect(tile(person, guest)).toBeVisible({ timeout: 20_000 });
    await expect(tile(person, guest).locator('.name')).toHaveText(guest);
  }
  await expect(page.getByRole('status').filter({ hasText: `${guest} joined.` })).toBeAttached();
  await page.getByRole('button', { name: 'Participants' }).first().click();
  await expect(page.locator(`[data-person="${guest}"]`)).toBeVisible();
});
