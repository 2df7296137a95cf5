/**
 * The stream a call publishes: always exactly one audio and one video track, real or placeholder, so that turning a
 * device on later needs no renegotiation. While the camera is off (or missing) a still dark frame stands in; while
 * the microphone is missing a silent track does.
 */
import type { DeviceKind } from './device-list';

/** What the call session does when a track must change on the publication. */
export interface TrackSink {
  replaceTrack(track: MediaStreamTrack): Promise<void>;
}

export class PublishStream {
  readonly stream: MediaStream;
  readonly #placeholderVideo: MediaStreamTrack;
  readonly #placeholderAudio: MediaStreamTrack;
  #paintPlaceholder: () => void = () => undefined;
  #repaintTimer: ReturnType<typeof setInterval> | undefined;
  #sink: TrackSink | null = null;

  constructor(context: AudioContext, camera: MediaStreamTrack | null, microphone: MediaStreamTrack | null) {
    this.#placeholderVideo = this.#makePlaceholderVideo();
    this.#placeholderAudio = context.createMediaStreamDestination().stream.getAudioTracks()[0]!;
    this.stream = new MediaStream([microphone ?? this.#placeholderAudio, camera ?? this.#placeholderVideo]);
    this.#repaintPlaceholder(camera === null);
  }

  /** Called once the publication exists; track changes go through it from then on. */
  attach(sink: TrackSink): void {
    this.#sink = sink;
  }

  /** Publishes `track`; null publishes the camera placeholder instead. */
  async put(kind: DeviceKind, track: MediaStreamTrack | null): Promise<void> {
    if (kind === 'camera') this.#repaintPlaceholder(track === null);
    const next = track ?? (kind === 'camera' ? this.#placeholderVideo : this.#placeholderAudio);
    if (this.#sink) {
      await this.#sink.replaceTrack(next); // the library swaps it inside the stream too
      return;
    }
    const kindName = kind === 'camera' ? 'video' : 'audio';
    for (const old of this.stream.getTracks().filter((t) => t.kind === kindName)) this.stream.removeTrack(old);
    this.stream.addTrack(next);
  }

  /** Stops every track of the stream and both placeholders. */
  stop(): void {
    this.#repaintPlaceholder(false);
    for (const track of [...this.stream.getTracks(), this.#placeholderVideo, this.#placeholderAudio]) track.stop();
  }

  /** A small dark frame; repainted (see #repaintPlaceholder) only while it stands in for the camera. */
  #makePlaceholderVideo(): MediaStreamTrack {
    const canvas = document.createElement('canvas');
    canvas.width = 320;
    canvas.height = 180;
    const ctx = canvas.getContext('2d');
    this.#paintPlaceholder = () => {
      if (!ctx) return;
      ctx.fillStyle = '#0b1018';
      ctx.fillRect(0, 0, canvas.width, canvas.height);
    };
    this.#paintPlaceholder();
    return canvas.captureStream(1).getVideoTracks()[0]!;
  }

  /** A slow repaint keeps the placeholder track producing frames; while the real camera is published nobody needs it. */
  #repaintPlaceholder(on: boolean): void {
    if (on === (this.#repaintTimer !== undefined)) return;
    clearInterval(this.#repaintTimer);
    this.#repaintTimer = on ? setInterval(() => this.#paintPlaceholder(), 1000) : undefined;
  }
}
