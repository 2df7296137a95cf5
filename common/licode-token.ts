/**
 * The one schema and decoder of a Licode token (docs/licode-protocol.md §6.3), used by main when it checks what a
 * createToken server answered and by the Licode library before it connects. Pure: `atob` and `TextDecoder` exist in
 * Node and in the page, so main and the renderer decode exactly alike.
 *
 * Strict on purpose: the token says where the app connects (`host`, `secure`), so anything that is not a plain
 * `hostname:port` (credentials, paths, queries, fragments, impossible ports) or that is far larger than any Licode
 * token is refused as malformed rather than passed on to a URL builder.
 */
import * as v from 'valibot';

/** A base64 Licode token is ~200 characters; a generous bound keeps a hostile answer from being decoded at all. */
export const MAX_TOKEN_TEXT_LENGTH = 4096;

/** Nuve's tokenIds are 24-hex ObjectIds; other token servers use UUIDs. Printable, no spaces, bounded. */
const TOKEN_ID = /^[\x21-\x7e]{1,128}$/;
/** base64 of the 40-character hex HMAC (56 characters) in Licode; any printable text up to a bound elsewhere. */
const SIGNATURE = /^[\x21-\x7e]{1,512}$/;
const HOST_NAME = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
const IPV6_LITERAL = /^\[[0-9A-Fa-f:.]{2,45}\]$/;

/** `hostname`, `hostname:port`, `a.b.c.d:port` or `[ipv6]:port`, with a port in 1–65535; nothing else. */
export function isControllerHost(value: string): boolean {
  const match = /^(\[[^\]]*\]|[^:]*)(?::(\d{1,5}))?$/.exec(value);
  if (!match) return false;
  const [, name = '', port] = match;
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) return false;
  return IPV6_LITERAL.test(name) || HOST_NAME.test(name);
}

export const LicodeTokenSchema = v.object({
  tokenId: v.pipe(v.string('tokenId must be text'), v.regex(TOKEN_ID, 'tokenId must be 1–128 printable characters without spaces')),
  host: v.pipe(v.string('host must be text'), v.check(isControllerHost, 'host must look like "hostname:port" (a port from 1 to 65535, nothing else)')),
  // Nuve writes a boolean; the string forms appear where a token was rebuilt from query parameters (§5.1).
  secure: v.pipe(
    v.union([v.boolean(), v.picklist(['true', 'false'])], 'secure must be true or false'),
    v.transform((secure) => secure === true || secure === 'true'),
  ),
  signature: v.pipe(v.string('signature must be text'), v.regex(SIGNATURE, 'signature must be 1–512 printable characters without spaces')),
});

export type LicodeTokenFields = v.InferOutput<typeof LicodeTokenSchema>;

export interface DecodedLicodeToken {
  readonly fields: LicodeTokenFields;
  /** The decoded object exactly as it came, which dialect A sends back verbatim. */
  readonly raw: Readonly<Record<string, unknown>>;
  /** The base64 text, trimmed. */
  readonly text: string;
}

/**
 * Why a text is not a Licode token: `not-a-token`, not even encoded like one (not base64 JSON of an object);
 * `foreign-object`, a JSON object with none of Licode's fields (some other service answered); `bad-fields`, a Licode
 * token whose fields are missing or mangled (a malformed token).
 */
export type TokenProblem = 'not-a-token' | 'foreign-object' | 'bad-fields';

const TOKEN_KEYS = ['tokenId', 'host', 'secure', 'signature'];

export type TokenDecodeResult = { ok: true; token: DecodedLicodeToken } | { ok: false; problem: TokenProblem; message: string };

function base64ToUtf8(text: string): string {
  // Accept the URL-safe alphabet and missing padding: tokens pass through URLs and clipboards.
  let b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64)) throw new Error('not base64');
  b64 = b64.replace(/=+$/, '');
  if (b64.length % 4 === 1) throw new Error('truncated base64');
  b64 += '='.repeat((4 - (b64.length % 4)) % 4);
  const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}

/** Decodes and validates a token without contacting any server; never throws. Messages are English sentences. */
export function decodeLicodeToken(text: unknown): TokenDecodeResult {
  const fail = (problem: TokenProblem, message: string): TokenDecodeResult => ({ ok: false, problem, message });
  if (typeof text !== 'string') return fail('not-a-token', 'The token must be text.');
  const trimmed = text.trim();
  if (trimmed === '') return fail('not-a-token', 'The token is empty.');
  if (trimmed.length > MAX_TOKEN_TEXT_LENGTH) return fail('not-a-token', 'The token is far too long to be a Licode token.');
  let json: string;
  try {
    json = base64ToUtf8(trimmed);
  } catch {
    return fail('not-a-token', 'The token is not valid base64 text.');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return fail('not-a-token', 'The token does not contain JSON.');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return fail('not-a-token', 'The token does not contain a JSON object.');
  const result = v.safeParse(LicodeTokenSchema, parsed);
  if (!result.success) {
    if (!TOKEN_KEYS.some((key) => key in parsed)) return fail('foreign-object', 'The answer is JSON, but has none of the fields of a Licode token.');
    return fail('bad-fields', `The token is not a Licode token: ${result.issues.map((issue) => issue.message).join('; ')}.`);
  }
  return { ok: true, token: { fields: result.output, raw: parsed as Record<string, unknown>, text: trimmed } };
}

/** Where a token whose controller is on this machine points: clear text there never leaves the computer. */
export function isLoopbackControllerHost(host: string): boolean {
  const name = host.replace(/:\d+$/, '').toLowerCase();
  return name === 'localhost' || name === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name);
}
