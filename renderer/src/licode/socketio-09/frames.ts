/**
 * socket.io 0.9 packets (the LearnBoost socket.io-spec, protocol revision 1; docs/licode-protocol.md §2.1), spoken by
 * Licode v3 and older. A packet is `type:id:endpoint:data`: `0::` disconnect, `1::` connect, `2::` heartbeat,
 * `3:::text` message, `4:::json` JSON message, `5:<id>[+]:<endpoint>:{"name","args"}` event, `6:::<id>[+args]` ack,
 * `7:::reason+advice` error, `8::` noop. Pure encode/decode; every bound is checked here so the socket never acts on
 * a frame it could not fully read.
 */

/** Frames longer than this are refused unread (socket.io 4's default `maxHttpBufferSize` is the same 1 MB). */
export const MAX_FRAME_CHARS = 1_000_000;
/** Ack ids are counters starting at 1; anything beyond this is not one a client of ours handed out. */
export const MAX_ACK_ID = 2 ** 31 - 1;

export type Frame09 =
  | { type: 'disconnect'; endpoint: string }
  | { type: 'connect'; endpoint: string }
  | { type: 'heartbeat' }
  | { type: 'message'; endpoint: string; text: string }
  | { type: 'json'; endpoint: string; value: unknown }
  /** `ackId` set: the sender wants an ack; `ackWithData`: the `+` form, answered with the handler's arguments. */
  | { type: 'event'; endpoint: string; name: string; args: unknown[]; ackId?: number; ackWithData?: boolean }
  | { type: 'ack'; ackId: number; args: unknown[] }
  | { type: 'error'; endpoint: string; reason: string; advice: string }
  | { type: 'noop' };

export type DecodeResult = { ok: true; frame: Frame09 } | { ok: false; message: string };

const TYPES = ['disconnect', 'connect', 'heartbeat', 'message', 'json', 'event', 'ack', 'error', 'noop'] as const;
/** socket.io 0.9's error reason and advice tables (parser.js): errors travel as indexes into them. */
const ERROR_REASONS = ['transport not supported', 'client not handshaken', 'unauthorized'];
const ERROR_ADVICE = ['reconnect'];

/** `type:id[+]:endpoint[:data]`; the data may contain colons and line breaks. */
const FRAME = /^([0-9]):([0-9]*)(\+?):([^:]*)(?::([\s\S]*))?$/;
const ACK_DATA = /^([0-9]+)(\+([\s\S]*))?$/;

export function decodeFrame(text: string): DecodeResult {
  if (text.length > MAX_FRAME_CHARS) return fail(`a frame of ${text.length} characters is larger than the ${MAX_FRAME_CHARS} allowed`);
  const match = FRAME.exec(text);
  if (!match) return fail(`"${preview(text)}" is not a socket.io 0.9 frame`);
  const [, typeDigit = '', id = '', plus = '', endpoint = '', data = ''] = match;
  const type = TYPES[Number(typeDigit)];
  if (!type) return fail(`unknown socket.io 0.9 frame type ${typeDigit}`);
  switch (type) {
    case 'disconnect':
    case 'connect':
      return { ok: true, frame: { type, endpoint } };
    case 'heartbeat':
      return { ok: true, frame: { type } };
    case 'noop':
      return { ok: true, frame: { type } };
    case 'message':
      return { ok: true, frame: { type, endpoint, text: data } };
    case 'json': {
      const value = parseJson(data);
      return value.ok ? { ok: true, frame: { type, endpoint, value: value.value } } : fail(`a JSON frame with broken JSON (${value.message})`);
    }
    case 'event':
      return decodeEvent(endpoint, id, plus === '+', data);
    case 'ack':
      return decodeAck(data);
    case 'error': {
      const [reason = '', advice = ''] = data.split('+');
      return { ok: true, frame: { type, endpoint, reason: ERROR_REASONS[Number(reason)] ?? reason, advice: ERROR_ADVICE[Number(advice)] ?? advice } };
    }
  }
}

function decodeEvent(endpoint: string, id: string, withData: boolean, data: string): DecodeResult {
  const ackId = id === '' ? undefined : parseAckId(id);
  if (ackId === null) return fail(`an event asks for ack id ${preview(id)}, which is out of range`);
  const parsed = parseJson(data);
  if (!parsed.ok) return fail(`an event frame with broken JSON (${parsed.message})`);
  const body = parsed.value;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return fail('an event frame whose data is not a {"name","args"} object');
  const { name, args } = body as { name?: unknown; args?: unknown };
  if (typeof name !== 'string' || name === '') return fail('an event frame without an event name');
  if (args !== undefined && !Array.isArray(args)) return fail(`the "${preview(name)}" event's args are not a list`);
  const frame: Frame09 = { type: 'event', endpoint, name, args: (args as unknown[] | undefined) ?? [] };
  return { ok: true, frame: ackId === undefined ? frame : { ...frame, ackId, ackWithData: withData } };
}

function decodeAck(data: string): DecodeResult {
  const match = ACK_DATA.exec(data);
  if (!match) return fail(`an ack frame without an ack id ("${preview(data)}")`);
  const ackId = parseAckId(match[1] ?? '');
  if (ackId === null) return fail(`an ack for id ${preview(match[1] ?? '')}, which is out of range`);
  if (match[2] === undefined) return { ok: true, frame: { type: 'ack', ackId, args: [] } };
  const parsed = parseJson(match[3] ?? '');
  if (!parsed.ok) return fail(`an ack frame with broken JSON (${parsed.message})`);
  if (!Array.isArray(parsed.value)) return fail('an ack frame whose arguments are not a list');
  return { ok: true, frame: { type: 'ack', ackId, args: parsed.value as unknown[] } };
}

export function encodeFrame(frame: Frame09): string {
  switch (frame.type) {
    case 'disconnect':
      return `0::${frame.endpoint}`;
    case 'connect':
      return `1::${frame.endpoint}`;
    case 'heartbeat':
      return '2::';
    case 'message':
      return `3::${frame.endpoint}:${frame.text}`;
    case 'json':
      return `4::${frame.endpoint}:${JSON.stringify(frame.value)}`;
    case 'event': {
      const id = frame.ackId === undefined ? '' : `${frame.ackId}${frame.ackWithData ? '+' : ''}`;
      // JSON.stringify turns an `undefined` argument into null, as socket.io 0.9 did (§2.1 item 4).
      return `5:${id}:${frame.endpoint}:${JSON.stringify({ name: frame.name, args: frame.args })}`;
    }
    case 'ack':
      // socket.io 0.9 leaves out `+` and the list when there is nothing to return.
      return `6:::${frame.ackId}${frame.args.length ? `+${JSON.stringify(frame.args)}` : ''}`;
    case 'error': {
      const reason = ERROR_REASONS.indexOf(frame.reason);
      const advice = ERROR_ADVICE.indexOf(frame.advice);
      return `7::${frame.endpoint}:${reason < 0 ? frame.reason : reason}${frame.advice ? `+${advice < 0 ? frame.advice : advice}` : ''}`;
    }
    case 'noop':
      return '8::';
  }
}

/** `sid:heartbeatTimeout:closeTimeout:transports` (§2.1 step 1); timeouts in seconds, empty meaning "none". */
export interface Handshake09 {
  sid: string;
  heartbeatTimeoutS: number | null;
  closeTimeoutS: number | null;
  transports: string[];
}

const HANDSHAKE = /^([A-Za-z0-9_-]{1,128}):([0-9]{0,6}):([0-9]{0,6}):([a-z-]+(?:,[a-z-]+)*)$/;

/** Reads a handshake body; null when it is not one (a socket.io ≥ 1 server, a web page, an error text). */
export function parseHandshake(body: string): Handshake09 | null {
  const match = HANDSHAKE.exec(body.trim());
  if (!match) return null;
  const [, sid = '', heartbeat = '', close = '', transports = ''] = match;
  return {
    sid,
    heartbeatTimeoutS: heartbeat === '' ? null : Number(heartbeat),
    closeTimeoutS: close === '' ? null : Number(close),
    transports: transports.split(','),
  };
}

function parseAckId(digits: string): number | null {
  if (!/^[0-9]{1,10}$/.test(digits)) return null;
  const id = Number(digits);
  return id <= MAX_ACK_ID ? id : null;
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (err) {
    return { ok: false, message: err instanceof Error ? err.message : String(err) };
  }
}

function fail(message: string): DecodeResult {
  return { ok: false, message: `The server sent ${message}.` };
}

function preview(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
