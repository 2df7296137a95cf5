import { mayPublishOrSubscribe } from '../../rooms/permissions';
import { hasMedia, type StreamRecord } from '../../rooms/room-registry';
import type { ControllerContext } from '../context';
import type { Ack } from '../faults';
import type { ServerConnection } from '../server-connection';
import type { AClient } from './a-client';

/** What to do with a `subscribe` for a stream the client already subscribes to. */
export type RepeatSubscribe =
  /** Not a repeat: the ordinary subscribe steps apply. */
  | { kind: 'first' }
  /** Answered (or deliberately left unanswered) here. */
  | { kind: 'handled' }
  /** ErizoJS re-creates the subscriber: a new Erizo subscription replaces `previous` and is acknowledged again. */
  | { kind: 'resubscribe'; stream: StreamRecord; previous: ServerConnection };

/**
 * A repeated `subscribe`, alike in v4, v5 and v6 (v4 erizoController.js `subscribe`, v5/v6 models/Client.js
 * `onSubscribe`, roomController.js `addSubscriber`, erizoJSController.js `addSubscriber`):
 * - P2P rooms: `publish_me` goes to the publisher again, no ack;
 * - streams without Erizo media (data only): `addDataSubscriber` is idempotent and the ack `(true)` comes again;
 * - Erizo media: roomController drops the request silently once the client is in its subscriber list, but it only
 *   enters that list when ErizoJS reports `initializing` (which is also what triggers the ack). A repeat that arrives
 *   before the first subscribe was acknowledged therefore reaches ErizoJS, which logs "Duplicated subscription will
 *   resubscribe", closes the first subscriber and creates a new one: both requests are acknowledged `(true)`.
 * `pending` tells whether a subscription connection is still waiting for its `initializing` (its ack).
 */
export function repeatSubscribe(
  ctx: ControllerContext,
  client: AClient,
  options: Record<string, unknown>,
  ack: Ack,
  pending: (connection: ServerConnection) => boolean,
): RepeatSubscribe {
  // Refusals and unknown streams are the ordinary steps' business (they come first in Licode too).
  if (!mayPublishOrSubscribe(ctx.roles, client.user.role, 'subscribe', options)) return { kind: 'first' };
  const room = client.room;
  const stream = room.stream(options.streamId);
  if (!stream) return { kind: 'first' };
  if (room.p2p) {
    if (!client.p2pSubscriptions.has(stream.id)) return { kind: 'first' };
    room.participants.get(stream.ownerId)?.send('publish_me', { streamId: stream.id, peerSocket: client.clientId });
    return { kind: 'handled' };
  }
  if (!hasMedia(stream) || stream.kind !== 'erizo') {
    if (!stream.dataSubscribers.has(client.clientId)) return { kind: 'first' };
    ack(true);
    return { kind: 'handled' };
  }
  const previous = client.subscriptions.get(stream.id);
  if (!previous) return { kind: 'first' };
  if (stream.data && options.data !== false) stream.dataSubscribers.add(client.clientId);
  if (!pending(previous)) return { kind: 'handled' }; // roomController: already a subscriber, no answer at all
  return { kind: 'resubscribe', stream, previous };
}
