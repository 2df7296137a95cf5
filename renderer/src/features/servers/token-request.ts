import type { CreatedToken, ServerProfile } from '../../../../common/api-contract';
import { app } from '../../state/app.svelte';

/**
 * Asks main for a token for `room` on a saved profile's server; the one place that builds `token:create` arguments.
 * Main looks up the server, role and TLS choice itself, so the page can only name a profile.
 */
export function requestToken(profile: Pick<ServerProfile, 'id'>, room: string, username: string): Promise<CreatedToken> {
  return app.host.call('token:create', { profileId: profile.id, room, username });
}
