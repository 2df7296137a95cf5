/**
 * The server form's live test against ordinary web servers that are not Licode token servers, and Cancel while a
 * slow server keeps the test waiting (the check is stopped in main, not left to its 10 s timeout).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from '@playwright/test';
import { expect, expectNoAxeViolations, saveScreenshot, test } from './fixtures';

interface PlainServer {
  url: string;
  /** Requests received, and how many of them are still open. */
  seen: number;
  open: number;
  close(): Promise<void>;
}

async function plainServer(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<PlainServer> {
  const state: PlainServer = { url: '', seen: 0, open: 0, close: async () => undefined };
  const server: Server = createServer((req, res) => {
    state.seen += 1;
    state.open += 1;
    req.on('close', () => (state.open -= 1));
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return state;
}

async function testServer(page: Page, url: string, labels = { name: 'Name', url: 'Server URL', save: 'Test and save' }) {
  await page.getByLabel(labels.name, { exact: true }).fill('Some web server');
  await page.getByLabel(labels.url).fill(url);
  await page.getByRole('button', { name: labels.save }).click();
}

const webServers = [
  { name: '404', answer: (res: ServerResponse) => res.writeHead(404, { 'content-type': 'text/html' }).end('Cannot POST /createToken/') },
  {
    name: '501',
    answer: (res: ServerResponse) =>
      res.writeHead(501, { 'content-type': 'text/html' }).end('<!DOCTYPE html><html><body><h1>Error response</h1><p>Error code: 501</p></body></html>'),
  },
];
for (const web of webServers) {
  test(`a web server answering ${web.name} is reported as not a Licode server, not as a refused token`, async ({ page, webHost, consoleErrors }, testInfo) => {
    const server = await plainServer((_req, res) => web.answer(res));
    try {
      await page.goto(webHost.url);
      await testServer(page, server.url);
      const alert = page.getByRole('alert');
      await expect(alert).toContainText('This address answered, but it is not a Licode token server.');
      await expect(alert).toContainText(`HTTP ${web.name}`);
      await expect(alert).not.toContainText('refused');
      expect(webHost.config.get().profiles).toEqual([]);
      await expectNoAxeViolations(page);
      await saveScreenshot(page, testInfo, `server-error-http-${web.name}-en`);
      expect(consoleErrors).toEqual([]);
    } finally {
      await server.close();
    }
  });
}

test('"not a Licode server" in Chinese, with the technical details marked as English', async ({ page, webHost, consoleErrors }, testInfo) => {
  const server = await plainServer((_req, res) => res.writeHead(404).end('Not Found'));
  try {
    await webHost.config.update((c) => ({ ...c, language: 'zh-CN' }));
    await page.goto(webHost.url);
    await testServer(page, server.url, { name: '名称', url: '服务器地址', save: '测试并保存' });
    const alert = page.getByRole('alert');
    await expect(alert).toContainText('不是 Licode');
    await expect(alert).toContainText('技术详情（英文）：');
    await expect(alert.locator('span[lang="en"]')).toContainText('HTTP 404');
    await expectNoAxeViolations(page);
    await saveScreenshot(page, testInfo, 'server-error-http-404-zh-CN');
    expect(consoleErrors).toEqual([]);
  } finally {
    await server.close();
  }
});

test('Cancel during a slow server test returns at once and stops the request', async ({ page, webHost, consoleErrors }) => {
  const silent = await plainServer(() => undefined);
  try {
    await page.goto(webHost.url);
    await testServer(page, silent.url);
    await expect(page.getByText('Testing connection to the server…').first()).toBeVisible();
    await expect.poll(() => silent.open).toBe(1);
    const cancel = page.getByRole('button', { name: 'Cancel' });
    await expect(cancel).toBeEnabled();
    const started = Date.now();
    await cancel.click();
    await expect(page.getByRole('button', { name: 'Test and save' })).toBeEnabled();
    const returnedMs = Date.now() - started;
    console.log(`[server-check] Cancel returned to the form in ${returnedMs} ms`);
    expect(returnedMs).toBeLessThan(1_000);
    await expect(page.getByRole('button', { name: 'Test and save' })).toBeFocused();
    // Main closed the HTTP request too, long before the check's 10 s timeout.
    await expect.poll(() => silent.open, { timeout: 2_000 }).toBe(0);
    // What was typed is kept, nothing was saved, and no error is shown for a check the person stopped.
    await expect(page.getByLabel('Server URL')).toHaveValue(silent.url);
    await expect(page.getByRole('alert')).toHaveCount(0);
    expect(webHost.config.get().profiles).toEqual([]);
    expect(consoleErrors).toEqual([]);
  } finally {
    await silent.close();
  }
});
