import { describe, expect, it, vi } from 'vitest';
import { PresenterView } from './presenter-view.svelte';
import { ScreenShare, type ShareRoom } from './screen-share.svelte';
import type { SharePicker } from './share-picker.svelte';

/** A real ScreenShare (Electron flavour: the capture answers at once) over a stand-in room and capture. */
function realShare() {
  const room = {
    publish: vi.fn(async () => ({ streamId: 'screen-1' })),
    unpublish: vi.fn(async () => undefined),
    replaceTrack: vi.fn(async () => undefined),
    mute: vi.fn(async () => undefined),
  };
  const track = Object.assign(new EventTarget(), {
    enabled: true,
    contentHint: '',
    stop: () => undefined,
    getSettings: () => ({ deviceId: 'screen:1:0' }),
    applyConstraints: async () => undefined,
  });
  const stream = { id: 'capture', getVideoTracks: () => [track], getTracks: () => [track] } as unknown as MediaStream;
  const share = new ScreenShare({
    host: { host: 'electron', call: (async () => null) as never },
    picker: { lastChoice: null } as unknown as SharePicker,
    room: () => room as unknown as ShareRoom,
    displayName: () => 'Ada',
    onEvent: () => undefined,
    capture: async () => stream,
  });
  return { share, room, track };
}

function setup() {
  const { share, room, track } = realShare();
  const calls: Array<[string, unknown]> = [];
  const host = {
    call: (async (channel: string, args: unknown) => {
      calls.push([channel, args]);
      return null;
    }) as never,
    on: (() => () => undefined) as never,
  };
  const view = new PresenterView(host, share);
  return { view, share, room, track, calls };
}

// Rune effects do not run in Node (the server build of Svelte): attach()'s wiring is driven end to end by
// e2e/meeting/presenter-view.spec.ts through the web host; here, what each effect calls.
describe('PresenterView', () => {
  it('reports the share as main should hear it: sharing, paused, stopped', async () => {
    const { view, share } = setup();
    expect(view.report).toEqual({ sharing: false, paused: false });
    await share.start();
    expect(view.report).toEqual({ sharing: true, paused: false });
    await share.togglePause();
    expect(view.report).toEqual({ sharing: true, paused: true });
    await share.stop('user');
    expect(view.report).toEqual({ sharing: false, paused: false });
  });

  it("obeys the sharing bar's Pause, Resume and Stop", async () => {
    const { view, share, room, track } = setup();
    await view.obey('pause'); // nothing shared yet: nothing to pause
    expect(room.mute).not.toHaveBeenCalled();
    await share.start();
    await view.obey('pause');
    expect(share.paused).toBe(true);
    expect(track.enabled).toBe(false);
    // A second Pause (clicked before the bar heard of the first) does not resume.
    await view.obey('pause');
    expect(share.paused).toBe(true);
    await view.obey('resume');
    expect(share.paused).toBe(false);
    expect(track.enabled).toBe(true);
    await view.obey('stop');
    expect(share.active).toBe(false);
    expect(room.unpublish).toHaveBeenCalledTimes(1);
  });

  it('asks main for the compact view only while sharing, once, and for the full view once', async () => {
    const { view, share, calls } = setup();
    await view.setCompact(true);
    expect(view.compact).toBe(false);
    await share.start();
    await view.setCompact(true);
    await view.setCompact(true);
    expect(view.compact).toBe(true);
    await view.setCompact(false);
    await view.setCompact(false);
    expect(view.compact).toBe(false);
    expect(calls).toEqual([
      ['window:presenterMode', { compact: true }],
      ['window:presenterMode', { compact: false }],
    ]);
  });

  it('gives the window its full view back and closes the bar when the call screen closes', async () => {
    const { view, share, calls } = setup();
    await share.start();
    await view.setCompact(true);
    await view.detached();
    expect(view.compact).toBe(false);
    expect(calls.slice(1)).toEqual([
      ['share:state', { sharing: false, paused: false }],
      ['window:presenterMode', { compact: false }],
    ]);
  });
});
