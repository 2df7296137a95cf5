import { describe, expect, it } from 'vitest';
import { LicodeError, RecordingError, type RecordingId, type StreamId } from '../../../licode/index';
import type { OwnStream } from '../reactions/own-stream';
import { Recorder, type RecorderRoom } from './recorder.svelte';
import { recordingSince, withRecording } from './recording-attribute';
import { roleMayRecord } from './record-right';

/** A room that answers like Licode: ids for streams it has, its refusals for the rest. */
class FakeRoom implements RecorderRoom {
  readonly running = new Map<RecordingId, StreamId>();
  readonly streams = new Set<StreamId>();
  refuseAll: RecordingError | LicodeError | null = null;
  failStop: LicodeError | null = null;
  #next = 0.5;

  async startRecording(streamId: StreamId): Promise<RecordingId> {
    if (this.refuseAll) throw this.refuseAll;
    if (!this.streams.has(streamId)) throw new RecordingError('publisher-missing', 'gone');
    const id = this.#next++ * 1e9 + 0.25; // fractional, as Licode's random·1e18 ids are below 2^53
    this.running.set(id, streamId);
    return id;
  }

  async stopRecording(recordingId: RecordingId): Promise<void> {
    if (this.failStop) throw this.failStop;
    if (!this.running.delete(recordingId)) throw new RecordingError('not-recording', 'not being recorded');
  }
}

function setUp(options: { own?: boolean; streams?: StreamId[] } = {}) {
  const room = new FakeRoom();
  for (const id of options.streams ?? [1, 2]) room.streams.add(id);
  const sent: Array<Record<string, unknown>> = [];
  const own: OwnStream & { attributes: Record<string, unknown> } = {
    attributes: { name: 'Ada', hand: 5 },
    setAttributes: async (next) => {
      sent.push(next);
      own.attributes = next;
    },
    sendData: async () => undefined,
  };
  const announced: string[] = [];
  const notices: Array<{ key: string; params?: Record<string, string> }> = [];
  const recorder = new Recorder({
    ownKey: 'local',
    own: () => (options.own === false ? null : own),
    room: () => room,
    streams: () => [...room.streams],
    announce: (message) => announced.push(message),
    notify: (key, params) => notices.push(params ? { key, params } : { key }),
  });
  return { room, own, sent, announced, notices, recorder };
}

describe('Recorder', () => {
  it('announces first, records every stream of the room, also those published later, and stops them all', async () => {
    const { room, sent, announced, recorder } = setUp();
    expect(await recorder.start(1_000)).toBe(true);
    // The mark went out before any recording began, keeping the name and a raised hand.
    expect(sent[0]).toEqual({ name: 'Ada', hand: 5, recording: 1_000 });
    expect(recorder.mine).toBe(true);
    expect(recorder.since).toBe(1_000);
    expect([...room.running.values()].sort()).toEqual([1, 2]);

    room.streams.add(3);
    recorder.streamAdded(3);
    await Promise.resolve();
    await Promise.resolve();
    expect(recorder.recordedStreams.sort()).toEqual([1, 2, 3]);

    expect(await recorder.stop()).toBe(true);
    // Stopped with the very ids the room handed out (fractional ones included).
    expect(room.running.size).toBe(0);
    expect(sent.at(-1)).toEqual({ name: 'Ada', hand: 5 });
    expect(recorder.mine).toBe(false);
    expect(recorder.since).toBeNull();
    expect(announced).toEqual(['You are recording this meeting. Everyone in it sees that it is being recorded.', 'You stopped recording.']);
  });

  it('turns a role without the record right into a clear notice and takes the mark back', async () => {
    const { room, sent, notices, recorder } = setUp();
    room.refuseAll = new RecordingError('no-right', 'Your role in this room is not allowed to record.');
    expect(await recorder.start(1_000)).toBe(false);
    expect(notices).toEqual([
      {
        key: 'recording.notice.startFailed',
        params: { reason: 'your role on this server is not allowed to record (Licode gives the record right to presenters).' },
      },
    ]);
    expect(sent).toEqual([
      { name: 'Ada', hand: 5, recording: 1_000 },
      { name: 'Ada', hand: 5 },
    ]);
    expect(recorder.mine).toBe(false);
    expect(recorder.since).toBeNull();
  });

  it('refuses to record unseen: without a publication of ours nobody could see the mark', async () => {
    const { room, notices, recorder } = setUp({ own: false });
    expect(await recorder.start()).toBe(false);
    expect(notices).toEqual([{ key: 'recording.notice.unavailable' }]);
    expect(room.running.size).toBe(0);
  });

  it('a stop the server does not answer keeps the recording shown and asks to try again; a recording that ended with its publisher counts as stopped', async () => {
    const { room, notices, recorder } = setUp();
    await recorder.start(1_000);
    recorder.streamRemoved(2); // publisher left: Licode ended that recording
    room.failStop = new LicodeError('timeout', 'no answer');
    expect(await recorder.stop()).toBe(false);
    expect(recorder.mine).toBe(true);
    expect(notices.at(-1)).toEqual({ key: 'recording.notice.stopFailed', params: { reason: 'the server did not answer in time.' } });
    room.failStop = null;
    room.running.clear(); // e.g. the server already ended it: "not being recorded" is fine too
    expect(await recorder.stop()).toBe(true);
    expect(recorder.mine).toBe(false);
  });

  it('after the server lost our session (its recordings went with our old streams) it stops claiming to record', async () => {
    const { own, room, notices, recorder } = setUp();
    await recorder.start(1_000);
    recorder.sessionLost();
    expect(recorder.mine).toBe(false);
    expect(recorder.since).toBeNull();
    expect(own.attributes).toEqual({ name: 'Ada', hand: 5 }); // what the rejoin republishes
    expect(notices).toEqual([{ key: 'recording.notice.lost' }]);
    room.streams.add(9);
    recorder.streamAdded(9); // the others' republished streams are not recorded any more
    await Promise.resolve();
    expect(recorder.recordedStreams).toEqual([]);
  });

  it('shows and announces other participants recording, from their attributes, once per change', () => {
    const { announced, recorder } = setUp();
    recorder.seen('r:1', { name: 'Bo', recording: 5_000 }, 'Bo', false, 9_000); // listed at join
    expect(recorder.since).toBe(5_000);
    expect(announced).toEqual(['This meeting is being recorded']);
    recorder.seen('r:2', { recording: 20_000 }, 'Cy', true, 9_000); // a clock ahead of ours counts as now
    expect(recorder.since).toBe(5_000);
    recorder.seen('r:1', { name: 'Bo', recording: 5_000, hand: 1 }, 'Bo', true, 9_500); // other attributes changed
    recorder.seen('r:1', { name: 'Bo' }, 'Bo', true, 10_000);
    recorder.remove('r:2');
    expect(recorder.since).toBeNull();
    expect(announced).toEqual(['This meeting is being recorded', 'Cy started recording this meeting', 'Bo stopped recording']);
  });
});

describe('the recording attribute and the record right', () => {
  it('reads only a start time, never hostile values', () => {
    expect(recordingSince({ recording: 1_000 }, 2_000)).toBe(1_000);
    for (const junk of [true, '1000', -1, 1.5, Number.NaN, { at: 1 }, null]) expect(recordingSince({ recording: junk }, 2_000)).toBeNull();
    expect(withRecording({ name: 'Ada', recording: 1 }, null)).toEqual({ name: 'Ada' });
  });

  it('follows Licode’s shipped roles: only presenters record', () => {
    expect(roleMayRecord('presenter')).toBe(true);
    expect(roleMayRecord('viewer')).toBe(false);
    expect(roleMayRecord('viewerWithData')).toBe(false);
  });
});
