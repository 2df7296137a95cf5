/**
 * RNNoise on the microphone, loaded only when it is wanted: the model (a WebAssembly build of xiph/rnnoise from
 * @sapphi-red/web-noise-suppressor) and its AudioWorklet stay out of the initial bundle and are fetched from our own
 * origin the first time a call publishes with "Strong" noise suppression.
 */

/** The microphone as it is published: the model's output track, and how to stop the processing behind it. */
export interface SuppressedMicrophone {
  readonly track: MediaStreamTrack;
  stop(): void;
}

export class NoiseSuppressionUnavailableError extends Error {
  override readonly name = 'NoiseSuppressionUnavailableError';
}

/** Runs `microphone` through RNNoise; rejects with NoiseSuppressionUnavailableError when it cannot run here. */
export async function suppressNoise(microphone: MediaStreamTrack): Promise<SuppressedMicrophone> {
  try {
    const { startRnnoise } = await import('./rnnoise-pipeline');
    return await startRnnoise(microphone);
  } catch (error) {
    throw new NoiseSuppressionUnavailableError(error instanceof Error ? error.message : String(error), { cause: error });
  }
}
