import { test as base, type Page } from '@playwright/test';
import { startPageServer } from './page-server';

/**
 * `openPage()` opens a page of the test's browser context on a 127.0.0.1 origin (getUserMedia needs a secure
 * context) that also serves the socket.io client bundles.
 */
export const test = base.extend<{ openPage: () => Promise<Page> }, { pageServer: { url: string } }>({
  pageServer: [
    async ({}, use) => {
      const server = await startPageServer();
      await use(server);
      await server.close();
    },
    { scope: 'worker' },
  ],
  openPage: async ({ context, pageServer }, use) => {
    await use(async () => {
      const page = await context.newPage();
      await page.goto(pageServer.url);
      return page;
    });
  },
});
export { expect } from '@playwright/test';
