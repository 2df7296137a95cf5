import type { Page } from '@playwright/test';
import { AdminClient } from '../server/admin-client';
import { startTestServer, type RunningTestServer, type TestServerOptions } from '../server/index';
import { expect, test } from './fixture';
import { installConformanceClient, type LoggedEvent } from './page-conformance';
import type { PageTokenFields } from './page-licode';

// The §9.5 conformance table (docs/licode-protocol.md) walked by real Chromium pages with the fake camera and
// microphone, against the test server's werift media plane: dialect C (socket.io 4) and dialect A (v4; v5 for the
// reconnection scenarios). Where media is involved the subscriber must show videoWidth > 0, advancing video frames
// (requestVideoFrameCallback and getStats framesDecoded) and rising audio packetsReceived. Grace periods are
// shortened with `reconnectionGraceMs`. Scenarios 10 and 11 exist only in dialect C (A has no renegotiation, §3.5).

const GRACE_MS = 3000;
const ROOM = 'basicExampleRoom';

let server: RunningTestServer;
let admin: AdminClient;

async function start(options: Omit<TestServerOptions, 'dialect'> & { dialect: 'A' | 'C' }): Promise<void> {
  server = await startTestServer(options);
  admin = new AdminClient(server.adminUrl);
}

test.afterEach(async () => {
  await server?.close();
});

async function token(username: string, role = 'presenter'): Promise<PageTokenFields> {
  const response = await fetch(`${server.restUrl}/createToken/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, role, room: ROOM }),
  });
  expect(response.status).toBe(200);
  return JSON.parse(Buffer.from(await response.text(), 'base64').toString('utf8')) as PageTokenFields;
}

async function licodePage(openPage: () => Promise<Page>, dialect: 'A' | 'C'): Promise<Page> {
  const page = await openPage();
  await installConformanceClient(page, dialect);
  return page;
}

/** Dialect C: alice and bob connected, alice publishing real media (with data), bob knowing the stream. */
async function cPublishedPair(openPage: () => Promise<Page>): Promise<{ alice: Page; bob: Page; streamId: number; connectionId: string | undefined }> {
  const alice = await licodePage(openPage, 'C');
  const bob = await licodePage(openPage, 'C');
  expect((await alice.evaluate((t) => window.__conf.cConnect({ ...t }), await token('alice'))).ok).toBe(true);
  expect((await bob.evaluate((t) => window.__conf.cConnect({ ...t }), await token('bob'))).ok).toBe(true);
  const { streamId, connectionId } = await alice.evaluate(() => window.__conf.publish('alice', true));
  await waitEvent(bob, 'onAddStream', (e) => payload(e).id === streamId);
  return { alice, bob, streamId, connectionId };
}

const eventsOf = (page: Page): Promise<LoggedEvent[]> => page.evaluate(() => window.__conf.events);
const payload = (e: LoggedEvent | undefined): Record<string, unknown> => (e?.payload ?? {}) as Record<string, unknown>;
const typeOf = (e: LoggedEvent): unknown =>
  (payload(e).evt as { type?: unknown } | undefined)?.type ?? (payload(e).mess as { type?: unknown } | undefined)?.type;

/** Wait until the page has handled an event that matches; returns it and its index in the page's log. */
async function waitEvent(
  page: Page,
  event: string,
  match: (e: LoggedEvent) => boolean = () => true,
  timeout = 20_000,
): Promise<{ entry: LoggedEvent; index: number }> {
  let found: { entry: LoggedEvent; index: number } | undefined;
  await expect
    .poll(
      async () => {
        const events = await eventsOf(page);
        const index = events.findIndex((e) => e.event === event && match(e));
        found = index >= 0 ? { entry: events[index]!, index } : undefined;
        return index >= 0;
      },
      { timeout, message: `page never got ${event}` },
    )
    .toBe(true);
  return found!;
}

const count = async (page: Page, event: string, match: (e: LoggedEvent) => boolean = () => true): Promise<number> =>
  (await eventsOf(page)).filter((e) => e.event === event && match(e)).length;

/** Decoded frames advancing and audio packets rising on the page's subscription to `streamId`. */
async function expectMediaFlowing(page: Page, streamId: number): Promise<void> {
  const read = () => page.evaluate((id) => window.__conf.received(id), streamId);
  await expect.poll(async () => (await read()).videoWidth, { timeout: 20_000, message: 'subscriber video never got a size' }).toBeGreaterThan(0);
  const first = await read();
  await expect
    .poll(
      async () => {
        const now = await read();
        return now.frames > first.frames + 5 && now.framesDecoded > first.framesDecoded + 5 && now.audioPackets > first.audioPackets;
      },
      { timeout: 20_000, message: 'subscriber frames/audio packets stopped advancing' },
    )
    .toBe(true);
}

/**
 * After a publisher's socket was cut at `dropped`: the subscriber keeps decoding during the grace, and its
 * onRemoveStream comes only once the grace is over. Judged by the page's own timestamps, so a slow machine cannot
 * turn it into a race.
 */
async function expectRemovedOnlyAfterGrace(page: Page, streamId: number, dropped: number, label: string): Promise<void> {
  const first = await page.evaluate((id) => window.__conf.received(id), streamId);
  await page.waitForTimeout(1000);
  const second = await page.evaluate((id) => window.__conf.received(id), streamId);
  const removed = await waitEvent(page, 'onRemoveStream', (e) => payload(e).id === streamId, GRACE_MS + 15_000);
  expect(payload(removed.entry)).toEqual({ id: streamId });
  expect(removed.entry.at - dropped).toBeGreaterThanOrEqual(GRACE_MS);
  // Media kept flowing while the server kept the crashed publisher's session.
  expect(second.at).toBeLessThan(removed.entry.at);
  expect(second.framesDecoded).toBeGreaterThan(first.framesDecoded);
  expect(second.audioPackets).toBeGreaterThan(first.audioPackets);
  test
    .info()
    .annotations.push({ type: 'timing', description: `${label}: onRemoveStream ${removed.entry.at - dropped} ms after the drop (grace ${GRACE_MS} ms)` });
}

// ---- dialect C ----------------------------------------------------------------------------------------------------

test.describe('§9.5 in Chromium pages, dialect C (socket.io 4)', () => {
  test('1-4: single-use tokens, the lazy 3-minute sweep, tampered tokens, role refusals', async ({ openPage }) => {
    await start({ dialect: 'C' });
    const first = await licodePage(openPage, 'C');
    const second = await licodePage(openPage, 'C');

    // 1. Join, then the same token again: CONNECT_ERROR whose message and data are "token: Token does not exist".
    const t1 = await token('alice');
    const joined = await first.evaluate((t) => window.__conf.cConnect({ ...t }), t1);
    expect(joined.ok).toBe(true);
    const again = await second.evaluate((t) => window.__conf.cConnect({ ...t }), t1);
    expect(again).toEqual({ ok: false, message: 'token: Token does not exist', data: 'token: Token does not exist' });

    // 3. Tampered host / signature: "token: Authentication error"; the token stays usable.
    const t3 = await token('bob');
    for (const tampered of [
      { ...t3, host: '127.0.0.1:1' },
      { ...t3, signature: Buffer.from('0'.repeat(40)).toString('base64') },
    ]) {
      const refused = await second.evaluate(({ t, host }) => window.__conf.cConnect(t, {}, host), { t: tampered, host: server.controllerHost });
      expect(refused).toEqual({ ok: false, message: 'token: Authentication error', data: 'token: Authentication error' });
    }
    expect((await second.evaluate((t) => window.__conf.cConnect({ ...t }), t3)).ok).toBe(true);

    // 2. Tokens older than 3 minutes: the check that triggers the sweep still finds its own token; a later one fails.
    const old1 = await token('carol');
    const old2 = await token('dave');
    await admin.ageTokens(181_000);
    const third = await licodePage(openPage, 'C');
    expect((await third.evaluate((t) => window.__conf.cConnect({ ...t }), old2)).ok).toBe(true);
    const late = await licodePage(openPage, 'C');
    expect(await late.evaluate((t) => window.__conf.cConnect({ ...t }), old1)).toEqual({
      ok: false,
      message: 'token: Token does not exist',
      data: 'token: Token does not exist',
    });

    // 4. A viewer publishing its camera, a viewerWithData publishing video, then data only.
    const viewer = await token('eve', 'viewer');
    expect((await late.evaluate((t) => window.__conf.cConnect({ ...t }), viewer)).ok).toBe(true);
    const viewerAck = await late.evaluate(async () => {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
      return window.__conf.request('publish', [{ options: { state: 'erizo', audio: true, video: true, data: true, label: stream.id }, sdp: null }]);
    });
    expect(viewerAck).toEqual([null, 'Unauthorized']);
    const withData = await token('frank', 'viewerWithData');
    expect((await third.evaluate((t) => window.__conf.cConnect({ ...t }), withData)).ok).toBe(true);
    expect(
      await third.evaluate(() => window.__conf.request('publish', [{ options: { state: 'erizo', audio: false, video: true, label: 'cam' }, sdp: null }])),
    ).toEqual([null, 'Unauthorized']);
    const dataAck = await third.evaluate(() =>
      window.__conf.request('publish', [{ options: { state: 'data', data: true, audio: false, video: false }, sdp: null }]),
    );
    expect(dataAck).not.toBe('timeout');
    expect(typeof (dataAck as unknown[])[0]).toBe('number');
    expect((dataAck as unknown[]).length).toBe(1);
  });

  test('5-7: publish with real media, own onAddStream, ids > 2^53, data/attributes to data subscribers only, no-ack timeouts', async ({ openPage }) => {
    await start({ dialect: 'C' });
    const alice = await licodePage(openPage, 'C');
    const bob = await licodePage(openPage, 'C');
    const carol = await licodePage(openPage, 'C');
    for (const [page, name] of [
      [alice, 'alice'],
      [bob, 'bob'],
      [carol, 'carol'],
    ] as const) {
      expect((await page.evaluate((t) => window.__conf.cConnect({ ...t }), await token(name))).ok).toBe(true);
    }

    // 5. ack (id, erizoId, connectionId) → answer 202 → ready 104; own onAddStream (unordered relative to ready in C).
    const published = await alice.evaluate(() => window.__conf.publish('alice', true));
    const { streamId, connectionId } = published;
    expect(Number.isInteger(streamId)).toBe(true);
    expect(streamId).toBeGreaterThan(2 ** 53);
    expect(typeof published.ack[1]).toBe('string');
    expect(published.ack[2]).toBe(connectionId);
    const own = await waitEvent(alice, 'onAddStream', (e) => payload(e).id === streamId);
    const ready = await waitEvent(alice, 'connection_message_erizo', (e) => payload(e).connectionId === connectionId && payload(e).info === 104);
    const answer = await waitEvent(alice, 'connection_message_erizo', (e) => payload(e).connectionId === connectionId && typeOf(e) === 'answer');
    const ackIndex = (await eventsOf(alice)).findIndex((e) => e.event === 'ack:publish');
    expect(ackIndex).toBeLessThan(answer.index);
    expect(answer.index).toBeLessThan(ready.index);
    expect(payload(own.entry)).toMatchObject({ id: streamId, audio: true, video: true, data: true, attributes: { name: 'alice' } });

    // The id as parsed from bob's onAddStream (a double) goes back as a JSON number and finds the stream.
    const seen = payload((await waitEvent(bob, 'onAddStream')).entry).id as number;
    expect(seen).toBe(streamId);
    await bob.evaluate((id) => window.__conf.subscribe(id, { data: true }), seen);
    await carol.evaluate((id) => window.__conf.subscribe(id, { data: false }), streamId);
    await expectMediaFlowing(bob, streamId);
    await expectMediaFlowing(carol, streamId);
    // The remote MediaStream id is the publisher's label.
    const label = payload(own.entry).label as string;
    expect((await bob.evaluate((id) => window.__conf.received(id), streamId)).streamIds).toContain(label);

    // 6. Data and attributes reach data subscribers only (bob), never carol (data: false), no echo to alice.
    expect(await alice.evaluate((id) => window.__conf.request('sendDataStream', [{ id, msg: { text: 'hi', n: 2 ** 60 } }]), streamId)).toEqual([]);
    expect(await alice.evaluate((id) => window.__conf.request('updateStreamAttributes', [{ id, attrs: { name: 'alice', hand: true } }]), streamId)).toEqual([]);
    expect(payload((await waitEvent(bob, 'onDataStream')).entry)).toEqual({ id: streamId, msg: { text: 'hi', n: 2 ** 60 } });
    expect(payload((await waitEvent(bob, 'onUpdateAttributeStream')).entry)).toEqual({ id: streamId, attrs: { name: 'alice', hand: true } });
    await alice.waitForTimeout(300);
    for (const page of [alice, carol]) {
      expect(await count(page, 'onDataStream')).toBe(0);
      expect(await count(page, 'onUpdateAttributeStream')).toBe(0);
    }

    // 7. Unknown id, the id as a string, unsubscribing a data-only stream: never acknowledged → the page's timeout.
    expect(
      await carol.evaluate(
        (id) => window.__conf.request('subscribe', [{ options: { streamId: id + 2 ** 40, audio: true, video: true }, sdp: null }], 1500),
        streamId,
      ),
    ).toBe('timeout');
    expect(
      await carol.evaluate(
        (id) => window.__conf.request('subscribe', [{ options: { streamId: String(id), audio: true, video: true }, sdp: null }], 1500),
        streamId,
      ),
    ).toBe('timeout');
    const dataOnly = (await alice.evaluate(() =>
      window.__conf.request('publish', [{ options: { state: 'data', data: true, audio: false, video: false }, sdp: null }]),
    )) as [number];
    expect(await carol.evaluate((id) => window.__conf.request('subscribe', [{ options: { streamId: id, data: true }, sdp: null }]), dataOnly[0])).toEqual([
      true,
    ]);
    expect(await carol.evaluate((id) => window.__conf.request('unsubscribe', [id], 1500), dataOnly[0])).toBe('timeout');
    // A second subscribe to the same stream is not acknowledged either.
    expect(
      await bob.evaluate((id) => window.__conf.request('subscribe', [{ options: { streamId: id, audio: true, video: true }, sdp: null }], 1500), streamId),
    ).toBe('timeout');

    // 5 (end). unpublish: onRemoveStream to the room (publisher included) before the ack (true).
    expect(await alice.evaluate((id) => window.__conf.request('unpublish', [id]), streamId)).toEqual([true]);
    const removedOwn = await waitEvent(alice, 'onRemoveStream', (e) => payload(e).id === streamId);
    const unpublishAck = await waitEvent(alice, 'ack:unpublish');
    expect(removedOwn.index).toBeLessThan(unpublishAck.index);
    expect(payload((await waitEvent(bob, 'onRemoveStream')).entry)).toEqual({ id: streamId });
    expect(payload((await waitEvent(carol, 'onRemoveStream')).entry)).toEqual({ id: streamId });
  });

  test('8: socket killed, reconnection with clientId within the grace: no second connected, replays de-duplicated, media continues', async ({ openPage }) => {
    await start({ dialect: 'C', reconnectionGraceMs: GRACE_MS * 4 });
    const { alice, bob, streamId } = await cPublishedPair(openPage);
    await bob.evaluate((id) => window.__conf.subscribe(id, { data: true }), streamId);
    await expectMediaFlowing(bob, streamId);

    // bob handles an envelope but its socketgd_ack never leaves (the socket dies first).
    await bob.evaluate(() => window.__conf.setAutoAck(false));
    await alice.evaluate((id) => window.__conf.request('sendDataStream', [{ id, msg: 'before the drop' }]), streamId);
    const data = await waitEvent(bob, 'onDataStream');
    const bobId = await bob.evaluate(() => window.__conf.clientId);
    await admin.dropClient(bobId);
    // While bob is away: an attribute update is queued for him.
    await alice.evaluate((id) => window.__conf.request('updateStreamAttributes', [{ id, attrs: { away: 'bob' } }]), streamId);
    await bob.evaluate(() => window.__conf.setAutoAck(true));
    const reconnected = await bob.evaluate(() => window.__conf.cReconnect());
    expect(reconnected.ok).toBe(true);

    await waitEvent(bob, 'onUpdateAttributeStream', (e) => (payload(e).attrs as { away?: string }).away === 'bob');
    const duplicates = await bob.evaluate(() => window.__conf.duplicates);
    expect(duplicates).toContain(data.entry.socketgd);
    expect(await count(bob, 'onDataStream')).toBe(1);
    expect(await count(bob, 'connected')).toBe(1);
    // Envelopes stay numbered by one counter across sockets: every handled id is new and increasing.
    const ids = (await eventsOf(bob)).map((e) => e.socketgd).filter((id): id is number => typeof id === 'number');
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(ids.length);
    await expectMediaFlowing(bob, streamId);
    // Still in the room on the new socket.
    expect(await alice.evaluate((id) => window.__conf.request('unpublish', [id]), streamId)).toEqual([true]);
    await waitEvent(bob, 'onRemoveStream', (e) => payload(e).id === streamId);
  });

  test('9 + 12: publisher crash without clientDisconnection: others see onRemoveStream only after the grace; late reconnection → "Connection already closed"', async ({
    openPage,
  }) => {
    await start({ dialect: 'C', reconnectionGraceMs: GRACE_MS });
    const { alice, bob, streamId } = await cPublishedPair(openPage);
    await bob.evaluate((id) => window.__conf.subscribe(id, { data: true }), streamId);
    await expectMediaFlowing(bob, streamId);

    const aliceId = await alice.evaluate(() => window.__conf.clientId);
    const dropped = Date.now();
    await admin.dropClient(aliceId);
    // 12. During the grace the others see nothing, and the publisher's media keeps flowing.
    await expectRemovedOnlyAfterGrace(bob, streamId, dropped, 'C');

    // 9. Reconnecting with the clientId after the grace.
    expect(await alice.evaluate(() => window.__conf.cReconnect())).toEqual({
      ok: false,
      message: 'Connection already closed',
      data: 'Connection already closed',
    });
  });

  test('10 + 11: glare (offer before ack, the page rolls back and answers), ICE restart → new answer and ready', async ({ openPage }) => {
    await start({ dialect: 'C', offerBeforeAck: false });
    await admin.setOfferBeforeAck(true);
    const { alice, bob, streamId, connectionId } = await cPublishedPair(openPage);

    // 10. The server's offer overtakes the subscribe ack; the page offers too; the server (impolite) ignores the
    // page's offer; the page rolls back and answers; media flows.
    const { ack, glare } = await bob.evaluate((id) => window.__conf.subscribe(id, { glare: true }), streamId);
    const events = await eventsOf(bob);
    const offerIndex = events.findIndex((e) => e.event === 'connection_message_erizo' && typeOf(e) === 'offer');
    expect(offerIndex).toBeLessThan(events.findIndex((e) => e.event === 'ack:subscribe'));
    expect(glare).toEqual({ stateWhenServerOfferArrived: 'have-local-offer', answersToOwnOffer: 0, rolledBack: true });
    expect(await count(bob, 'connection_message_erizo', (e) => payload(e).connectionId === ack[2] && typeOf(e) === 'answer')).toBe(0);
    // The page's offer reached a known connection (an unknown one would get info 'error'): it was ignored, not lost.
    expect(await count(bob, 'connection_message_erizo', (e) => payload(e).connectionId === ack[2] && payload(e).info === 'error')).toBe(0);
    await expectMediaFlowing(bob, streamId);

    // 11. ICE restart on the publisher connection: a new answer, `ready` again, media continues.
    const mark = (await eventsOf(alice)).length;
    const restart = await alice.evaluate((id) => window.__conf.iceRestart(id), connectionId!);
    expect(restart.newUfrag).not.toBe(restart.oldUfrag);
    await expect
      .poll(
        async () =>
          (await eventsOf(alice))
            .slice(mark)
            .some((e) => e.event === 'connection_message_erizo' && payload(e).connectionId === connectionId && payload(e).info === 104),
        {
          timeout: 20_000,
          message: 'no ready after the ICE restart',
        },
      )
      .toBe(true);
    expect((await eventsOf(alice)).slice(mark).filter((e) => typeOf(e) === 'answer')).toHaveLength(1);
    await expectMediaFlowing(bob, streamId);
  });
});

// ---- dialect A ----------------------------------------------------------------------------------------------------

test.describe('§9.5 in Chromium pages, dialect A (socket.io 2)', () => {
  test('1-4 (v4): token errors as Licode gives them, the lazy sweep, role refusals', async ({ openPage }) => {
    await start({ dialect: 'A', aVersion: 'v4' });
    const page = await licodePage(openPage, 'A');
    const other = await licodePage(openPage, 'A');
    const connect = (p: Page, t: PageTokenFields) => p.evaluate(({ x, host }) => window.__conf.aConnect(x, host), { x: t, host: server.controllerHost });

    // 1.
    const t1 = await token('alice');
    expect((await connect(page, t1))[0]).toBe('success');
    expect(await connect(other, t1)).toEqual(['error', 'Token does not exist']);
    // 3.
    const t3 = await token('bob');
    expect(await connect(other, { ...t3, host: '127.0.0.1:1' })).toEqual(['error', 'Authentication error']);
    expect(await connect(other, { ...t3, signature: Buffer.from('0'.repeat(40)).toString('base64') })).toEqual(['error', 'Authentication error']);
    expect((await connect(other, t3))[0]).toBe('success');
    // 2.
    const old1 = await token('carol');
    const old2 = await token('dave');
    await admin.ageTokens(181_000);
    expect((await connect(other, old2))[0]).toBe('success');
    expect(await connect(other, old1)).toEqual(['error', 'Token does not exist']);
    // 4.
    expect((await connect(other, await token('eve', 'viewer')))[0]).toBe('success');
    const viewerAck = await other.evaluate(async () => {
      await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
      return window.__conf.request('publish', [{ state: 'erizo', audio: true, video: true, data: true }, null]);
    });
    expect(viewerAck).toEqual([null, 'Unauthorized']);
    expect((await connect(other, await token('frank', 'viewerWithData')))[0]).toBe('success');
    expect(await other.evaluate(() => window.__conf.request('publish', [{ state: 'erizo', audio: false, video: true }, null]))).toEqual([null, 'Unauthorized']);
    const dataAck = await other.evaluate(() => window.__conf.request('publish', [{ state: 'data', data: true, audio: false, video: false }, null]));
    expect(dataAck).not.toBe('timeout');
    expect(typeof (dataAck as unknown[])[0]).toBe('number');
  });

  test('5-7 (v4): publish with real media, own onAddStream before ready, ids > 2^53, data/attributes to data subscribers only, no ack for unknown ids', async ({
    openPage,
  }) => {
    await start({ dialect: 'A', aVersion: 'v4' });
    const alice = await licodePage(openPage, 'A');
    const bob = await licodePage(openPage, 'A');
    const carol = await licodePage(openPage, 'A');
    for (const [page, name] of [
      [alice, 'alice'],
      [bob, 'bob'],
      [carol, 'carol'],
    ] as const) {
      expect((await page.evaluate((t) => window.__conf.aConnect(t), await token(name)))[0]).toBe('success');
    }

    // 5. ack(id) → started → answer; then own onAddStream strictly before ready.
    const { streamId } = await alice.evaluate(() => window.__conf.publish('alice', true));
    expect(Number.isInteger(streamId)).toBe(true);
    expect(streamId).toBeGreaterThan(2 ** 53);
    const ready = await waitEvent(alice, 'signaling_message_erizo', (e) => payload(e).streamId === streamId && typeOf(e) === 'ready');
    const own = await waitEvent(alice, 'onAddStream', (e) => payload(e).id === streamId);
    expect(own.index).toBeLessThan(ready.index);
    expect(payload(own.entry)).toEqual({ id: streamId, audio: true, video: true, data: true, screen: false, attributes: { name: 'alice' } });
    const events = await eventsOf(alice);
    const started = events.findIndex((e) => e.event === 'signaling_message_erizo' && typeOf(e) === 'started');
    expect(events.findIndex((e) => e.event === 'ack:publish')).toBeLessThan(started);
    expect(events.some((e) => typeOf(e) === 'initializing')).toBe(false);

    const seen = payload((await waitEvent(bob, 'onAddStream')).entry).id as number;
    expect(seen).toBe(streamId);
    await bob.evaluate((id) => window.__conf.subscribe(id, { data: true }), seen);
    await carol.evaluate((id) => window.__conf.subscribe(id, { data: false }), streamId);
    await expectMediaFlowing(bob, streamId);
    await expectMediaFlowing(carol, streamId);

    // 6. No acks in A; only bob (a data subscriber) hears; no echo.
    await alice.evaluate((id) => window.__conf.send('sendDataStream', [{ id, msg: { text: 'hi', n: 2 ** 60 } }]), streamId);
    await alice.evaluate((id) => window.__conf.send('updateStreamAttributes', [{ id, attrs: { name: 'alice', hand: true } }]), streamId);
    expect(payload((await waitEvent(bob, 'onDataStream')).entry)).toEqual({ id: streamId, msg: { text: 'hi', n: 2 ** 60 } });
    expect(payload((await waitEvent(bob, 'onUpdateAttributeStream')).entry)).toEqual({ id: streamId, attrs: { name: 'alice', hand: true } });
    await alice.waitForTimeout(300);
    for (const page of [alice, carol]) {
      expect(await count(page, 'onDataStream')).toBe(0);
      expect(await count(page, 'onUpdateAttributeStream')).toBe(0);
    }

    // 7. Unknown ids: no ack at all → the page's own timeout. (v4 acknowledges a data-only unsubscribe: (true).)
    expect(await carol.evaluate((id) => window.__conf.request('subscribe', [{ streamId: id + 2 ** 40, audio: true, video: true }, null], 1500), streamId)).toBe(
      'timeout',
    );
    expect(await carol.evaluate((id) => window.__conf.request('unpublish', [id + 2 ** 40], 1500), streamId)).toBe('timeout');
    const dataOnly = (await alice.evaluate(() => window.__conf.request('publish', [{ state: 'data', data: true, audio: false, video: false }, null]))) as [
      number,
    ];
    expect(await carol.evaluate((id) => window.__conf.request('subscribe', [{ streamId: id, data: true }, null]), dataOnly[0])).toEqual([true]);
    expect(await carol.evaluate((id) => window.__conf.request('unsubscribe', [id], 1500), dataOnly[0])).toEqual([true]);

    // 5 (end). unpublish: onRemoveStream to the room (publisher included), then ack (true).
    expect(await alice.evaluate((id) => window.__conf.request('unpublish', [id]), streamId)).toEqual([true]);
    const removedOwn = await waitEvent(alice, 'onRemoveStream', (e) => payload(e).id === streamId);
    expect(removedOwn.index).toBeLessThan((await waitEvent(alice, 'ack:unpublish')).index);
    expect(payload((await waitEvent(bob, 'onRemoveStream')).entry)).toEqual({ id: streamId });
  });

  test('8, 9, 12 (v5, 10 s grace shortened): reconnected within the grace flushes buffered events and media continues; a dropped publisher is removed only after the grace; a late reconnected finds no session', async ({
    openPage,
  }) => {
    await start({ dialect: 'A', aVersion: 'v5', reconnectionGraceMs: GRACE_MS });
    const alice = await licodePage(openPage, 'A');
    const bob = await licodePage(openPage, 'A');
    for (const [page, name] of [
      [alice, 'alice'],
      [bob, 'bob'],
    ] as const) {
      const [status, info] = await page.evaluate((t) => window.__conf.aConnect(t), await token(name));
      expect(status).toBe('success');
      expect((info as { clientId?: string }).clientId).toMatch(/^[0-9a-f-]{36}$/);
    }
    const { streamId } = await alice.evaluate(() => window.__conf.publish('alice', true));
    // v5 sends initializing before started.
    const events = await eventsOf(alice);
    expect(events.findIndex((e) => typeOf(e) === 'initializing')).toBeLessThan(events.findIndex((e) => typeOf(e) === 'started'));
    await waitEvent(bob, 'onAddStream', (e) => payload(e).id === streamId);
    await bob.evaluate((id) => window.__conf.subscribe(id, { data: true }), streamId);
    await expectMediaFlowing(bob, streamId);

    // 8 (A-equivalent). bob's socket dies; alice's data message is buffered; `reconnected(clientId)` flushes it.
    const bobId = await bob.evaluate(() => window.__conf.clientId);
    await admin.dropClient(bobId);
    await expect.poll(async () => (await admin.clients()).find((c) => c.clientId === bobId)?.connected).toBe(false);
    await alice.evaluate((id) => window.__conf.send('sendDataStream', [{ id, msg: 'while you were away' }]), streamId);
    await bob.evaluate(() => window.__conf.aReconnected());
    expect(payload((await waitEvent(bob, 'onDataStream')).entry)).toEqual({ id: streamId, msg: 'while you were away' });
    await expectMediaFlowing(bob, streamId);
    expect(await count(bob, 'onDataStream')).toBe(1);
    expect(await count(bob, 'onRemoveStream')).toBe(0);

    // 12 (A-equivalent). alice's socket dies without a clean close: onRemoveStream only after the grace.
    const aliceId = await alice.evaluate(() => window.__conf.clientId);
    const dropped = Date.now();
    await admin.dropClient(aliceId);
    await expectRemovedOnlyAfterGrace(bob, streamId, dropped, 'A v5');

    // 9 (A-equivalent). v5 has no "Connection already closed": `reconnected` is not answered and the new socket is
    // not bound to any client; a v5 Channel listens only to token/reconnected/disconnect, so requests are never answered.
    await alice.evaluate(() => window.__conf.aReconnected());
    expect(await alice.evaluate(() => window.__conf.request('publish', [{ state: 'data', data: true }, null], 3000))).toBe('timeout');
    expect((await admin.clients()).map((c) => c.clientId)).not.toContain(aliceId);
  });
});
