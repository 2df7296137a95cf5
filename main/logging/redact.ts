/**
 * Keeps secrets out of the log files: Licode tokens (base64 JSON carrying a signature), token signatures, the web
 * host's per-launch secret and anything passed as `secret=`/`token=`. Applied as an electron-log hook to every message,
 * whatever the transport, so no code path can forget it.
 */
import { inspect } from 'node:util';
import type { LogMessage } from 'electron-log';

/** A Licode token is base64 of JSON with tokenId/host/secure/signature: base64 of `{"` starts with "ey". */
const BASE64_JSON = /\bey[A-Za-z0-9+/]{30,}={0,2}/g;
const SIGNATURE = /("?signature"?\s*[:=]\s*"?)[^"\s,&}]+/gi;
const SECRET_PARAMETER = /\b(secret|token)=[^\s&"']+/gi;

export function redact(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) if (secret.length >= 8) result = result.split(secret).join('[redacted secret]');
  return result.replace(BASE64_JSON, '[redacted token]').replace(SIGNATURE, '$1[redacted]').replace(SECRET_PARAMETER, '$1=[redacted]');
}

/** The electron-log hook: strings, errors and objects alike come out redacted (objects as their inspected text). */
export function redactionHook(secrets: () => readonly string[]): (message: LogMessage) => LogMessage {
  return (message) => ({
    ...message,
    data: message.data.map((item: unknown) => redact(typeof item === 'string' ? item : inspect(item, { depth: 4, breakLength: Infinity }), secrets())),
  });
}
