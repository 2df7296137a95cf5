import type { Browser, Page } from '@playwright/test';
import type { RunningTestServer } from '../../e2e/server/index';

/** A presenter token for `room` from the test server's basic-example REST endpoint. */
export async function createToken(server: RunningTestServer, room: string, username: string): Promise<string> {
  const res = await fetch(`${server.restUrl}/createToken/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, role: 'presenter', room }),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`createToken failed (${res.status}): ${text}`);
  return text;
}

/** A fresh browser context with camera and microphone granted, on the e2e harness page, once its API is up. */
export async function openHarness(browser: Browser, url: string): Promise<Page> {
  const context = await browser.newContext({ permissions: ['camera', 'microphone'] });
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForFunction(() => !!window.licodeHarness);
  return page;
}
