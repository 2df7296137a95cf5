import type { LiveRoom, StreamRecord } from '../rooms/room-registry';
import { recordingId } from '../rooms/stream-ids';
import { requireRight } from './acks';
import type { ControllerContext } from './context';
import { isRecord, type Ack } from './faults';
import type { SignallingClient } from './signalling-client';
import { statsOf } from './stream-stats';

/** One recording as the admin API lists it (`GET /recordings`), so tests can say what the server was asked to record. */
export interface RecordingSummary {
  /** The id acknowledged to the client, as the number it was (a test may compare it with what the client kept). */
  recordingId: number;
  streamId: number;
  roomId: string;
  /** Who asked for it (clientId). */
  startedBy: string;
  startedAt: number;
  /** When `stopRecorder` ended it, or when its publisher was found gone; null while it runs. */
  stoppedAt: number | null;
  stoppedBy: string | null;
  /** Running: not stopped, and its stream is still published (a recording ends with its publisher, as in Erizo). */
  active: boolean;
}

interface RecordingEntry {
  summary: Omit<RecordingSummary, 'active'>;
  room: LiveRoom;
  stream: StreamRecord;
}

/** The recordings of one server life (they go with a restart, like every other state). */
export class RecordingLog {
  /** recording id → entry; ended entries stay listed, with their stop time. */
  private readonly entries = new Map<number, RecordingEntry>();

  start(room: LiveRoom, stream: StreamRecord, clientId: string): number {
    const id = recordingId();
    this.entries.set(id, {
      summary: { recordingId: id, streamId: stream.id, roomId: room.id, startedBy: clientId, startedAt: Date.now(), stoppedAt: null, stoppedBy: null },
      room,
      stream,
    });
    return id;
  }

  /**
   * Ends a running recording. Licode's lookup is by the id's exact value (`removeExternalOutput`): a recording that
   * ended, never existed or whose publisher is gone is "not being recorded".
   */
  stop(id: unknown, clientId: string): boolean {
    const entry = typeof id === 'number' ? this.entries.get(id) : undefined;
    if (!entry || !this.isRunning(entry)) return false;
    entry.summary.stoppedAt = Date.now();
    entry.summary.stoppedBy = clientId;
    return true;
  }

  list(): RecordingSummary[] {
    return [...this.entries.values()].map((entry) => ({ ...entry.summary, active: this.isRunning(entry) }));
  }

  private isRunning(entry: RecordingEntry): boolean {
    return entry.summary.stoppedAt === null && entry.room.streams.get(entry.stream.id) === entry.stream;
  }
}

/**
 * `startRecorder`/`stopRecorder` and `getStreamStats`, identical in every generation (docs/licode-protocol.md §3.1): the
 * server has no recorder, so a recording is an id bound to an Erizo stream until stopped (listed in `ctx.recordings`).
 */
export class RecordingRequests {
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
    ack(this.ctx.recordings.start(client.room, stream, client.clientId));
  }

  stop(client: SignallingClient, message: unknown, ack: Ack): void {
    if (!requireRight(this.ctx, client, 'record', ack)) return;
    if (!this.ctx.recordings.stop(isRecord(message) ? message.id : undefined, client.clientId)) {
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
