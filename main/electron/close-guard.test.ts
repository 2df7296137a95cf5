/** The close confirmation glue with stand-ins for Electron's window, app and dialog. */
import { EventEmitter } from 'node:events';
import type { App, BrowserWindow } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { CallState } from '../calls/call-state';
import { CloseGuard } from './close-guard';

function setUp(answer: number, inCall: boolean) {
  const dialog = { showMessageBoxSync: vi.fn((..._args: unknown[]) => answer) };
  const callState = new CallState();
  callState.set({ inCall, muted: false });
  const guard = new CloseGuard(dialog, callState, () => 'en');
  const win = new EventEmitter() as unknown as BrowserWindow & EventEmitter;
  const app = new EventEmitter() as unknown as App & EventEmitter;
  guard.guardWindow(win);
  guard.guardQuit(app, () => win);
  const close = () => {
    const event = { preventDefault: vi.fn() };
    win.emit('close', event);
    return event.preventDefault.mock.calls.length === 0;
  };
  const quit = () => {
    const event = { preventDefault: vi.fn() };
    app.emit('before-quit', event);
    return event.preventDefault.mock.calls.length === 0;
  };
  return { dialog, win, close, quit };
}

describe('CloseGuard', () => {
  it('closes without asking outside a call', () => {
    const { dialog, close, quit } = setUp(1, false);
    expect(close()).toBe(true);
    expect(quit()).toBe(true);
    expect(dialog.showMessageBoxSync).not.toHaveBeenCalled();
  });

  it('during a call, "Stay in the call" keeps the window open and the app running', () => {
    const { dialog, win, close, quit } = setUp(1, true);
    expect(close()).toBe(false);
    expect(quit()).toBe(false);
    expect(dialog.showMessageBoxSync).toHaveBeenCalledWith(
      win,
      expect.objectContaining({
        message: 'Leave the call and close Licode Desktop?',
        buttons: ['Leave and close', 'Stay in the call'],
        defaultId: 1,
        cancelId: 1,
      }),
    );
  });

  it('during a call, "Leave" quits, and the windows closing afterwards are not asked again', () => {
    const { dialog, close, quit } = setUp(0, true);
    expect(quit()).toBe(true);
    expect(close()).toBe(true);
    expect(dialog.showMessageBoxSync).toHaveBeenCalledTimes(1);
  });
});
