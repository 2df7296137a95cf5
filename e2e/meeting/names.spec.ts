import { guestNumber } from '../../renderer/src/features/call/participant-name';
import { expect, joinFromHome, ROOM, test, tile } from './fixtures';

// Issue 9, defect 4: a participant whose Licode client publishes no usable name showed as "Participant
// 927517645250342900". Now: a short guest name derived from the stream id, the same for everyone in the call.

test('a participant without a name is "Guest NNNN", the same on every machine', async ({ page, webHost, licode, admin, secondContext }) => {
  test.setTimeout(120_000);
  await webHost.config.update((config) => ({
    ...config,
    profiles: [{ id: 'lab', name: 'Lab server', serverUrl: licode.restUrl, generation: 'auto', defaultRole: 'presenter', allowSelfSigned: false }],
    activeProfileId: 'lab',
  }));
  await page.goto(webHost.url);
  await joinFromHome(page, 'Ada');
  await expect(page.getByRole('heading', { name: `Meeting ${ROOM}` })).toBeVisible({ timeout: 20_000 });
  const grace = await secondContext.newPage();
  await grace.goto(webHost.url);
  await joinFromHome(grace, 'Grace');
  await expect(grace.getByRole('heading', { name: `Meeting ${ROOM}` })).toBeVisible({ timeout: 20_000 });

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
