import { describe, expect, it } from 'vitest';
import type { ShareControlAction } from '../../common/screen-share';
import { SHARING_BAR_CONTROL_CHANNEL } from '../../common/sharing-bar-api';
import type { InvokeEventLike, IpcMainLike } from './electron-ipc';
import { bindSharingBarIpc } from './sharing-bar-ipc';

const BAR_ID = 12;
const MAIN_WINDOW_ID = 7;
const event = (id: number, url: string, parent: unknown = null): InvokeEventLike => ({ sender: { id }, senderFrame: { url, parent } });

function bind() {
  const handlers = new Map<string, (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>>();
  const ipc: IpcMainLike = { handle: (c, l) => void handlers.set(c, l), removeHandler: (c) => void handlers.delete(c) };
  const forwarded: ShareControlAction[] = [];
  const unbind = bindSharingBarIpc(ipc, (action) => forwarded.push(action) > 0, { webContentsId: () => BAR_ID, origin: 'app://licode' });
  return { control: handlers.get(SHARING_BAR_CONTROL_CHANNEL)!, forwarded, handlers, unbind };
}

describe('sharing bar IPC', () => {
  it("forwards the bar's Pause, Resume and Stop", async () => {
    const { control, forwarded } = bind();
    for (const action of ['pause', 'resume', 'stop']) {
      expect(await control(event(BAR_ID, 'app://licode/sharing-bar.html'), action)).toEqual({ ok: true, forwarded: true });
    }
    expect(forwarded).toEqual(['pause', 'resume', 'stop']);
  });

  it('refuses the main window, other origins, iframes and a missing frame', async () => {
    const { control, forwarded } = bind();
    const refused = { ok: false, error: 'Only the sharing bar may pause or stop the screen share.' };
    expect(await control(event(MAIN_WINDOW_ID, 'app://licode/index.html'), 'stop')).toEqual(refused);
    expect(await control(event(BAR_ID, 'https://evil.example/'), 'stop')).toEqual(refused);
    expect(await control(event(BAR_ID, 'app://licode/sharing-bar.html', {}), 'stop')).toEqual(refused);
    expect(await control({ sender: { id: BAR_ID }, senderFrame: null }, 'stop')).toEqual(refused);
    expect(forwarded).toEqual([]);
  });

  it('refuses actions that do not exist and extra arguments', async () => {
    const { control, forwarded, handlers, unbind } = bind();
    const bad = { ok: false, error: 'The sharing bar asked for an action that does not exist.' };
    expect(await control(event(BAR_ID, 'app://licode/sharing-bar.html'), 'leave')).toEqual(bad);
    expect(await control(event(BAR_ID, 'app://licode/sharing-bar.html'), { action: 'stop' })).toEqual(bad);
    expect(await control(event(BAR_ID, 'app://licode/sharing-bar.html'), 'stop', 'again')).toEqual(bad);
    expect(forwarded).toEqual([]);
    unbind();
    expect(handlers.size).toBe(0);
  });
});
