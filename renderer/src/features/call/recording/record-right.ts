import type { Role } from '../../../../../common/api-contract';

/**
 * Whether a role may record with Licode's shipped roles (docs/licode-protocol.md §6.4): only `presenter` has the
 * `record` right, in `licode_default.js` and in the built-in fallback alike. The join reply does not say what the role
 * may do, so the app goes by the role it asked the token for; a server with other role rights answers 'Unauthorized',
 * which the recorder turns into a clear notice.
 */
export function roleMayRecord(role: Role): boolean {
  return role === 'presenter';
}
