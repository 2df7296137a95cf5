/** powerSaveBlocker glue with a stand-in blocker: the display stays awake exactly while in a call. */
import { expect, it, vi } from 'vitest';
import { CallState } from '../calls/call-state';
import { keepDisplayAwakeInCalls } from './power-save';

it('blocks display sleep when a call starts and releases it when the call ends', () => {
  const blocker = { start: vi.fn(() => 7), stop: vi.fn() };
  const callState = new CallState();
  keepDisplayAwakeInCalls(blocker, callState);
  callState.set({ inCall: true, muted: false });
  callState.set({ inCall: true, muted: true });
  expect(blocker.start).toHaveBeenCalledTimes(1);
  expect(blocker.start).toHaveBeenCalledWith('prevent-display-sleep');
  callState.set({ inCall: false, muted: false });
  expect(blocker.stop).toHaveBeenCalledWith(7);
  callState.set({ inCall: false, muted: true });
  expect(blocker.stop).toHaveBeenCalledTimes(1);
});
