import { describe, expect, it } from 'vitest';
import { CHAT_MAX_LENGTH, readChatMessage } from './chat-message';

describe('readChatMessage', () => {
  it('removes bidi overrides and controls from the text, keeping its line breaks', () => {
    expect(readChatMessage({ type: 'chat', id: 'm1', text: 'see \u202eexe.txt\u202c\r\nbye\u0007' })).toEqual({
      type: 'chat',
      id: 'm1',
      text: 'see exe.txt\nbye',
    });
    expect(readChatMessage({ type: 'chat', id: 'm2', text: '\u2067مرحبا\u2069 ok' })?.text).toBe('مرحبا ok');
  });

  it('drops a message with nothing visible left', () => {
    expect(readChatMessage({ type: 'chat', id: 'm3', text: '\u202e\u200f\u0000 \n' })).toBeNull();
  });

  it('bounds the text before and after cleaning', () => {
    expect(readChatMessage({ type: 'chat', id: 'm4', text: `${'\u202e'.repeat(10)}${'a'.repeat(CHAT_MAX_LENGTH)}` })?.text).toHaveLength(CHAT_MAX_LENGTH);
    expect(readChatMessage({ type: 'chat', id: 'm5', text: 'a'.repeat(CHAT_MAX_LENGTH + 1) })).toBeNull();
    expect(readChatMessage({ type: 'chat', id: 'm6', text: 'a'.repeat(10_000_000) })).toBeNull();
  });
});
