import { describe, expect, it } from 'vitest';
import { isPushToTalkKey, shortcutFor } from './shortcuts';

const key = (k: string, extra: Partial<KeyboardEvent> = {}) => ({
  key: k,
  code: k === ' ' ? 'Space' : `Key${k.toUpperCase()}`,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  target: null,
  ...extra,
});

describe('call shortcuts', () => {
  it('maps single keys, either case, to actions', () => {
    expect(shortcutFor(key('m'))).toBe('mic');
    expect(shortcutFor(key('M'))).toBe('mic');
    expect(shortcutFor(key('v'))).toBe('camera');
    expect(shortcutFor(key('?'))).toBe('help');
    expect(shortcutFor(key('H'))).toBe('hand');
    expect(shortcutFor(key('r'))).toBe('react');
    expect(shortcutFor(key('x'))).toBeNull();
  });
  it('never fires with a modifier (the browser and the OS own those)', () => {
    expect(shortcutFor(key('m', { ctrlKey: true }))).toBeNull();
    expect(shortcutFor(key('c', { metaKey: true }))).toBeNull();
    expect(shortcutFor(key('l', { altKey: true }))).toBeNull();
  });
  it('treats Space as push-to-talk only without modifiers', () => {
    expect(isPushToTalkKey(key(' '))).toBe(true);
    expect(isPushToTalkKey(key(' ', { ctrlKey: true }))).toBe(false);
    expect(isPushToTalkKey(key('m'))).toBe(false);
  });
});
