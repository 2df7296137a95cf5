/** The invitation's link (common/invite-link.ts) against the parser that opens it: whatever is built must parse back. */
import { describe, expect, it } from 'vitest';
import { meetingLinkFor } from '../../common/invite-link';
import { parseMeetingLink } from './meeting-link';

describe('meetingLinkFor', () => {
  it.each([
    ['https://licode.example.com:3004', 'Team sync'],
    ['http://127.0.0.1:5198', 'demo'],
    ['https://licode.example.com/licode/', 'standup'],
    ['http://[2001:db8::1]:3001', '42'],
    ['https://licode.example.com:3004', '周会'],
    ['https://licode.example.com:3004', 'a+b c/d:e;f@g'],
    ['https://licode.example.com:3004', 'O\'Brien "quotes" <tags>'],
  ])('gives a link for %s / %s that the strict parser reads back exactly', (serverUrl, room) => {
    const link = meetingLinkFor(serverUrl, room);
    expect(link).toMatch(/^licode-desktop:\/\/join\?server=[^&]+&room=[^&]+$/);
    expect(parseMeetingLink(link!)).toEqual({ ok: true, link: { server: { kind: 'url', url: serverUrl }, room } });
  });

  it.each(['R&D', 'a=b', 'why?', '#general', '100%'])('gives no link for the room %s, which the parser would refuse', (room) => {
    expect(meetingLinkFor('https://licode.example.com', room)).toBeNull();
    const naive = `licode-desktop://join?server=${encodeURIComponent('https://licode.example.com')}&room=${encodeURIComponent(room)}`;
    expect(parseMeetingLink(naive)).toEqual({ ok: false, problem: 'encoded-separator' });
  });

  it('fits the longest server URL and room the app accepts, and gives no link longer than the parser reads', () => {
    const longest = `https://${'a'.repeat(60)}.example.com/${'p'.repeat(1960)}`;
    const room = '周'.repeat(128);
    expect(parseMeetingLink(meetingLinkFor(longest, room)!)).toMatchObject({ ok: true, link: { room } });
    expect(meetingLinkFor(`${longest}${'p'.repeat(2000)}`, room)).toBeNull();
  });
});
