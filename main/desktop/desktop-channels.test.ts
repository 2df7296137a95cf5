/**
 * call:event, update:status and update:restartNow through the real handlers: the web host over its real HTTP API (the
 * same notification policy, answered with the page's focus, and never an update), and the restart answers main gives.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiResult } from '../../common/api-contract';
import { createDispatcher } from '../ipc/dispatcher';
import { createHandlers } from '../ipc/handlers';
import { testHandlerDeps } from '../ipc/test-handler-deps';
import type { UpdateControl } from '../updates/update-control';
import { startWebHostApp, type WebHostApp } from '../web-host/app';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'licode-desktop-channels-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the web host', () => {
  let host: WebHostApp;
  beforeEach(async () => {
    const rendererDir = join(dir, 'renderer');
    await mkdir(rendererDir);
    await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
    host = await startWebHostApp({ port: 0, userDataDir: join(dir, 'user-data'), rendererDir });
  });
  afterEach(async () => {
    await host.close();
  });

  const call = async (channel: string, args?: unknown): Promise<ApiResult<unknown>> => {
    const response = await fetch(`${host.url}__api/${channel}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: new URL(host.url).origin, 'x-licode-secret': host.secret },
      body: JSON.stringify(args === undefined ? {} : { args }),
    });
    return (await response.json()) as ApiResult<unknown>;
  };

  it('answers whether it would notify, by the page’s focus and the policy (one join per burst)', async () => {
    expect(await call('call:event', { kind: 'chat', from: 'Grace', preview: 'Hi', focused: true })).toEqual({ ok: true, value: { notified: false } });
    expect(await call('call:event', { kind: 'chat', from: 'Grace', preview: 'Hi', focused: false })).toEqual({ ok: true, value: { notified: true } });
    expect(await call('call:event', { kind: 'joined', name: 'Ada', focused: false })).toEqual({ ok: true, value: { notified: true } });
    expect(await call('call:event', { kind: 'joined', name: 'Alan', focused: false })).toEqual({ ok: true, value: { notified: false } });
  });

  it('refuses call events that are not what the contract says', async () => {
    for (const args of [
      { kind: 'chat', from: 'Grace', preview: 'x'.repeat(201), focused: false },
      { kind: 'chat', from: '', preview: 'Hi', focused: false },
      { kind: 'chat', from: 'Grace', preview: 'Hi', focused: false, token: 'eyJ' },
      { kind: 'left', name: 'Ada', focused: false },
      { kind: 'joined', name: 'Ada' },
    ])
      expect(await call('call:event', args), JSON.stringify(args).slice(0, 60)).toMatchObject({ ok: false, error: { code: 'invalid-arguments' } });
  });

  it('never has an update, and says so when asked to restart into one', async () => {
    expect(await call('update:status')).toEqual({ ok: true, value: { state: 'idle' } });
    expect(await call('update:restartNow')).toMatchObject({
      ok: false,
      error: { code: 'unavailable', message: 'There is no downloaded update to install.' },
    });
  });
});

describe('update:restartNow in Electron', () => {
  it('restarts only when the update policy says so, and explains a refusal during a call', async () => {
    let answer: ReturnType<UpdateControl['restartNow']> = 'in-call';
    const updates: UpdateControl = { status: () => ({ state: 'ready', version: '0.2.0' }), restartNow: () => answer };
    const dispatch = createDispatcher(
      createHandlers(
        await testHandlerDeps(dir, {
          appInfo: () => ({ name: 'Licode Desktop', version: '0.1.0', host: 'electron', platform: 'linux', versions: {} }),
          updates,
        }),
      ),
      { logError: () => {} },
    );
    expect(await dispatch('update:status', undefined)).toEqual({ ok: true, value: { state: 'ready', version: '0.2.0' } });
    expect(await dispatch('update:restartNow', undefined)).toMatchObject({
      ok: false,
      error: { code: 'unavailable', message: 'The update installs when the call ends: it never interrupts a meeting.' },
    });
    answer = 'restart';
    expect(await dispatch('update:restartNow', undefined)).toEqual({ ok: true, value: null });
  });
});
