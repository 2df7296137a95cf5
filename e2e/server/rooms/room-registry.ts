import { objectId } from '../tokens/token-service';
import { randomUUID } from 'node:crypto';

/** A room as Nuve stores it (docs/licode-protocol.md §6.2). */
export interface NuveRoom {
  _id: string;
  name: string;
  p2p?: boolean;
  data?: { basicExampleRoom: true };
  mediaConfiguration?: string;
}

/** What getUsers lists per participant: `{name, role, permissions}`. */
export interface UserInfo {
  name: string;
  role: string;
  permissions: Record<string, unknown>;
}

/** A participant session as the room sees it; each dialect implements it on top of its socket layer. */
export interface Participant {
  readonly clientId: string;
  readonly user: UserInfo;
  /** Deliver a server→client event (the dialect wraps, buffers or drops it as the real server would). */
  send(event: string, payload: unknown): void;
}

export type PublicationKind = 'erizo' | 'data' | 'p2p';

/** A publication. Media-kind flags and attributes are stored verbatim, as Licode echoes what the publisher sent. */
export interface StreamRecord {
  readonly id: number;
  readonly ownerId: string;
  readonly kind: PublicationKind;
  audio: unknown;
  video: unknown;
  data: unknown;
  screen: unknown;
  label: unknown;
  attributes: unknown;
  /** Erizo streams: media is flowing (onAddStream sent). Data/p2p: true at once. */
  ready: boolean;
  readonly dataSubscribers: Set<string>;
  readonly avSubscribers: Set<string>;
  /** Resolves when the stream becomes ready; never rejects. */
  whenReady: Promise<void>;
  markReady(): void;
}

export function newStreamRecord(id: number, ownerId: string, kind: PublicationKind, options: Record<string, unknown>): StreamRecord {
  let resolve!: () => void;
  const whenReady = new Promise<void>((r) => (resolve = r));
  const record: StreamRecord = {
    id,
    ownerId,
    kind,
    audio: options.audio,
    video: options.video,
    data: options.data,
    screen: options.screen,
    label: options.label,
    attributes: options.attributes,
    ready: false,
    dataSubscribers: new Set(),
    avSubscribers: new Set(),
    whenReady,
    markReady() {
      record.ready = true;
      resolve();
    },
  };
  return record;
}

/** True when a publication has audio or video (Licode's `hasAudio() || hasVideo()`), i.e. needs an Erizo connection. */
export function hasMedia(stream: StreamRecord): boolean {
  return Boolean(stream.audio) || Boolean(stream.video) || Boolean(stream.screen);
}

/** `Stream.getPublicStream`: v3–v5 `{id, audio, video, data, screen, attributes}`; v6+ add `label`. */
export function publicStream(stream: StreamRecord, withLabel: boolean): Record<string, unknown> {
  return withLabel
    ? {
        id: stream.id,
        audio: stream.audio,
        video: stream.video,
        data: stream.data,
        label: stream.label,
        screen: stream.screen,
        attributes: stream.attributes,
      }
    : {
        id: stream.id,
        audio: stream.audio,
        video: stream.video,
        data: stream.data,
        screen: stream.screen,
        attributes: stream.attributes,
      };
}

/** The ErizoController's live view of a room: its participants and publications. */
export class LiveRoom {
  readonly participants = new Map<string, Participant>();
  /** Keyed by the numeric id: a string id is never found (v5+ `Map` lookups). */
  readonly streams = new Map<number, StreamRecord>();
  /** The one "ErizoJS" this room uses (its id is the `erizoId` of acks and connection ids). */
  readonly erizoId = randomUUID();

  constructor(readonly nuve: NuveRoom) {}

  get id(): string {
    return this.nuve._id;
  }

  get p2p(): boolean {
    return this.nuve.p2p === true;
  }

  /** Lookup by numeric value only (a string, NaN or object id is "not found"). */
  stream(id: unknown): StreamRecord | undefined {
    return typeof id === 'number' ? this.streams.get(id) : undefined;
  }

  broadcast(event: string, payload: unknown): void {
    for (const p of this.participants.values()) p.send(event, payload);
  }

  /** To the data subscribers of a stream, never echoing to the sender. */
  toDataSubscribers(stream: StreamRecord, event: string, payload: unknown, senderId: string): void {
    for (const id of stream.dataSubscribers) {
      if (id === senderId) continue;
      this.participants.get(id)?.send(event, payload);
    }
  }
}

/** Nuve's room collection plus the controller's live rooms. */
export class RoomRegistry {
  private readonly nuveRooms = new Map<string, NuveRoom>();
  private readonly live = new Map<string, LiveRoom>();

  listNuveRooms(): NuveRoom[] {
    return [...this.nuveRooms.values()];
  }

  nuveRoom(id: string): NuveRoom | undefined {
    return this.nuveRooms.get(id);
  }

  createNuveRoom(name: string, options: { p2p?: boolean; mediaConfiguration?: string; basicExampleRoom?: boolean }): NuveRoom {
    const room: NuveRoom = { _id: objectId(), name };
    if (options.p2p) room.p2p = true;
    if (options.basicExampleRoom) room.data = { basicExampleRoom: true };
    if (options.mediaConfiguration !== undefined) room.mediaConfiguration = options.mediaConfiguration;
    this.nuveRooms.set(room._id, room);
    return room;
  }

  /** basicServer's getOrCreateRoom: a room with this name tagged `data.basicExampleRoom`, else a new one. */
  getOrCreateBasicRoom(name: string, type: string | undefined, mediaConfiguration: string | undefined): NuveRoom {
    for (const room of this.nuveRooms.values()) {
      if (room.name === name && room.data?.basicExampleRoom) return room;
    }
    return this.createNuveRoom(name, { p2p: type === 'p2p', mediaConfiguration, basicExampleRoom: true });
  }

  liveRoom(id: string): LiveRoom | undefined {
    return this.live.get(id);
  }

  /** The controller creates its room on the first join. */
  joinRoom(nuve: NuveRoom): LiveRoom {
    let room = this.live.get(nuve._id);
    if (!room) {
      room = new LiveRoom(nuve);
      this.live.set(nuve._id, room);
    }
    return room;
  }

  /** An empty room is deleted on the controller (Nuve keeps its record). */
  leaveIfEmpty(room: LiveRoom): void {
    if (room.participants.size === 0 && this.live.get(room.id) === room) this.live.delete(room.id);
  }

  liveRooms(): LiveRoom[] {
    return [...this.live.values()];
  }

  findStream(id: unknown): { room: LiveRoom; stream: StreamRecord } | undefined {
    for (const room of this.live.values()) {
      const stream = room.stream(id);
      if (stream) return { room, stream };
    }
    return undefined;
  }
}
