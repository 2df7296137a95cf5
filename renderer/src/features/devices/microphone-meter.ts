/**
 * The microphone's level, read on demand: no timer and no reactive state here, so a caller that does not need it
 * (a call whose user is not muted) pays nothing for it. The analyser listens to a clone of the microphone track that
 * stays enabled, so the level is heard while the published track is muted ("You are muted").
 */

/** Samples per level block (≈ 21 ms at 48 kHz). */
export const METER_BLOCK = 1024;

/**
 * Level 0..1 of the block of samples starting at `start`: its RMS on a square-root curve, because speech sits around
 * an RMS of 0.02–0.2 and quiet speech must still show.
 */
export function blockLevel(samples: Float32Array, start: number): number {
  let sum = 0;
  for (let i = start; i < start + METER_BLOCK; i += 1) sum += samples[i]! * samples[i]!;
  return Math.min(1, Math.sqrt(Math.sqrt(sum / METER_BLOCK) * 5));
}

/** The loudest block's level, not the whole buffer's: a short sound must not be diluted by the silence around it. */
export function loudestBlockLevel(samples: Float32Array): number {
  let loudest = 0;
  for (let start = 0; start + METER_BLOCK <= samples.length; start += METER_BLOCK) loudest = Math.max(loudest, blockLevel(samples, start));
  return loudest;
}

/** The newest block's level (0 for a buffer shorter than a block). */
export function latestBlockLevel(samples: Float32Array): number {
  return samples.length < METER_BLOCK ? 0 : blockLevel(samples, samples.length - METER_BLOCK);
}

export class MicrophoneMeter {
  readonly #samples: Float32Array<ArrayBuffer>;
  readonly #analyser: AnalyserNode;
  readonly #source: MediaStreamAudioSourceNode;
  readonly #clone: MediaStreamTrack;

  constructor(context: AudioContext, microphone: MediaStreamTrack) {
    this.#clone = microphone.clone();
    this.#clone.enabled = true;
    void context.resume();
    this.#source = context.createMediaStreamSource(new MediaStream([this.#clone]));
    this.#analyser = context.createAnalyser();
    // ≈ 340 ms at 48 kHz: one read covers everything since the previous one (MUTED_SPEECH_POLL_MS = 250), so a short
    // syllable (or the fake microphone's 20 ms beep) between two reads is not missed.
    this.#analyser.fftSize = 16_384;
    this.#source.connect(this.#analyser);
    this.#samples = new Float32Array(this.#analyser.fftSize);
  }

  /** Loudest level heard over the last ~⅓ s. */
  readLoudest(): number {
    this.#analyser.getFloatTimeDomainData(this.#samples);
    return loudestBlockLevel(this.#samples);
  }

  /** Level of the last ~21 ms (what a level meter shows). */
  readLatest(): number {
    this.#analyser.getFloatTimeDomainData(this.#samples);
    return latestBlockLevel(this.#samples);
  }

  stop(): void {
    this.#source.disconnect();
    this.#analyser.disconnect();
    this.#clone.stop();
  }
}
