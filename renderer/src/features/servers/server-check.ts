import type { CreatedToken } from '../../../../common/api-contract';
import { requestToken, type TokenServer } from './token-request';

/**
 * Room used to check a server before saving it: the basic example server's default room, so the check does not
 * create rooms on a real server. The token is dropped (tokens expire after ~3 minutes, §6.3).
 */
export const CHECK_ROOM = 'basicExampleRoom';

/** Asks the server for a token with the form's settings; resolves with it or throws ApiCallError. */
export function checkServer(server: TokenServer): Promise<CreatedToken> {
  return requestToken(server, CHECK_ROOM, 'Licode Desktop connection test');
}
