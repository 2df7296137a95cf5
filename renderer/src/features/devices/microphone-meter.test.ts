import { describe, expect, it } from 'vitest';
import { blockLevel, latestBlockLevel, loudestBlockLevel, METER_BLOCK } from './microphone-meter';

/** A buffer of `blocks` blocks of silence with a constant `amplitude` in the blocks listed in `loud`. */
function buffer(blocks: number, loud: Record<number, number>): Float32Array {
  const samples = new Float32Array(blocks * METER_BLOCK);
  for (const [block, amplitude] of Object.entries(loud)) samples.fill(amplitude, Number(block) * METER_BLOCK, (Number(block) + 1) * METER_BLOCK);
  return samples;
}

describe('blockLevel', () => {
  it('is 0 for silence', () => {
    expect(blockLevel(buffer(1, {}), 0)).toBe(0);
  });

  it('puts the RMS on a square-root curve, so quiet speech shows', () => {
    // RMS 0.02 (quiet speech) shows as about a third, RMS 0.2 (loud speech) as full scale.
    expect(blockLevel(buffer(1, { 0: 0.02 }), 0)).toBeCloseTo(Math.sqrt(0.1), 5);
    expect(blockLevel(buffer(1, { 0: -0.2 }), 0)).toBeCloseTo(1, 5);
  });

  it('never exceeds 1', () => {
    expect(blockLevel(buffer(1, { 0: 1 }), 0)).toBe(1);
  });
});

describe('loudestBlockLevel', () => {
  it('hears a 20 ms beep in ⅓ s of silence at full strength, not diluted', () => {
    const samples = buffer(16, { 9: 0.05 });
    expect(loudestBlockLevel(samples)).toBeCloseTo(blockLevel(buffer(1, { 0: 0.05 }), 0), 5);
  });

  it('is 0 for silence', () => {
    expect(loudestBlockLevel(buffer(16, {}))).toBe(0);
  });
});

describe('latestBlockLevel', () => {
  it('reads only the newest block', () => {
    expect(latestBlockLevel(buffer(16, { 9: 0.05 }))).toBe(0);
    expect(latestBlockLevel(buffer(16, { 15: 0.05 }))).toBeCloseTo(blockLevel(buffer(1, { 0: 0.05 }), 0), 5);
  });

  it('is 0 for a buffer shorter than a block', () => {
    expect(latestBlockLevel(new Float32Array(METER_BLOCK - 1).fill(0.5))).toBe(0);
  });
});
