/** The pending meeting link in main, argv lookup, and the links:* channels through the real dispatcher. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MeetingLink } from '../../common/api-contract';
import { createDispatcher } from '../ipc/dispatcher';
import { createHandlers } from '../ipc/handlers';
import { testHandlerDeps } from '../ipc/test-handler-deps';
import { linkInArgv, PendingMeetingLink } from './pending-link';

const LINK = 'licode-desktop://join?server=https%3A%2F%2Flicode.example.com&room=standup';
const PARSED: MeetingLink = { server: { kind: 'url', url: 'https://licode.example.com' }, room: 'standup' };

describe('PendingMeetingLink', () => {
  it('announces a link and keeps it until a page takes it, once', () => {
    const announce = vi.fn();
    const pending = new PendingMeetingLink({ announce, announceRefusal: () => {}, warn: () => {} });
    expect(pending.offer(LINK)).toEqual({ ok: true, link: PARSED });
    expect(announce).toHaveBeenCalledWith(PARSED);
    expect(pending.take()).toEqual(PARSED);
    expect(pending.take()).toBeNull();
  });

  it('logs a refused link by its problem, tells the page why, and keeps the previous one', () => {
    const warn = vi.fn();
    const announce = vi.fn();
    const announceRefusal = vi.fn();
    const pending = new PendingMeetingLink({ announce, announceRefusal, warn });
    pending.offer(LINK);
    expect(pending.offer('licode-desktop://join?server=x&room=r&token=secret')).toEqual({ ok: false, problem: 'unknown-key' });
    expect(warn).toHaveBeenCalledWith('Meeting link refused: The meeting link has a part other than server, room and name.');
    expect(announce).toHaveBeenCalledTimes(1);
    expect(announceRefusal).toHaveBeenCalledWith('unknown-key');
    expect(pending.take()).toEqual(PARSED);
    expect(pending.takeRefusal()).toBe('unknown-key');
    expect(pending.takeRefusal()).toBeNull();
  });

  it('keeps a refusal for a page that loads later (a cold start with a bad link), and a good link clears it', () => {
    const pending = new PendingMeetingLink({ announce: () => {}, announceRefusal: () => {}, warn: () => {} });
    pending.offer('https://evil.example/join?server=x&room=r');
    pending.offer(LINK);
    expect(pending.takeRefusal()).toBeNull();
    pending.offer('licode-desktop://join?server=x&room=r#frag');
    expect(pending.takeRefusal()).toBe('fragment');
  });
});

describe('linkInArgv', () => {
  it('finds the link Windows and Linux pass as an argument, and nothing in a plain start', () => {
    expect(linkInArgv(['/opt/Licode Desktop/licode-desktop', '--no-sandbox', LINK])).toBe(LINK);
    expect(linkInArgv(['C:\\Licode Desktop.exe', '--allow-file-access-from-files', 'LICODE-DESKTOP://join?x'])).toBe('LICODE-DESKTOP://join?x');
    expect(linkInArgv(['/usr/bin/licode-desktop', '--inspect'])).toBeUndefined();
  });
});

describe('links:* channels', () => {
  let dir = '';
  afterEach(() => rm(dir, { recursive: true, force: true }));

  async function dispatcher(links: PendingMeetingLink) {
    dir = await mkdtemp(join(tmpdir(), 'licode-links-'));
    return createDispatcher(createHandlers(await testHandlerDeps(dir, { links })));
  }

  it('links:takePending hands the pending link over once', async () => {
    const links = new PendingMeetingLink({ announce: () => {}, announceRefusal: () => {}, warn: () => {} });
    links.offer(LINK);
    const dispatch = await dispatcher(links);
    expect(await dispatch('links:takePending', undefined)).toEqual({ ok: true, value: PARSED });
    expect(await dispatch('links:takePending', undefined)).toEqual({ ok: true, value: null });
  });

  it('links:takeRefusal hands over why the last OS link was refused, once', async () => {
    const links = new PendingMeetingLink({ announce: () => {}, announceRefusal: () => {}, warn: () => {} });
    links.offer('licode-desktop://join?room=standup');
    const dispatch = await dispatcher(links);
    expect(await dispatch('links:takeRefusal', undefined)).toEqual({ ok: true, value: 'missing-server' });
    expect(await dispatch('links:takeRefusal', undefined)).toEqual({ ok: true, value: null });
  });

  it('links:open parses a page-URL link strictly and says what is wrong with a bad one', async () => {
    const dispatch = await dispatcher(new PendingMeetingLink({ announce: () => {}, announceRefusal: () => {}, warn: () => {} }));
    expect(await dispatch('links:open', { url: LINK })).toEqual({ ok: true, value: PARSED });
    expect(await dispatch('links:open', { url: `${LINK}#frag` })).toEqual({
      ok: false,
      error: {
        code: 'invalid-arguments',
        message: 'The meeting link has a #fragment, which meeting links never have.',
        issues: [{ path: 'url', message: 'link-fragment' }],
      },
    });
    expect(await dispatch('links:open', { url: 'x'.repeat(9000) })).toMatchObject({ ok: false, error: { code: 'invalid-arguments' } });
  });
});
