/** share:state and window:presenterMode: Electron hands them to its presenter windows, the web host answers them alone. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDispatcher } from './dispatcher';
import { createHandlers, type PresenterDesktop } from './handlers';
import { testHandlerDeps } from './test-handler-deps';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'licode-presenter-ipc-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function dispatcher(presenter?: PresenterDesktop) {
  const deps = await testHandlerDeps(dir, presenter ? { presenter } : {});
  return createDispatcher(createHandlers(deps), { logError: () => {} });
}

describe('presenter channels', () => {
  it('hand the share state and the compact view to the desktop presenter windows (Electron)', async () => {
    const seen: unknown[] = [];
    const dispatch = await dispatcher({ shareState: (report) => seen.push(report), setCompact: (compact) => seen.push({ compact }) });
    expect(await dispatch('share:state', { sharing: true, paused: false })).toEqual({ ok: true, value: null });
    expect(await dispatch('window:presenterMode', { compact: true })).toEqual({ ok: true, value: null });
    expect(seen).toEqual([{ sharing: true, paused: false }, { compact: true }]);
  });

  it('are answered without windows in the web host, where the bar and the compact view stay in the page', async () => {
    const dispatch = await dispatcher();
    expect(await dispatch('share:state', { sharing: true, paused: true })).toEqual({ ok: true, value: null });
    expect(await dispatch('window:presenterMode', { compact: false })).toEqual({ ok: true, value: null });
  });

  it('refuse malformed reports', async () => {
    const seen: unknown[] = [];
    const dispatch = await dispatcher({ shareState: (report) => seen.push(report), setCompact: (compact) => seen.push(compact) });
    for (const [channel, args] of [
      ['share:state', { sharing: true }],
      ['share:state', { sharing: 'yes', paused: false }],
      ['share:state', { sharing: true, paused: false, sourceName: 'spoof' }],
      ['window:presenterMode', { compact: 1 }],
      ['window:presenterMode', undefined],
    ] as const) {
      expect(await dispatch(channel, args), `${channel} ${JSON.stringify(args)}`).toMatchObject({ ok: false, error: { code: 'invalid-arguments' } });
    }
    expect(seen).toEqual([]);
  });
});
