import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { ALLOW_LIST } from './allow-list';
import { AllowListSchema, parseSarif, reviewFindings, type AllowEntry, type Finding } from './review';

const entry: AllowEntry = {
  rule: 'OPEN_EXTERNAL_JS_CHECK',
  file: 'main/electron/window.ts',
  lineContains: 'isSafeExternalUrl(url)',
  reason: 'only validated https URLs reach openExternal here',
};
const finding = (over: Partial<Finding> = {}): Finding => ({
  rule: 'OPEN_EXTERNAL_JS_CHECK',
  file: 'main/electron/window.ts',
  line: 12,
  message: 'Review the use of openExternal',
  ...over,
});
const lines: Record<string, string> = { 'main/electron/window.ts:12': 'if (isSafeExternalUrl(url)) void shell.openExternal(url);' };
const sourceLine = (file: string, line: number) => lines[`${file}:${line}`] ?? '';

describe('reviewing electronegativity findings', () => {
  it('allows a finding only where its entry says (rule, file and the reported line)', () => {
    expect(reviewFindings([finding()], [entry], sourceLine)).toEqual({ allowed: [{ finding: finding(), entry }], unreviewed: [], stale: [] });
    for (const other of [finding({ rule: 'SANDBOX_JS_CHECK' }), finding({ file: 'main/electron/index.ts' }), finding({ line: 13 })]) {
      const review = reviewFindings([other], [entry], sourceLine);
      expect(review.unreviewed).toEqual([other]);
      expect(review.stale).toEqual([entry]);
    }
  });

  it('matches the exact message when the entry pins one', () => {
    const pinned = { ...entry, message: 'Review the use of openExternal' };
    expect(reviewFindings([finding()], [pinned], sourceLine).unreviewed).toEqual([]);
    expect(reviewFindings([finding({ message: 'something worse' })], [pinned], sourceLine).unreviewed).toHaveLength(1);
  });

  it('never allows a global finding without a file (e.g. no CSP at all)', () => {
    const noCsp = finding({ rule: 'CSP_GLOBAL_CHECK', file: '', line: 1, message: 'No CSP has been detected in the target application' });
    const review = reviewFindings([noCsp], [{ ...entry, rule: 'CSP_GLOBAL_CHECK', file: 'renderer/index.html', lineContains: 'Content' }], sourceLine);
    expect(review.unreviewed).toEqual([noCsp]);
  });

  it('keeps the real allow-list well-formed, each entry with a reason', () => {
    expect(() => v.parse(AllowListSchema, ALLOW_LIST)).not.toThrow();
    expect(v.safeParse(AllowListSchema, [{ ...entry, reason: 'fine' }]).success).toBe(false);
  });
});

describe('reading electronegativity SARIF', () => {
  it('turns results into repository-relative findings; global ones have no file', () => {
    const sarif = {
      runs: [
        {
          results: [
            {
              ruleId: 'CSP_GLOBAL_CHECK',
              message: { text: 'No CSP' },
              locations: [{ physicalLocation: { artifactLocation: { uri: 'file:///' }, region: { startLine: 1 } } }],
            },
            {
              ruleId: 'SANDBOX_JS_CHECK',
              message: { text: 'Use sandbox' },
              locations: [{ physicalLocation: { artifactLocation: { uri: 'main\\electron\\window.ts' }, region: { startLine: 7 } } }],
            },
          ],
        },
      ],
    };
    expect(parseSarif(JSON.stringify(sarif))).toEqual([
      { rule: 'CSP_GLOBAL_CHECK', file: '', line: 0, message: 'No CSP' },
      { rule: 'SANDBOX_JS_CHECK', file: 'main/electron/window.ts', line: 7, message: 'Use sandbox' },
    ]);
  });

  it('rejects output that is not SARIF', () => {
    expect(() => parseSarif('{"runs": []}')).toThrow();
    expect(() => parseSarif('issue, severity')).toThrow();
  });
});
