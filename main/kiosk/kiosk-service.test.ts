import { describe, expect, it, vi } from 'vitest';
import type { CreatedToken, ServerProfile } from '../../common/api-contract';
import type { CreateTokenRequest } from '../token/token-service';
import { loadKioskConfig } from './kiosk-config';
import { KioskService, type KioskServiceOptions } from './kiosk-service';
import { hashPin } from './pin';

const profile: ServerProfile = {
  id: 'lab',
  name: 'Lab server',
  serverUrl: 'http://127.0.0.1:3001',
  generation: 'A',
  defaultRole: 'viewer',
  allowSelfSigned: true,
  displayName: 'Lab TV',
};

function serviceFor(flags: string[], overrides: Partial<KioskServiceOptions> = {}) {
  const loaded = loadKioskConfig(['--kiosk', ...flags], {});
  if (loaded.status === 'help') throw new Error('help');
  const requests: CreateTokenRequest[] = [];
  const service = new KioskService({
    configuration: loaded.status === 'ok' ? { status: 'ok', config: loaded.config } : { status: 'error', error: loaded.error },
    appVersion: '0.1.0',
    profiles: () => [profile],
    createToken: async (request) => {
      requests.push(request);
      return { encoded: 'token', decoded: {} } as CreatedToken;
    },
    defaultLogDir: '/nonexistent',
    onExit: () => undefined,
    ...overrides,
  });
  return { service, requests };
}

describe('KioskService', () => {
  it('resolves a saved profile by name for the page and for every token (server, role and name from main)', async () => {
    const { service, requests } = serviceFor(['--kiosk-server', 'Lab server', '--kiosk-room', 'boardroom']);
    expect(await service.handlers['kiosk:config'](undefined)).toEqual({
      mode: 'on',
      settings: expect.objectContaining({ room: 'boardroom', displayName: 'Lab TV', generation: 'A', allowSelfSigned: true, exitEnabled: false }),
    });
    await service.handlers['kiosk:token'](undefined);
    await service.handlers['kiosk:token'](undefined);
    expect(requests).toEqual([
      { serverUrl: 'http://127.0.0.1:3001', room: 'boardroom', username: 'Lab TV', role: 'viewer' },
      { serverUrl: 'http://127.0.0.1:3001', room: 'boardroom', username: 'Lab TV', role: 'viewer' },
    ]);
  });

  it('shows a profile that does not exist as the configuration error naming the key', async () => {
    const { service } = serviceFor(['--kiosk-server', 'Gone', '--kiosk-room', 'boardroom']);
    expect(await service.handlers['kiosk:config'](undefined)).toEqual({
      mode: 'error',
      key: 'server',
      message: 'Kiosk configuration: server names no saved server profile "Gone" (saved: "Lab server").',
    });
    await expect(service.handlers['kiosk:token'](undefined)).rejects.toThrow('no saved server profile');
  });

  it('reports a bad configuration as the error state with the key', async () => {
    const { service } = serviceFor(['--kiosk-server', 'http://127.0.0.1:3001', '--kiosk-room', 'boardroom', '--kiosk-media-silence-seconds', '1']);
    expect(await service.handlers['kiosk:config'](undefined)).toMatchObject({ mode: 'error', key: 'mediaSilenceSeconds' });
    expect(service.status.snapshot()).toMatchObject({ state: 'error', lastError: { message: expect.stringContaining('mediaSilenceSeconds') } });
  });

  it('tells media flowing from heartbeat counters that grew, and counts a reloaded page from zero', async () => {
    const { service } = serviceFor(['--kiosk-server', 'http://127.0.0.1:3001', '--kiosk-room', 'boardroom']);
    service.status.transition('in-room');
    const beat = (inbound: number | null, outbound: number | null) =>
      service.handlers['kiosk:heartbeat']({
        media: {
          inbound: inbound === null ? null : { bytes: inbound, frames: inbound },
          outbound: outbound === null ? null : { bytes: outbound, frames: 0 },
        },
      });
    await beat(100, 50);
    expect(service.status.snapshot().mediaFlowing).toEqual({ incoming: true, outgoing: true });
    await beat(100, 80);
    expect(service.status.snapshot().mediaFlowing).toEqual({ incoming: false, outgoing: true });
    // The page reloaded: its counters start again, and 20 is media that came in.
    await beat(20, null);
    expect(service.status.snapshot().mediaFlowing).toEqual({ incoming: true, outgoing: false });
  });

  it('exits only with the right PIN, after answering', async () => {
    vi.useFakeTimers();
    try {
      const onExit = vi.fn();
      const pinHash = await hashPin('2468', { N: 2 ** 10, r: 8, p: 1 });
      const { service } = serviceFor(['--kiosk-server', 'http://127.0.0.1:3001', '--kiosk-room', 'boardroom', '--kiosk-pin-hash', pinHash], { onExit });
      expect(await service.handlers['kiosk:exit']({ pin: '1111' })).toEqual({ outcome: 'refused', attemptsLeft: 4 });
      await vi.advanceTimersByTimeAsync(1_000);
      expect(onExit).not.toHaveBeenCalled();
      expect(await service.handlers['kiosk:exit']({ pin: '2468' })).toEqual({ outcome: 'accepted' });
      await vi.advanceTimersByTimeAsync(1_000);
      expect(onExit).toHaveBeenCalledOnce();
    } finally {
      vi.useRealTimers();
    }
  });
});
