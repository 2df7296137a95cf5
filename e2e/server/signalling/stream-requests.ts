import { mayPublishOrSubscribe } from '../rooms/permissions';
import { hasMedia, newStreamRecord, publicStream, type StreamRecord } from '../rooms/room-registry';
import { ackErizoTimeout } from './acks';
import type { ControllerContext } from './context';
import { isRecord, type Ack } from './faults';
import type { SignallingClient } from './signalling-client';

/**
 * The parts of publish/subscribe and of the data/attribute relay that every ErizoController generation implements the
 * same way (docs/licode-protocol.md §3, §5, §6.4). Each dialect keeps its wire format (argument positions, envelopes,
 * extra ack fields) and its Erizo negotiation flow.
 */

/**
 * Publish requests refused before anything is registered: missing rights (§6.4) and external inputs (`url`,
 * `recording`), which this server has no ErizoJS for. True when the request was answered here.
 */
export function refusePublish(ctx: ControllerContext, client: SignallingClient, options: Record<string, unknown>, sdp: unknown, ack: Ack): boolean {
  if (!mayPublishOrSubscribe(ctx.roles, client.user.role, 'publish', options)) {
    ack(null, 'Unauthorized');
    return true;
  }
  const state = options.state;
  if (state === 'url' || state === 'recording') {
    ack(null, `Error adding External Input:${typeof sdp === 'string' ? sdp : ''}`);
    return true;
  }
  return false;
}

/**
 * Data and P2P publications (and any publication in a P2P room) need no ErizoJS: registered ready at once, acked with
 * the id, announced with `onAddStream`. False when the publication needs Erizo.
 */
export function publishWithoutErizo(client: SignallingClient, id: number, options: Record<string, unknown>, withLabel: boolean, ack: Ack): boolean {
  const state = options.state;
  if (state !== 'p2p' && state !== 'data' && !client.room.p2p) return false;
  const stream = newStreamRecord(id, client.clientId, state === 'data' ? 'data' : 'p2p', options);
  stream.markReady();
  client.room.streams.set(id, stream);
  client.published.add(id);
  ack(id);
  client.room.broadcast('onAddStream', publicStream(stream, withLabel));
  return true;
}

/** An Erizo publication is listed to new joiners from the request on (state CREATED), announced only once media flows. */
export function registerErizoPublication(client: SignallingClient, id: number, options: Record<string, unknown>): StreamRecord {
  const stream = newStreamRecord(id, client.clientId, 'erizo', options);
  client.room.streams.set(id, stream);
  client.published.add(id);
  return stream;
}

/** The media behind an Erizo publication flows: mark it ready and announce it. False when it was gone or announced. */
export function announceWhenReady(client: SignallingClient, stream: StreamRecord, withLabel: boolean): boolean {
  if (stream.ready || !client.room.streams.has(stream.id)) return false;
  stream.markReady();
  client.room.broadcast('onAddStream', publicStream(stream, withLabel));
  return true;
}

/**
 * The subscribe steps both generations share, in Licode's order: rights, lookup (unknown stream: no ack), duplicate
 * subscriptions ignored, P2P rooms (`publish_me` to the publisher, never acked), data subscription, streams without
 * media acked at once, Erizo unreachable. Returns the stream when an Erizo subscription is due, else undefined (handled).
 */
export function beginSubscribe(
  ctx: ControllerContext,
  client: SignallingClient,
  options: Record<string, unknown>,
  ack: Ack,
  timeoutReasonInThirdSlot: boolean,
): StreamRecord | undefined {
  if (!mayPublishOrSubscribe(ctx.roles, client.user.role, 'subscribe', options)) {
    ack(null, 'Unauthorized');
    return undefined;
  }
  const room = client.room;
  const stream = room.stream(options.streamId);
  if (!stream) return undefined;
  if (client.subscriptions.has(stream.id) || client.p2pSubscriptions.has(stream.id) || stream.dataSubscribers.has(client.clientId)) return undefined;
  if (room.p2p) {
    client.p2pSubscriptions.add(stream.id);
    stream.avSubscribers.add(client.clientId);
    room.participants.get(stream.ownerId)?.send('publish_me', { streamId: stream.id, peerSocket: client.clientId });
    return undefined;
  }
  if (stream.data && options.data !== false) stream.dataSubscribers.add(client.clientId);
  if (!hasMedia(stream) || stream.kind !== 'erizo') {
    ack(true);
    return undefined;
  }
  if (ctx.faults.erizoUnreachable) {
    stream.dataSubscribers.delete(client.clientId);
    ackErizoTimeout(ack, 'ErizoJS is not reachable', timeoutReasonInThirdSlot);
    return undefined;
  }
  return stream;
}

/** `sendDataStream`: relayed as `onDataStream` to the stream's data subscribers, never echoed to the sender. */
export function relayDataStream(client: SignallingClient, message: unknown): void {
  if (!isRecord(message)) return;
  const stream = client.room.stream(message.id);
  if (stream) client.room.toDataSubscribers(stream, 'onDataStream', { id: stream.id, msg: message.msg }, client.clientId);
}

/**
 * `updateStreamAttributes`: stored (a shallow copy of an object, anything else verbatim) and relayed as
 * `onUpdateAttributeStream` to the data subscribers. False for an unknown stream.
 */
export function updateStreamAttributes(client: SignallingClient, message: unknown): boolean {
  if (!isRecord(message)) return false;
  const stream = client.room.stream(message.id);
  if (!stream) return false;
  stream.attributes = isRecord(message.attrs) ? { ...message.attrs } : message.attrs;
  client.room.toDataSubscribers(stream, 'onUpdateAttributeStream', { id: stream.id, attrs: stream.attributes }, client.clientId);
  return true;
}
