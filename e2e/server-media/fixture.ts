import { test as base, type Page } from '@playwright/test';
import { startPageServer } from './page-server.js';

export const test = base.extend<{ pageServerUrl: string; openPage: () => Promise<Page> }, { pageServer: { url: string } }>({
  pageServer: [
    async ({}, use) => {
      const server = await startPageServer();
      await use(server);
      await server.close();
    },
    { scope: 'worker' },
  ],
  pageServerUrl: async ({ pageServer }, use) => use(pageServer.url),
  openPage: async ({ context, pageServer }, use) => {
    await use(async () => {
      const page = await context.newPage();
      await page.goto(pageServer.url);
      return page;
    });
  },
});
export { expect } from '@playwright/test';
