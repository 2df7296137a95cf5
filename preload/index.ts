/**
 * Sandboxed preload: exposes the one typed bridge (window.licodeDesktop). It forwards only the contract's
 * channels; main validates sender and arguments again, because a compromised renderer can call ipc directly.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { LicodeDesktopBridge } from '../common/api-contract';
import { EVENT_PREFIX, IPC_PREFIX, PRELOAD_GLOBAL, isChannel, isEventName } from '../common/ipc-channels';

const bridge: LicodeDesktopBridge = {
  host: 'electron',
  invoke(channel, args) {
    if (!isChannel(channel)) {
      return Promise.resolve({ ok: false, error: { code: 'unknown-channel', message: `Unknown API channel ${String(channel)}.` } });
    }
    return ipcRenderer.invoke(IPC_PREFIX + channel, args);
  },
  on(event, listener) {
    if (!isEventName(event)) throw new Error(`Unknown event ${String(event)}.`);
    // Never hand the IpcRendererEvent (it exposes `sender`) to the page.
    const forward = (_event: IpcRendererEvent, payload: unknown) => listener(payload as Parameters<typeof listener>[0]);
    ipcRenderer.on(EVENT_PREFIX + event, forward);
    return () => void ipcRenderer.removeListener(EVENT_PREFIX + event, forward);
  },
};

contextBridge.exposeInMainWorld(PRELOAD_GLOBAL, bridge);
