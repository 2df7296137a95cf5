import { describe, expect, it } from 'vitest';
import { en, type MessageKey } from '../../i18n/en';
import { zhCN } from '../../i18n/zh-CN';
import { inviteText } from './invite-text';

const translator =
  (catalogue: Record<MessageKey, string>) =>
  (key: MessageKey, params: Record<string, string>): string =>
    catalogue[key].replace(/\{(\w+)\}/g, (match, name: string) => params[name] ?? match);

describe('inviteText', () => {
  it('gives the room, the server and a link that opens the room, in English', () => {
    expect(inviteText('https://licode.example.com:3004', 'Team sync', translator(en))).toBe(
      [
        'Join the meeting "Team sync" in Licode Desktop.',
        'Server: https://licode.example.com:3004',
        'Room: Team sync',
        'Open it in Licode Desktop: licode-desktop://join?server=https%3A%2F%2Flicode.example.com%3A3004&room=Team%20sync',
      ].join('\n'),
    );
  });

  it('is written in Chinese for a Chinese invitation', () => {
    const text = inviteText('http://127.0.0.1:5198', '周会', translator(zhCN));
    expect(text.split('\n')).toEqual([
      '加入 Licode Desktop 会议“周会”。',
      '服务器：http://127.0.0.1:5198',
      '房间：周会',
      '在 Licode Desktop 中打开：licode-desktop://join?server=http%3A%2F%2F127.0.0.1%3A5198&room=%E5%91%A8%E4%BC%9A',
    ]);
  });

  it('leaves the link out for a room name a link cannot carry, and never carries anything but server and room', () => {
    const text = inviteText('https://licode.example.com', 'R&D', translator(en));
    expect(text).toContain('Room: R&D');
    expect(text).not.toContain('licode-desktop://');
    expect(text).not.toMatch(/token|signature/i);
  });
});
