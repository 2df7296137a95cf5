import type { PublicationStats } from '../media/types';
import type { StreamRecord } from '../rooms/room-registry';

/** The `getStreamStats` ack: an object keyed `publisher` and the subscribers' ids (docs/licode-protocol.md §3.1). */
export function statsOf(stream: StreamRecord, stats: PublicationStats | undefined): Record<string, unknown> {
  const result: Record<string, unknown> = { publisher: stats ? { packetsIn: stats.packetsIn, plisSent: stats.plisSent } : {} };
  for (const id of stream.avSubscribers) result[id] = stats ? { packetsOut: stats.packetsOut } : {};
  return result;
}
