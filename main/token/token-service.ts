/**
 * Asks a Licode basic-example server for a room token (docs/licode-protocol.md §6.1) and checks that the answer
 * really is a Licode token (§6.3: base64 of JSON {tokenId, host, secure, signature}).
 * The token is returned to the caller only; it is never logged or written anywhere.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import type { CreatedToken, Role } from '../../common/api-contract';
import { decodeLicodeToken, isLoopbackControllerHost } from '../../common/licode-token';

export type TokenErrorCode = 'unreachable' | 'timeout' | 'refused' | 'not-licode' | 'malformed' | 'tls' | 'insecure' | 'cancelled';

export class TokenError extends Error {
  override readonly name = 'TokenError';
  constructor(
    readonly code: TokenErrorCode,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

export interface CreateTokenRequest {
  serverUrl: string;
  room: string;
  username: string;
  role: Role | string;
}

export interface TokenServiceOptions {
  timeoutMs?: number;
  /** Accept self-signed TLS certificates (a per-profile choice for lab servers). */
  allowSelfSigned?: boolean;
  /** Stops the request at once (the person cancelled the server check); it then fails with code 'cancelled'. */
  signal?: AbortSignal;
}

export const DEFAULT_TOKEN_TIMEOUT_MS = 10_000;
/** A token is ~250 bytes; anything far larger is not one, so stop reading early. */
const MAX_BODY_BYTES = 64 * 1024;
/** How much of a refusal's body the user sees: enough for "Room not found", never a page or a dump. */
const MAX_DETAIL_CHARS = 80;
/**
 * What Licode itself answers when it will not issue a token (docs/licode-protocol.md §6.1, §6.2): basicServer turns
 * every Nuve error into 401 "No Erizo Controller found"; Nuve's own refusals, passed on by other token servers.
 */
const LICODE_REFUSALS = ['No Erizo Controller found', 'Name and role?', 'Room does not exist', 'Service not found'];
/** A refusal's plain-text message is one short line; a longer body is a page or a dump from something else. */
const MAX_REFUSAL_CHARS = 200;

/** `<serverUrl>/createToken/` whether or not the base URL ends with a slash. */
export function createTokenUrl(serverUrl: string): URL {
  const base = new URL(serverUrl);
  base.pathname = `${base.pathname.replace(/\/+$/, '')}/createToken/`;
  return base;
}

export async function createToken(request: CreateTokenRequest, options: TokenServiceOptions = {}): Promise<CreatedToken> {
  const url = createTokenUrl(request.serverUrl);
  const body = JSON.stringify({ username: request.username, role: request.role, room: request.room });
  const { status, text } = await post(url, body, options.timeoutMs ?? DEFAULT_TOKEN_TIMEOUT_MS, options.allowSelfSigned ?? false, options.signal);
  if (status < 200 || status > 299) throw refusalError(status, text);
  const token = decodeToken(text);
  refuseDowngrade(url, token);
  return token;
}

/**
 * Tells a token server that refused (401/403 with a short plain-text reason, as Licode sends, or one of Licode's own
 * refusal messages at any status) from an address where no token server answers at all: a 404 "Cannot POST", a 501,
 * a web page, JSON from some other API, a proxy's 502 — all 'not-licode', so nobody hunts for a media controller.
 */
function refusalError(status: number, text: string): TokenError {
  const detail = refusalDetail(text);
  const answered = `HTTP ${status}${detail ? `: ${detail}` : ''}`;
  if (isLicodeRefusal(status, text)) return new TokenError('refused', `The server refused the token request (${answered}).`, status);
  return new TokenError('not-licode', `The address answered ${answered} instead of a Licode token; no Licode token server is at this URL.`, status);
}

function isLicodeRefusal(status: number, text: string): boolean {
  const body = text.trim();
  if (LICODE_REFUSALS.some((message) => body === message)) return true;
  if (status !== 401 && status !== 403) return false;
  return body !== '' && body.length <= MAX_REFUSAL_CHARS && !looksLikeHtml(body) && !looksLikeJson(body) && !/[\r\n]/.test(body);
}

/**
 * A short, single-line, printable excerpt of a refusal's body, or '' when it is a web page or nothing readable:
 * the body comes from whatever answered at that address, so it must not be able to paint the UI or spoof text.
 */
export function refusalDetail(text: string): string {
  if (looksLikeHtml(text)) return '';
  // Controls, bidi overrides/isolates, zero-width and other format characters out; whitespace runs become one space.
  const printable = text
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (!printable) return '';
  const chars = [...printable];
  return chars.length > MAX_DETAIL_CHARS ? `${chars.slice(0, MAX_DETAIL_CHARS).join('')}…` : printable;
}

/**
 * Refuses a token fetched over https that sends the signalling in clear text (`secure: false`, §6.3) to another
 * machine. A browser page served over https cannot open that ws:// socket either (mixed content), so a working
 * Licode deployment never does this; in the app it would silently downgrade the meeting's encryption.
 */
export function refuseDowngrade(url: URL, token: CreatedToken): void {
  if (url.protocol !== 'https:' || token.decoded.secure || isLoopbackControllerHost(token.decoded.host)) return;
  throw new TokenError(
    'insecure',
    `The token server uses https, but its token sends the meeting's signalling unencrypted (ws://${token.decoded.host}). ` +
      'Ask the server administrator to enable SSL on the Licode controller (erizoController ssl), or use an http:// token server address if you accept an unencrypted connection.',
  );
}

/** Decodes and validates a base64 Licode token (common/licode-token.ts); throws TokenError('malformed' | 'not-licode'). */
export function decodeToken(text: string): CreatedToken {
  if (looksLikeHtml(text)) {
    throw new TokenError(
      'not-licode',
      'The server answered with a web page instead of a Licode token. Check that the URL points at the Licode token server (the basic example server).',
    );
  }
  if (looksLikeJson(text)) {
    throw new TokenError(
      'not-licode',
      'The server answered with JSON instead of a Licode token (base64 text). Check that the URL points at the Licode token server.',
    );
  }
  const result = decodeLicodeToken(text);
  if (!result.ok) {
    // Only an answer with a Licode token's fields is a token gone wrong; anything else came from some other service.
    if (result.problem === 'bad-fields') throw new TokenError('malformed', `The server sent a malformed Licode token. ${result.message}`);
    throw new TokenError('not-licode', `The server answered, but not with a Licode token (base64 of tokenId, host, secure and signature). ${result.message}`);
  }
  return { encoded: result.token.text, decoded: result.token.fields };
}

function looksLikeHtml(text: string): boolean {
  return /^\s*</.test(text);
}

/** A Licode token is base64 text, which never starts with a brace or a bracket. */
function looksLikeJson(text: string): boolean {
  return /^\s*[{[]/.test(text);
}

function post(url: URL, body: string, timeoutMs: number, allowSelfSigned: boolean, signal?: AbortSignal): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const cancelled = () => new TokenError('cancelled', 'The server check was cancelled.');
    if (signal?.aborted) {
      reject(cancelled());
      return;
    }
    const secure = url.protocol === 'https:';
    const requestOptions: https.RequestOptions = {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/plain, */*', 'content-length': Buffer.byteLength(body) },
      ...(secure && allowSelfSigned ? { rejectUnauthorized: false } : {}),
    };
    const req = (secure ? https : http).request(url, requestOptions, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_BODY_BYTES) {
          req.destroy(new TokenError('not-licode', 'The server answered with far more data than a Licode token.'));
          return;
        }
        chunks.push(chunk);
      });
      res.on('end', () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') });
      });
      res.on('error', (error) => {
        clearTimeout(timer);
        reject(toTokenError(error, url));
      });
    });
    const timer = setTimeout(() => {
      req.destroy(new TokenError('timeout', `The server at ${url.host} did not answer within ${Math.round(timeoutMs / 1000)} s.`));
    }, timeoutMs);
    const abort = () => req.destroy(cancelled());
    signal?.addEventListener('abort', abort, { once: true });
    req.on('close', () => signal?.removeEventListener('abort', abort));
    req.on('error', (error) => {
      clearTimeout(timer);
      reject(toTokenError(error, url));
    });
    req.end(body);
  });
}

const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
]);

function toTokenError(error: unknown, url: URL): TokenError {
  if (error instanceof TokenError) return error;
  const code = (error as NodeJS.ErrnoException).code ?? '';
  if (TLS_CODES.has(code)) {
    return new TokenError(
      'tls',
      `The TLS certificate of ${url.host} is not trusted (${code}). For a lab server with a self-signed certificate, enable "Allow self-signed certificate".`,
    );
  }
  if (code === 'EPROTO' || code === 'ERR_SSL_WRONG_VERSION_NUMBER') {
    return new TokenError('unreachable', `Could not speak HTTPS with ${url.host}; is it an http:// address?`);
  }
  return new TokenError('unreachable', `Could not reach ${url.host}${code ? ` (${code})` : ''}. Check the address and that the server is running.`);
}
