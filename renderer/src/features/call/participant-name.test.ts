import { describe, expect, it } from 'vitest';
import { cleanName, guestNumber, initialOf, MAX_NAME_LENGTH, nameFromAttributes, participantName } from './participant-name';

const BIG_ID = 927517645250342900;

describe('nameFromAttributes', () => {
  it('reads the attributes other Licode apps use, in the documented order', () => {
    expect(nameFromAttributes({ name: 'Ana' })).toBe('Ana');
    expect(nameFromAttributes({ actualName: 'Ana Lima' })).toBe('Ana Lima');
    expect(nameFromAttributes({ username: 'ana' })).toBe('ana');
    expect(nameFromAttributes({ userName: 'ana.l' })).toBe('ana.l');
    expect(nameFromAttributes({ displayName: 'Ana L.' })).toBe('Ana L.');
    expect(nameFromAttributes({ nickname: 'nana' })).toBe('nana');
    expect(nameFromAttributes({ nick: 'nn' })).toBe('nn');
    // A person's name beats Licode's documented technical stream name ('myStream').
    expect(nameFromAttributes({ name: 'myStream', actualName: 'Ana' })).toBe('Ana');
    expect(nameFromAttributes({ username: 'ana', name: 'Ana Lima' })).toBe('Ana Lima');
    expect(nameFromAttributes({ displayName: 'Bea', name: 'Ana' })).toBe('Bea');
  });

  it('skips unusable values and falls through to the next attribute', () => {
    expect(nameFromAttributes({ name: '   ', username: 'ana' })).toBe('ana');
    expect(nameFromAttributes({ actualName: 42, name: { first: 'x' }, username: ['a'], nick: 'ok' })).toBe('ok');
    expect(nameFromAttributes({ name: null, actualName: undefined, displayName: true })).toBeNull();
    expect(nameFromAttributes({})).toBeNull();
    expect(nameFromAttributes(null)).toBeNull();
  });

  it('does not read inherited properties', () => {
    const attributes = Object.create({ name: 'from the prototype' }) as Record<string, unknown>;
    expect(nameFromAttributes(attributes)).toBeNull();
  });
});

describe('cleanName', () => {
  it('trims and collapses whitespace', () => {
    expect(cleanName('  Ana \t\n  Lima  ')).toBe('Ana Lima');
    expect(cleanName('\u3000\u00a0')).toBe('');
  });

  it('removes control, bidi and zero-width characters', () => {
    expect(cleanName('A\u0000n\u0007a\u001b[31m')).toBe('Ana[31m');
    expect(cleanName('\u202eevil\u202c')).toBe('evil');
    expect(cleanName('\u2067Ana\u2069 \u200fB\u200e\u061c')).toBe('Ana B');
    // A line separator is a line break: a space in a one-line name.
    expect(cleanName('Z\u200bW\ufeffS\u2028X')).toBe('ZWS X');
    expect(cleanName('\u0085\u009b')).toBe('');
    // ZWJ sequences (family emoji) survive.
    expect(cleanName('👩\u200d👩\u200d👧')).toBe('👩\u200d👩\u200d👧');
  });

  it('keeps names in every script', () => {
    expect(cleanName('李小龙')).toBe('李小龙');
    expect(cleanName('محمد')).toBe('محمد');
    expect(cleanName('Zoë')).toBe('Zoë');
    // ZWNJ is part of Persian spelling.
    expect(cleanName('می\u200cخواهم')).toBe('می\u200cخواهم');
  });

  it('limits the length without splitting a character', () => {
    const huge = 'x'.repeat(5_000_000);
    const started = performance.now();
    expect(cleanName(huge)).toBe('x'.repeat(MAX_NAME_LENGTH));
    expect(performance.now() - started).toBeLessThan(200);
    const emoji = cleanName('😀'.repeat(100));
    expect(Array.from(emoji)).toHaveLength(MAX_NAME_LENGTH);
    expect(emoji).toBe('😀'.repeat(MAX_NAME_LENGTH));
    // 63 letters then a two-code-point grapheme: the grapheme does not fit and is left out whole.
    expect(cleanName(`${'a'.repeat(63)}e\u0301`)).toBe('a'.repeat(63));
    // One letter with a thousand combining marks is still bounded.
    expect(Array.from(cleanName(`a${'\u0301'.repeat(1000)}`)).length).toBeLessThanOrEqual(MAX_NAME_LENGTH);
  });

  it('returns an empty string for non-strings', () => {
    for (const value of [undefined, null, 1, true, {}, [], Symbol('x'), () => 'Ana']) expect(cleanName(value)).toBe('');
  });
});

describe('guest fallback', () => {
  it('is short, stable and depends only on the stream id', () => {
    const n = guestNumber(BIG_ID);
    expect(n).toBeGreaterThanOrEqual(1000);
    expect(n).toBeLessThanOrEqual(9999);
    expect(guestNumber(BIG_ID)).toBe(n);
    expect(guestNumber(String(BIG_ID))).toBe(n);
    // Fixed values: the same on every machine (FNV-1a of the id's text); changing the derivation fails here.
    expect(n).toBe(5488);
    expect(guestNumber(1)).toBe(2444);
  });

  it('spreads ids over the range', () => {
    const numbers = new Set(Array.from({ length: 200 }, (_, i) => guestNumber(BIG_ID + i * 1024)));
    expect(numbers.size).toBeGreaterThan(190);
  });

  it('is used only when no attribute carries a name', () => {
    expect(participantName({ id: BIG_ID, attributes: {} })).toEqual({ kind: 'guest', number: guestNumber(BIG_ID) });
    expect(participantName({ id: BIG_ID, attributes: { name: '\u202e  ' } })).toEqual({ kind: 'guest', number: guestNumber(BIG_ID) });
    expect(participantName({ id: BIG_ID, attributes: { username: 'ana' } })).toEqual({ kind: 'named', name: 'ana' });
  });
});

describe('initialOf', () => {
  it('takes a whole first character', () => {
    expect(initialOf('ana')).toBe('A');
    expect(initialOf('😀 Ana')).toBe('😀');
    expect(initialOf('e\u0301milie')).toBe('E\u0301');
    expect(initialOf('  ')).toBe('?');
  });
});
