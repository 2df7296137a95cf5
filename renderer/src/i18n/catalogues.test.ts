import { describe, expect, it } from 'vitest';
import { en } from './en';
import { zhCN } from './zh-CN';

describe('message catalogues', () => {
  it('have the same keys and the same parameters in every language', () => {
    expect(Object.keys(zhCN).sort()).toEqual(Object.keys(en).sort());
    const params = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(en) as Array<keyof typeof en>) {
      expect(params(zhCN[key]), key).toEqual(params(en[key]));
      expect(zhCN[key].trim(), key).not.toBe('');
    }
  });
});
