import * as v from 'valibot';
import { LicodeError } from './errors';

/** `host:port`, `name`, or `[ipv6]:port`; never a scheme, path or whitespace. */
const HOST_PATTERN = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?)(:\d{1,5})?$/;

const TokenSchema = v.object({
  tokenId: v.pipe(v.string('tokenId must be a string'), v.nonEmpty('tokenId is empty')),
  host: v.pipe(v.string('host must be a string'), v.regex(HOST_PATTERN, 'host must look like "hostname:port"')),
  secure: v.union([v.boolean(), v.picklist(['true', 'false'])], 'secure must be a boolean'),
  signature: v.pipe(v.string('signature must be a string'), v.nonEmpty('signature is empty')),
});

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

function base64ToUtf8(text: string): string {
  // Accept the URL-safe alphabet and missing padding: tokens pass through URLs and clipboards.
  let b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64)) throw new Error('not base64');
  b64 = b64.replace(/=+$/, '');
  if (b64.length % 4 === 1) throw new Error('truncated base64');
  b64 += '='.repeat((4 - (b64.length % 4)) % 4);
  const binary = atob(b64);
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}

/** Decode and validate a token without contacting any server. Throws a `LicodeError('token-invalid')` with a human message. */
export function decodeToken(text: unknown): LicodeToken {
  if (typeof text !== 'string') throw new LicodeError('token-invalid', 'The token must be text.');
  const trimmed = text.trim();
  if (trimmed === '') throw new LicodeError('token-invalid', 'The token is empty.');
  if (trimmed.length > 16_384) throw new LicodeError('token-invalid', 'The token is too long to be a Licode token.');
  let json: string;
  try {
    json = base64ToUtf8(trimmed);
  } catch {
    throw new LicodeError('token-invalid', 'The token is not valid base64 text.');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new LicodeError('token-invalid', 'The token does not contain JSON.');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new LicodeError('token-invalid', 'The token does not contain a JSON object.');
  }
  const result = v.safeParse(TokenSchema, parsed);
  if (!result.success) {
    const issues = result.issues.map((i) => i.message).join('; ');
    throw new LicodeError('token-invalid', `The token is not a Licode token: ${issues}.`, result.issues);
  }
  const { tokenId, host, secure, signature } = result.output;
  return {
    tokenId,
    host,
    secure: secure === true || secure === 'true',
    signature,
    raw: parsed as Record<string, unknown>,
    text: trimmed,
  };
}

/** The ErizoController URL the token points at (§2: scheme from `secure`, `host` already carries the port). */
export function controllerUrl(token: LicodeToken): string {
  return `${token.secure ? 'wss' : 'ws'}://${token.host}`;
}

/** The token fields as dialect C handshake query parameters (§5.1: all values travel as strings). */
export function tokenQuery(token: LicodeToken): Record<string, string> {
  return { tokenId: token.tokenId, host: token.host, secure: String(token.secure), signature: token.signature };
}
