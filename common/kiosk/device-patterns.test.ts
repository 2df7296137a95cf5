import { describe, expect, it } from 'vitest';
import { chooseDevice, parseLabelPattern, type LabelPattern } from './device-patterns';

const pattern = (text: string): LabelPattern => {
  const result = parseLabelPattern(text);
  if (!result.ok) throw new Error(result.detail);
  return result.pattern;
};
const device = (deviceId: string, label: string) => ({ deviceId, label });
const laptop = device('a1', 'Integrated Webcam (0c45:6a10)');
const logitech = device('b2', 'Logitech BRIO (046d:085e)');
const logitech2 = device('c3', 'Logitech C920 (046d:082d)');
const systemDefault = device('default', 'Default - Logitech BRIO (046d:085e)');

describe('label patterns', () => {
  it('matches a case-insensitive substring', () => {
    expect(pattern('brio').matches('Logitech BRIO')).toBe(true);
    expect(pattern('BRIO').matches('logitech brio')).toBe(true);
    expect(pattern('c920').matches('Logitech BRIO')).toBe(false);
  });

  it('treats /…/ as a case-insensitive regular expression and refuses invalid ones clearly', () => {
    expect(pattern('/^logitech (brio|c9\\d\\d)/').matches('LOGITECH C925e')).toBe(true);
    expect(pattern('/^brio/').matches('Logitech BRIO')).toBe(false);
    const bad = parseLabelPattern('/(unclosed/');
    expect(bad).toMatchObject({ ok: false, error: 'pattern-invalid-regex' });
    expect(!bad.ok && bad.detail).toMatch(/unterminated group/i);
  });

  it('refuses empty and over-long patterns', () => {
    expect(parseLabelPattern('   ')).toMatchObject({ ok: false, error: 'pattern-empty' });
    expect(parseLabelPattern('x'.repeat(201))).toMatchObject({ ok: false, error: 'pattern-too-long' });
    expect(parseLabelPattern('x'.repeat(200)).ok).toBe(true);
  });
});

describe('choosing a device', () => {
  it('falls back to the default device and says so when nothing matches', () => {
    expect(chooseDevice([systemDefault, laptop, logitech], pattern('jabra'))).toEqual({ kind: 'fallback', device: systemDefault, pattern: 'jabra' });
    expect(chooseDevice([laptop, logitech], pattern('jabra'))).toEqual({ kind: 'fallback', device: laptop, pattern: 'jabra' });
    expect(chooseDevice([], pattern('jabra'))).toEqual({ kind: 'none' });
  });

  it('uses the default device when no pattern is configured', () => {
    expect(chooseDevice([laptop, systemDefault], undefined)).toEqual({ kind: 'default', device: systemDefault });
  });

  it('picks the first match in OS order when several match, deterministically', () => {
    expect(chooseDevice([laptop, logitech2, logitech], pattern('logitech'))).toEqual({ kind: 'matched', device: logitech2 });
    expect(chooseDevice([laptop, logitech, logitech2], pattern('logitech'))).toEqual({ kind: 'matched', device: logitech });
  });

  it('chooses the concrete device rather than the "Default - …" pseudo-device repeating its label', () => {
    expect(chooseDevice([systemDefault, laptop, logitech], pattern('brio'))).toEqual({ kind: 'matched', device: logitech });
  });

  it('follows hot-plug: fallback while the preferred device is gone, the preferred device again when it returns', () => {
    const brio = pattern('brio');
    const timeline = [[laptop, logitech], [laptop], [laptop, logitech2], [logitech2, logitech, laptop]];
    expect(timeline.map((devices) => chooseDevice(devices, brio))).toEqual([
      { kind: 'matched', device: logitech },
      { kind: 'fallback', device: laptop, pattern: 'brio' },
      { kind: 'fallback', device: laptop, pattern: 'brio' },
      { kind: 'matched', device: logitech },
    ]);
  });
});
