import type { CreatedToken, ServerProfile } from '../../../../preload/api-contract';
import { app } from '../../state/app.svelte';

/**
 * Room used to test a server before saving it: the basic example server's default room, so testing does
 * not create rooms on a real server. The token is dropped (tokens expire after ~3 minutes, §6.3).
 */
export const TEST_ROOM = 'basicExampleRoom';

/** Asks the server for a token with the profile's settings; resolves with it or throws ApiCallError. */
export function testServer(profile: Pick<ServerProfile, 'serverUrl' | 'defaultRole' | 'allowSelfSigned'>): Promise<CreatedToken> {
  return app.host.call('token:create', {
    serverUrl: profile.serverUrl,
    room: TEST_ROOM,
    username: 'Licode Desktop connection test',
    role: profile.defaultRole,
    allowSelfSigned: profile.allowSelfSigned,
  });
}
