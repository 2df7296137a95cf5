import { describe, expect, it } from 'vitest';
import { REACTION_EMOJI, reactionMessage, readReactionMessage } from './reaction-message';

describe('readReactionMessage', () => {
  it('reads our own reaction messages, for every emoji of the picker', () => {
    for (const emoji of REACTION_EMOJI) expect(readReactionMessage(reactionMessage(emoji))).toEqual({ type: 'licode-desktop/reaction', v: 1, emoji });
  });

  it('ignores hostile and foreign messages', () => {
    const hostile: unknown[] = [
      null,
      'licode-desktop/reaction',
      42,
      [],
      { type: 'chat', id: 'm1', text: '👍' },
      { type: 'licode-desktop/reaction', v: 1, emoji: '<img src=x onerror=alert(1)>' },
      { type: 'licode-desktop/reaction', v: 1, emoji: '👍'.repeat(1000) },
      { type: 'licode-desktop/reaction', v: 1, emoji: '💩' },
      { type: 'licode-desktop/reaction', v: 2, emoji: '👍' },
      { type: 'licode-desktop/reaction', v: '1', emoji: '👍' },
      { type: 'licode-desktop/reaction', emoji: '👍' },
      { type: 'reaction', v: 1, emoji: '👍' },
      JSON.parse('{"type":"licode-desktop/reaction","v":1,"emoji":"👍","__proto__":{"polluted":true}}'),
    ];
    for (const message of hostile.slice(0, -1)) expect(readReactionMessage(message), JSON.stringify(message)).toBeNull();
    // Extra keys (a prototype key included) are dropped, never copied: only type, v and emoji come out.
    expect(readReactionMessage(hostile.at(-1))).toEqual({ type: 'licode-desktop/reaction', v: 1, emoji: '👍' });
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});
