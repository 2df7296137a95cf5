/**
 * The local camera, microphone and speaker: one model for the pre-join screen and the call. It keeps the device lists
 * current on hot-plug, opens the chosen devices (each on its own, so one failing device never takes the other down),
 * explains failures per device, switches devices and meters the microphone.
 *
 * The two phases differ only in what on/off means:
 * - `preview` (pre-join): on/off is what the user wants to join with. Off releases the device (its light goes off);
 *   a device that fails or is lost stays on, without a track, with its problem shown until Retry or another choice.
 *   `handOver` gives the live tracks to the call.
 * - `call`: on/off is what is published (see publish-stream.ts for the placeholders that stand in). The camera is
 *   released while off; the microphone stays open while muted so the meter can tell "You are muted", and a lost
 *   device falls back to another one (or, for the camera, turns off). A failed switch keeps the device in use.
 */
import { t } from '../../i18n/i18n.svelte';
import { classifyMediaError, type MediaProblem } from '../../lib/media-errors';
import { blurCamera, BlurUnavailableError, type BlurredCamera } from '../background-blur/background-blur';
import { BROWSER_AUDIO_PROCESSING, sameAudioProcessing, trackHasProcessing, type AudioProcessing } from '../audio-processing/audio-constraints';
import { NoiseSuppressionUnavailableError, suppressNoise, type SuppressedMicrophone } from '../audio-processing/noise-suppression';
import { deviceConstraints, listDevices, type DeviceChoice, type DeviceKind } from './device-list';
import { deviceName } from './device-options';
import { MicrophoneMeter } from './microphone-meter';
import { PublishStream, type TrackSink } from './publish-stream';

/** What the call starts from: pre-join's choice and its live tracks. */
export interface LocalDevicesInit {
  /** Pre-join's live tracks, so the call starts without asking for the devices again. */
  stream: MediaStream | null;
  withCamera: boolean;
  withMicrophone: boolean;
  cameraId: string | null;
  microphoneId: string | null;
  speakerId: string | null;
  /** The call publishes the camera with its background blurred (config.media.backgroundBlur); pre-join ignores it. */
  backgroundBlur?: boolean;
  /** How the microphone is processed (config.media); the browser's defaults when left out. */
  audioProcessing?: AudioProcessing;
}

/** The user's saved choice that pre-join starts from. */
export interface DevicePreferences {
  cameraOn: boolean;
  microphoneOn: boolean;
  cameraId: string | null;
  microphoneId: string | null;
  speakerId: string | null;
  /** Pre-join opens the microphone as the call will (its RNNoise runs in the call only). */
  audioProcessing?: AudioProcessing;
}

type Phase = 'preview' | 'call';

export class LocalDevices {
  cameraOn = $state(false);
  microphoneOn = $state(false);
  cameraId = $state<string | null>(null);
  microphoneId = $state<string | null>(null);
  /** null: the system's default output. */
  speakerId = $state<string | null>(null);
  cameras = $state<DeviceChoice[]>([]);
  microphones = $state<DeviceChoice[]>([]);
  speakers = $state<DeviceChoice[]>([]);
  /** The real camera track while the camera is on (for the preview and the self view). */
  cameraTrack = $state.raw<MediaStreamTrack | null>(null);
  cameraStarting = $state(false);
  cameraProblem = $state<MediaProblem | null>(null);
  microphoneProblem = $state<MediaProblem | null>(null);
  /** Background blur is wanted on the published camera (the call only). */
  backgroundBlur = $state(false);
  /** The blurred camera track while blur runs: published and shown instead of `cameraTrack`. */
  blurredTrack = $state.raw<MediaStreamTrack | null>(null);
  /** Why blur was turned off by itself (the model could not run here); the plain camera is published meanwhile. */
  blurProblem = $state.raw<BlurUnavailableError | null>(null);
  /** Why RNNoise could not run (the microphone is published without it meanwhile); cleared by the next change. */
  noiseSuppressionProblem = $state.raw<NoiseSuppressionUnavailableError | null>(null);
  /** Set when a device disappeared and another one was taken (for an announcement). */
  deviceChange = $state<{ kind: DeviceKind; label: string } | null>(null);

  /** Which device failed last: the call shows one problem at a time, the latest. */
  #lastFailed = $state<DeviceKind | null>(null);
  #microphoneTrack: MediaStreamTrack | null = null;
  #audioContext: AudioContext | null = null;
  #meter: MicrophoneMeter | null = null;
  #published: PublishStream | null = null;
  #blur: BlurredCamera | null = null;
  /** Counts each change of the published camera, so a blur that finished starting after a newer change is dropped. */
  #cameraChanges = 0;
  #audioProcessing: AudioProcessing;
  /** RNNoise's pipeline while it processes the published microphone. */
  #suppressor: SuppressedMicrophone | null = null;
  /** Counts each change of the published microphone, so a pipeline that finished starting after a newer one is dropped. */
  #microphoneChanges = 0;
  /** Counts each release per kind, so a device turned off while it was still starting is not kept. */
  #releases: Record<DeviceKind, number> = { camera: 0, microphone: 0 };
  #disposed = false;
  readonly #phase: Phase;
  readonly #wantCamera: boolean;
  readonly #wantMicrophone: boolean;
  readonly #onDeviceChange = () => void this.refreshDevices(true);

  /** Pre-join: nothing is opened until `startPreview`. */
  static forPreview(preferences: DevicePreferences): LocalDevices {
    const { cameraOn, microphoneOn, cameraId, microphoneId, speakerId, audioProcessing } = preferences;
    return new LocalDevices('preview', {
      stream: null,
      withCamera: cameraOn,
      withMicrophone: microphoneOn,
      cameraId,
      microphoneId,
      speakerId,
      audioProcessing,
    });
  }

  /** The call: takes over pre-join's tracks and publishes from `publishStream`; `start` opens what is still missing. */
  static forCall(init: LocalDevicesInit): LocalDevices {
    return new LocalDevices('call', init);
  }

  private constructor(phase: Phase, init: LocalDevicesInit) {
    this.#phase = phase;
    this.cameraId = init.cameraId;
    this.microphoneId = init.microphoneId;
    this.speakerId = init.speakerId;
    this.#wantCamera = init.withCamera;
    this.#wantMicrophone = init.withMicrophone;
    this.#audioProcessing = { ...(init.audioProcessing ?? BROWSER_AUDIO_PROCESSING) };
    if (phase === 'preview') {
      this.cameraOn = init.withCamera;
      this.microphoneOn = init.withMicrophone;
    } else {
      const camera = init.stream?.getVideoTracks()[0] ?? null;
      const microphone = init.stream?.getAudioTracks()[0] ?? null;
      if (camera && init.withCamera && camera.readyState === 'live') this.#useCamera(camera);
      else camera?.stop();
      if (microphone?.readyState === 'live') this.#adoptMicrophone(microphone);
      this.microphoneOn = init.withMicrophone && this.#microphoneTrack !== null;
      this.backgroundBlur = init.backgroundBlur === true;
      // With blur wanted, the dark placeholder stands in until start() has the blurred track: the room never shows.
      // With RNNoise wanted, silence stands in until the model runs: the raw microphone is never published.
      const suppressing = this.#audioProcessing.noiseSuppression === 'rnnoise';
      this.#published = new PublishStream(this.#context(), this.backgroundBlur ? null : this.cameraTrack, suppressing ? null : this.#microphoneTrack);
      // start() publishes the microphone through RNNoise, or opens it again when it has other processing.
    }
    navigator.mediaDevices.addEventListener('devicechange', this.#onDeviceChange);
  }

  /** Pre-join: opens what the user wants to join with, then lists the devices. */
  async startPreview(): Promise<void> {
    await Promise.all([this.cameraOn ? this.setCamera(true) : null, this.microphoneOn ? this.setMicrophone(true) : null]);
    await this.refreshDevices(false);
  }

  /**
   * The call: opens what pre-join wanted but did not hand over (the device was still starting when the user pressed
   * Join), and the microphone in any case (so "You are muted" works and unmuting is instant).
   */
  async start(): Promise<void> {
    if (this.#wantCamera && !this.cameraTrack) await this.setCamera(true);
    // Pre-join's camera goes out blurred once the model runs (after the publication exists: a track put before that
    // would not reach it); the call does not wait for the model (seconds without a GPU).
    else if (this.backgroundBlur && this.cameraTrack && !this.blurredTrack) {
      void this.#publishCamera(this.cameraTrack).catch((error: unknown) => console.warn('Could not publish the blurred camera', error));
    }
    if (this.#microphoneTrack && !this.#microphoneHasProcessing()) await this.#reopenMicrophone();
    // Pre-join's microphone goes out through RNNoise once the model runs — after the publication exists, as for the
    // blurred camera: a track put before that would not reach it. Silence stands in meanwhile.
    else if (this.#microphoneTrack && this.#audioProcessing.noiseSuppression === 'rnnoise' && !this.#suppressor) {
      void this.#publishMicrophone(this.#microphoneTrack).catch((error: unknown) => console.warn('Could not publish the microphone through RNNoise', error));
    }
    await this.refreshDevices(false);
    if (this.#wantMicrophone && this.#microphoneTrack) this.microphoneOn = true;
  }

  /** The stream the call publishes: exactly one audio and one video track, real or placeholder. */
  get publishStream(): MediaStream {
    if (!this.#published) throw new Error('Pre-join publishes nothing: it hands its tracks over to the call (handOver).');
    return this.#published.stream;
  }

  /** Called once the publication exists; track changes go through it from then on. */
  attach(sink: TrackSink): void {
    this.#published?.attach(sink);
  }

  get hasMicrophone(): boolean {
    return this.#microphoneTrack !== null;
  }

  /** The latest device failure that still stands (the call shows one at a time). */
  get problem(): { kind: DeviceKind; problem: MediaProblem } | null {
    const kind = this.#lastFailed;
    const problem = kind === 'camera' ? this.cameraProblem : kind === 'microphone' ? this.microphoneProblem : null;
    return kind && problem ? { kind, problem } : null;
  }

  /** Makes sure a live microphone track is open; returns false (with its problem set) when there is none. */
  async ensureMicrophone(): Promise<boolean> {
    if (this.#microphoneTrack?.readyState === 'live') return true;
    const track = await this.#open('microphone', this.microphoneId);
    if (!track) return false;
    await this.#useMicrophone(track);
    return true;
  }

  /**
   * Pre-join's microphone toggle: on opens it, off releases it. (The call mutes by `microphoneOn` and the
   * publication instead, keeping the microphone open; see `ensureMicrophone`.)
   */
  async setMicrophone(on: boolean): Promise<void> {
    this.microphoneOn = on;
    if (on) {
      await this.ensureMicrophone();
      return;
    }
    this.#release('microphone');
    this.#dropTrack('microphone');
  }

  /**
   * Turns the real camera on, or releases it (the call publishes the placeholder meanwhile). Returns false (with its
   * problem set) when no camera could be opened. Before joining, on/off is the wish and shows at once.
   */
  async setCamera(on: boolean): Promise<boolean> {
    if (this.#phase === 'preview') this.cameraOn = on;
    if (!on) {
      const old = this.cameraTrack;
      this.cameraOn = false;
      this.cameraTrack = null;
      this.#release('camera');
      await this.#publishCamera(null);
      old?.stop();
      return true;
    }
    const track = await this.#open('camera', this.cameraId);
    if (!track) return false;
    const old = this.cameraTrack;
    this.#useCamera(track);
    await this.#publishCamera(track);
    if (old !== track) old?.stop();
    return true;
  }

  /** The call's background blur: on blurs the published camera (and the self view), off publishes it as it is. */
  async setBackgroundBlur(on: boolean): Promise<void> {
    this.backgroundBlur = on;
    this.blurProblem = null;
    if (this.#phase === 'call' && this.cameraTrack) await this.#publishCamera(this.cameraTrack);
  }

  /** What the self view shows: the blurred camera while blur runs, else the camera. */
  get selfViewTrack(): MediaStreamTrack | null {
    return this.blurredTrack ?? this.cameraTrack;
  }

  /** Pre-join's Retry: opens again whatever is on but failed (after the user fixed permissions or closed the other app). */
  async retry(): Promise<void> {
    await Promise.all([
      this.cameraOn && this.cameraProblem ? this.setCamera(true) : null,
      this.microphoneOn && this.microphoneProblem ? this.ensureMicrophone() : null,
    ]);
    await this.refreshDevices(false);
  }

  async selectCamera(deviceId: string): Promise<void> {
    this.cameraId = deviceId;
    if (this.cameraOn) await this.setCamera(true);
  }

  /**
   * The Settings screen's audio processing, applied at once: the microphone is opened again with the browser's
   * processing as chosen, and in the call published through RNNoise when that is chosen.
   */
  async setAudioProcessing(processing: AudioProcessing): Promise<void> {
    if (sameAudioProcessing(processing, this.#audioProcessing)) return;
    this.#audioProcessing = { ...processing };
    if (this.#microphoneTrack) await this.#reopenMicrophone();
  }

  async selectMicrophone(deviceId: string): Promise<void> {
    this.microphoneId = deviceId;
    if (!this.#holdsMicrophone()) return;
    const track = await this.#open('microphone', deviceId);
    if (track) await this.#useMicrophone(track);
  }

  selectSpeaker(deviceId: string): void {
    this.speakerId = deviceId || null;
  }

  /** Lists the devices again; a device in use that vanished is replaced by the first one still there. */
  async refreshDevices(fromHotPlug: boolean): Promise<void> {
    const found = listDevices(await navigator.mediaDevices.enumerateDevices());
    if (this.#disposed) return;
    this.cameras = found.cameras;
    this.microphones = found.microphones;
    this.speakers = found.speakers;
    // Nothing chosen yet (e.g. the device failed to start): show the one the system would use first.
    this.cameraId ??= this.cameraTrack?.getSettings().deviceId ?? this.cameras[0]?.deviceId ?? null;
    this.microphoneId ??= this.#microphoneTrack?.getSettings().deviceId ?? this.microphones[0]?.deviceId ?? null;
    const cameraGone = this.cameraId !== null && !this.cameras.some((d) => d.deviceId === this.cameraId);
    if (cameraGone) {
      const next = this.cameras[0] ?? null;
      this.cameraId = next?.deviceId ?? null;
      if (this.cameraOn && next) {
        await this.setCamera(true);
        this.deviceChange = { kind: 'camera', label: deviceName('camera', next, 0, t) };
      } else if (this.cameraOn && this.#phase === 'call') {
        await this.setCamera(false);
      }
    }
    const microphoneGone = this.microphoneId !== null && !this.microphones.some((d) => d.deviceId === this.microphoneId);
    if (microphoneGone) {
      const next = this.microphones[0] ?? null;
      this.microphoneId = next?.deviceId ?? null;
      if (next) {
        await this.selectMicrophone(next.deviceId);
        this.deviceChange = { kind: 'microphone', label: deviceName('microphone', next, 0, t) };
      }
    } else if (!this.#microphoneTrack && this.microphones.length > 0 && this.#holdsMicrophone() && (fromHotPlug || !this.problem)) {
      // A microphone appeared (or pre-join handed none over): open it, still muted unless the user unmutes.
      const track = await this.#open('microphone', this.microphoneId, true);
      if (track) await this.#useMicrophone(track);
    }
    if (this.speakerId && !this.speakers.some((d) => d.deviceId === this.speakerId)) this.speakerId = null;
  }

  /**
   * Loudest level (0..1, square-root curve) heard over the last ~⅓ s, read on demand (the call's "You are muted").
   */
  readLevel(): number {
    return this.#meter?.readLoudest() ?? 0;
  }

  /** Level of the last ~21 ms (pre-join's level meter). */
  readCurrentLevel(): number {
    return this.#meter?.readLatest() ?? 0;
  }

  /** Pre-join: gives the live tracks to the call and stops everything else. */
  handOver(): MediaStream | null {
    const tracks = [this.cameraTrack, this.#microphoneTrack].filter((t): t is MediaStreamTrack => t !== null);
    this.cameraTrack = null;
    this.#microphoneTrack = null;
    this.dispose();
    return tracks.length ? new MediaStream(tracks) : null;
  }

  dispose(): void {
    this.#disposed = true;
    navigator.mediaDevices.removeEventListener('devicechange', this.#onDeviceChange);
    this.#meter?.stop();
    this.#meter = null;
    this.cameraTrack?.stop();
    this.#microphoneTrack?.stop();
    this.#suppressor?.stop();
    this.#blur?.stop();
    this.#published?.stop();
    void this.#audioContext?.close();
    this.#audioContext = null;
  }

  /**
   * Publishes `camera` (null: the placeholder), blurred while blur is wanted, then releases the blur it replaced. A
   * blur that cannot start turns blur off with its problem set, and the camera is published as it is.
   */
  async #publishCamera(camera: MediaStreamTrack | null): Promise<void> {
    const change = ++this.#cameraChanges;
    const replaced = this.#blur;
    let blurred: BlurredCamera | null = null;
    if (camera && this.backgroundBlur && this.#phase === 'call') {
      try {
        blurred = await blurCamera(camera);
      } catch (error) {
        console.warn('Background blur could not start', error);
        if (change === this.#cameraChanges) {
          this.blurProblem = error instanceof BlurUnavailableError ? error : new BlurUnavailableError('load-failed', String(error));
          this.backgroundBlur = false;
        }
      }
      if (change !== this.#cameraChanges || this.#disposed) {
        blurred?.stop(); // superseded: a newer change publishes (and releases `replaced`)
        return;
      }
    }
    this.#blur = blurred;
    this.blurredTrack = blurred?.track ?? null;
    await this.#published?.put('camera', blurred?.track ?? camera);
    if (replaced !== blurred) replaced?.stop();
  }

  /** The call always keeps a microphone open (muted or not); pre-join only while it is on. */
  #holdsMicrophone(): boolean {
    return this.#phase === 'call' || this.microphoneOn;
  }

  #context(): AudioContext {
    this.#audioContext ??= new AudioContext();
    return this.#audioContext;
  }

  #useCamera(track: MediaStreamTrack): void {
    this.cameraTrack = track;
    this.cameraOn = true;
    this.#watchEnded('camera', track);
  }

  async #useMicrophone(track: MediaStreamTrack): Promise<void> {
    const old = this.#microphoneTrack;
    this.#adoptMicrophone(track);
    await this.#publishMicrophone(track);
    if (old && old !== track) old.stop();
  }

  /** Opens the microphone in use again (new processing); the one before stays in use if that fails. */
  async #reopenMicrophone(): Promise<void> {
    const track = await this.#open('microphone', this.microphoneId);
    if (track) await this.#useMicrophone(track);
  }

  #microphoneHasProcessing(): boolean {
    return !this.#microphoneTrack || trackHasProcessing(this.#microphoneTrack.getSettings(), this.#audioProcessing);
  }

  /**
   * Publishes the microphone, through RNNoise while it is wanted (the call only), then stops the pipeline it replaced.
   * If RNNoise cannot run, the problem is set and the microphone is published as it is.
   */
  async #publishMicrophone(microphone: MediaStreamTrack): Promise<void> {
    const change = ++this.#microphoneChanges;
    const replaced = this.#suppressor;
    let suppressed: SuppressedMicrophone | null = null;
    if (this.#audioProcessing.noiseSuppression === 'rnnoise' && this.#phase === 'call') {
      this.noiseSuppressionProblem = null;
      try {
        suppressed = await suppressNoise(microphone);
      } catch (error) {
        console.warn('Noise suppression could not start', error);
        if (change === this.#microphoneChanges) {
          this.noiseSuppressionProblem = error instanceof NoiseSuppressionUnavailableError ? error : new NoiseSuppressionUnavailableError(String(error));
        }
      }
      if (change !== this.#microphoneChanges || this.#disposed) {
        suppressed?.stop(); // superseded: a newer change publishes (and stops `replaced`)
        return;
      }
    }
    this.#suppressor = suppressed;
    await this.#published?.put('microphone', suppressed?.track ?? microphone);
    if (replaced !== suppressed) replaced?.stop();
  }

  /** The microphone track from now on (null: none), metered and watched. */
  #adoptMicrophone(track: MediaStreamTrack | null): void {
    this.#microphoneTrack = track;
    if (track) this.#watchEnded('microphone', track);
    this.#meter?.stop();
    this.#meter = track ? new MicrophoneMeter(this.#context(), track) : null;
  }

  /** Turned off: forgets the device's problem and discards an open still under way. */
  #release(kind: DeviceKind): void {
    this.#releases[kind] += 1;
    this.#setProblem(kind, null);
  }

  /** Stops and forgets the device's track (pre-join: a device with a problem shows none). */
  #dropTrack(kind: DeviceKind): void {
    if (kind === 'camera') {
      this.cameraTrack?.stop();
      this.cameraTrack = null;
    } else {
      this.#microphoneTrack?.stop();
      this.#adoptMicrophone(null);
    }
  }

  #setProblem(kind: DeviceKind, problem: MediaProblem | null): void {
    if (kind === 'camera') this.cameraProblem = problem;
    else this.microphoneProblem = problem;
    if (problem) this.#lastFailed = kind;
  }

  /** Opens the chosen device; null (with its problem set unless `quiet`) when it cannot be opened. */
  async #open(kind: DeviceKind, deviceId: string | null, quiet = false): Promise<MediaStreamTrack | null> {
    const releases = this.#releases[kind];
    const superseded = () => this.#disposed || this.#releases[kind] !== releases;
    if (kind === 'camera') this.cameraStarting = true;
    try {
      const stream = await navigator.mediaDevices.getUserMedia(deviceConstraints(kind, deviceId, this.#audioProcessing));
      const track = (kind === 'camera' ? stream.getVideoTracks() : stream.getAudioTracks())[0];
      if (!track) throw new DOMException('The device delivered no track', 'NotFoundError');
      if (superseded()) {
        track.stop(); // turned off (or left) while the device was starting
        return null;
      }
      this.#setProblem(kind, null);
      const id = track.getSettings().deviceId;
      if (id) {
        if (kind === 'camera') this.cameraId = id;
        else this.microphoneId = id;
      }
      return track;
    } catch (error) {
      if (quiet || superseded()) return null;
      this.#setProblem(kind, classifyMediaError(error));
      // Before joining, a device with a problem shows no track: the preview is what the call would get.
      if (this.#phase === 'preview') this.#dropTrack(kind);
      return null;
    } finally {
      if (kind === 'camera') this.cameraStarting = false;
    }
  }

  /** Unplugged or taken away by the system: another device may take over (refreshDevices), else it is lost. */
  #watchEnded(kind: DeviceKind, track: MediaStreamTrack): void {
    const current = () => (kind === 'camera' ? this.cameraTrack : this.#microphoneTrack) === track;
    const onEnded = async () => {
      if (!current()) return;
      await this.refreshDevices(true);
      if (!current() || this.#disposed) return;
      if (this.#phase === 'preview') {
        this.#dropTrack(kind);
        this.#setProblem(kind, { kind: 'not-found', details: 'ended' });
      } else if (kind === 'camera') {
        await this.setCamera(false);
      }
    };
    track.addEventListener('ended', () => void onEnded(), { once: true });
  }
}
