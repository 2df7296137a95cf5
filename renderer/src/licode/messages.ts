import * as v from 'valibot';
import { isFlagSet } from './flags';

/**
 * Stream ids are JSON numbers above 2^53 (§8.1). We keep the double exactly as JSON.parse produced it, never do
 * arithmetic on it and never stringify it: JSON/socket.io re-emit the same literal, and Map<number, …> keys work.
 */
export type StreamId = number;
export const StreamIdSchema = v.pipe(v.number('stream id must be a number'), v.finite('stream id must be finite'));

const Attributes = v.fallback(v.record(v.string(), v.unknown()), {});

/** A stream entry of the join reply / onAddStream (§3.3, §5.1). Flags may be strings or objects (§8 #6). */
export const PublicStreamSchema = v.looseObject({
  id: StreamIdSchema,
  audio: v.optional(v.unknown()),
  video: v.optional(v.unknown()),
  data: v.optional(v.unknown()),
  screen: v.optional(v.unknown()),
  label: v.optional(v.unknown()),
  attributes: v.optional(v.unknown()),
});

export type PublicStream = v.InferOutput<typeof PublicStreamSchema>;

export interface RemoteStreamInfo {
  readonly id: StreamId;
  readonly audio: boolean;
  readonly video: boolean;
  readonly data: boolean;
  readonly screen: boolean;
  readonly label: string | undefined;
  readonly attributes: Record<string, unknown>;
}

export function toRemoteStreamInfo(s: PublicStream): RemoteStreamInfo {
  return {
    id: s.id,
    audio: isFlagSet(s.audio),
    video: isFlagSet(s.video),
    data: isFlagSet(s.data),
    screen: isFlagSet(s.screen),
    label: typeof s.label === 'string' ? s.label : undefined,
    attributes: v.parse(Attributes, s.attributes ?? {}),
  };
}

/** Join reply: dialect A `('success', info)` and dialect C `connected` share this shape. */
export const JoinInfoSchema = v.looseObject({
  streams: v.array(PublicStreamSchema, 'streams must be a list'),
  id: v.union([v.string(), v.number()], 'room id missing'),
  clientId: v.optional(v.string()),
  singlePC: v.optional(v.unknown()),
  p2p: v.optional(v.unknown()),
  defaultVideoBW: v.optional(v.number()),
  maxVideoBW: v.optional(v.number()),
  iceServers: v.optional(v.unknown()),
});
export type JoinInfo = v.InferOutput<typeof JoinInfoSchema>;

export const RemoveStreamSchema = v.looseObject({ id: StreamIdSchema });
export const DataStreamSchema = v.looseObject({ id: StreamIdSchema, msg: v.unknown() });
export const UpdateAttributeSchema = v.looseObject({ id: StreamIdSchema, attrs: v.unknown() });
export const BandwidthAlertSchema = v.looseObject({
  streamID: StreamIdSchema,
  message: v.optional(v.unknown()),
  bandwidth: v.optional(v.unknown()),
});
export const ConnectionFailedSchema = v.looseObject({
  type: v.optional(v.unknown()),
  streamId: v.optional(StreamIdSchema),
});

/** Dialect A down-link signalling (§3.4): `{mess, streamId}` for publishers, `{mess, peerId}` for subscribers. */
export const SignalingMessageErizoSchema = v.looseObject({
  mess: v.looseObject({ type: v.string('mess.type must be a string'), sdp: v.optional(v.unknown()), candidate: v.optional(v.unknown()) }),
  streamId: v.optional(StreamIdSchema),
  peerId: v.optional(StreamIdSchema),
});

/** Dialect C down-link connection signalling (§5.5). */
export const ConnectionMessageErizoSchema = v.looseObject({
  connectionId: v.pipe(v.string('connectionId must be a string'), v.nonEmpty()),
  info: v.optional(v.unknown()),
  evt: v.looseObject({
    type: v.string('evt.type must be a string'),
    sdp: v.optional(v.unknown()),
    candidate: v.optional(v.unknown()),
    level: v.optional(v.unknown()),
  }),
});

export const StreamMessageErizoSchema = v.looseObject({
  mess: v.looseObject({ type: v.optional(v.unknown()) }),
  streamId: v.optional(StreamIdSchema),
  peerId: v.optional(StreamIdSchema),
});

/** ReliableSocket envelope and acknowledgement (§5.2). */
export const EnvelopeSchema = v.object({
  socketgd: v.pipe(v.number(), v.integer(), v.minValue(0)),
  msg: v.unknown(),
});
export const SocketgdAckSchema = v.looseObject({ id: v.pipe(v.number(), v.integer(), v.minValue(0)) });

/** Every server event we listen to, with its schema. Anything else is ignored (and never forwarded). */
export const ServerEventSchemas = {
  onAddStream: PublicStreamSchema,
  onRemoveStream: RemoveStreamSchema,
  onDataStream: DataStreamSchema,
  onUpdateAttributeStream: UpdateAttributeSchema,
  onBandwidthAlert: BandwidthAlertSchema,
  connection_failed: ConnectionFailedSchema,
  signaling_message_erizo: SignalingMessageErizoSchema,
  connection_message_erizo: ConnectionMessageErizoSchema,
  stream_message_erizo: StreamMessageErizoSchema,
} as const;
export type ServerEventName = keyof typeof ServerEventSchemas;
export type ServerEvents = { [K in ServerEventName]: v.InferOutput<(typeof ServerEventSchemas)[K]> };
export const SERVER_EVENT_NAMES = Object.keys(ServerEventSchemas) as ServerEventName[];

export type ParseResult<T> = { ok: true; value: T } | { ok: false; message: string };

export function parseServerEvent<K extends ServerEventName>(event: K, payload: unknown): ParseResult<ServerEvents[K]> {
  const result = v.safeParse(ServerEventSchemas[event], payload);
  if (result.success) return { ok: true, value: result.output as ServerEvents[K] };
  return { ok: false, message: `Malformed "${event}" from the server: ${describeIssues(result.issues)}` };
}

export function parseJoinInfo(payload: unknown): ParseResult<JoinInfo> {
  const result = v.safeParse(JoinInfoSchema, payload);
  if (result.success) return { ok: true, value: result.output };
  return { ok: false, message: `Malformed join reply from the server: ${describeIssues(result.issues)}` };
}

function describeIssues(issues: readonly v.BaseIssue<unknown>[]): string {
  return issues
    .slice(0, 3)
    .map((i) => {
      const path = i.path?.map((p) => String(p.key)).join('.');
      return path ? `${path}: ${i.message}` : i.message;
    })
    .join('; ');
}
