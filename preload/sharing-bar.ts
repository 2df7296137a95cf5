/**
 * The sharing bar window's sandboxed preload: Pause, Resume, Stop and the bar's state — nothing of the main window's
 * API (no settings, tokens or screen sources). Main accepts its channel only from the bar's own window.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { isShareControlAction } from '../common/screen-share';
import {
  SHARING_BAR_CONTROL_CHANNEL,
  SHARING_BAR_GLOBAL,
  SHARING_BAR_STATE_CHANNEL,
  type SharingBarBridge,
  type SharingBarState,
} from '../common/sharing-bar-api';

const bridge: SharingBarBridge = {
  async control(action) {
    if (!isShareControlAction(action)) throw new Error(`Unknown sharing bar action ${String(action)}.`);
    await ipcRenderer.invoke(SHARING_BAR_CONTROL_CHANNEL, action);
  },
  onState(listener) {
    // Never hand the IpcRendererEvent (it exposes `sender`) to the page.
    const forward = (_event: IpcRendererEvent, state: SharingBarState) => listener(state);
    ipcRenderer.on(SHARING_BAR_STATE_CHANNEL, forward);
    return () => void ipcRenderer.removeListener(SHARING_BAR_STATE_CHANNEL, forward);
  },
};

contextBridge.exposeInMainWorld(SHARING_BAR_GLOBAL, bridge);
