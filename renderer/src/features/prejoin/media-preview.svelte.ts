/**
 * Local devices before joining: camera preview stream, microphone level, device lists (kept current on
 * hot-plug) and per-device problems. Camera and microphone are started separately so one failing device
 * never takes the other down.
 */
import { classifyMediaError, type MediaProblem } from '../../lib/media-errors';

export interface DeviceOption {
  deviceId: string;
  /** '' until the user granted access (browsers hide labels before that); the UI shows a numbered name. */
  label: string;
}

type Kind = 'camera' | 'microphone';

/** Meter refresh every 66 ms (≈15 Hz); the level halves in about 0.3 s once the sound stops. */
const METER_TICK_MS = 66;
const METER_DECAY_PER_TICK = 0.5 ** (METER_TICK_MS / 300);

export class MediaPreview {
  cameras = $state<DeviceOption[]>([]);
  microphones = $state<DeviceOption[]>([]);
  speakers = $state<DeviceOption[]>([]);

  cameraOn = $state(true);
  microphoneOn = $state(true);
  cameraId = $state<string | null>(null);
  microphoneId = $state<string | null>(null);
  speakerId = $state<string>('');

  cameraProblem = $state<MediaProblem | null>(null);
  microphoneProblem = $state<MediaProblem | null>(null);
  cameraStarting = $state(false);

  /** The preview stream (video and/or audio tracks); a new object whenever its tracks change. */
  stream = $state<MediaStream | null>(null);
  /** Microphone level 0…1, updated about 15 times a second. */
  level = $state(0);

  private videoTrack: MediaStreamTrack | null = null;
  private audioTrack: MediaStreamTrack | null = null;
  private audioContext: AudioContext | null = null;
  private meterTimer: ReturnType<typeof setInterval> | null = null;
  private disposed = false;
  private readonly onDeviceChange = () => void this.refreshDevices();

  constructor(initial: {
    cameraOn: boolean;
    microphoneOn: boolean;
    cameraId?: string | undefined;
    microphoneId?: string | undefined;
    speakerId?: string | undefined;
  }) {
    this.cameraOn = initial.cameraOn;
    this.microphoneOn = initial.microphoneOn;
    this.cameraId = initial.cameraId ?? null;
    this.microphoneId = initial.microphoneId ?? null;
    this.speakerId = initial.speakerId ?? '';
  }

  async start(): Promise<void> {
    navigator.mediaDevices.addEventListener('devicechange', this.onDeviceChange);
    await Promise.all([this.cameraOn ? this.startDevice('camera') : null, this.microphoneOn ? this.startDevice('microphone') : null]);
    await this.refreshDevices();
  }

  async setCameraOn(on: boolean): Promise<void> {
    this.cameraOn = on;
    if (on) await this.startDevice('camera');
    else this.stopDevice('camera');
  }

  async setMicrophoneOn(on: boolean): Promise<void> {
    this.microphoneOn = on;
    if (on) await this.startDevice('microphone');
    else this.stopDevice('microphone');
  }

  async selectCamera(deviceId: string): Promise<void> {
    this.cameraId = deviceId;
    if (this.cameraOn) await this.startDevice('camera');
  }

  async selectMicrophone(deviceId: string): Promise<void> {
    this.microphoneId = deviceId;
    if (this.microphoneOn) await this.startDevice('microphone');
  }

  /** Retries whatever failed (after the user fixed permissions or closed the other app). */
  async retry(): Promise<void> {
    await Promise.all([
      this.cameraOn && this.cameraProblem ? this.startDevice('camera') : null,
      this.microphoneOn && this.microphoneProblem ? this.startDevice('microphone') : null,
    ]);
    await this.refreshDevices();
  }

  /** Gives the live tracks to the caller (the call view) and stops everything else. */
  handOver(): MediaStream | null {
    const tracks = [this.videoTrack, this.audioTrack].filter((t): t is MediaStreamTrack => t !== null);
    this.videoTrack = null;
    this.audioTrack = null;
    this.dispose();
    return tracks.length ? new MediaStream(tracks) : null;
  }

  dispose(): void {
    this.disposed = true;
    navigator.mediaDevices.removeEventListener('devicechange', this.onDeviceChange);
    this.stopMeter();
    this.videoTrack?.stop();
    this.audioTrack?.stop();
    this.videoTrack = null;
    this.audioTrack = null;
    void this.audioContext?.close();
    this.audioContext = null;
  }

  private async startDevice(kind: Kind): Promise<void> {
    const deviceId = kind === 'camera' ? this.cameraId : this.microphoneId;
    const constraints: MediaStreamConstraints =
      kind === 'camera'
        ? { video: { deviceId: deviceId ? { exact: deviceId } : undefined, width: { ideal: 1280 }, height: { ideal: 720 } } }
        : { audio: { deviceId: deviceId ? { exact: deviceId } : undefined, echoCancellation: true, noiseSuppression: true } };
    if (kind === 'camera') this.cameraStarting = true;
    try {
      const stream = await navigator.mediaDevices.getUserMedia(constraints);
      const track = kind === 'camera' ? stream.getVideoTracks()[0] : stream.getAudioTracks()[0];
      if (!track) throw new DOMException('The device delivered no track', 'NotFoundError');
      if (this.disposed || !(kind === 'camera' ? this.cameraOn : this.microphoneOn)) {
        track.stop(); // turned off (or left) while the device was starting
        return;
      }
      this.replaceTrack(kind, track);
      this.setProblem(kind, null);
      const settings = track.getSettings();
      if (settings.deviceId) {
        if (kind === 'camera') this.cameraId = settings.deviceId;
        else this.microphoneId = settings.deviceId;
      }
      track.addEventListener('ended', () => {
        // Unplugged or taken away by the system.
        if ((kind === 'camera' ? this.videoTrack : this.audioTrack) === track) {
          this.replaceTrack(kind, null);
          this.setProblem(kind, { kind: 'not-found', details: 'ended' });
        }
      });
    } catch (error) {
      this.replaceTrack(kind, null);
      this.setProblem(kind, classifyMediaError(error));
    } finally {
      if (kind === 'camera') this.cameraStarting = false;
    }
  }

  private stopDevice(kind: Kind): void {
    this.replaceTrack(kind, null);
    this.setProblem(kind, null);
  }

  private setProblem(kind: Kind, problem: MediaProblem | null): void {
    if (kind === 'camera') this.cameraProblem = problem;
    else this.microphoneProblem = problem;
  }

  private replaceTrack(kind: Kind, track: MediaStreamTrack | null): void {
    const old = kind === 'camera' ? this.videoTrack : this.audioTrack;
    if (old && old !== track) old.stop();
    if (kind === 'camera') this.videoTrack = track;
    else this.audioTrack = track;
    const tracks = [this.videoTrack, this.audioTrack].filter((t): t is MediaStreamTrack => t !== null);
    this.stream = tracks.length ? new MediaStream(tracks) : null;
    if (kind === 'microphone') this.restartMeter();
  }

  private restartMeter(): void {
    this.stopMeter();
    const track = this.audioTrack;
    if (!track) return;
    this.audioContext ??= new AudioContext();
    const context = this.audioContext;
    void context.resume();
    const source = context.createMediaStreamSource(new MediaStream([track]));
    const analyser = context.createAnalyser();
    analyser.fftSize = 1024;
    source.connect(analyser);
    const samples = new Float32Array(analyser.fftSize);
    this.meterTimer = setInterval(() => {
      analyser.getFloatTimeDomainData(samples);
      let sum = 0;
      for (const sample of samples) sum += sample * sample;
      const rms = Math.sqrt(sum / samples.length);
      // Speech sits around an RMS of 0.02–0.2; a square-root curve makes quiet speech visible.
      const instant = Math.min(1, Math.sqrt(rms * 5));
      // Rise at once, fall slowly (half-life ≈ 0.3 s) like a VU meter: syllables stay readable instead of flickering.
      this.level = Math.max(instant, this.level * METER_DECAY_PER_TICK);
    }, METER_TICK_MS);
    this.stopMeterGraph = () => {
      source.disconnect();
      analyser.disconnect();
    };
  }

  private stopMeterGraph: (() => void) | null = null;

  private stopMeter(): void {
    if (this.meterTimer) clearInterval(this.meterTimer);
    this.meterTimer = null;
    this.stopMeterGraph?.();
    this.stopMeterGraph = null;
    this.level = 0;
  }

  private async refreshDevices(): Promise<void> {
    const devices = await navigator.mediaDevices.enumerateDevices();
    const pick = (kind: MediaDeviceKind) => devices.filter((d) => d.kind === kind && d.deviceId !== '').map((d) => ({ deviceId: d.deviceId, label: d.label }));
    this.cameras = pick('videoinput');
    this.microphones = pick('audioinput').filter((d) => d.deviceId !== 'communications');
    this.speakers = pick('audiooutput').filter((d) => d.deviceId !== 'default' && d.deviceId !== 'communications');
    // Nothing chosen yet (e.g. the device failed to start): show the one the system would use first.
    this.cameraId ??= this.cameras[0]?.deviceId ?? null;
    this.microphoneId ??= this.microphones[0]?.deviceId ?? null;
    // A chosen device that was unplugged: fall back to the first one still present.
    if (this.cameraOn && this.cameraId && !this.cameras.some((d) => d.deviceId === this.cameraId) && this.cameras[0]) {
      await this.selectCamera(this.cameras[0].deviceId);
    }
    if (this.speakerId && !this.speakers.some((d) => d.deviceId === this.speakerId)) this.speakerId = '';
  }
}

/** Whether this runtime can route audio to a chosen output device. */
export function canSelectSpeaker(): boolean {
  return typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype;
}
