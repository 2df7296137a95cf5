/**
 * Turns a camera track into one with its background blurred, at the camera's size and frame rate: every camera frame
 * is drawn blurred, then the sharp person on top through the latest segmentation mask, and the canvas is captured as
 * the new track. Segmentation runs beside that at its own pace: at most 15 times a second, and never more than a quarter
 * of the page's time, because MediaPipe's runtime holds the page's thread while it segments (a few ms on a GPU,
 * 100–500 ms on SwiftShader without one). A slow segmentation makes the outline follow later, never stops the frames.
 * Loaded lazily (background-blur.ts) with its model: it costs nothing until blur is turned on.
 */
import { BlurUnavailableError } from './blur-errors';
import { Segmenter } from './segmenter';

const MAX_SEGMENTATIONS_PER_SECOND = 15;
/** After a segmentation that took t ms the page gets at least 3t ms to itself (so at most a quarter goes to segmenting)… */
const IDLE_PER_SEGMENTATION_MS = 3;
/** …but no more than this, so a very slow one (the first after a stall) does not freeze the outline for long. */
const MAX_IDLE_MS = 1_000;
/**
 * The background is blurred by drawing the frame this many times smaller (with a light blur) and scaling it back up:
 * as strong as a 10 px blur at 640×480, for a fraction of the cost of blurring the whole frame.
 */
const BACKGROUND_SCALE_DOWN = 8;
const BACKGROUND_BLUR_PX = 1.5;

export class BlurProcessor {
  /** The blurred track: publish it and show it instead of the camera's. */
  readonly track: CanvasCaptureMediaStreamTrack;
  readonly #video: HTMLVideoElement;
  readonly #segmenter: Segmenter;
  readonly #output = document.createElement('canvas');
  readonly #outputContext: CanvasRenderingContext2D;
  readonly #person = document.createElement('canvas');
  readonly #personContext: CanvasRenderingContext2D;
  readonly #background = document.createElement('canvas');
  readonly #backgroundContext: CanvasRenderingContext2D;
  #stopped = false;
  #wake: (() => void) | null = null;

  private constructor(video: HTMLVideoElement, segmenter: Segmenter) {
    this.#video = video;
    this.#segmenter = segmenter;
    this.#outputContext = context2d(this.#output);
    this.#personContext = context2d(this.#person);
    this.#backgroundContext = context2d(this.#background);
    this.#fit(video.videoWidth, video.videoHeight);
    // Frame rate 0: a frame is captured only when requestFrame() says the canvas holds a whole new one.
    this.track = this.#output.captureStream(0).getVideoTracks()[0] as CanvasCaptureMediaStreamTrack;
    this.#drawFrame();
    void this.#segmentContinuously();
  }

  /** Loads the model (a BlurUnavailableError when it cannot) and starts blurring `camera`, which stays the caller's. */
  static async start(camera: MediaStreamTrack): Promise<BlurProcessor> {
    const segmenter = await Segmenter.load();
    const video = document.createElement('video');
    video.muted = true;
    video.playsInline = true;
    video.srcObject = new MediaStream([camera]);
    try {
      await video.play();
    } catch (error) {
      segmenter.close();
      throw new BlurUnavailableError('load-failed', `the camera could not be read: ${error instanceof Error ? error.message : String(error)}`);
    }
    return new BlurProcessor(video, segmenter);
  }

  /** Ends the blurred track and releases the model, the canvases and the reader of the camera (not the camera). */
  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#wake?.();
    this.track.stop();
    this.#video.pause();
    this.#video.srcObject = null;
    this.#segmenter.close();
    for (const canvas of [this.#output, this.#person, this.#background]) canvas.width = canvas.height = 0;
  }

  /** Called for every new camera frame. */
  #drawFrame = (): void => {
    if (this.#stopped) return;
    const { videoWidth: width, videoHeight: height } = this.#video;
    if (width > 0 && height > 0) {
      this.#fit(width, height);
      this.#composite(width, height);
      this.track.requestFrame();
    }
    this.#video.requestVideoFrameCallback(this.#drawFrame);
  };

  /** The camera's size may change (another camera, a constraint): the track follows it. */
  #fit(width: number, height: number): void {
    for (const canvas of [this.#output, this.#person]) resize(canvas, width, height);
    resize(this.#background, Math.ceil(width / BACKGROUND_SCALE_DOWN), Math.ceil(height / BACKGROUND_SCALE_DOWN));
  }

  #composite(width: number, height: number): void {
    // The person: the mask scaled to the frame (smoothing softens its 256×144 edge), then the frame kept only there.
    const person = this.#personContext;
    person.globalCompositeOperation = 'copy';
    person.drawImage(this.#segmenter.mask, 0, 0, width, height);
    person.globalCompositeOperation = 'source-in';
    person.drawImage(this.#video, 0, 0, width, height);
    // The background: the frame made small and blurred, scaled back up; then the sharp person over it.
    const background = this.#backgroundContext;
    background.filter = `blur(${BACKGROUND_BLUR_PX}px)`;
    background.drawImage(this.#video, 0, 0, this.#background.width, this.#background.height);
    const output = this.#outputContext;
    output.imageSmoothingQuality = 'high';
    output.drawImage(this.#background, 0, 0, width, height);
    output.drawImage(this.#person, 0, 0);
  }

  async #segmentContinuously(): Promise<void> {
    let warned = false;
    while (!this.#stopped) {
      const started = performance.now();
      try {
        await this.#segmenter.segment(this.#video);
      } catch (error) {
        // The previous mask stays in use; one warning is enough for a failure that repeats every frame.
        if (!warned) console.warn('Background blur: segmentation failed', error);
        warned = true;
      }
      const took = performance.now() - started;
      await this.#sleep(Math.max(1000 / MAX_SEGMENTATIONS_PER_SECOND - took, Math.min(IDLE_PER_SEGMENTATION_MS * took, MAX_IDLE_MS)));
    }
  }

  /** Waits (stop() wakes it early); always yields, so a fast segmentation never starves the page. */
  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, Math.max(0, ms));
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.#wake = done;
    });
  }
}

function resize(canvas: HTMLCanvasElement, width: number, height: number): void {
  if (canvas.width === width && canvas.height === height) return;
  canvas.width = width;
  canvas.height = height;
}

function context2d(canvas: HTMLCanvasElement): CanvasRenderingContext2D {
  const context = canvas.getContext('2d');
  if (!context) throw new BlurUnavailableError('load-failed', 'no 2D canvas context');
  return context;
}
