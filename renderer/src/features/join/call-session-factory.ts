/**
 * The call session for a join target: the one place that turns "where and with which devices" into a CallSession,
 * for the call screen and the kiosk alike. Loaded with the call (it pulls in the Licode client library).
 */
import type { CreatedToken } from '../../../../common/api-contract';
import type { Room } from '../../licode/index';
import type { HostApi } from '../../platform/api';
import { CallSession } from '../call/call-session.svelte';
import type { LocalDevicesInit } from '../devices/local-devices.svelte';
import type { JoinTarget } from './join-target';

export interface CallSessionExtras {
  host: HostApi;
  announce: (message: string) => void;
  /** Kiosk mode: never stop reconnecting. */
  unboundedReconnect?: boolean;
  /** The room pre-join already joined with `token` (features/prejoin/meeting-preview.svelte.ts). */
  preparedRoom?: Room | null;
}

export function createCallSession(target: JoinTarget, token: CreatedToken, devices: LocalDevicesInit, extras: CallSessionExtras): CallSession {
  return new CallSession({
    ...devices,
    host: extras.host,
    token: token.encoded,
    displayName: target.displayName,
    generation: target.generation,
    knownGeneration: target.knownGeneration,
    rememberGeneration: (generation) => target.rememberGeneration(generation),
    allowSelfSigned: target.allowSelfSigned,
    freshToken: async () => (await target.freshToken()).encoded,
    announce: extras.announce,
    ...(extras.unboundedReconnect ? { unboundedReconnect: true } : {}),
    preparedRoom: extras.preparedRoom ?? null,
  });
}
