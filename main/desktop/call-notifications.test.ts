/** Call events into notifications and the unread count: background only, do-not-disturb, both languages, safe previews. */
import { describe, expect, it } from 'vitest';
import type { CallEvent, Language } from '../../common/api-contract';
import { CallNotifications } from './call-notifications';
import { chatPreview, PREVIEW_GRAPHEMES } from './notification-text';

const chat = (preview: string, from = 'Grace'): CallEvent => ({ kind: 'chat', from, preview, focused: false });
const joined = (name: string): CallEvent => ({ kind: 'joined', name, focused: false });

function notifications(options: { language?: Language; doNotDisturb?: boolean; notificationsOn?: () => boolean } = {}) {
  let now = 1_000_000;
  const subject = new CallNotifications({
    language: () => options.language ?? 'en',
    doNotDisturb: () => options.doNotDisturb ?? false,
    ...(options.notificationsOn ? { notificationsOn: options.notificationsOn } : {}),
    now: () => (now += 1_000),
  });
  return subject;
}

describe('CallNotifications', () => {
  it('words a chat message and a join in the background, and counts unread chat', () => {
    const subject = notifications();
    const counts: number[] = [];
    subject.onUnreadChange((count) => counts.push(count));
    expect(subject.report(chat('Are you there?'), false)).toEqual({ title: 'Message from Grace', body: 'Are you there?' });
    expect(subject.report(joined('Ada'), false)).toEqual({ title: 'Ada joined the call', body: 'Licode Desktop' });
    expect(subject.report(chat('Hello'), false)).not.toBeNull();
    expect(subject.unread).toBe(2);
    subject.clearUnread();
    expect(counts).toEqual([1, 2, 0]);
  });

  it('raises none while desktop notifications are off in Settings (read at each event), still counting unread chat', () => {
    let on = false;
    const subject = notifications({ notificationsOn: () => on });
    expect(subject.report(chat('Hi'), false)).toBeNull();
    expect(subject.report(joined('Ada'), false)).toBeNull();
    expect(subject.unread).toBe(1);
    on = true;
    expect(subject.report(chat('Back on'), false)).not.toBeNull();
  });

  it('stays quiet and counts nothing while the window is in front', () => {
    const subject = notifications();
    expect(subject.report(chat('Hi'), true)).toBeNull();
    expect(subject.report(joined('Ada'), true)).toBeNull();
    expect(subject.unread).toBe(0);
  });

  it('respects do-not-disturb but still counts unread chat for the badge', () => {
    const subject = notifications({ doNotDisturb: true });
    expect(subject.report(chat('Hi'), false)).toBeNull();
    expect(subject.unread).toBe(1);
  });

  it('speaks Chinese when the app does', () => {
    const subject = notifications({ language: 'zh-CN' });
    expect(subject.report(chat('你好', '王芳'), false)).toEqual({ title: '来自 王芳 的消息', body: '你好' });
    expect(subject.report(joined('李雷'), false)).toEqual({ title: '李雷 加入了通话', body: 'Licode Desktop' });
  });
});

describe('chatPreview', () => {
  it('is one bounded line, cut between graphemes', () => {
    expect(chatPreview('line one\nline two\u202E')).toBe('line one line two');
    const long = chatPreview('👍🏽'.repeat(300));
    expect(long.endsWith('…')).toBe(true);
    expect(Array.from(new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(long))).toHaveLength(PREVIEW_GRAPHEMES);
    expect(long.startsWith('👍🏽'.repeat(PREVIEW_GRAPHEMES - 1))).toBe(true);
  });

  it('never shows a Licode token, a signature or a token= parameter someone pasted', () => {
    const token = Buffer.from(JSON.stringify({ tokenId: 'abc123', host: 'licode.example.com:8080', secure: true, signature: 'c2lnbmF0dXJl' })).toString(
      'base64',
    );
    const preview = chatPreview(`join with ${token} or https://x.example/?token=s3cr3t and "signature": "abcdef"`);
    expect(preview).not.toContain(token.slice(0, 30));
    expect(preview).not.toContain('s3cr3t');
    expect(preview).not.toContain('abcdef');
    expect(preview).toContain('[redacted token]');
  });
});
