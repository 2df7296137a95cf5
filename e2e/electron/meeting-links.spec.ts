/**
 * licode-desktop:// links in real Electron: the link that started the app (cold start, argv) and the link of a second
 * launch (second-instance: the running app takes it, the second process exits) both ask before adding the server.
 */
import { expect, test } from '@playwright/test';
import { launchDesktopApp, launchSecondInstance, skipWithoutElectron, windowCount, type DesktopApp } from './desktop-app';

// A server nobody added: the app must ask first, and never contacts it before the person says yes (port 9: discard).
const SERVER = 'http://127.0.0.1:9';
const linkTo = (room: string) => `licode-desktop://join?server=${encodeURIComponent(SERVER)}&room=${encodeURIComponent(room)}&name=Ada`;

let desktop: DesktopApp | undefined;
test.beforeEach(skipWithoutElectron);
test.afterEach(async () => {
  await desktop?.dispose();
  desktop = undefined;
});

test('a cold start with a meeting link asks before adding the server', async () => {
  desktop = await launchDesktopApp([linkTo('design review')]);
  const dialog = desktop.page.getByRole('dialog', { name: 'Join a meeting from a link' });
  await expect(dialog.getByText('Add 127.0.0.1:9 and join design review?')).toBeVisible();
  await expect(dialog.getByText('The link suggests the name Ada.')).toBeVisible();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(desktop.page.getByRole('heading', { name: 'Add a Licode server' })).toBeVisible();
});

test('a second launch hands its link to the running app and exits', async () => {
  desktop = await launchDesktopApp();
  await expect(desktop.page.getByRole('heading', { name: 'Add a Licode server' })).toBeVisible();
  const exitCode = await launchSecondInstance(desktop, [linkTo('standup')]);
  expect(exitCode).toBe(0);
  const dialog = desktop.page.getByRole('dialog', { name: 'Join a meeting from a link' });
  await expect(dialog.getByText('Add 127.0.0.1:9 and join standup?')).toBeVisible();
  expect(await windowCount(desktop.app)).toBe(1);
});

test('a hostile link on the command line is refused: nothing is added or opened, and the person is told why', async () => {
  desktop = await launchDesktopApp([`${linkTo('standup')}&token=eyJhbGciOi`]);
  await expect(desktop.page.getByRole('heading', { name: 'Add a Licode server' })).toBeVisible();
  // Main refuses it before any page sees it: no question, no server, no room — only the reason, by its problem.
  await expect(desktop.page.getByRole('dialog', { name: 'Join a meeting from a link' })).toHaveCount(0);
  const refused = desktop.page.getByRole('dialog', { name: 'This meeting link cannot be opened' });
  await expect(refused.getByText('The link has parts other than server, room and name.')).toBeVisible();
  await refused.getByRole('button', { name: 'Close' }).click();
  await expect(refused).toHaveCount(0);
  const pending = await desktop.page.evaluate(() => window.licodeDesktop!.invoke('links:takePending', undefined));
  expect(pending).toEqual({ ok: true, value: null });
});
