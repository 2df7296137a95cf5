import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IPC_PREFIX, type ApiResult } from '../../common/api-contract';
import { ConfigStore } from '../config/config-store';
import { ScreenShareService } from '../display-media/screen-share-service';
import { TokenError } from '../token/token-service';
import { createDispatcher, type Dispatch } from './dispatcher';
import { bindIpc, type InvokeEventLike, type IpcMainLike } from './electron-ipc';
import { CHECK_ROOM, createHandlers, type HandlerDeps } from './handlers';
import { testHandlerDeps } from './test-handler-deps';

const profileInput = { name: 'Office', serverUrl: 'http://127.0.0.1:3001', generation: 'auto', defaultRole: 'presenter', allowSelfSigned: false };

let dir: string;
let deps: HandlerDeps;
let dispatch: Dispatch;
let logged: unknown[];
let picks: string[];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'licode-ipc-'));
  logged = [];
  picks = [];
  deps = await testHandlerDeps(dir, {
    createToken: vi.fn(async () => ({ encoded: 'e30=', decoded: { tokenId: 't', host: 'h:1', secure: false, signature: 's' } })),
    screenShare: new ScreenShareService({
      captures: 'page',
      capabilities: { picker: 'in-app', loopbackAudio: false },
      listSources: async () => [{ id: 'screen:1:0', name: 'Screen 1', displayId: '1', thumbnail: null, appIcon: null }],
      emitPick: (pick) => picks.push(pick.requestId),
    }),
  });
  dispatch = createDispatcher(createHandlers(deps), { logError: (...args) => logged.push(args) });
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function expectError(result: ApiResult<unknown>, code: string) {
  expect(result.ok).toBe(false);
  if (!result.ok) expect(result.error.code).toBe(code);
  return result.ok ? undefined : result.error;
}

describe('dispatcher', () => {
  it('rejects unknown channels', async () => {
    expectError(await dispatch('fs:readFile', '/etc/passwd'), 'unknown-channel');
    expectError(await dispatch(42, undefined), 'unknown-channel');
  });

  it('rejects bad arguments with per-field issues and changes nothing', async () => {
    const error = expectError(await dispatch('profiles:save', { ...profileInput, serverUrl: 'ftp://x', generation: 'Licode 99' }), 'invalid-arguments');
    expect(error?.issues?.map((i) => i.path).sort()).toEqual(['generation', 'serverUrl']);
    expect(error?.issues?.find((i) => i.path === 'serverUrl')?.message).toBe('server-url-invalid');
    expect(deps.config.get().profiles).toEqual([]);
    expectError(await dispatch('config:update', { language: 'en', evil: true }), 'invalid-arguments');
    expectError(await dispatch('config:get', { unexpected: 1 }), 'invalid-arguments');
    expectError(await dispatch('token:create', null), 'invalid-arguments');
    expect(deps.createToken).not.toHaveBeenCalled();
  });

  it('saves, edits and removes a profile', async () => {
    const saved = await dispatch('profiles:save', profileInput);
    if (!saved.ok) throw new Error(saved.error.message);
    const { profile } = saved.value as { profile: { id: string } };
    expect(deps.config.get()).toMatchObject({ activeProfileId: profile.id, profiles: [{ ...profileInput, id: profile.id }] });
    const edited = await dispatch('profiles:save', { ...profileInput, id: profile.id, name: 'HQ' });
    expect(edited.ok).toBe(true);
    expect(deps.config.get().profiles.map((p) => p.name)).toEqual(['HQ']);
    expectError(await dispatch('profiles:save', { ...profileInput, id: 'missing' }), 'not-found');
    await dispatch('recentRooms:add', { profileId: profile.id, room: 'standup' });
    expect(deps.config.get().recentRooms.map((r) => r.room)).toEqual(['standup']);
    expect((await dispatch('profiles:remove', { id: profile.id })).ok).toBe(true);
    expect(deps.config.get()).toMatchObject({ profiles: [], activeProfileId: null, recentRooms: [] });
  });

  it('remembers the generation detected for a profile, keeps it across edits of the same server and forgets it for another', async () => {
    const saved = await dispatch('profiles:save', profileInput);
    if (!saved.ok) throw new Error(saved.error.message);
    const { id } = (saved.value as { profile: { id: string } }).profile;
    const remembered = await dispatch('profiles:rememberGeneration', { profileId: id, generation: { dialect: 'C', socketIo: 2 } });
    expect(remembered).toMatchObject({ ok: true, value: { profiles: [{ id, detectedGeneration: { dialect: 'C', socketIo: 2 } }] } });
    // On disk too (the config store writes through).
    expect((await ConfigStore.open(dir)).get().profiles[0]?.detectedGeneration).toEqual({ dialect: 'C', socketIo: 2 });
    // Renaming the profile keeps it; the form cannot set it.
    await dispatch('profiles:save', { ...profileInput, id, name: 'HQ', detectedGeneration: { dialect: 'A', socketIo: 2 } });
    expect(deps.config.get().profiles[0]?.detectedGeneration).toEqual({ dialect: 'C', socketIo: 2 });
    // Another server URL: forgotten.
    await dispatch('profiles:save', { ...profileInput, id, serverUrl: 'http://127.0.0.1:4001' });
    expect(deps.config.get().profiles[0]).not.toHaveProperty('detectedGeneration');
    await dispatch('profiles:rememberGeneration', { profileId: id, generation: { dialect: 'A', socketIo: 2 } });
    expect(deps.config.get().profiles[0]?.detectedGeneration).toEqual({ dialect: 'A', socketIo: 2 });
    expect((await dispatch('profiles:rememberGeneration', { profileId: id, generation: null })).ok).toBe(true);
    expect(deps.config.get().profiles[0]).not.toHaveProperty('detectedGeneration');
  });

  it('refuses generations that do not exist and profiles that do not', async () => {
    const saved = await dispatch('profiles:save', profileInput);
    if (!saved.ok) throw new Error(saved.error.message);
    const { id } = (saved.value as { profile: { id: string } }).profile;
    for (const generation of [{ dialect: 'A', socketIo: 4 }, { dialect: 'B', socketIo: 4 }, 'C', { dialect: 'C' }, undefined]) {
      expectError(await dispatch('profiles:rememberGeneration', { profileId: id, generation }), 'invalid-arguments');
    }
    expectError(await dispatch('profiles:rememberGeneration', { profileId: id, generation: null, extra: 1 }), 'invalid-arguments');
    expectError(await dispatch('profiles:rememberGeneration', { profileId: 'missing', generation: { dialect: 'C', socketIo: 4 } }), 'not-found');
    expect(deps.config.get().profiles[0]).not.toHaveProperty('detectedGeneration');
  });

  it('creates tokens only for saved profiles, with the server, role and TLS choice main has on file', async () => {
    const saved = await dispatch('profiles:save', { ...profileInput, serverUrl: 'https://licode.lab:3004', defaultRole: 'viewer', allowSelfSigned: true });
    if (!saved.ok) throw new Error(saved.error.message);
    const { id } = (saved.value as { profile: { id: string } }).profile;
    expect(await dispatch('token:create', { profileId: id, room: 'standup', username: 'Ada' })).toMatchObject({ ok: true });
    expect(deps.createToken).toHaveBeenCalledWith(
      { serverUrl: 'https://licode.lab:3004', room: 'standup', username: 'Ada', role: 'viewer' },
      { allowSelfSigned: true },
    );
    // The page cannot aim the request elsewhere: a URL, role or TLS flag is not an argument of token:create.
    for (const extra of [{ serverUrl: 'http://169.254.169.254' }, { role: 'presenter' }, { allowSelfSigned: true }]) {
      expectError(await dispatch('token:create', { profileId: id, room: 'r', username: 'u', ...extra }), 'invalid-arguments');
    }
    expectError(await dispatch('token:create', { profileId: 'missing', room: 'r', username: 'u' }), 'not-found');
    expect(deps.createToken).toHaveBeenCalledTimes(1);
  });

  it('checks an unsaved server without handing the token to the page', async () => {
    const result = await dispatch('server:check', { serverUrl: 'http://127.0.0.1:3001', role: 'presenter', allowSelfSigned: false });
    expect(result).toEqual({ ok: true, value: { controllerHost: 'h:1', secure: false } });
    expect(deps.createToken).toHaveBeenCalledWith(
      { serverUrl: 'http://127.0.0.1:3001', room: CHECK_ROOM, username: 'Licode Desktop connection test', role: 'presenter' },
      { allowSelfSigned: false },
    );
    for (const serverUrl of ['http://169.254.169.254/latest/meta-data', 'http://[fe80::1]:3001', 'http://user:pw@licode.lab']) {
      expectError(await dispatch('server:check', { serverUrl, role: 'presenter' }), 'invalid-arguments');
    }
    expect(deps.createToken).toHaveBeenCalledTimes(1);
  });

  it('cancels a running server check by its id (server:cancelCheck), which then fails as cancelled', async () => {
    vi.mocked(deps.createToken).mockImplementationOnce(
      (_request, options) =>
        new Promise((_resolve, reject) =>
          options.signal?.addEventListener('abort', () => reject(new TokenError('cancelled', 'The server check was cancelled.'))),
        ),
    );
    const checking = dispatch('server:check', { serverUrl: 'http://127.0.0.1:3001', role: 'presenter', checkId: 'check-0123abcd' });
    expect(await dispatch('server:cancelCheck', { checkId: 'check-0123abcd' })).toEqual({ ok: true, value: null });
    expectError(await checking, 'cancelled');
    expectError(await dispatch('server:cancelCheck', { checkId: '../../etc' }), 'invalid-arguments');
    expect(logged).toEqual([]);
  });

  it('maps token errors to typed codes without logging them', async () => {
    vi.mocked(deps.createToken).mockRejectedValueOnce(
      new TokenError('refused', 'The server refused the token request (HTTP 401: No Erizo Controller found).', 401),
    );
    const error = expectError(await dispatch('server:check', { serverUrl: 'http://127.0.0.1:1', role: 'presenter' }), 'token-refused');
    expect(error?.status).toBe(401);
    vi.mocked(deps.createToken).mockRejectedValueOnce(new TokenError('insecure', 'unencrypted'));
    expectError(await dispatch('server:check', { serverUrl: 'https://licode.lab', role: 'presenter' }), 'token-insecure');
    expect(logged).toEqual([]);
  });

  it('turns unexpected failures into a generic error instead of a rejection', async () => {
    vi.mocked(deps.createToken).mockRejectedValueOnce(new Error('boom'));
    expectError(await dispatch('server:check', { serverUrl: 'http://127.0.0.1:1', role: 'presenter' }), 'internal');
    expect(logged).toHaveLength(1);
  });

  it('has no screen-source listing: titles and thumbnails of every window are not for page scripts', async () => {
    expectError(await dispatch('screen:sources', undefined), 'unknown-channel');
  });

  it('lists screen-share sources only while the picker request the page opened is open', async () => {
    expectError(await dispatch('display:sources', { requestId: 'share-1' }), 'not-found');
    const opened = await dispatch('display:request', undefined);
    expect(opened).toEqual({ ok: true, value: { requestId: 'share-1', capabilities: { picker: 'in-app', loopbackAudio: false } } });
    expect(picks).toEqual(['share-1']);
    expectError(await dispatch('display:request', undefined), 'unavailable');
    expect(await dispatch('display:sources', { requestId: 'share-1' })).toMatchObject({ ok: true, value: { sources: [{ id: 'screen:1:0' }] } });
    const choice = { requestId: 'share-1', sourceId: 'screen:1:0', shareAudio: false, optimiseFor: 'text' };
    expectError(await dispatch('display:choose', { ...choice, optimiseFor: 'fast' }), 'invalid-arguments');
    expectError(await dispatch('display:choose', { ...choice, sourceId: 'file:///etc/passwd' }), 'invalid-arguments');
    expect(await dispatch('display:choose', choice)).toEqual({ ok: true, value: null });
    expectError(await dispatch('display:sources', { requestId: 'share-1' }), 'not-found');
    expectError(await dispatch('display:choose', choice), 'not-found');
  });
});

describe('Electron IPC binding', () => {
  const ourId = 7;
  function fakeIpcMain() {
    const handlers = new Map<string, (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>>();
    const ipc: IpcMainLike = { handle: (c, l) => void handlers.set(c, l), removeHandler: (c) => void handlers.delete(c) };
    return { ipc, handlers };
  }
  const event = (id: number, url: string, parent: unknown = null): InvokeEventLike => ({ sender: { id }, senderFrame: { url, parent } });

  it('serves our window and refuses other windows, origins and iframes', async () => {
    const { ipc, handlers } = fakeIpcMain();
    const unbind = bindIpc(ipc, dispatch, { webContentsId: () => ourId, origin: 'app://licode' });
    const appInfo = handlers.get(`${IPC_PREFIX}app:info`)!;
    expect(await appInfo(event(ourId, 'app://licode/index.html'))).toMatchObject({ ok: true, value: { name: 'Licode Desktop' } });
    expectError((await appInfo(event(8, 'app://licode/index.html'))) as ApiResult<unknown>, 'forbidden-sender');
    expectError((await appInfo(event(ourId, 'https://evil.example/'))) as ApiResult<unknown>, 'forbidden-sender');
    expectError((await appInfo(event(ourId, 'app://licode/index.html', {}))) as ApiResult<unknown>, 'forbidden-sender');
    expectError((await appInfo({ sender: { id: ourId }, senderFrame: null })) as ApiResult<unknown>, 'forbidden-sender');
    unbind();
    expect(handlers.size).toBe(0);
  });

  it('checks the sender of profiles:rememberGeneration like every other channel', async () => {
    const { ipc, handlers } = fakeIpcMain();
    bindIpc(ipc, dispatch, { webContentsId: () => ourId, origin: 'app://licode' });
    const remember = handlers.get(`${IPC_PREFIX}profiles:rememberGeneration`)!;
    const args = { profileId: 'lab', generation: { dialect: 'C', socketIo: 4 } };
    expectError((await remember(event(8, 'app://licode/index.html'), args)) as ApiResult<unknown>, 'forbidden-sender');
    expectError((await remember(event(ourId, 'https://evil.example/'), args)) as ApiResult<unknown>, 'forbidden-sender');
    // From our window it reaches the handler (which finds no such profile).
    expectError((await remember(event(ourId, 'app://licode/index.html'), args)) as ApiResult<unknown>, 'not-found');
  });

  it('validates arguments coming over IPC', async () => {
    const { ipc, handlers } = fakeIpcMain();
    bindIpc(ipc, dispatch, { webContentsId: () => ourId, origin: 'app://licode' });
    const update = handlers.get(`${IPC_PREFIX}config:update`)!;
    expectError((await update(event(ourId, 'app://licode/'), { language: 'klingon' })) as ApiResult<unknown>, 'invalid-arguments');
    expectError((await update(event(ourId, 'app://licode/'), {}, {})) as ApiResult<unknown>, 'invalid-arguments');
    expect(await update(event(ourId, 'app://licode/'), { language: 'zh-CN' })).toMatchObject({ ok: true, value: { language: 'zh-CN' } });
  });
});
