/**
 * The person/background mask of a camera frame, from MediaPipe's selfie segmentation model. The model, its
 * WebAssembly runtime and loader ship inside the @mediapipe/selfie_segmentation npm package; the renderer's build
 * copies them to `selfie-segmentation/` beside index.html (renderer/vite.config.ts), so nothing is fetched from
 * anywhere but our own origin. The runtime needs WebGL (its inference runs on the GPU, or SwiftShader without one)
 * and 'wasm-unsafe-eval' in the page's script-src.
 */
import type { Results, SelfieSegmentation } from '@mediapipe/selfie_segmentation';
import { BlurUnavailableError } from './blur-errors';

const ASSET_FOLDER = './selfie-segmentation/';
/** The landscape model (256×144 input) matches a camera's 16:9 or 4:3 frame better than the square one, and is faster. */
const LANDSCAPE_MODEL = 1;
/** Loading 6 MB of WebAssembly and building the graph takes 1–3 s on a GPU, up to ~30 s on SwiftShader on a busy 2-core box. */
const LOAD_TIMEOUT_MS = 45_000;

type SelfieSegmentationClass = typeof SelfieSegmentation;

let runtime: Promise<SelfieSegmentationClass> | null = null;

export class Segmenter {
  /** The latest mask: opaque where the person is, transparent elsewhere, soft in between. */
  readonly mask = document.createElement('canvas');
  readonly #maskContext: CanvasRenderingContext2D;
  readonly #solution: SelfieSegmentation;

  private constructor(solution: SelfieSegmentation) {
    this.#solution = solution;
    const context = this.mask.getContext('2d');
    if (!context) throw new BlurUnavailableError('load-failed', 'no 2D canvas context for the mask');
    this.#maskContext = context;
    // The result's image is only valid inside the callback, so it is copied out at once.
    solution.onResults((results: Results) => this.#keep(results.segmentationMask));
  }

  /** Loads the runtime (once per page) and the model; rejects with a BlurUnavailableError. */
  static async load(): Promise<Segmenter> {
    if (!hasWebGl()) throw new BlurUnavailableError('no-webgl', 'WebGL is not available');
    const SolutionClass = await loadRuntime();
    const solution = new SolutionClass({ locateFile: (file) => new URL(ASSET_FOLDER + file, document.baseURI).href });
    solution.setOptions({ modelSelection: LANDSCAPE_MODEL, selfieMode: false });
    solution.onResults(() => undefined); // the warm-up's result is not needed
    try {
      // One segmentation of a blank frame builds the runtime's graph (seconds without a GPU) now, not on the first
      // camera frame, where it would hold the page and the blurred track.
      await withTimeout(
        solution.initialize().then(() => solution.send({ image: blankFrame() })),
        'the segmentation model did not load in time',
      );
    } catch (error) {
      void solution.close().catch(() => undefined);
      throw error instanceof BlurUnavailableError ? error : new BlurUnavailableError('load-failed', describe(error));
    }
    return new Segmenter(solution);
  }

  /** Segments one frame; the mask is updated before this resolves. */
  async segment(frame: HTMLVideoElement): Promise<void> {
    await this.#solution.send({ image: frame });
  }

  close(): void {
    void this.#solution.close().catch(() => undefined);
  }

  #keep(image: CanvasImageSource & { width: number; height: number }): void {
    if (this.mask.width !== image.width || this.mask.height !== image.height) {
      this.mask.width = image.width;
      this.mask.height = image.height;
    }
    this.#maskContext.globalCompositeOperation = 'copy';
    this.#maskContext.drawImage(image, 0, 0);
  }
}

function blankFrame(): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.width = 256;
  canvas.height = 144;
  return canvas;
}

function hasWebGl(): boolean {
  const canvas = document.createElement('canvas');
  return (canvas.getContext('webgl2') ?? canvas.getContext('webgl')) !== null;
}

/**
 * The loader is a classic script that defines `SelfieSegmentation` on the page (it is not an ES module), so it is
 * added as a <script> from our origin, which script-src 'self' allows.
 */
function loadRuntime(): Promise<SelfieSegmentationClass> {
  runtime ??= new Promise<SelfieSegmentationClass>((resolve, reject) => {
    const script = document.createElement('script');
    script.src = new URL(ASSET_FOLDER + 'selfie_segmentation.js', document.baseURI).href;
    script.addEventListener('load', () => {
      const loaded = (globalThis as { SelfieSegmentation?: SelfieSegmentationClass }).SelfieSegmentation;
      if (loaded) resolve(loaded);
      else reject(new BlurUnavailableError('load-failed', 'selfie_segmentation.js defined no SelfieSegmentation'));
    });
    script.addEventListener('error', () => reject(new BlurUnavailableError('load-failed', `could not load ${script.src}`)));
    document.head.append(script);
  });
  // A failed load may be retried later (e.g. the next time blur is turned on).
  runtime.catch(() => (runtime = null));
  return runtime;
}

function withTimeout<T>(promise: Promise<T>, message: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new BlurUnavailableError('load-failed', message)), LOAD_TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
