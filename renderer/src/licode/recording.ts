// Licode's recorder (§3.1, §5.3: `startRecorder` / `stopRecorder`, the role right `record`, §6.4): the server records
// one stream per recording into a file of its own and tells nobody else, so whoever records says so themselves.
import { interpretAck } from './acks';
import { LicodeError } from './errors';
import type { StreamId } from './messages';
import type { SignallingTransport } from './transport';

/**
 * A recording id as the server sent it: a raw `random·1e18` double that the server turns into a file name by string
 * conversion when it stops (§8.1 #2), so it must go back bit for bit. It is kept as the received number and sent back
 * as a JSON number — never printed, rounded or turned into text on the way.
 */
export type RecordingId = number;

/** Why the server refused a recording request, from Licode's own reasons. */
export type RecordingRefusal =
  | 'no-right' // 'Unauthorized': the role lacks the `record` right
  | 'not-recordable' // 'Stream can not be recorded': not a media stream of the SFU (data, P2P, external input)
  | 'publisher-missing' // 'Unable to subscribe to stream for recording, publisher not present'
  | 'not-recording' // 'This stream is not being recorded': unknown id, or the recording already ended
  | 'other';

/** A refused recording request: a `request-failed` LicodeError that also says which refusal it was. */
export class RecordingError extends LicodeError {
  constructor(
    readonly refusal: RecordingRefusal,
    message: string,
    detail?: unknown,
  ) {
    super('request-failed', message, detail);
  }
}

const REFUSALS: Record<string, { refusal: RecordingRefusal; message: string }> = {
  Unauthorized: { refusal: 'no-right', message: 'Your role in this room is not allowed to record.' },
  'Stream can not be recorded': { refusal: 'not-recordable', message: 'This stream cannot be recorded (only audio and video sent through the server can).' },
  'Unable to subscribe to stream for recording, publisher not present': {
    refusal: 'publisher-missing',
    message: 'This stream cannot be recorded: it is not being published any more.',
  },
  'This stream is not being recorded': { refusal: 'not-recording', message: 'This recording is not running (it was stopped or its stream ended).' },
};

/** `startRecorder {to: streamId}` → `(recordingId)`. Rejects with a RecordingError, or a LicodeError 'timeout'. */
export async function startRecording(transport: SignallingTransport, streamId: StreamId): Promise<RecordingId> {
  if (typeof streamId !== 'number' || !Number.isFinite(streamId)) {
    throw new LicodeError('invalid-argument', `Cannot record "${String(streamId)}": a stream id is a number.`);
  }
  const ack = await ask(transport, 'startRecorder', { to: streamId }, 'start a recording', streamId);
  const id = ack[0];
  if (typeof id !== 'number' || !Number.isFinite(id)) {
    throw new LicodeError('malformed-message', 'The server answered the recording request without a recording id.', { ack });
  }
  return id;
}

/** `stopRecorder {id}` → `(true)`. Rejects with a RecordingError ('not-recording' for an ended one), or 'timeout'. */
export async function stopRecording(transport: SignallingTransport, recordingId: RecordingId): Promise<void> {
  if (typeof recordingId !== 'number' || !Number.isFinite(recordingId)) {
    throw new LicodeError('invalid-argument', `Cannot stop the recording "${String(recordingId)}": a recording id is a number.`);
  }
  await ask(transport, 'stopRecorder', { id: recordingId }, 'stop a recording', recordingId);
}

async function ask(transport: SignallingTransport, event: string, payload: object, what: string, subject: number): Promise<readonly unknown[]> {
  let args: unknown[];
  try {
    args = await transport.request(event, [payload]);
  } catch (err) {
    if (err instanceof LicodeError && err.code === 'timeout') {
      throw new LicodeError('timeout', `The server did not answer the request to ${what} in time.`, err.detail);
    }
    throw err;
  }
  const result = interpretAck(args, true);
  if (result.ok) return result.values;
  const known = REFUSALS[result.message];
  throw new RecordingError(
    known?.refusal ?? 'other',
    known?.message ?? `The server refused to ${what}: ${result.message}`,
    // The subject id stays a number here too: logs may print it, the request never saw a string.
    { event, reason: result.message, subject },
  );
}
