/**
 * Closing the window in real Electron: during a call a native question comes first (answered here by a stand-in for
 * dialog.showMessageBoxSync, which would block main); "Stay in the call" keeps the window, "Leave and close" closes
 * and quits; outside a call the window closes without a question.
 */
import { expect, test, type ElectronApplication } from '@playwright/test';
import type { MessageBoxSyncOptions } from 'electron';
import { firstRunShown, launchDesktopApp, reportCall, skipWithoutElectron, windowCount, type DesktopApp } from './desktop-app';

interface CloseProbe {
  answer: 'stay' | 'leave';
  asked: Array<{ message: string; buttons: string[] }>;
}
type WithCloseProbe = typeof globalThis & { closeProbe: CloseProbe };

let desktop: DesktopApp | undefined;
test.beforeEach(skipWithoutElectron);
test.afterEach(async () => {
  await desktop?.dispose();
  desktop = undefined;
});

/** Answers the close question with `answer` from now on, and records every question. */
async function answerCloseQuestion(app: ElectronApplication, answer: CloseProbe['answer']): Promise<void> {
  await app.evaluate(({ dialog }, chosen) => {
    const probe: CloseProbe = { answer: chosen, asked: [] };
    (globalThis as WithCloseProbe).closeProbe = probe;
    // Electron's signature is (window, options) or (options): the options are always last.
    dialog.showMessageBoxSync = ((...args: unknown[]) => {
      const options = args.at(-1) as MessageBoxSyncOptions;
      probe.asked.push({ message: options.message, buttons: options.buttons ?? [] });
      const stay = options.cancelId ?? 0;
      return probe.answer === 'stay' ? stay : (options.buttons ?? []).findIndex((_, index) => index !== stay);
    }) as typeof dialog.showMessageBoxSync;
  }, answer);
}

const closeWindow = (app: ElectronApplication) => app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]!.close());
/** Closes the window and waits for the app to exit (the evaluate itself may not get its answer from a quitting app). */
async function closeAndQuit(app: ElectronApplication): Promise<void> {
  const quit = app.waitForEvent('close');
  await closeWindow(app).catch(() => undefined);
  await quit;
}
const asked = (app: ElectronApplication) => app.evaluate(() => (globalThis as WithCloseProbe).closeProbe.asked);

test('during a call closing asks first: staying keeps the window, leaving closes the app', async () => {
  desktop = await launchDesktopApp();
  const { app, page } = desktop;
  await firstRunShown(page);
  await answerCloseQuestion(app, 'stay');
  await reportCall(page, { inCall: true, muted: false });

  await closeWindow(app);
  await expect.poll(() => asked(app)).toEqual([{ message: 'Leave the call and close Licode Desktop?', buttons: ['Leave and close', 'Stay in the call'] }]);
  expect(await windowCount(app)).toBe(1);
  await expect(page.getByRole('heading', { name: 'Add a Licode server' })).toBeVisible();

  await answerCloseQuestion(app, 'leave');
  await closeAndQuit(app);
});

test('outside a call the window closes without a question', async () => {
  desktop = await launchDesktopApp();
  const { app, page } = desktop;
  await firstRunShown(page);
  // "Stay" would keep the window open if anything asked: the app closing proves nothing did.
  await answerCloseQuestion(app, 'stay');
  await closeAndQuit(app);
});
