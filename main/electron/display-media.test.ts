/** The display-media glue with a stand-in 'electron' module: the capture gets the source picked in our picker. */
import { describe, expect, it, vi } from 'vitest';

const electron = vi.hoisted(() => {
  const image = (data: string | null) => ({ isEmpty: () => data === null, toDataURL: () => `data:image/png;base64,${data}` });
  const sources = [
    { id: 'window:42:0', name: 'Slides', display_id: '', thumbnail: image('w'), appIcon: image('i') },
    { id: 'screen:0:0', name: 'Screen 1', display_id: '10', thumbnail: image('s1'), appIcon: null },
    { id: 'screen:1:0', name: 'Screen 2', display_id: '20', thumbnail: image(null), appIcon: null },
  ];
  return { desktopCapturer: { getSources: vi.fn(async () => sources) } };
});
vi.mock('electron', () => electron);

const { createElectronScreenShare, installDisplayMediaHandler } = await import('./display-media');

type Callback = (streams: unknown) => void;
function fakeSession() {
  let handler: ((request: unknown, callback: Callback) => void) | null = null;
  return {
    session: { setDisplayMediaRequestHandler: (h: typeof handler) => (handler = h) } as never,
    capture: () =>
      new Promise<unknown>((resolve) => {
        handler!({}, resolve);
      }),
  };
}

describe('Electron display-media handler', () => {
  it('asks the page to pick, lists sources only for that request, and captures exactly the chosen one', async () => {
    vi.stubEnv('WAYLAND_DISPLAY', '');
    vi.stubEnv('XDG_SESSION_TYPE', 'x11');
    const picks: string[] = [];
    const share = createElectronScreenShare({ emitPick: (pick) => picks.push(pick.requestId), ownWindowIds: () => new Set(['window:42:0']) });
    const { session, capture } = fakeSession();
    installDisplayMediaHandler(session, share);
    const captured = capture();
    expect(picks).toEqual(['share-1']);
    const { sources } = await share.sources('share-1');
    // Our own window is left out; the second monitor is listed even without a thumbnail.
    expect(sources.map((s) => [s.id, s.thumbnail])).toEqual([
      ['screen:0:0', 'data:image/png;base64,s1'],
      ['screen:1:0', null],
    ]);
    share.choose('share-1', { sourceId: 'screen:1:0', shareAudio: true, optimiseFor: 'text' });
    // No loopback audio on Linux: the option is dropped, not passed to Chromium.
    expect(await captured).toEqual({ video: { id: 'screen:1:0', name: 'Screen 2' } });
    await expect(share.sources('share-1')).rejects.toMatchObject({ code: 'not-found' });
  });

  it('answers with nothing when the window closes while the picker is open', async () => {
    vi.stubEnv('WAYLAND_DISPLAY', '');
    const share = createElectronScreenShare({ emitPick: () => undefined, ownWindowIds: () => new Set() });
    const { session, capture } = fakeSession();
    installDisplayMediaHandler(session, share);
    const captured = capture();
    share.cancelAll('window-closed');
    expect(await captured).toEqual({});
  });

  it('leaves the choice to the desktop portal on Wayland', async () => {
    vi.stubEnv('WAYLAND_DISPLAY', 'wayland-0');
    const picks: string[] = [];
    const share = createElectronScreenShare({ emitPick: (pick) => picks.push(pick.requestId), ownWindowIds: () => new Set() });
    const { session, capture } = fakeSession();
    installDisplayMediaHandler(session, share);
    expect(await capture()).toMatchObject({ video: { id: 'window:42:0' } });
    expect(picks).toEqual([]);
    vi.unstubAllEnvs();
  });
});
