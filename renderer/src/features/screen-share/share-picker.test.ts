import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DisplayPick } from '../../../../common/api-contract';
import type { PickerSource } from '../../../../common/screen-share';
import { SharePicker, THUMBNAIL_REFRESH_MS } from './share-picker.svelte';

const source = (id: string, thumbnail: string | null = `data:${id}`): PickerSource => ({
  id,
  kind: id.startsWith('screen') ? 'screen' : 'window',
  name: id,
  thumbnail,
  appIcon: null,
});

function fakeHost(listings: PickerSource[][]) {
  const calls: Array<[string, unknown]> = [];
  let pick: ((payload: DisplayPick) => void) | null = null;
  let listing = 0;
  const host = {
    on: (_event: string, listener: (payload: DisplayPick) => void) => {
      pick = listener;
      return () => (pick = null);
    },
    call: vi.fn(async (channel: string, args?: unknown) => {
      calls.push([channel, args]);
      if (channel === 'display:sources')
        return { sources: listings[Math.min(listing++, listings.length - 1)], capabilities: { picker: 'in-app', loopbackAudio: false } };
      return null;
    }),
  };
  return {
    host: host as never,
    calls,
    open: (requestId: string, loopbackAudio = false) => pick?.({ requestId, capabilities: { picker: 'in-app', loopbackAudio } }),
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

afterEach(() => vi.useRealTimers());

describe('SharePicker', () => {
  it('opens on main’s request, lists that request’s sources and selects the first', async () => {
    const { host, calls, open } = fakeHost([[source('screen:1:0'), source('window:7:0', null)]]);
    const picker = new SharePicker(host);
    picker.listen();
    open('share-1');
    await settle();
    expect(picker.open).toBe(true);
    expect(picker.sources.map((s) => s.id)).toEqual(['screen:1:0', 'window:7:0']);
    expect(picker.selectedId).toBe('screen:1:0');
    expect(calls).toEqual([['display:sources', { requestId: 'share-1' }]]);
  });

  it('answers with the selected source and options once, and closes', async () => {
    const { host, calls, open } = fakeHost([[source('screen:1:0'), source('screen:2:0')]]);
    const picker = new SharePicker(host);
    picker.listen();
    const next = picker.nextChoice();
    open('share-1', true);
    await settle();
    picker.selectedId = 'screen:2:0';
    picker.optimiseFor = 'motion';
    picker.shareAudio = true;
    await picker.choose();
    expect(await next).toEqual({ sourceId: 'screen:2:0', shareAudio: true, optimiseFor: 'motion' });
    expect(calls.at(-1)).toEqual(['display:choose', { requestId: 'share-1', sourceId: 'screen:2:0', shareAudio: true, optimiseFor: 'motion' }]);
    expect(picker.open).toBe(false);
    await picker.choose(); // closed: nothing more is sent
    expect(calls.filter(([channel]) => channel === 'display:choose')).toHaveLength(1);
  });

  it('never asks for computer sound where the platform cannot capture it', async () => {
    const { host, open } = fakeHost([[source('screen:1:0')]]);
    const picker = new SharePicker(host);
    picker.listen();
    const next = picker.nextChoice();
    open('share-1', false);
    await settle();
    picker.shareAudio = true;
    await picker.choose();
    expect((await next)?.shareAudio).toBe(false);
  });

  it('cancels: the waiting capture gets null and main is told', async () => {
    const { host, calls, open } = fakeHost([[source('screen:1:0')]]);
    const picker = new SharePicker(host);
    picker.listen();
    const next = picker.nextChoice();
    open('share-4');
    await settle();
    await picker.cancel();
    expect(await next).toBeNull();
    expect(calls.at(-1)).toEqual(['display:cancel', { requestId: 'share-4' }]);
  });

  it('refreshes thumbnails while open, keeps the selection, and drops it when that window goes away', async () => {
    vi.useFakeTimers();
    const { host, open } = fakeHost([
      [source('screen:1:0', 'a'), source('window:7:0')],
      [source('screen:1:0', 'b'), source('window:7:0')],
      [source('screen:1:0', 'c')],
    ]);
    const picker = new SharePicker(host);
    picker.listen();
    open('share-1');
    await vi.advanceTimersByTimeAsync(0);
    picker.selectedId = 'window:7:0';
    await vi.advanceTimersByTimeAsync(THUMBNAIL_REFRESH_MS);
    expect(picker.sources[0]?.thumbnail).toBe('b');
    expect(picker.selectedId).toBe('window:7:0');
    await vi.advanceTimersByTimeAsync(THUMBNAIL_REFRESH_MS);
    expect(picker.sources[0]?.thumbnail).toBe('c');
    expect(picker.selectedId).toBe('screen:1:0');
    await picker.cancel();
    const callsBefore = vi.mocked((host as { call: () => unknown }).call).mock.calls.length;
    await vi.advanceTimersByTimeAsync(THUMBNAIL_REFRESH_MS * 3);
    expect(vi.mocked((host as { call: () => unknown }).call).mock.calls.length).toBe(callsBefore);
  });
});
