/** Keeps the display awake while the person is in a call (Electron's powerSaveBlocker), and only then. */
import type { PowerSaveBlocker } from 'electron';
import type { CallState } from '../calls/call-state';

export function keepDisplayAwakeInCalls(blocker: Pick<PowerSaveBlocker, 'start' | 'stop'>, callState: CallState): void {
  let id: number | null = null;
  callState.onChange(({ inCall }) => {
    if (inCall && id === null) id = blocker.start('prevent-display-sleep');
    if (!inCall && id !== null) {
      blocker.stop(id);
      id = null;
    }
  });
}
