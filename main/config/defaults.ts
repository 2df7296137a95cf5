import { CONFIG_VERSION, type AppConfig, type MediaSettings } from '../../common/api-contract';

/**
 * Noise suppression starts as the browser's own: it costs nothing to load and no extra CPU, and handles steady
 * background noise. RNNoise ("Strong") removes much more (keyboard, fans, voices far away) but loads a WebAssembly
 * model when the microphone opens and runs a worklet for the whole call, which a first join on a busy two-core
 * laptop should not pay for unasked. Background blur is off: it costs a segmentation model and a GPU/CPU pass per frame.
 */
export function defaultMediaSettings(): MediaSettings {
  return {
    echoCancellation: true,
    noiseSuppression: 'browser',
    autoGainControl: true,
    mirrorSelfView: true,
    backgroundBlur: false,
  };
}

export function defaultConfig(): AppConfig {
  return {
    version: CONFIG_VERSION,
    language: 'en',
    profiles: [],
    activeProfileId: null,
    recentRooms: [],
    preferredDevices: {},
    displayName: '',
    joinWithCamera: true,
    joinWithMicrophone: true,
    media: defaultMediaSettings(),
    notifications: true,
  };
}
