import { describe, expect, it } from 'vitest';
import { LicodeError } from '../../licode/index';
import { generationToRemember, planGeneration, shouldRedetect } from './remembered-generation';

const C4 = { dialect: 'C', socketIo: 4 } as const;
const C2 = { dialect: 'C', socketIo: 2 } as const;
const A2 = { dialect: 'A', socketIo: 2 } as const;
const B2 = { dialect: 'B', socketIo: 2 } as const;

describe('planGeneration', () => {
  it('uses the remembered generation instead of the probe only in auto mode', () => {
    expect(planGeneration('auto', C2)).toEqual({ generation: 'auto', knownGeneration: C2 });
    expect(planGeneration('auto', undefined)).toEqual({ generation: 'auto' });
    expect(planGeneration('auto', null)).toEqual({ generation: 'auto' });
    // Forced: never a probe, and the remembered one is not used either.
    expect(planGeneration('A', C4)).toEqual({ generation: 'A' });
    expect(planGeneration('C', A2)).toEqual({ generation: 'C' });
  });
});

describe('shouldRedetect', () => {
  const remembered = planGeneration('auto', A2);
  it('re-detects when a join with a remembered generation fails for a reason other than the token', () => {
    expect(shouldRedetect(remembered, new LicodeError('connection-lost', 'Could not connect to the Licode server at h:1: websocket error.'))).toBe(true);
    expect(shouldRedetect(remembered, new LicodeError('timeout', 'the token'))).toBe(true);
    expect(shouldRedetect(remembered, new LicodeError('malformed-message', 'x'))).toBe(true);
    expect(shouldRedetect(remembered, new Error('anything else'))).toBe(true);
  });

  it('does not when the server refused the token in that dialect, or the token was unreadable', () => {
    expect(shouldRedetect(remembered, new LicodeError('token-refused', 'The server refused the token: Token does not exist.'))).toBe(false);
    expect(shouldRedetect(remembered, new LicodeError('token-invalid', 'x'))).toBe(false);
  });

  it('never when nothing was remembered or the generation is forced', () => {
    const failure = new LicodeError('connection-lost', 'x');
    expect(shouldRedetect(planGeneration('auto', undefined), failure)).toBe(false);
    expect(shouldRedetect(planGeneration('C', C4), failure)).toBe(false);
    expect(shouldRedetect(planGeneration('A', undefined), failure)).toBe(false);
  });
});

describe('generationToRemember', () => {
  it('stores what the probe found', () => {
    expect(generationToRemember(planGeneration('auto', undefined), C2)).toEqual(C2);
  });

  it('stores nothing when the remembered one worked', () => {
    expect(generationToRemember(planGeneration('auto', C4), { dialect: 'C', socketIo: 4 })).toBeNull();
  });

  it('stores nothing for forced generations or when the room did not say', () => {
    expect(generationToRemember(planGeneration('C', undefined), C4)).toBeNull();
    expect(generationToRemember(planGeneration('A', undefined), A2)).toBeNull();
    expect(generationToRemember(planGeneration('auto', undefined), null)).toBeNull();
  });

  it('Licode v7–v8: the A the probe found at join is replaced by the B the first publication showed, then kept', () => {
    const afterJoin = generationToRemember(planGeneration('auto', undefined), A2);
    expect(afterJoin).toEqual(A2);
    expect(generationToRemember(planGeneration('auto', afterJoin), B2)).toEqual(B2);
    expect(generationToRemember(planGeneration('auto', B2), B2)).toBeNull();
    expect(generationToRemember(planGeneration('B', undefined), B2)).toBeNull(); // forced
  });

  it('copies only the two fields (nothing else from the library object goes to the config)', () => {
    expect(generationToRemember(planGeneration('auto', undefined), { ...A2, extra: 1 } as typeof A2)).toEqual(A2);
  });
});
