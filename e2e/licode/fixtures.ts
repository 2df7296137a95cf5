// Playwright fixtures for the Licode client end-to-end specs: a worker-scoped harness page (built with Vite's JS
// API, served from 127.0.0.1) and per-test test servers and participants (one browser context each).
import { test as base, expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { AdminClient } from '../server/admin-client';
import { startTestServer, type RunningTestServer, type TestServerOptions } from '../server/index';
import { buildHarness, serveHarness } from '../harness/serve';

export { expect };

type HarnessState = {
  state: string;
  dialect: string | null;
  livePeerConnections: number;
  pagePeerConnections: number;
  publishedId: number | null;
  publishedMuted: { audio: boolean; video: boolean } | null;
  remotes: Array<{ id: number; attributes: Record<string, unknown>; muted: { audio: boolean; video: boolean }; subscribed: boolean; tracks: string[] }>;
  quality: Array<{ streamId: number; direction: string; bitrateKbps: number; framesPerSecond?: number }>;
};
type HarnessMedia = Array<{ id: number; framesDecoded: number; audioPackets: number; width: number; height: number }>;
export type HarnessEvent = { t: number; type: string; id?: number; state?: string; code?: string; message?: unknown; attributes?: Record<string, unknown> };

export async function createToken(server: RunningTestServer, username: string, role = 'presenter', room = 'e2e'): Promise<string> {
  const res = await fetch(`${server.restUrl}/createToken/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, role, room }),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`createToken failed (${res.status}): ${text}`);
  return text;
}

/** One browser context running the harness page. */
export class Participant {
  constructor(
    readonly name: string,
    readonly page: Page,
    private readonly server: () => RunningTestServer,
  ) {}

  token(): Promise<string> {
    return createToken(this.server(), this.name);
  }

  async join(
    options: Record<string, unknown> = {},
  ): Promise<{ roomId: string; clientId: string | undefined; dialect: string; singlePC: boolean; streams: number[] }> {
    const token = await this.token();
    return this.page.evaluate(([t, o]) => window.licodeHarness.join(t, o), [token, { useTokenProvider: true, ...options }] as const);
  }

  tryJoin(token: string, options: Record<string, unknown> = {}): Promise<{ ok: true } | { ok: false; code: string; message: string }> {
    return this.page.evaluate(([t, o]) => window.licodeHarness.tryJoin(t, o), [token, options] as const);
  }

  publish(options: Parameters<Window['licodeHarness']['publish']>[0] = {}): Promise<number> {
    return this.page.evaluate((o) => window.licodeHarness.publish(o), options) as Promise<number>;
  }

  run<T>(fn: string, ...args: unknown[]): Promise<T> {
    return this.page.evaluate(
      ([name, a]) => (window.licodeHarness as unknown as Record<string, (...x: unknown[]) => unknown>)[name as string]!(...(a as unknown[])),
      [fn, args] as const,
    ) as Promise<T>;
  }

  state(): Promise<HarnessState> {
    return this.page.evaluate(() => window.licodeHarness.state()) as Promise<HarnessState>;
  }

  media(): Promise<HarnessMedia> {
    return this.page.evaluate(() => window.licodeHarness.media());
  }

  events(): Promise<HarnessEvent[]> {
    return this.page.evaluate(() => window.licodeHarness.events) as Promise<HarnessEvent[]>;
  }

  /** Wait until every remote stream in `ids` shows decoded video frames and received audio packets, growing. */
  async expectMediaFrom(ids: readonly number[], timeoutMs = 30_000): Promise<void> {
    const first = new Map<number, { framesDecoded: number; audioPackets: number }>();
    await expect
      .poll(
        async () => {
          const media = await this.media();
          return ids.every((id) => {
            const m = media.find((x) => x.id === id);
            if (!m || m.framesDecoded === 0 || m.audioPackets === 0) return false;
            const seen = first.get(id);
            if (!seen) {
              first.set(id, m);
              return false;
            }
            return m.framesDecoded > seen.framesDecoded && m.audioPackets > seen.audioPackets;
          });
        },
        { timeout: timeoutMs, intervals: [250] },
      )
      .toBe(true);
  }

  /** The remote stream ids this participant currently lists (never duplicated: it is a Map, so also check events). */
  async remoteIds(): Promise<number[]> {
    return (await this.state()).remotes.map((r) => r.id).sort();
  }

  async expectPeerConnections(count: number, timeoutMs = 15_000): Promise<void> {
    await expect
      .poll(
        async () => {
          const s = await this.state();
          return [s.livePeerConnections, s.pagePeerConnections];
        },
        { timeout: timeoutMs },
      )
      .toEqual([count, count]);
  }
}

interface World {
  server(options: TestServerOptions): Promise<{ server: RunningTestServer; admin: AdminClient }>;
  participant(name: string): Promise<Participant>;
}

export const test = base.extend<{ world: World }, { harnessUrl: string }>({
  harnessUrl: [
    async ({}, use) => {
      await buildHarness();
      const served = await serveHarness();
      await use(served.url);
      await served.close();
    },
    { scope: 'worker' },
  ],
  world: async ({ browser, harnessUrl }, use, testInfo) => {
    const servers: RunningTestServer[] = [];
    const contexts: BrowserContext[] = [];
    const participants: Participant[] = [];
    let current: RunningTestServer | undefined;
    const world: World = {
      async server(options) {
        const server = await startTestServer(options);
        servers.push(server);
        current = server;
        return { server, admin: new AdminClient(server.adminUrl) };
      },
      async participant(name) {
        const context = await newContext(browser);
        contexts.push(context);
        const page = await context.newPage();
        page.on('console', (msg) => {
          if (msg.type() === 'error') console.log(`[${name}] ${msg.text()}`);
        });
        await page.exposeFunction('fetchToken', () => createToken(current!, name));
        await page.goto(harnessUrl);
        await page.waitForFunction(() => !!window.licodeHarness);
        const participant = new Participant(name, page, () => current!);
        participants.push(participant);
        return participant;
      },
    };
    await use(world);
    if (testInfo.status !== testInfo.expectedStatus) {
      // Attach every participant's event log: the first thing to read when a recovery test fails.
      for (const [i, p] of participants.entries()) {
        const events = await p.events().catch(() => []);
        const state = await p.state().catch(() => null);
        const body = JSON.stringify({ state, events });
        await testInfo.attach(`participant-${i}-${p.name}.json`, { body, contentType: 'application/json' });
        console.log(`[${p.name}] ${body.slice(0, 6_000)}`);
      }
    }
    for (const context of contexts) await context.close().catch(() => undefined);
    for (const server of servers) await server.close().catch(() => undefined);
  },
});

async function newContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ permissions: ['camera', 'microphone'] });
}
