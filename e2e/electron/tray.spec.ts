/**
 * The tray icon in real Electron: its menu and tooltip follow the call and the mute state, Mute/Unmute and Leave call
 * reach the page as tray:action, Show brings a hidden window back.
 */
import type { Menu } from 'electron';
import { expect, test } from '@playwright/test';
import { firstRunShown, launchDesktopApp, reportCall, skipWithoutElectron, type DesktopApp } from './desktop-app';

/** What the probe in main saw of the tray: the last menu with a "Leave call" item, and the last tooltip. */
interface TrayProbe {
  menu: Menu | null;
  tooltip: string;
}
type WithTrayProbe = typeof globalThis & { trayProbe: TrayProbe };
type WithTrayActions = typeof window & { trayActions: string[] };

let desktop: DesktopApp | undefined;
test.beforeEach(skipWithoutElectron);
test.afterEach(async () => {
  await desktop?.dispose();
  desktop = undefined;
});

test('the tray shows the mute state and sends Mute and Leave to the page; Show brings the window back', async () => {
  desktop = await launchDesktopApp();
  const { app, page } = desktop;
  await firstRunShown(page);
  await app.evaluate(({ Menu, Tray }) => {
    const probe: TrayProbe = { menu: null, tooltip: '' };
    (globalThis as WithTrayProbe).trayProbe = probe;
    const build = Menu.buildFromTemplate.bind(Menu);
    Menu.buildFromTemplate = (template) => {
      const menu = build(template);
      if (menu.items.some((item) => item.label === 'Leave call')) probe.menu = menu;
      return menu;
    };
    const setToolTip = Tray.prototype.setToolTip;
    Tray.prototype.setToolTip = function (this: Electron.Tray, text: string) {
      probe.tooltip = text;
      setToolTip.call(this, text);
    };
  });
  const tray = () =>
    app.evaluate(() => {
      const { menu, tooltip } = (globalThis as WithTrayProbe).trayProbe;
      return { tooltip, items: (menu?.items ?? []).map((item) => ({ label: item.label, enabled: item.enabled })) };
    });
  await page.evaluate(() => {
    const actions: string[] = [];
    (window as WithTrayActions).trayActions = actions;
    window.licodeDesktop!.on('tray:action', ({ action }) => actions.push(action));
  });

  await reportCall(page, { inCall: true, muted: false });
  expect(await tray()).toEqual({
    tooltip: 'Licode Desktop — in a call, microphone on',
    items: [
      { label: 'Mute microphone', enabled: true },
      { label: 'Leave call', enabled: true },
      { label: 'Show Licode Desktop', enabled: true },
    ],
  });
  await reportCall(page, { inCall: true, muted: true });
  expect((await tray()).tooltip).toBe('Licode Desktop — in a call, muted');
  expect((await tray()).items[0]).toEqual({ label: 'Unmute microphone', enabled: true });

  await app.evaluate(() => {
    const items = (globalThis as WithTrayProbe).trayProbe.menu!.items;
    items[0]!.click();
    items[1]!.click();
  });
  await expect.poll(() => page.evaluate(() => (window as WithTrayActions).trayActions)).toEqual(['toggle-mute', 'leave']);

  await reportCall(page, { inCall: false, muted: false });
  expect(await tray()).toEqual({
    tooltip: 'Licode Desktop',
    items: [
      { label: 'Mute microphone', enabled: false },
      { label: 'Leave call', enabled: false },
      { label: 'Show Licode Desktop', enabled: true },
    ],
  });
  await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]!.hide());
  await app.evaluate(() => (globalThis as WithTrayProbe).trayProbe.menu!.items[2]!.click());
  await expect.poll(() => app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]!.isVisible())).toBe(true);
});
