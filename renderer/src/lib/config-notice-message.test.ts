import { describe, expect, it } from 'vitest';
import { CONFIG_UNREADABLE_REASONS, type ConfigNotice } from '../../../common/api-contract';
import { en } from '../i18n/en';
import { zhCN } from '../i18n/zh-CN';
import { configNoticeMessage } from './config-notice-message';

const notices: ConfigNotice[] = [
  { kind: 'migrated', fromVersion: 1 },
  { kind: 'reset-corrupt', backupFile: 'config.corrupt-x.json' },
  { kind: 'reset-invalid', backupFile: 'config.invalid-x.json' },
  { kind: 'entries-dropped', count: 3, backupFile: 'config.invalid-x.json' },
  { kind: 'entries-dropped', count: 3, backupFile: null },
  { kind: 'newer-version', version: 7, file: '/home/ada/.config/Licode Desktop/config.json' },
  ...CONFIG_UNREADABLE_REASONS.map((reason): ConfigNotice => ({ kind: 'unreadable', reason, file: '/home/ada/.config/Licode Desktop/config.json' })),
];

describe('configNoticeMessage', () => {
  it('has a sentence in every language for every notice, with every parameter filled in', () => {
    for (const notice of notices) {
      const { key, params } = configNoticeMessage(notice);
      for (const template of [en[key], zhCN[key]]) {
        const used = [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
        expect(used, `${JSON.stringify(notice)} → ${key}`).toEqual(Object.keys(params).sort());
      }
    }
  });

  it('names the file and the number of dropped entries', () => {
    expect(configNoticeMessage({ kind: 'entries-dropped', count: 3, backupFile: 'b.json' })).toEqual({
      key: 'notice.entries-dropped',
      params: { count: 3, file: 'b.json' },
    });
    expect(configNoticeMessage({ kind: 'unreadable', reason: 'too-large', file: '/x/config.json' })).toEqual({
      key: 'notice.unreadable.too-large',
      params: { file: '/x/config.json' },
    });
  });
});
