/** Turns typed API errors (and anything else thrown) into translated, human sentences. */
import type { ApiErrorCode } from '../../../common/api-contract';
import { t, type MessageKey } from '../i18n/i18n.svelte';
import { ApiCallError } from '../platform/api';

export interface DescribedError {
  code: ApiErrorCode;
  message: string;
  /** The host's English explanation, shown as secondary detail (never contains a token). */
  details: string | null;
}

const KEYS: Record<ApiErrorCode, MessageKey> = {
  'forbidden-sender': 'error.forbidden-sender',
  'unknown-channel': 'error.unknown-channel',
  'invalid-arguments': 'error.invalid-arguments',
  'not-found': 'error.not-found',
  'token-unreachable': 'error.token-unreachable',
  'token-timeout': 'error.token-timeout',
  'token-refused': 'error.token-refused',
  'token-not-licode': 'error.token-not-licode',
  'token-malformed': 'error.token-malformed',
  'token-tls': 'error.token-tls',
  'token-insecure': 'error.token-insecure',
  cancelled: 'error.cancelled',
  'config-write-failed': 'error.config-write-failed',
  unavailable: 'error.unavailable',
  internal: 'error.internal',
};

export function describeError(error: unknown): DescribedError {
  if (error instanceof ApiCallError) {
    const { code, message, status } = error.data;
    return { code, message: t(KEYS[code], { status: status ?? '?' }), details: message };
  }
  return { code: 'internal', message: t('error.internal'), details: error instanceof Error ? error.message : null };
}
