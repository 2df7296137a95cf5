import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { RENDERER_CSP } from './csp';

const directives = (policy: string) =>
  policy
    .split(';')
    .map((d) => d.trim())
    .filter(Boolean);

describe('renderer CSP', () => {
  it('is the same in index.html (for the scanner) as the header both hosts send, minus the header-only frame-ancestors', async () => {
    const html = await readFile(new URL('../../renderer/index.html', import.meta.url), 'utf8');
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"\s*\/?>/.exec(html);
    expect(meta, 'renderer/index.html has no CSP meta tag').not.toBeNull();
    expect(directives(meta![1]!)).toEqual(directives(RENDERER_CSP).filter((d) => !d.startsWith('frame-ancestors')));
  });

  it('allows no inline or evaluated script and no remote script; only our own WebAssembly may compile', () => {
    const script = directives(RENDERER_CSP).find((d) => d.startsWith('script-src'));
    expect(script).toBe("script-src 'self' 'wasm-unsafe-eval'");
    expect(RENDERER_CSP).not.toMatch(/(?<!wasm-)unsafe-eval/);
  });
});

describe('renderer CSP under the evaluator electronegativity uses', () => {
  it("has no remark but \"script-src 'self'\" and its not knowing 'wasm-unsafe-eval' (reviewed in scripts/lint-electron/allow-list.ts)", () => {
    // @doyensec/csp-evaluator ships without types; this is the part of its API used here.
    interface CspEvaluatorModule {
      CspParser: new (policy: string) => { csp: unknown };
      CspEvaluator: new (csp: unknown, version: unknown) => { evaluate(): { directive: string; value?: string; severity: number }[] };
      Version: { CSP3: unknown };
    }
    const csp = createRequire(import.meta.url)('@doyensec/csp-evaluator') as CspEvaluatorModule;
    const findings = new csp.CspEvaluator(new csp.CspParser(RENDERER_CSP).csp, csp.Version.CSP3).evaluate();
    expect(findings.map((f) => `${f.directive} ${f.value ?? ''}`.trim())).toEqual(["script-src 'self'", "script-src 'wasm-unsafe-eval'"]);
  });
});
