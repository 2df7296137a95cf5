/**
 * The RNNoise pipeline (loaded lazily by noise-suppression.ts): microphone → MediaStreamAudioSourceNode → RNNoise
 * AudioWorkletNode → MediaStreamAudioDestinationNode, whose track is what the call publishes. The worklet script and
 * both WebAssembly builds (SIMD where the engine has it) are assets of our build, so it works offline and under the
 * page's CSP in Electron's sandboxed renderer and in the web host.
 */
import { loadRnnoise, RnnoiseWorkletNode } from '@sapphi-red/web-noise-suppressor';
import workletUrl from '@sapphi-red/web-noise-suppressor/rnnoiseWorklet.js?url';
import wasmUrl from '@sapphi-red/web-noise-suppressor/rnnoise.wasm?url';
import simdWasmUrl from '@sapphi-red/web-noise-suppressor/rnnoise_simd.wasm?url';
import type { SuppressedMicrophone } from './noise-suppression';

/** RNNoise works on 10 ms frames of 48 kHz audio; a context at that rate spares the worklet any resampling. */
const RNNOISE_SAMPLE_RATE = 48_000;

/** Fetched once per page: every later start (a device switch, a rejoin) reuses the binary. */
let wasmBinary: Promise<ArrayBuffer> | null = null;

function loadBinary(): Promise<ArrayBuffer> {
  wasmBinary ??= loadRnnoise({ url: wasmUrl, simdUrl: simdWasmUrl }).catch((error: unknown) => {
    wasmBinary = null; // a failed fetch is tried again next time
    throw error;
  });
  return wasmBinary;
}

export async function startRnnoise(microphone: MediaStreamTrack): Promise<SuppressedMicrophone> {
  const context = new AudioContext({ sampleRate: RNNOISE_SAMPLE_RATE, latencyHint: 'interactive' });
  try {
    const [binary] = await Promise.all([loadBinary(), context.audioWorklet.addModule(workletUrl)]);
    const source = context.createMediaStreamSource(new MediaStream([microphone]));
    const rnnoise = new RnnoiseWorkletNode(context, { wasmBinary: binary, maxChannels: 1 });
    const destination = context.createMediaStreamDestination();
    destination.channelCount = 1;
    source.connect(rnnoise).connect(destination);
    // A context created without a user gesture may start suspended; the call's Join click allows it to run.
    if (context.state !== 'running') await context.resume();
    const track = destination.stream.getAudioTracks()[0];
    if (!track) throw new Error('The audio graph produced no track');
    return {
      track,
      stop() {
        source.disconnect();
        rnnoise.destroy();
        track.stop();
        void context.close();
      },
    };
  } catch (error) {
    void context.close();
    throw error;
  }
}
