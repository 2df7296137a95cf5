/**
 * Desktop notifications in real Electron: with the window in the background a chat message raises a notification
 * (its click brings the window back) and the tray counts it as unread until the call ends; one join per burst. The
 * notification is recorded instead of shown (Notification.prototype.show is replaced), so no test machine's
 * notification centre fills up, and one without a notification daemon still runs the test.
 */
import { expect, test, type ElectronApplication, type Page } from '@playwright/test';
import type { CallEvent } from '../../common/api-contract';
import { firstRunShown, launchDesktopApp, reportCall, skipWithoutElectron, type DesktopApp } from './desktop-app';

interface NotificationProbe {
  shown: Array<{ title: string; body: string }>;
  last: Electron.Notification | null;
  tooltip: string;
}
type WithNotificationProbe = typeof globalThis & { notificationProbe: NotificationProbe };

let desktop: DesktopApp | undefined;
test.beforeEach(skipWithoutElectron);
test.afterEach(async () => {
  await desktop?.dispose();
  desktop = undefined;
});

const probe = (app: ElectronApplication) =>
  app.evaluate(() => {
    const { shown, tooltip } = (globalThis as WithNotificationProbe).notificationProbe;
    return { shown, tooltip };
  });
const report = (page: Page, event: CallEvent) => page.evaluate((args) => window.licodeDesktop!.invoke('call:event', args), event);
const mainWindowVisible = (app: ElectronApplication) => app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]!.isVisible());

test('in the background, chat and a join raise notifications; a click brings the window back; the tray counts unread', async () => {
  desktop = await launchDesktopApp();
  const { app, page } = desktop;
  await firstRunShown(page);
  await app.evaluate(({ Notification, Tray }) => {
    const recorded: NotificationProbe = { shown: [], last: null, tooltip: '' };
    (globalThis as WithNotificationProbe).notificationProbe = recorded;
    Notification.isSupported = () => true;
    Notification.prototype.show = function (this: Electron.Notification) {
      recorded.shown.push({ title: this.title, body: this.body });
      recorded.last = this;
    };
    const setToolTip = Tray.prototype.setToolTip;
    Tray.prototype.setToolTip = function (this: Electron.Tray, text: string) {
      recorded.tooltip = text;
      setToolTip.call(this, text);
    };
  });
  await reportCall(page, { inCall: true, muted: false });
  // Hidden is in the background on every platform (focus is up to the window manager, which a CI display may lack).
  await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]!.hide());

  expect(await report(page, { kind: 'chat', from: 'Grace', preview: 'Still there?', focused: false })).toEqual({ ok: true, value: { notified: true } });
  expect(await report(page, { kind: 'joined', name: 'Ada', focused: false })).toEqual({ ok: true, value: { notified: true } });
  expect(await report(page, { kind: 'joined', name: 'Alan', focused: false })).toEqual({ ok: true, value: { notified: false } });
  expect(await probe(app)).toEqual({
    shown: [
      { title: 'Message from Grace', body: 'Still there?' },
      { title: 'Ada joined the call', body: 'Licode Desktop' },
    ],
    tooltip: 'Licode Desktop — in a call, microphone on · 1 unread message',
  });

  await app.evaluate(() => (globalThis as WithNotificationProbe).notificationProbe.last!.emit('click'));
  await expect.poll(() => mainWindowVisible(app)).toBe(true);

  await reportCall(page, { inCall: false, muted: false });
  expect((await probe(app)).tooltip).toBe('Licode Desktop');
});

test('a malformed call event is refused and shows nothing', async () => {
  desktop = await launchDesktopApp();
  const { page } = desktop;
  await firstRunShown(page);
  const result = await page.evaluate(() =>
    (window.licodeDesktop!.invoke as (channel: string, args: unknown) => Promise<unknown>)('call:event', {
      kind: 'chat',
      from: 'Grace',
      preview: 'x'.repeat(5000),
      focused: false,
    }),
  );
  expect(result).toMatchObject({ ok: false, error: { code: 'invalid-arguments' } });
});
