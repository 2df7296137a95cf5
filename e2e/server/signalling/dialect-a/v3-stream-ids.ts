import { isRecord } from '../faults';

/**
 * v3 keeps streams in plain objects (`room.streams[id]`), so a stream id sent as decimal text finds the same stream as
 * the number — the blog's client sent `"streamId":"275079030538886180"` (docs/licode-protocol.md §8 #1, #24o). The
 * shared room registry is keyed by number, as from v5; this turns such text back into the number it names, for the
 * requests that carry a stream id. Text that does not print back the same (not a key a number makes) stays text and
 * finds nothing, as in v3.
 */
export function textKeyedIds(event: string, payload: unknown[]): unknown[] {
  const [first, ...rest] = payload;
  switch (event) {
    case 'subscribe':
    case 'signaling_message':
      return isRecord(first) ? [{ ...first, streamId: asKey(first.streamId) }, ...rest] : payload;
    case 'unpublish':
    case 'unsubscribe':
    case 'getStreamStats':
      return [asKey(first), ...rest];
    case 'sendDataStream':
    case 'updateStreamAttributes':
      return isRecord(first) ? [{ ...first, id: asKey(first.id) }, ...rest] : payload;
    default:
      return payload;
  }
}

function asKey(id: unknown): unknown {
  if (typeof id !== 'string' || !/^[0-9]{1,20}$/.test(id)) return id;
  const number = Number(id);
  return String(number) === id ? number : id;
}
