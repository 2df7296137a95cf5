/** The sandboxed preload with a stand-in 'electron' module: what it exposes and what it forwards. */
import { describe, expect, it, vi } from 'vitest';
import type { LicodeDesktopBridge } from '../common/api-contract';

const electron = vi.hoisted(() => {
  const exposed: Record<string, unknown> = {};
  const listeners = new Map<string, (...args: unknown[]) => void>();
  return {
    exposed,
    listeners,
    contextBridge: { exposeInMainWorld: (name: string, api: unknown) => (exposed[name] = api) },
    ipcRenderer: {
      invoke: vi.fn(async (channel: string, args: unknown) => ({ ok: true, value: { channel, args } })),
      on: (channel: string, listener: (...args: unknown[]) => void) => listeners.set(channel, listener),
      removeListener: (channel: string) => listeners.delete(channel),
    },
  };
});
vi.mock('electron', () => ({ contextBridge: electron.contextBridge, ipcRenderer: electron.ipcRenderer }));

await import('./index');
const bridge = electron.exposed['licodeDesktop'] as LicodeDesktopBridge;

describe('preload bridge', () => {
  it('exposes one object under window.licodeDesktop', () => {
    expect(Object.keys(electron.exposed)).toEqual(['licodeDesktop']);
    expect(bridge.host).toBe('electron');
  });

  it('forwards contract channels with the licode: prefix and refuses others', async () => {
    expect(await bridge.invoke('config:get', undefined)).toEqual({ ok: true, value: { channel: 'licode:config:get', args: undefined } });
    const refused = await (bridge.invoke as (c: string, a: unknown) => Promise<unknown>)('shell:openExternal', 'file:///');
    expect(refused).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
    expect(electron.ipcRenderer.invoke).toHaveBeenCalledTimes(1);
  });

  it('delivers event payloads without the IPC event object and unsubscribes', () => {
    const seen: unknown[] = [];
    const off = bridge.on('config:changed', (config) => seen.push(config));
    electron.listeners.get('licode-event:config:changed')!({ sender: 'secret internals' }, { language: 'en' });
    expect(seen).toEqual([{ language: 'en' }]);
    off();
    expect(electron.listeners.has('licode-event:config:changed')).toBe(false);
    expect(() => (bridge.on as (e: string, l: () => void) => void)('anything', () => undefined)).toThrow('Unknown event');
  });
});
