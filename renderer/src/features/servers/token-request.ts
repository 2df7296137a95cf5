import type { CreatedToken, ServerProfile } from '../../../../common/api-contract';
import { app } from '../../state/app.svelte';

/** The part of a server profile a token request needs (the server form tests unsaved values with it too). */
export type TokenServer = Pick<ServerProfile, 'serverUrl' | 'defaultRole' | 'allowSelfSigned'>;

/** Asks main for a token for `room` on the profile's server; the one place that builds `token:create` arguments. */
export function requestToken(server: TokenServer, room: string, username: string): Promise<CreatedToken> {
  return app.host.call('token:create', {
    serverUrl: server.serverUrl,
    room,
    username,
    role: server.defaultRole,
    allowSelfSigned: server.allowSelfSigned,
  });
}
