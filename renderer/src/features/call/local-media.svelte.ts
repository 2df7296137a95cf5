/**
 * The local camera and microphone during a call: which devices are in use, mute/camera state, device switching,
 * hot-plug (`devicechange`) and a level meter that keeps listening while muted (for "You are muted").
 *
 * The published stream always carries one audio and one video track so that turning a device on later needs no
 * renegotiation: while the camera is off (or missing) a still placeholder track stands in and the real camera is
 * released (its light goes off); while the microphone is missing a silent track stands in.
 */
import { classifyMediaError, type MediaProblem } from '../../lib/media-errors';

export interface DeviceChoice {
  deviceId: string;
  label: string;
}

export interface LocalMediaInit {
  stream: MediaStream | null;
  withCamera: boolean;
  withMicrophone: boolean;
  cameraId: string | null;
  microphoneId: string | null;
  speakerId: string | null;
}

/** What the call session does when a track must change on the publication. */
export interface TrackSink {
  replaceTrack(track: MediaStreamTrack): Promise<void>;
}

type Kind = 'camera' | 'microphone';

/** Samples per block of the level meter (≈ 21 ms at 48 kHz). */
const METER_BLOCK = 1024;

export class LocalMedia {
  cameraOn = $state(false);
  microphoneOn = $state(false);
  cameraId = $state<string | null>(null);
  microphoneId = $state<string | null>(null);
  speakerId = $state<string | null>(null);
  cameras = $state<DeviceChoice[]>([]);
  microphones = $state<DeviceChoice[]>([]);
  speakers = $state<DeviceChoice[]>([]);
  /** The real camera track while the camera is on (for the self view). */
  cameraTrack = $state.raw<MediaStreamTrack | null>(null);
  problem = $state<{ kind: Kind; problem: MediaProblem } | null>(null);
  /** Set when a device disappeared and another one was taken (for an announcement). */
  deviceChange = $state<{ kind: Kind; label: string } | null>(null);

  /** The stream to publish: exactly one audio and one video track, real or placeholder. */
  readonly publishStream: MediaStream;
  #microphoneTrack: MediaStreamTrack | null = null;
  #placeholderVideo: MediaStreamTrack;
  #placeholderAudio: MediaStreamTrack;
  #canvasTimer: ReturnType<typeof setInterval> | undefined;
  #paintPlaceholder: () => void = () => undefined;
  #audioContext: AudioContext | null = null;
  #meter: { read(): number; stop(): void } | null = null;
  #sink: TrackSink | null = null;
  #disposed = false;
  readonly #wantCamera: boolean;
  readonly #wantMicrophone: boolean;
  readonly #onDeviceChange = () => void this.refreshDevices(true);

  constructor(init: LocalMediaInit) {
    this.cameraId = init.cameraId;
    this.microphoneId = init.microphoneId;
    this.speakerId = init.speakerId;
    this.#wantCamera = init.withCamera;
    this.#wantMicrophone = init.withMicrophone;
    this.#placeholderVideo = this.#makePlaceholderVideo();
    this.#audioContext = new AudioContext();
    this.#placeholderAudio = this.#audioContext.createMediaStreamDestination().stream.getAudioTracks()[0]!;
    const camera = init.stream?.getVideoTracks()[0] ?? null;
    const microphone = init.stream?.getAudioTracks()[0] ?? null;
    this.cameraTrack = init.withCamera && camera?.readyState === 'live' ? camera : null;
    if (camera && !this.cameraTrack) camera.stop();
    this.cameraOn = this.cameraTrack !== null;
    this.#microphoneTrack = microphone?.readyState === 'live' ? microphone : null;
    this.microphoneOn = init.withMicrophone && this.#microphoneTrack !== null;
    this.publishStream = new MediaStream([this.#microphoneTrack ?? this.#placeholderAudio, this.cameraTrack ?? this.#placeholderVideo]);
    this.#repaintPlaceholder(this.cameraTrack === null);
    this.#watchEnded();
    this.#startMeter();
    navigator.mediaDevices.addEventListener('devicechange', this.#onDeviceChange);
  }

  /**
   * Opens what pre-join wanted but did not hand over (the device was still starting when the user pressed Join),
   * and the microphone in any case (so "You are muted" works and unmuting is instant).
   */
  async start(): Promise<void> {
    if (this.#wantCamera && !this.cameraTrack) await this.setCamera(true);
    await this.refreshDevices(false);
    if (this.#wantMicrophone && this.#microphoneTrack) this.microphoneOn = true;
  }

  /** Called once the publication exists; track changes go through it from then on. */
  attach(sink: TrackSink): void {
    this.#sink = sink;
  }

  get hasMicrophone(): boolean {
    return this.#microphoneTrack !== null;
  }

  /** Makes sure a real microphone track is published; returns false (with `problem` set) when there is none. */
  async ensureMicrophone(): Promise<boolean> {
    if (this.#microphoneTrack?.readyState === 'live') return true;
    const track = await this.#open('microphone', this.microphoneId);
    if (!track) return false;
    await this.#useMicrophone(track);
    return true;
  }

  /** Turns the real camera on (true) or releases it and publishes the placeholder (false). */
  async setCamera(on: boolean): Promise<boolean> {
    if (!on) {
      const old = this.cameraTrack;
      this.cameraOn = false;
      this.cameraTrack = null;
      await this.#publish('camera', this.#placeholderVideo);
      old?.stop();
      return true;
    }
    const track = await this.#open('camera', this.cameraId);
    if (!track) return false;
    const old = this.cameraTrack;
    this.cameraTrack = track;
    this.cameraOn = true;
    await this.#publish('camera', track);
    if (old !== track) old?.stop();
    return true;
  }

  async selectCamera(deviceId: string): Promise<void> {
    this.cameraId = deviceId;
    if (this.cameraOn) await this.setCamera(true);
  }

  async selectMicrophone(deviceId: string): Promise<void> {
    this.microphoneId = deviceId;
    const track = await this.#open('microphone', deviceId);
    if (track) await this.#useMicrophone(track);
  }

  selectSpeaker(deviceId: string): void {
    this.speakerId = deviceId || null;
  }

  async refreshDevices(fromHotPlug: boolean): Promise<void> {
    const devices = await navigator.mediaDevices.enumerateDevices();
    if (this.#disposed) return;
    const pick = (kind: MediaDeviceKind) =>
      devices
        .filter((d) => d.kind === kind && d.deviceId !== '' && d.deviceId !== 'communications')
        .map((d, i) => ({ deviceId: d.deviceId, label: d.label || `#${i + 1}` }));
    this.cameras = pick('videoinput');
    this.microphones = pick('audioinput');
    this.speakers = pick('audiooutput').filter((d) => d.deviceId !== 'default');
    this.cameraId ??= this.cameraTrack?.getSettings().deviceId ?? this.cameras[0]?.deviceId ?? null;
    this.microphoneId ??= this.#microphoneTrack?.getSettings().deviceId ?? this.microphones[0]?.deviceId ?? null;
    // The device in use was unplugged: take the first one still there.
    const cameraGone = this.cameraId !== null && !this.cameras.some((d) => d.deviceId === this.cameraId);
    if (cameraGone) {
      this.cameraId = this.cameras[0]?.deviceId ?? null;
      if (this.cameraOn) {
        if (this.cameraId) {
          await this.setCamera(true);
          this.deviceChange = { kind: 'camera', label: this.cameras[0]!.label };
        } else await this.setCamera(false);
      }
    }
    const microphoneGone = this.microphoneId !== null && !this.microphones.some((d) => d.deviceId === this.microphoneId);
    if (microphoneGone) {
      this.microphoneId = this.microphones[0]?.deviceId ?? null;
      if (this.microphoneId) {
        await this.selectMicrophone(this.microphoneId);
        this.deviceChange = { kind: 'microphone', label: this.microphones[0]!.label };
      }
    } else if (!this.#microphoneTrack && this.microphones.length > 0 && (fromHotPlug || !this.problem)) {
      // A microphone appeared (or pre-join handed none over): open it, still muted unless the user unmutes.
      const track = await this.#open('microphone', this.microphoneId, true);
      if (track) await this.#useMicrophone(track);
    }
    if (this.speakerId && !this.speakers.some((d) => d.deviceId === this.speakerId)) this.speakerId = null;
  }

  dispose(): void {
    this.#disposed = true;
    navigator.mediaDevices.removeEventListener('devicechange', this.#onDeviceChange);
    this.#meter?.stop();
    this.#repaintPlaceholder(false);
    for (const track of [this.cameraTrack, this.#microphoneTrack, this.#placeholderVideo, this.#placeholderAudio]) track?.stop();
    for (const track of this.publishStream.getTracks()) track.stop();
    void this.#audioContext?.close();
    this.#audioContext = null;
  }

  async #useMicrophone(track: MediaStreamTrack): Promise<void> {
    const old = this.#microphoneTrack;
    this.#microphoneTrack = track;
    await this.#publish('microphone', track);
    if (old && old !== track) old.stop();
    this.#watchEnded();
    this.#startMeter();
  }

  async #publish(kind: Kind, track: MediaStreamTrack): Promise<void> {
    if (kind === 'camera') this.#repaintPlaceholder(track === this.#placeholderVideo);
    if (this.#sink) {
      await this.#sink.replaceTrack(track); // the library swaps it inside publishStream too
      return;
    }
    const kindName = kind === 'camera' ? 'video' : 'audio';
    for (const old of this.publishStream.getTracks().filter((t) => t.kind === kindName)) this.publishStream.removeTrack(old);
    this.publishStream.addTrack(track);
  }

  async #open(kind: Kind, deviceId: string | null, quiet = false): Promise<MediaStreamTrack | null> {
    const constraints: MediaStreamConstraints =
      kind === 'camera'
        ? { video: { deviceId: deviceId ? { exact: deviceId } : undefined, width: { ideal: 1280 }, height: { ideal: 720 } } }
        : { audio: { deviceId: deviceId ? { exact: deviceId } : undefined, echoCancellation: true, noiseSuppression: true } };
    try {
      const stream = await navigator.mediaDevices.getUserMedia(constraints);
      const track = (kind === 'camera' ? stream.getVideoTracks() : stream.getAudioTracks())[0];
      if (!track) throw new DOMException('The device delivered no track', 'NotFoundError');
      if (this.#disposed) {
        track.stop();
        return null;
      }
      if (this.problem?.kind === kind) this.problem = null;
      const id = track.getSettings().deviceId;
      if (id) {
        if (kind === 'camera') this.cameraId = id;
        else this.microphoneId = id;
      }
      return track;
    } catch (error) {
      if (!quiet) this.problem = { kind, problem: classifyMediaError(error) };
      return null;
    }
  }

  #watchEnded(): void {
    const mic = this.#microphoneTrack;
    mic?.addEventListener(
      'ended',
      () => {
        if (this.#microphoneTrack === mic) void this.refreshDevices(true);
      },
      { once: true },
    );
    const camera = this.cameraTrack;
    camera?.addEventListener(
      'ended',
      () => {
        if (this.cameraTrack === camera) void this.refreshDevices(true).then(() => this.cameraTrack === camera && this.setCamera(false));
      },
      { once: true },
    );
  }

  /**
   * Loudest level (0..1, square-root curve) heard over the last ~⅓ s, read on demand: no timer and no reactive
   * state here, so a call that does not need the meter (the user is not muted) pays nothing for it.
   */
  readLevel(): number {
    return this.#meter?.read() ?? 0;
  }

  /** Level of a clone of the microphone track: the clone stays enabled while the published track is muted. */
  #startMeter(): void {
    this.#meter?.stop();
    this.#meter = null;
    const mic = this.#microphoneTrack;
    const context = this.#audioContext;
    if (!mic || !context) return;
    const clone = mic.clone();
    clone.enabled = true;
    void context.resume();
    const source = context.createMediaStreamSource(new MediaStream([clone]));
    const analyser = context.createAnalyser();
    // ≈ 340 ms at 48 kHz: one read covers everything since the previous one (MUTED_SPEECH_POLL_MS = 250), so a
    // short syllable (or the fake microphone's 20 ms beep) between two reads is not missed.
    analyser.fftSize = 16_384;
    source.connect(analyser);
    const samples = new Float32Array(analyser.fftSize);
    this.#meter = {
      read: () => {
        analyser.getFloatTimeDomainData(samples);
        // Loudest 1024-sample block (≈ 21 ms, what the meter used to average over), not the whole buffer's RMS:
        // a short sound must not be diluted by the silence around it.
        let loudest = 0;
        for (let start = 0; start < samples.length; start += METER_BLOCK) {
          let sum = 0;
          for (let i = start; i < start + METER_BLOCK; i += 1) sum += samples[i]! * samples[i]!;
          loudest = Math.max(loudest, sum / METER_BLOCK);
        }
        return Math.min(1, Math.sqrt(Math.sqrt(loudest) * 5));
      },
      stop: () => {
        source.disconnect();
        analyser.disconnect();
        clone.stop();
      },
    };
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
    if (on === (this.#canvasTimer !== undefined)) return;
    clearInterval(this.#canvasTimer);
    this.#canvasTimer = on ? setInterval(() => this.#paintPlaceholder(), 1000) : undefined;
  }
}
