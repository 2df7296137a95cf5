/** The sharing bar's preload with a stand-in 'electron' module: only its two functions, only its two channels. */
import { describe, expect, it, vi } from 'vitest';
import type { SharingBarBridge } from '../common/sharing-bar-api';

const electron = vi.hoisted(() => {
  const exposed: Record<string, unknown> = {};
  const listeners = new Map<string, (...args: unknown[]) => void>();
  return {
    exposed,
    listeners,
    contextBridge: { exposeInMainWorld: (name: string, api: unknown) => (exposed[name] = api) },
    ipcRenderer: {
      invoke: vi.fn(async () => ({ ok: true, forwarded: true })),
      on: (channel: string, listener: (...args: unknown[]) => void) => listeners.set(channel, listener),
      removeListener: (channel: string) => listeners.delete(channel),
    },
  };
});
vi.mock('electron', () => ({ contextBridge: electron.contextBridge, ipcRenderer: electron.ipcRenderer }));

await import('./sharing-bar');
const bar = electron.exposed['licodeSharingBar'] as SharingBarBridge;

describe('sharing bar preload', () => {
  it('exposes only Pause/Resume/Stop and the state, not the main API', () => {
    expect(Object.keys(electron.exposed)).toEqual(['licodeSharingBar']);
    expect(Object.keys(bar).sort()).toEqual(['control', 'onState']);
  });

  it('sends the three actions on its own channel and refuses anything else', async () => {
    await bar.control('pause');
    await bar.control('stop');
    await expect((bar.control as (a: string) => Promise<void>)('config:update')).rejects.toThrow('Unknown sharing bar action');
    expect(electron.ipcRenderer.invoke.mock.calls).toEqual([
      ['licode-sharing-bar:control', 'pause'],
      ['licode-sharing-bar:control', 'stop'],
    ]);
  });

  it('delivers the state without the IPC event object, and unsubscribes', () => {
    const seen: unknown[] = [];
    const off = bar.onState((state) => seen.push(state));
    electron.listeners.get('licode-sharing-bar:state')!({ sender: 'internals' }, { sourceName: 'Screen 2', paused: true, language: 'en' });
    expect(seen).toEqual([{ sourceName: 'Screen 2', paused: true, language: 'en' }]);
    off();
    expect(electron.listeners.has('licode-sharing-bar:state')).toBe(false);
  });
});
