/** The meeting-link parser against good links and hostile ones. */
import { describe, expect, it } from 'vitest';
import { MAX_LINK_LENGTH, parseMeetingLink, type MeetingLinkProblem } from './meeting-link';

const server = encodeURIComponent('https://licode.example.com:3004');

describe('parseMeetingLink accepts', () => {
  it('a server URL, a room and a display name', () => {
    expect(parseMeetingLink(`licode-desktop://join?server=${server}&room=Team%20sync&name=Ada%20L.`)).toEqual({
      ok: true,
      link: { server: { kind: 'url', url: 'https://licode.example.com:3004' }, room: 'Team sync', displayName: 'Ada L.' },
    });
  });

  it("a saved server's id or name, without a display name, with the slash Windows adds", () => {
    expect(parseMeetingLink('licode-desktop://join/?server=Office&room=standup')).toEqual({
      ok: true,
      link: { server: { kind: 'profile', ref: 'Office' }, room: 'standup' },
    });
    expect(parseMeetingLink('licode-desktop://join?room=r&server=Team+server')).toMatchObject({ ok: true, link: { server: { ref: 'Team server' } } });
  });

  it('Chinese room and display names', () => {
    expect(parseMeetingLink(`licode-desktop://join?server=${server}&room=${encodeURIComponent('周会')}&name=${encodeURIComponent('李雷')}`)).toMatchObject({
      ok: true,
      link: { room: '周会', displayName: '李雷' },
    });
  });
});

describe('parseMeetingLink refuses', () => {
  const cases: [string, string, MeetingLinkProblem][] = [
    ['another scheme', `https://join?server=${server}&room=r`, 'other-scheme'],
    ['javascript:', 'javascript:alert(1)//licode-desktop://join?server=x&room=r', 'other-scheme'],
    ['a look-alike scheme', `licode-desktops://join?server=${server}&room=r`, 'other-scheme'],
    ['no URL at all', 'join?server=x&room=r', 'not-a-link'],
    ['leading whitespace', ` licode-desktop://join?server=${server}&room=r`, 'not-a-link'],
    ['a control character', `licode-desktop://join?server=${server}&room=r\n`, 'not-a-link'],
    ['credentials', `licode-desktop://user:secret@join?server=${server}&room=r`, 'credentials'],
    ['an empty user part', `licode-desktop://@join?server=${server}&room=r`, 'credentials'],
    ['a fragment', `licode-desktop://join?server=${server}&room=r#x`, 'fragment'],
    ['an empty fragment', `licode-desktop://join?server=${server}&room=r#`, 'fragment'],
    ['another action', `licode-desktop://leave?server=${server}&room=r`, 'not-join'],
    ['a port', `licode-desktop://join:80?server=${server}&room=r`, 'not-join'],
    ['a path', `licode-desktop://join/extra?server=${server}&room=r`, 'not-join'],
    ['an encoded &', `licode-desktop://join?server=${server}&room=a%26server=evil`, 'encoded-separator'],
    ['an encoded =', `licode-desktop://join?server=${server}&room=a%3Db`, 'encoded-separator'],
    ['an encoded ?', `licode-desktop://join?server=${server}%3Fx&room=r`, 'encoded-separator'],
    ['an encoded #', `licode-desktop://join?server=${server}&room=a%23b`, 'encoded-separator'],
    ['double encoding', `licode-desktop://join?server=${server}&room=a%2526b`, 'encoded-separator'],
    ['an unknown key', `licode-desktop://join?server=${server}&room=r&token=abc`, 'unknown-key'],
    ['a key differing in case', `licode-desktop://join?server=${server}&Room=r`, 'unknown-key'],
    ['a duplicate key', `licode-desktop://join?server=${server}&room=a&room=b`, 'duplicate-key'],
    ['a duplicate server', `licode-desktop://join?server=${server}&server=Office&room=a`, 'duplicate-key'],
    ['no server', 'licode-desktop://join?room=r', 'missing-server'],
    ['an empty server', 'licode-desktop://join?server=&room=r', 'missing-server'],
    ['no room', `licode-desktop://join?server=${server}`, 'missing-room'],
    ['a file: server', `licode-desktop://join?server=${encodeURIComponent('file:///etc/passwd')}&room=r`, 'server-invalid'],
    ['a server URL with credentials', `licode-desktop://join?server=${encodeURIComponent('https://u:p@example.com')}&room=r`, 'server-invalid'],
    ['a link-local server', `licode-desktop://join?server=${encodeURIComponent('http://169.254.169.254')}&room=r`, 'server-invalid'],
    ['a host without scheme', 'licode-desktop://join?server=example.com:3001&room=r', 'server-invalid'],
    ['a very long server', `licode-desktop://join?server=${encodeURIComponent(`https://e.com/${'a'.repeat(2100)}`)}&room=r`, 'server-invalid'],
    ['a very long room', `licode-desktop://join?server=${server}&room=${'r'.repeat(129)}`, 'room-invalid'],
    ['a room with a bidi override', `licode-desktop://join?server=${server}&room=${encodeURIComponent('a\u202Eb')}`, 'room-invalid'],
    ['a very long display name', `licode-desktop://join?server=${server}&room=r&name=${'n'.repeat(65)}`, 'name-invalid'],
    ['an empty display name', `licode-desktop://join?server=${server}&room=r&name=`, 'name-invalid'],
    ['a very long link', `licode-desktop://join?server=${server}&room=r&name=${'n'.repeat(MAX_LINK_LENGTH)}`, 'too-long'],
  ];
  it.each(cases)('%s', (_what, raw, problem) => {
    expect(parseMeetingLink(raw)).toEqual({ ok: false, problem });
  });
});
