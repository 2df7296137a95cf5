import type { RemoteStreamInfo, StreamId } from './messages';

export interface MuteState {
  audio: boolean;
  video: boolean;
}

/**
 * The attribute key under which Licode Desktop publishes its mute state. Licode's `muteStream` signalling only tells
 * Erizo to stop forwarding; attributes are the one channel every data subscriber hears, so others see the state.
 */
export const MUTE_ATTRIBUTE = 'muted';

export function muteFromAttributes(attributes: Record<string, unknown>): MuteState {
  const raw = attributes[MUTE_ATTRIBUTE];
  if (!raw || typeof raw !== 'object') return { audio: false, video: false };
  const m = raw as Record<string, unknown>;
  return { audio: m['audio'] === true, video: m['video'] === true };
}

/** A stream published by someone else in the room. The Room updates it in place; the UI reads it. */
export interface RemoteStream {
  readonly id: StreamId;
  readonly audio: boolean;
  readonly video: boolean;
  readonly data: boolean;
  readonly screen: boolean;
  /** The publisher's MediaStream id (v6+); the msid of forwarded media in dialect C. */
  readonly label: string | undefined;
  readonly attributes: Readonly<Record<string, unknown>>;
  readonly muted: MuteState;
  /** The received media while subscribed; replaced (and announced with `stream-media`) after a recovery. */
  readonly mediaStream: MediaStream | null;
  readonly subscribed: boolean;
}

export class RemoteStreamEntry implements RemoteStream {
  audio: boolean;
  video: boolean;
  data: boolean;
  screen: boolean;
  label: string | undefined;
  attributes: Record<string, unknown>;
  mediaStream: MediaStream | null = null;
  subscribed = false;

  constructor(
    readonly id: StreamId,
    info: RemoteStreamInfo,
  ) {
    this.audio = info.audio;
    this.video = info.video;
    this.data = info.data;
    this.screen = info.screen;
    this.label = info.label;
    this.attributes = info.attributes;
  }

  update(info: RemoteStreamInfo): void {
    this.audio = info.audio;
    this.video = info.video;
    this.data = info.data;
    this.screen = info.screen;
    this.label = info.label ?? this.label;
    this.attributes = info.attributes;
  }

  get muted(): MuteState {
    return muteFromAttributes(this.attributes);
  }
}

export interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(err: unknown): void;
  settled: boolean;
}

export function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (err: unknown) => void;
  const d: Deferred<T> = {
    promise: new Promise<T>((res, rej) => {
      resolve = res;
      reject = rej;
    }),
    resolve: (value) => {
      if (d.settled) return;
      d.settled = true;
      resolve(value);
    },
    reject: (err) => {
      if (d.settled) return;
      d.settled = true;
      reject(err);
    },
    settled: false,
  };
  d.promise.catch(() => undefined); // rejections are observed by whoever awaits; never unhandled
  return d;
}
