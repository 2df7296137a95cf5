import { recordingId } from '../rooms/stream-ids';
import { requireRight } from './acks';
import type { ControllerContext } from './context';
import { isRecord, type Ack } from './faults';
import type { SignallingClient } from './signalling-client';
import { statsOf } from './stream-stats';

/**
 * `startRecorder`/`stopRecorder` and `getStreamStats`, identical in every generation (docs/licode-protocol.md §3.1): the
 * server has no recorder, so a recording is an id bound to an Erizo stream until stopped.
 */
export class RecordingRequests {
  /** recording id → stream id */
  private readonly recordings = new Map<number, number>();

  constructor(private readonly ctx: ControllerContext) {}

  start(client: SignallingClient, message: unknown, ack: Ack): void {
    if (!requireRight(this.ctx, client, 'record', ack)) return;
    const stream = isRecord(message) ? client.room.stream(message.to) : undefined;
    if (!stream || !stream.ready) {
      ack(null, 'Unable to subscribe to stream for recording, publisher not present');
      return;
    }
    if (stream.kind !== 'erizo') {
      ack(null, 'Stream can not be recorded');
      return;
    }
    const id = recordingId();
    this.recordings.set(id, stream.id);
    ack(id);
  }

  stop(client: SignallingClient, message: unknown, ack: Ack): void {
    if (!requireRight(this.ctx, client, 'record', ack)) return;
    const id = isRecord(message) ? message.id : undefined;
    if (typeof id !== 'number' || !this.recordings.delete(id)) {
      ack(null, 'This stream is not being recorded');
      return;
    }
    ack(true);
  }

  /** Unknown streams get no ack. */
  stats(client: SignallingClient, streamId: unknown, ack: Ack): void {
    if (!requireRight(this.ctx, client, 'stats', ack)) return;
    const stream = client.room.stream(streamId);
    if (stream) ack(statsOf(stream, this.ctx.media.stats(stream.id)));
  }
}
