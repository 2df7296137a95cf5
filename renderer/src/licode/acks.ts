import type { StreamId } from './messages';

export type AckResult = { ok: true; values: readonly unknown[] } | { ok: false; message: string };

/**
 * Licode's acknowledgement conventions (§8.3 #12): success puts a value first; failure puts `null` first and the
 * reason in the *first string that follows* — `(null, 'Unauthorized')` or `(null, null, 'ErizoJS is not reachable')`.
 * `expectValue` says whether an empty ack is a failure (publish/subscribe) or fine (connectionMessage, data, …).
 */
export function interpretAck(args: readonly unknown[], expectValue: boolean): AckResult {
  if (args.length === 0) return expectValue ? { ok: false, message: 'The server acknowledged without a result.' } : { ok: true, values: args };
  const first = args[0];
  if (first === null || first === undefined || first === false) {
    const reason = args.slice(1).find((a): a is string => typeof a === 'string' && a.length > 0);
    if (!expectValue && first === undefined && reason === undefined) return { ok: true, values: args };
    return { ok: false, message: reason ?? 'The server refused the request without a reason.' };
  }
  if (first === 'error') {
    // dialect A token reply ('error', reason)
    const reason = args.slice(1).find((a): a is string => typeof a === 'string');
    return { ok: false, message: reason ?? 'The server refused the request.' };
  }
  return { ok: true, values: args };
}

/** Publish ack: `(streamId[, erizoId[, connectionId]])`. */
export function readPublishAck(
  args: readonly unknown[],
): { ok: true; streamId: StreamId; erizoId?: string; connectionId?: string } | { ok: false; message: string } {
  const result = interpretAck(args, true);
  if (!result.ok) return result;
  const [id, erizoId, connectionId] = result.values;
  if (typeof id !== 'number' || !Number.isFinite(id)) return { ok: false, message: 'The server answered the publish request without a stream id.' };
  return {
    ok: true,
    streamId: id,
    ...(typeof erizoId === 'string' ? { erizoId } : {}),
    ...(typeof connectionId === 'string' ? { connectionId } : {}),
  };
}

/** Subscribe ack: `(true[, erizoId[, connectionId]])`. */
export function readSubscribeAck(args: readonly unknown[]): { ok: true; erizoId?: string; connectionId?: string } | { ok: false; message: string } {
  const result = interpretAck(args, true);
  if (!result.ok) return result;
  const [, erizoId, connectionId] = result.values;
  return { ok: true, ...(typeof erizoId === 'string' ? { erizoId } : {}), ...(typeof connectionId === 'string' ? { connectionId } : {}) };
}
