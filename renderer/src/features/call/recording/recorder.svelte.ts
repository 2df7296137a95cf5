/**
 * Recording of one call: ours (every stream of the room recorded by Licode, one recording per stream, announced in
 * our camera stream's attributes) and everyone else's (their attribute), for the indicator everybody sees.
 */
import { t, type MessageKey } from '../../../i18n/i18n.svelte';
import { RecordingError, type RecordingId, type StreamId } from '../../../licode/index';
import type { OwnStream } from '../reactions/own-stream';
import { recordingSince, withRecording } from './recording-attribute';
import { refusalMessage } from './refusal-message';

/** What recording needs of the room (CallSession gives the Licode room while it is joined). */
export interface RecorderRoom {
  startRecording(streamId: StreamId): Promise<RecordingId>;
  stopRecording(recordingId: RecordingId): Promise<void>;
}

export interface RecordingContext {
  /** The tile key of our own camera tile. */
  ownKey: string;
  /** Our camera publication, or null while there is none: without it nobody could see that we record. */
  own: () => OwnStream | null;
  room: () => RecorderRoom | null;
  /** Every stream of the room that has media now: our camera and screen, everyone else's. */
  streams: () => StreamId[];
  /** A polite screen-reader announcement. */
  announce: (message: string) => void;
  /** A problem the user should see (the call's notice banner). */
  notify: (key: MessageKey, params?: Record<string, string>) => void;
}

export class Recorder {
  /** True while our recording runs (from the first recorded stream until every one was stopped). */
  mine = $state(false);
  /** A start or stop is under way: the control waits for it. */
  busy = $state(false);
  /** Tile key → since when its owner records (ours included). Replaced whole on every change. */
  #since = $state.raw<ReadonlyMap<string, number>>(new Map());
  /** Our recordings: stream → the recording id exactly as Licode sent it (needed bit for bit to stop it). */
  readonly #recordings = new Map<StreamId, RecordingId>();
  /** Streams being asked for, so a stream announced twice is recorded once. */
  readonly #starting = new Set<StreamId>();
  /** Between Record and Stop: streams published meanwhile are recorded too. */
  #wanted = false;
  readonly #context: RecordingContext;

  constructor(context: RecordingContext) {
    this.#context = context;
  }

  /** Since when someone (we or another participant) records this meeting; null when nobody does. */
  get since(): number | null {
    let earliest: number | null = null;
    for (const at of this.#since.values()) if (earliest === null || at < earliest) earliest = at;
    return earliest;
  }

  /** The streams we record now (for tests and the log). */
  get recordedStreams(): StreamId[] {
    return [...this.#recordings.keys()];
  }

  /** A remote camera stream appeared or changed its attributes; `announce` is false for the streams listed at join. */
  seen(key: string, attributes: Readonly<Record<string, unknown>>, name: string, announce: boolean, now = Date.now()): void {
    const at = recordingSince(attributes, now);
    const was = this.#since.get(key);
    if ((at === null) === (was === undefined)) return; // no change (a later attribute update keeps the first start)
    const nobodyBefore = this.since === null;
    this.#set(key, at);
    if (at === null) {
      if (announce) this.#context.announce(t('recording.announce.stopped', { name }));
    } else if (announce) {
      this.#context.announce(t('recording.announce.started', { name }));
    } else if (nobodyBefore) {
      // Found recording at join: said once, whoever records.
      this.#context.announce(t('recording.announce.inProgress'));
    }
  }

  /** A remote stream left (its recording mark goes with it). */
  remove(key: string): void {
    if (this.#since.has(key)) this.#set(key, null);
  }

  /** A stream was published (someone joined, a share started): recorded too while we record. */
  streamAdded(streamId: StreamId): void {
    const room = this.#context.room();
    if (!this.#wanted || !room || this.#recordings.has(streamId) || this.#starting.has(streamId)) return;
    void this.#record(room, streamId).then((error) => {
      // A stream that is no media stream or left again meanwhile has nothing to record.
      if (error && !isNothingToRecord(error)) this.#notifyFailure('recording.notice.streamFailed', error);
    });
  }

  /** A stream was unpublished: Licode ended its recording with it. */
  streamRemoved(streamId: StreamId): void {
    this.#recordings.delete(streamId);
  }

  /**
   * Starts recording every stream of the room. The others are told first (our attribute), so nobody is recorded
   * before they can see it; if no stream could be recorded, the mark is taken back and the notice says why.
   */
  async start(now = Date.now()): Promise<boolean> {
    if (this.#wanted || this.busy) return false;
    const room = this.#context.room();
    const own = this.#context.own();
    if (!room || !own) {
      this.#context.notify('recording.notice.unavailable');
      return false;
    }
    this.busy = true;
    try {
      try {
        await own.setAttributes(withRecording(own.attributes, now));
      } catch (error) {
        this.#notifyFailure('recording.notice.startFailed', error);
        return false;
      }
      this.#wanted = true;
      this.#set(this.#context.ownKey, now);
      const errors = (await Promise.all(this.#context.streams().map((id) => this.#record(room, id)))).filter((e) => e !== null);
      if (this.#recordings.size === 0) {
        this.#wanted = false;
        this.#set(this.#context.ownKey, null);
        await own.setAttributes(withRecording(own.attributes, null)).catch((error: unknown) => console.warn('Could not take back the recording mark', error));
        this.#notifyFailure('recording.notice.startFailed', errors[0] ?? new RecordingError('not-recordable', 'Nothing in this meeting can be recorded.'));
        return false;
      }
      const missed = errors.find((error) => !isNothingToRecord(error));
      if (missed) this.#notifyFailure('recording.notice.streamFailed', missed);
      this.mine = true;
      this.#context.announce(t('recording.announce.youStarted'));
      return true;
    } finally {
      this.busy = false;
    }
  }

  /**
   * Stops every recording we started. A recording that already ended (its publisher left) counts as stopped; any
   * other failure keeps us marked as recording — it may still run — and the notice asks to try again.
   */
  async stop(): Promise<boolean> {
    if (!this.#wanted || this.busy) return false;
    const room = this.#context.room();
    this.busy = true;
    this.#wanted = false;
    try {
      const failures: unknown[] = [];
      await Promise.all(
        [...this.#recordings].map(async ([streamId, recordingId]) => {
          try {
            await room?.stopRecording(recordingId);
          } catch (error) {
            if (!(error instanceof RecordingError && error.refusal === 'not-recording')) {
              failures.push(error);
              return;
            }
          }
          this.#recordings.delete(streamId);
        }),
      );
      if (failures.length > 0) {
        this.#wanted = true;
        this.#notifyFailure('recording.notice.stopFailed', failures[0]);
        return false;
      }
      this.mine = false;
      this.#set(this.#context.ownKey, null);
      const own = this.#context.own();
      await own?.setAttributes(withRecording(own.attributes, null)).catch((error: unknown) => console.warn('Could not remove the recording mark', error));
      this.#context.announce(t('recording.announce.youStopped'));
      return true;
    } finally {
      this.busy = false;
    }
  }

  /**
   * The server forgot our session (restart, long outage) and the room rejoins: Licode ended our recordings with our
   * old streams. The mark goes too (the republished stream carries the attributes we set now), and the notice says so.
   */
  sessionLost(): void {
    if (!this.#wanted) return;
    this.#wanted = false;
    this.#recordings.clear();
    this.mine = false;
    this.#set(this.#context.ownKey, null);
    const own = this.#context.own();
    // Sending fails while the session is gone; the attributes are kept for the republish all the same.
    void own?.setAttributes(withRecording(own.attributes, null)).catch(() => undefined);
    this.#context.notify('recording.notice.lost');
  }

  /** The call ended or is rejoined from scratch: nothing of the old room is recorded by us any more. */
  clear(): void {
    this.#wanted = false;
    this.#recordings.clear();
    this.#starting.clear();
    this.mine = false;
    this.#since = new Map();
  }

  /** Records one stream; resolves with the error instead of throwing (several run at once). */
  async #record(room: RecorderRoom, streamId: StreamId): Promise<unknown> {
    this.#starting.add(streamId);
    try {
      const recordingId = await room.startRecording(streamId);
      if (this.#wanted) this.#recordings.set(streamId, recordingId);
      else await room.stopRecording(recordingId).catch(() => undefined); // Stop was pressed while it started
      return null;
    } catch (error) {
      console.info(`Stream ${streamId} is not recorded`, error);
      return error;
    } finally {
      this.#starting.delete(streamId);
    }
  }

  #notifyFailure(key: MessageKey, error: unknown): void {
    const reason = refusalMessage(error);
    this.#context.notify(key, { reason: t(reason.key, reason.params) });
  }

  #set(key: string, at: number | null): void {
    const next = new Map(this.#since);
    if (at === null) next.delete(key);
    else next.set(key, at);
    this.#since = next;
  }
}

/** Licode's answers for a stream there is nothing to record of: a data stream, or one that left meanwhile. */
function isNothingToRecord(error: unknown): boolean {
  return error instanceof RecordingError && (error.refusal === 'not-recordable' || error.refusal === 'publisher-missing');
}
