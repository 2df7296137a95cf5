/**
 * Background blur for the camera, loaded on first use: this entry is tiny, and the processor, its runtime and its
 * model (blur-processor.ts, segmenter.ts, several MB) are fetched only when blur is turned on.
 */
import { BlurUnavailableError } from './blur-errors';

export { BlurUnavailableError, type BlurFailureReason } from './blur-errors';

/** A camera's blurred counterpart while blur runs. */
export interface BlurredCamera {
  readonly track: MediaStreamTrack;
  /** Ends the blurred track and releases the model; the camera itself stays open. */
  stop(): void;
}

/** Starts blurring `camera`'s background; rejects with a BlurUnavailableError when the model cannot run here. */
export async function blurCamera(camera: MediaStreamTrack): Promise<BlurredCamera> {
  let processor: typeof import('./blur-processor');
  try {
    processor = await import('./blur-processor');
  } catch (error) {
    throw new BlurUnavailableError('load-failed', error instanceof Error ? error.message : String(error));
  }
  return processor.BlurProcessor.start(camera);
}
