/**
 * How the microphone is asked for from the Settings screen's audio processing: the browser's echo cancellation and
 * automatic gain as chosen, and its noise suppression only in 'browser' mode (with RNNoise, the model does the work on
 * the raw signal: two suppressors in a row would only distort speech further).
 */
import type { MediaSettings } from '../../../../common/api-contract';

export type AudioProcessing = Pick<MediaSettings, 'echoCancellation' | 'noiseSuppression' | 'autoGainControl'>;

/** What getUserMedia gets when nothing was chosen (pre-join before the settings are known, the kiosk). */
export const BROWSER_AUDIO_PROCESSING: AudioProcessing = { echoCancellation: true, noiseSuppression: 'browser', autoGainControl: true };

export interface ProcessingConstraints {
  echoCancellation: boolean;
  noiseSuppression: boolean;
  autoGainControl: boolean;
}

export function processingConstraints(processing: AudioProcessing): ProcessingConstraints {
  return {
    echoCancellation: processing.echoCancellation,
    noiseSuppression: processing.noiseSuppression === 'browser',
    autoGainControl: processing.autoGainControl,
  };
}

/**
 * Whether an open microphone track already runs the browser's processing as wanted. A browser that does not report a
 * setting (getSettings() leaves it out) is taken at its word.
 */
export function trackHasProcessing(settings: Partial<ProcessingConstraints>, processing: AudioProcessing): boolean {
  const wanted = processingConstraints(processing);
  return (Object.keys(wanted) as (keyof ProcessingConstraints)[]).every((key) => settings[key] === undefined || settings[key] === wanted[key]);
}

/** Whether the two ask for the same microphone (a change of any of them means opening it again). */
export function sameAudioProcessing(a: AudioProcessing, b: AudioProcessing): boolean {
  return a.echoCancellation === b.echoCancellation && a.noiseSuppression === b.noiseSuppression && a.autoGainControl === b.autoGainControl;
}
