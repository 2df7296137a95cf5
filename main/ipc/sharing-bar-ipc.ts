/**
 * The sharing bar window's one IPC channel (its Pause/Resume/Stop buttons). Accepted only from the top frame of the
 * bar's own window showing our origin; the main window's API channels refuse the bar, and this channel refuses the
 * main window. Structural Electron shapes only, so it is tested without Electron's binary.
 */
import { isShareControlAction, type ShareControlAction } from '../../common/screen-share';
import { SHARING_BAR_CONTROL_CHANNEL } from '../../common/sharing-bar-api';
import { isTrustedSender, type IpcMainLike, type TrustedSender } from './electron-ipc';

export type SharingBarControlResult = { ok: true; forwarded: boolean } | { ok: false; error: string };

/** Registers the bar's channel; returns a function that removes it. */
export function bindSharingBarIpc(ipcMain: IpcMainLike, control: (action: ShareControlAction) => boolean, bar: TrustedSender): () => void {
  ipcMain.handle(SHARING_BAR_CONTROL_CHANNEL, async (event, ...args): Promise<SharingBarControlResult> => {
    if (!isTrustedSender(event, bar)) return { ok: false, error: 'Only the sharing bar may pause or stop the screen share.' };
    const [action] = args;
    if (args.length !== 1 || !isShareControlAction(action)) return { ok: false, error: 'The sharing bar asked for an action that does not exist.' };
    return { ok: true, forwarded: control(action) };
  });
  return () => ipcMain.removeHandler(SHARING_BAR_CONTROL_CHANNEL);
}
