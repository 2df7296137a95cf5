/**
 * Binds the dispatcher to Electron's ipcMain. Only the structural shapes of ipcMain and the invoke event
 * are used, so this file loads (and is tested) without Electron's binary.
 */
import { CHANNELS, IPC_PREFIX, type ApiResult, type Channel } from '../../common/api-contract';
import { originOf } from '../security/policies';
import type { Dispatch } from './dispatcher';

export interface InvokeEventLike {
  sender: { id: number };
  senderFrame: { url: string; parent: unknown } | null;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

export interface TrustedSender {
  /** webContents.id of our main window (read at call time: the window may be recreated). */
  webContentsId(): number | undefined;
  /** Origin the renderer is loaded from, e.g. 'app://licode'. */
  origin: string;
}

/** True when the call comes from the top frame of our window showing our own origin. */
export function isTrustedSender(event: InvokeEventLike, trusted: TrustedSender): boolean {
  if (event.sender.id !== trusted.webContentsId()) return false;
  const frame = event.senderFrame;
  if (!frame || frame.parent) return false; // iframes never get the API
  return originOf(frame.url) === trusted.origin;
}

/** Registers one ipcMain handler per channel; returns a function that removes them. */
export function bindIpc(ipcMain: IpcMainLike, dispatch: Dispatch, trusted: TrustedSender): () => void {
  for (const channel of CHANNELS) {
    ipcMain.handle(IPC_PREFIX + channel, async (event, ...args): Promise<ApiResult<unknown>> => {
      if (!isTrustedSender(event, trusted)) {
        return { ok: false, error: { code: 'forbidden-sender', message: 'This page may not use the Licode Desktop API.' } };
      }
      if (args.length > 1) {
        return { ok: false, error: { code: 'invalid-arguments', message: `${channel} takes at most one argument.` } };
      }
      return dispatch(channel satisfies Channel, args[0]);
    });
  }
  return () => {
    for (const channel of CHANNELS) ipcMain.removeHandler(IPC_PREFIX + channel);
  };
}
