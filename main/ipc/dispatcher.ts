/**
 * The single entry point both transports call: checks the channel, validates the arguments against the
 * contract's schema, runs the handler and turns every outcome into an ApiResult. It never throws and
 * never rejects, so a bad call cannot crash main or leave an unhandled rejection.
 */
import * as v from 'valibot';
import { ARG_SCHEMAS, isChannel, type ApiErrorData, type ApiResult, type Channel } from '../../common/api-contract';
import { TokenError, type TokenErrorCode } from '../token/token-service';
import { ApiError } from './api-error';
import type { Handlers } from './handlers';

export type Dispatch = (channel: unknown, args: unknown) => Promise<ApiResult<unknown>>;

export interface DispatcherOptions {
  /** Where unexpected errors are reported (their details stay out of the renderer). */
  logError?: (message: string, error: unknown) => void;
}

export function createDispatcher(handlers: Handlers, options: DispatcherOptions = {}): Dispatch {
  const logError = options.logError ?? ((message, error) => console.error(message, error));
  return async (channel, args) => {
    if (!isChannel(channel)) {
      return fail({ code: 'unknown-channel', message: `Unknown API channel ${JSON.stringify(String(channel)).slice(0, 80)}.` });
    }
    const parsed = v.safeParse(ARG_SCHEMAS[channel], args);
    if (!parsed.success) {
      return fail({
        code: 'invalid-arguments',
        message: `Invalid arguments for ${channel}.`,
        issues: parsed.issues.map((issue) => ({ path: v.getDotPath(issue) ?? '', message: issue.message })),
      });
    }
    try {
      // The cast pairs each channel with its own handler; TypeScript cannot correlate the union here.
      const handler = handlers[channel] as (args: unknown) => Promise<unknown>;
      return { ok: true, value: await handler(parsed.output) };
    } catch (error) {
      return fail(toErrorData(channel, error, logError));
    }
  };
}

const TOKEN_CODES: Record<TokenErrorCode, ApiErrorData['code']> = {
  unreachable: 'token-unreachable',
  timeout: 'token-timeout',
  refused: 'token-refused',
  'not-licode': 'token-not-licode',
  malformed: 'token-malformed',
  tls: 'token-tls',
  insecure: 'token-insecure',
  cancelled: 'cancelled',
};

function toErrorData(channel: Channel, error: unknown, logError: (message: string, error: unknown) => void): ApiErrorData {
  if (error instanceof ApiError) return error.toData();
  if (error instanceof TokenError) {
    return { code: TOKEN_CODES[error.code], message: error.message, ...(error.status !== undefined ? { status: error.status } : {}) };
  }
  if (error instanceof v.ValiError) {
    return {
      code: 'invalid-arguments',
      message: 'The change would make the settings invalid.',
      issues: error.issues.map((i) => ({ path: v.getDotPath(i) ?? '', message: i.message })),
    };
  }
  if (channel.startsWith('config:') || channel.startsWith('profiles:') || channel.startsWith('recentRooms:')) {
    logError(`[api] ${channel} failed to save settings`, error);
    return { code: 'config-write-failed', message: 'Your settings could not be saved. Check that the disk is not full or read-only.' };
  }
  logError(`[api] ${channel} failed`, error);
  return { code: 'internal', message: 'Something went wrong in Licode Desktop. Please try again.' };
}

function fail(error: ApiErrorData): ApiResult<never> {
  return { ok: false, error };
}
