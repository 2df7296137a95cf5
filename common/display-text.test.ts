import { describe, expect, it } from 'vitest';
import { displaySafe, hasUnsafeCharacters } from './display-text';

describe('displaySafe', () => {
  it('removes bidi overrides, embeddings, isolates and marks', () => {
    expect(displaySafe('Ana\u202etxt.exe')).toBe('Anatxt.exe');
    expect(displaySafe('\u202aA\u202bB\u202cC\u202dD\u202eE')).toBe('ABCDE');
    expect(displaySafe('\u2066A\u2067B\u2068C\u2069')).toBe('ABC');
    expect(displaySafe('\u200eA\u200fB\u061cC')).toBe('ABC');
  });

  it('removes C0/C1 controls, DEL and invisible look-alike characters', () => {
    expect(displaySafe('A\u0000d\u0007a\u001b[31m\u007f\u0085\u009b')).toBe('Ada[31m');
    expect(displaySafe('Ad\u200bmin\u2060\ufeff\ufff9x\ufffb')).toBe('Adminx');
  });

  it('keeps ZWJ, ZWNJ and every script', () => {
    expect(displaySafe('👩\u200d👩\u200d👧')).toBe('👩\u200d👩\u200d👧');
    expect(displaySafe('می\u200cخواهم')).toBe('می\u200cخواهم');
    expect(displaySafe('李小龙 محمد Zoë')).toBe('李小龙 محمد Zoë');
  });

  it('makes names one line with single spaces', () => {
    expect(displaySafe('  Ana \t\n\r\n Lima\u2028X\tY ')).toBe('Ana Lima X Y');
  });

  it('keeps line breaks in multi-line text, as \\n', () => {
    expect(displaySafe(' first\r\nsecond\rthird\u2029\u202efourth\t! ', { multiline: true })).toBe('first\nsecond\nthird\nfourth !');
  });
});

describe('hasUnsafeCharacters', () => {
  it('tells text with removed characters from clean text', () => {
    expect(hasUnsafeCharacters('standup')).toBe(false);
    expect(hasUnsafeCharacters('会议室 1')).toBe(false);
    expect(hasUnsafeCharacters('stand\u202eup')).toBe(true);
    expect(hasUnsafeCharacters('a\u0000')).toBe(true);
  });
});
