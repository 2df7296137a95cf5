/** The update banner's state against a stand-in host: asked at start, follows the event, "Restart now" and its refusal. */
import { describe, expect, it, vi } from 'vitest';
import type { UpdateStatus } from '../../../../common/api-contract';
import { ApiCallError } from '../../platform/api';
import { updateBanner, UpdateStatusState } from './update-status.svelte';

function fakeHost(initial: UpdateStatus, restart: () => Promise<null>) {
  let push: ((status: UpdateStatus) => void) | null = null;
  const host = {
    host: 'electron' as const,
    on: vi.fn((_event: string, listener: (status: UpdateStatus) => void) => {
      push = listener;
      return () => (push = null);
    }),
    call: vi.fn(async (channel: string) => (channel === 'update:status' ? initial : restart())),
  };
  return { host: host as never, calls: host.call.mock.calls, push: (status: UpdateStatus) => push?.(status), listening: () => push !== null };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('updateBanner', () => {
  it('shows a download with a known version and a ready update, nothing when idle', () => {
    expect(updateBanner({ state: 'idle' })).toEqual({ kind: 'none' });
    expect(updateBanner({ state: 'downloading', version: '' })).toEqual({ kind: 'none' });
    expect(updateBanner({ state: 'downloading', version: '0.2.0' })).toEqual({ kind: 'downloading', version: '0.2.0' });
    expect(updateBanner({ state: 'ready', version: '0.2.0' })).toEqual({ kind: 'ready', version: '0.2.0' });
  });
});

describe('UpdateStatusState', () => {
  it('asks where the update stands, then follows what main pushes until it stops listening', async () => {
    const fake = fakeHost({ state: 'downloading', version: '0.2.0' }, async () => null);
    const update = new UpdateStatusState(fake.host);
    const stop = update.listen();
    await settle();
    expect(update.banner).toEqual({ kind: 'downloading', version: '0.2.0' });
    fake.push({ state: 'ready', version: '0.2.0' });
    expect(update.banner).toEqual({ kind: 'ready', version: '0.2.0' });
    stop();
    expect(fake.listening()).toBe(false);
  });

  it('asks main to restart into the update, once', async () => {
    let resolveRestart: (value: null) => void = () => undefined;
    const fake = fakeHost({ state: 'ready', version: '0.2.0' }, () => new Promise((resolve) => (resolveRestart = resolve)));
    const update = new UpdateStatusState(fake.host);
    const first = update.restartNow();
    void update.restartNow();
    expect(update.restarting).toBe(true);
    resolveRestart(null);
    await first;
    expect(fake.calls.filter(([channel]) => channel === 'update:restartNow')).toHaveLength(1);
  });

  it('says so when main refuses (e.g. a call started meanwhile), and lets the person try again', async () => {
    const fake = fakeHost({ state: 'ready', version: '0.2.0' }, async () => {
      throw new ApiCallError({ code: 'unavailable', message: 'The update installs when the call ends: it never interrupts a meeting.' });
    });
    const update = new UpdateStatusState(fake.host);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    await update.restartNow();
    warn.mockRestore();
    expect(update.restartFailed).toBe(true);
    expect(update.restarting).toBe(false);
  });
});
