import type { LiveRoom, StreamRecord } from '../rooms/room-registry';
import type { ControllerContext } from './context';
import type { SignallingClient } from './signalling-client';

/**
 * Teardown steps both generations share. What happens to the Erizo connections of a removed stream differs on purpose
 * and stays in each dialect: in A every subscriber has its own PeerConnection, which is closed; in C subscriptions
 * share connections, so the subscription is removed from its connection and the connection re-offered (or closed
 * once empty).
 */

/** Take a publication out of its room and its owner's list. False when it was already gone. */
export function detachStream(room: LiveRoom, stream: StreamRecord, owner: SignallingClient | undefined): boolean {
  if (!room.streams.has(stream.id)) return false;
  room.streams.delete(stream.id);
  owner?.published.delete(stream.id);
  return true;
}

/**
 * The start of a client's departure: marked removed (idempotent: false when it already was), grace timer stopped,
 * out of the room, each of its publications removed and announced with `onRemoveStream`.
 */
export async function beginClientRemoval(
  ctx: ControllerContext,
  tag: 'a' | 'b' | 'c',
  client: SignallingClient,
  why: string,
  removeStream: (room: LiveRoom, stream: StreamRecord) => Promise<unknown>,
): Promise<boolean> {
  if (client.removed) return false;
  client.removed = true;
  if (client.graceTimer) clearTimeout(client.graceTimer);
  const room = client.room;
  ctx.log(`[${tag}] ${client.clientId} leaves room ${room.id} (${why})`);
  room.participants.delete(client.clientId);
  for (const streamId of [...client.published]) {
    const stream = room.streams.get(streamId);
    if (!stream) continue;
    await removeStream(room, stream);
    room.broadcast('onRemoveStream', { id: streamId });
  }
  return true;
}

/** Admin `killStream`: the publication is removed as when its ErizoJS dies, and the room told. */
export async function killStream(
  ctx: ControllerContext,
  streamId: number,
  removeStream: (room: LiveRoom, stream: StreamRecord) => Promise<unknown>,
): Promise<boolean> {
  const found = ctx.rooms.findStream(streamId);
  if (!found) return false;
  await removeStream(found.room, found.stream);
  found.room.broadcast('onRemoveStream', { id: streamId });
  return true;
}

/**
 * Admin `bandwidthAlert`: `onBandwidthAlert` plus the Erizo-level `bandwidthAlert` to each subscriber, on the
 * dialect's Erizo event (`signaling_message_erizo` in A, `stream_message_erizo` in C).
 */
export function bandwidthAlert(ctx: ControllerContext, streamId: number, message: string, bandwidth: number, erizoEvent: string): boolean {
  const found = ctx.rooms.findStream(streamId);
  if (!found) return false;
  for (const id of found.stream.avSubscribers) {
    const p = found.room.participants.get(id);
    p?.send('onBandwidthAlert', { streamID: streamId, message, bandwidth });
    p?.send(erizoEvent, { mess: { type: 'bandwidthAlert', message, bandwidth }, peerId: streamId });
  }
  return true;
}
