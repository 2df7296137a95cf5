import { describe, expect, it } from 'vitest';
import { classifyMediaError } from './media-errors';
import { createTestToneWav } from './test-tone';

describe('classifyMediaError', () => {
  it.each([
    ['NotAllowedError', 'denied'],
    ['SecurityError', 'denied'],
    ['PermissionDeniedError', 'denied'],
    ['NotFoundError', 'not-found'],
    ['OverconstrainedError', 'not-found'],
    ['NotReadableError', 'busy'],
    ['TrackStartError', 'busy'],
    ['TypeError', 'other'],
  ])('maps %s to %s', (name, kind) => {
    expect(classifyMediaError(new DOMException('x', name)).kind).toBe(kind);
  });

  it('keeps the browser wording for unexpected errors', () => {
    expect(classifyMediaError(new Error('Invalid constraint'))).toEqual({ kind: 'other', details: 'Invalid constraint' });
    expect(classifyMediaError('weird')).toEqual({ kind: 'other', details: 'weird' });
  });
});

describe('createTestToneWav', () => {
  it('produces a valid mono 16-bit PCM WAV of about 0.9 s', async () => {
    const blob = createTestToneWav(8000);
    const view = new DataView(await blob.arrayBuffer());
    const text = (offset: number) => String.fromCharCode(...[0, 1, 2, 3].map((i) => view.getUint8(offset + i)));
    expect(blob.type).toBe('audio/wav');
    expect([text(0), text(8), text(12), text(36)]).toEqual(['RIFF', 'WAVE', 'fmt ', 'data']);
    expect(view.getUint16(22, true)).toBe(1);
    expect(view.getUint32(24, true)).toBe(8000);
    const samples = view.getUint32(40, true) / 2;
    expect(samples / 8000).toBeCloseTo(0.9, 2);
    let peak = 0;
    for (let i = 0; i < samples; i++) peak = Math.max(peak, Math.abs(view.getInt16(44 + i * 2, true)));
    expect(peak).toBeGreaterThan(5000); // audible, not silence
    expect(peak).toBeLessThan(32767); // and not clipped
  });
});
