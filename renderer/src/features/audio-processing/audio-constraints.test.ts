import { describe, expect, it } from 'vitest';
import { processingConstraints, sameAudioProcessing, trackHasProcessing, type AudioProcessing } from './audio-constraints';

const strong: AudioProcessing = { echoCancellation: true, noiseSuppression: 'rnnoise', autoGainControl: false };

describe('audio processing constraints', () => {
  it("turns the browser's noise suppression on in 'browser' mode only", () => {
    expect(processingConstraints({ ...strong, noiseSuppression: 'browser' }).noiseSuppression).toBe(true);
    expect(processingConstraints({ ...strong, noiseSuppression: 'rnnoise' }).noiseSuppression).toBe(false);
    expect(processingConstraints({ ...strong, noiseSuppression: 'off' }).noiseSuppression).toBe(false);
  });

  it('tells whether an open track already runs the wanted processing (what the browser does not report counts as yes)', () => {
    expect(trackHasProcessing({ echoCancellation: true, noiseSuppression: false, autoGainControl: false }, strong)).toBe(true);
    expect(trackHasProcessing({ echoCancellation: true, noiseSuppression: true, autoGainControl: false }, strong)).toBe(false);
    expect(trackHasProcessing({}, strong)).toBe(true);
  });

  it('compares only the processing', () => {
    expect(sameAudioProcessing(strong, { ...strong })).toBe(true);
    expect(sameAudioProcessing(strong, { ...strong, noiseSuppression: 'browser' })).toBe(false);
  });
});
