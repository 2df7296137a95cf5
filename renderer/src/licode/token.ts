import { decodeLicodeToken } from '../../../common/licode-token';
import { LicodeError } from './errors';

/** A decoded Licode token (§6.3). `raw` is the object exactly as decoded, which dialect A sends back verbatim. */
export interface LicodeToken {
  readonly tokenId: string;
  readonly host: string;
  readonly secure: boolean;
  readonly signature: string;
  readonly raw: Readonly<Record<string, unknown>>;
  /** The base64 text as the user gave it (trimmed). */
  readonly text: string;
}

/**
 * Decode and validate a token without contacting any server (the schema main uses too: common/licode-token.ts).
 * Throws a `LicodeError('token-invalid')` with a human message.
 */
export function decodeToken(text: unknown): LicodeToken {
  const result = decodeLicodeToken(text);
  if (!result.ok) throw new LicodeError('token-invalid', result.message);
  const { fields, raw, text: trimmed } = result.token;
  return { ...fields, raw, text: trimmed };
}

/** The ErizoController URL the token points at (§2: scheme from `secure`, `host` already carries the port). */
export function controllerUrl(token: LicodeToken): string {
  return `${token.secure ? 'wss' : 'ws'}://${token.host}`;
}

/** The token fields as dialect C handshake query parameters (§5.1: all values travel as strings). */
export function tokenQuery(token: LicodeToken): Record<string, string> {
  return { tokenId: token.tokenId, host: token.host, secure: String(token.secure), signature: token.signature };
}
