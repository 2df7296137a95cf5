import { describe, expect, it, vi } from 'vitest';
import { ScreenShare, type ShareEvent, type ShareRoom } from './screen-share.svelte';
import type { ShareChoice, SharePicker } from './share-picker.svelte';

class FakeTrack extends EventTarget {
  deviceId = `source-${Math.random()}`;
  enabled = true;
  contentHint = '';
  stopped = false;
  constraints: unknown = null;
  constructor(readonly id: string) {
    super();
  }
  stop() {
    this.stopped = true;
  }
  getSettings() {
    return { deviceId: this.deviceId };
  }
  async applyConstraints(constraints: unknown) {
    this.constraints = constraints;
  }
  end() {
    this.dispatchEvent(new Event('ended'));
  }
}

function fakeStream(id: string) {
  const track = new FakeTrack(`${id}-video`);
  const stream = { id, getVideoTracks: () => [track], getTracks: () => [track] };
  return { stream: stream as unknown as MediaStream, track };
}

function setup(choices: Array<ShareChoice | null>, host: 'web' | 'electron' = 'web', sameDevice = false) {
  const events: ShareEvent[] = [];
  const room = {
    publish: vi.fn(async () => ({ streamId: 'screen-1' })),
    unpublish: vi.fn(async () => undefined),
    replaceTrack: vi.fn(async () => undefined),
    mute: vi.fn(async () => undefined),
  };
  let waiter: ((choice: ShareChoice | null) => void) | null = null;
  const picker = {
    show: vi.fn(async () => undefined),
    lastChoice: null as ShareChoice | null,
    nextChoice: () => new Promise<ShareChoice | null>((resolve) => (waiter = resolve)),
  };
  const captures: Array<{ stream: MediaStream; track: FakeTrack; constraints: DisplayMediaStreamOptions }> = [];
  const calls: string[] = [];
  const share = new ScreenShare({
    host: {
      host,
      call: (async (channel: string) => {
        calls.push(channel);
        // Main opens the request; the person picks in the picker.
        queueMicrotask(() => waiter?.(choices.shift() ?? null));
        return { requestId: 'share-1', capabilities: { picker: 'in-app', loopbackAudio: false } };
      }) as never,
    },
    picker: picker as unknown as SharePicker,
    room: () => room as unknown as ShareRoom,
    displayName: () => 'Ada',
    onEvent: (event) => events.push(event),
    capture: async (constraints) => {
      if (host === 'electron') picker.lastChoice = choices.shift() ?? null;
      const captured = { ...fakeStream(`capture-${captures.length + 1}`), constraints };
      if (sameDevice) captured.track.deviceId = 'screen:-3:0';
      captures.push(captured);
      return captured.stream;
    },
  });
  return { share, room, events, captures, calls, picker };
}

describe('ScreenShare', () => {
  it('web host: picker first, then a capture at the source’s own size, tuned for text, published as a screen stream', async () => {
    const { share, room, events, captures, calls, picker } = setup([{ sourceId: 'screen:1:0', shareAudio: false, optimiseFor: 'text' }]);
    await share.start();
    expect(calls).toEqual(['display:request']);
    // The answer opens the picker in this page only.
    expect(picker.show).toHaveBeenCalledWith('share-1', { picker: 'in-app', loopbackAudio: false });
    expect(captures[0]?.constraints).toEqual({ video: { frameRate: { ideal: 10, max: 15 } }, audio: false });
    expect(captures[0]?.track.contentHint).toBe('detail');
    expect(room.publish).toHaveBeenCalledWith(captures[0]?.stream, {
      screen: true,
      data: true,
      maxVideoBW: 2500,
      attributes: { name: 'Ada', screen: true },
    });
    expect(share.active).toBe(true);
    expect(events).toEqual([{ kind: 'started' }]);
  });

  it('a cancelled picker shares nothing and says nothing', async () => {
    const { share, room, events, captures } = setup([null]);
    await share.start();
    expect(captures).toHaveLength(0);
    expect(room.publish).not.toHaveBeenCalled();
    expect(events).toEqual([]);
  });

  it('Electron: the capture itself opens the picker; the choice made there tunes the track for motion', async () => {
    const { share, captures, calls } = setup([{ sourceId: 'window:7:0', shareAudio: false, optimiseFor: 'motion' }], 'electron');
    await share.start();
    expect(calls).toEqual([]);
    expect(captures[0]?.track.contentHint).toBe('motion');
    expect(captures[0]?.track.constraints).toEqual({ frameRate: { ideal: 30, max: 30 } });
    expect(share.optimiseFor).toBe('motion');
  });

  it('switches source inside the same stream, pauses and resumes, and stops when asked', async () => {
    const { share, room, events, captures } = setup([
      { sourceId: 'screen:1:0', shareAudio: false, optimiseFor: 'text' },
      { sourceId: 'window:7:0', shareAudio: false, optimiseFor: 'text' },
    ]);
    await share.start();
    await share.switchSource();
    expect(room.replaceTrack).toHaveBeenCalledWith({ streamId: 'screen-1' }, captures[1]?.track);
    expect(captures[0]?.track.stopped).toBe(true);
    expect(room.publish).toHaveBeenCalledTimes(1);
    await share.togglePause();
    expect(room.mute).toHaveBeenLastCalledWith({ streamId: 'screen-1' }, { video: true });
    expect(captures[1]?.track.enabled).toBe(false);
    await share.togglePause();
    expect(captures[1]?.track.enabled).toBe(true);
    await share.stop('user');
    expect(room.unpublish).toHaveBeenCalledWith({ streamId: 'screen-1' });
    expect(captures[1]?.track.stopped).toBe(true);
    expect(events.map((e) => e.kind)).toEqual(['started', 'switched', 'paused', 'resumed', 'stopped']);
  });

  it('keeps the earlier capture when the same source is picked again, and stops both with the share', async () => {
    const { share, captures, room } = setup(
      [
        { sourceId: 'screen:1:0', shareAudio: false, optimiseFor: 'text' },
        { sourceId: 'screen:1:0', shareAudio: false, optimiseFor: 'text' },
      ],
      'web',
      true,
    );
    await share.start();
    await share.switchSource();
    expect(room.replaceTrack).toHaveBeenCalledWith({ streamId: 'screen-1' }, captures[1]?.track);
    expect(captures[0]?.track.stopped).toBe(false);
    await share.stop('user');
    expect(captures.map((c) => c.track.stopped)).toEqual([true, true]);
  });

  it('stops by itself when the shared source ends (window closed, display unplugged), but not for a replaced track', async () => {
    const { share, room, events, captures } = setup([
      { sourceId: 'screen:1:0', shareAudio: false, optimiseFor: 'text' },
      { sourceId: 'window:7:0', shareAudio: false, optimiseFor: 'text' },
    ]);
    await share.start();
    await share.switchSource();
    captures[0]?.track.end(); // the old source: already replaced, ignored
    expect(share.active).toBe(true);
    captures[1]?.track.end();
    await vi.waitFor(() => expect(events.at(-1)).toEqual({ kind: 'stopped', reason: 'source-ended' }));
    expect(share.active).toBe(false);
    expect(room.unpublish).toHaveBeenCalledTimes(1);
  });

  it('a share the server refuses releases the capture and reports the failure', async () => {
    const { share, room, events, captures } = setup([{ sourceId: 'screen:1:0', shareAudio: false, optimiseFor: 'text' }]);
    room.publish.mockRejectedValueOnce(new Error('publish refused'));
    await share.start();
    expect(share.active).toBe(false);
    expect(captures[0]?.track.stopped).toBe(true);
    expect(events).toEqual([{ kind: 'failed', details: 'publish refused' }]);
  });
});
