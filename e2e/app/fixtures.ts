/**
 * Playwright fixtures for the app in the web host: a web host on an ephemeral port with a fresh user-data
 * directory per test, console-error collection, axe checks and named screenshots.
 */
import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type Page, type TestInfo } from '@playwright/test';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServerProfile } from '../../common/api-contract';
import { startWebHostApp, type WebHostApp } from '../../main/web-host/app';
import { ERIZO_CONTROLLER_HOST, startTokenServer, type TokenServer } from './token-server';

export interface AppFixtures {
  /** Files to place in the user-data directory before the host starts (e.g. a config.json). */
  userDataFiles: Record<string, string>;
  userDataDir: string;
  webHost: WebHostApp;
  /** Console errors and page errors seen during the test. */
  consoleErrors: string[];
  /** A fake Licode createToken endpoint on loopback. */
  tokenServer: TokenServer;
  /** Stores a server profile pointing at tokenServer (as if the user had added it) and returns it. */
  savedProfile: ServerProfile;
}

export const test = base.extend<AppFixtures>({
  userDataFiles: [{}, { option: true }],
  userDataDir: async ({ userDataFiles }, use) => {
    const dir = await mkdtemp(join(tmpdir(), 'licode-e2e-'));
    for (const [name, content] of Object.entries(userDataFiles)) await writeFile(join(dir, name), content);
    await use(dir);
    await rm(dir, { recursive: true, force: true });
  },
  webHost: async ({ userDataDir }, use) => {
    const host = await startWebHostApp({ port: 0, userDataDir });
    await use(host);
    await host.close();
  },
  tokenServer: async ({}, use) => {
    const server = await startTokenServer();
    await use(server);
    await server.close();
  },
  savedProfile: async ({ webHost, tokenServer }, use) => {
    const profile: ServerProfile = {
      id: 'lab',
      name: 'Lab server',
      serverUrl: tokenServer.url,
      generation: 'auto',
      defaultRole: 'presenter',
      allowSelfSigned: false,
    };
    await webHost.config.update((config) => ({ ...config, profiles: [profile], activeProfileId: profile.id }));
    await use(profile);
  },
  consoleErrors: async ({ page }, use) => {
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      // Pre-join connects to the controller a token names as soon as it shows (who is in the meeting); the fake token
      // server's controller does not run, and Chromium reports the refused connection itself. The app stays quiet.
      const atFakeController = message.text().includes(ERIZO_CONTROLLER_HOST) || message.location().url.includes(ERIZO_CONTROLLER_HOST);
      if (!atFakeController) errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    await use(errors);
  },
});

export { expect };

/** Runs axe (WCAG 2.x A/AA rules) on the page and fails with the violations listed. */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  const summary = results.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(summary, 'axe violations').toEqual([]);
}

/**
 * Saves a screenshot to test-results/screenshots/<name>.png (or $LICODE_SCREENSHOT_DIR, since a parallel
 * Playwright run empties test-results) and attaches it to the report.
 */
export async function saveScreenshot(page: Page, testInfo: TestInfo, name: string): Promise<string> {
  const dir = process.env['LICODE_SCREENSHOT_DIR'] || join('test-results', 'screenshots');
  await mkdir(dir, { recursive: true });
  const path = join(dir, `${name}.png`);
  await page.screenshot({ path, fullPage: false });
  await testInfo.attach(name, { path, contentType: 'image/png' });
  return path;
}
