import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  PATH_FILE,
  REFERENCE_PATH,
  SECTION_FILE,
  findSectionReferences,
  parseReference,
  pathProblems,
  readText,
  repositoryFiles,
  unresolved,
  type Problem,
} from './references';

// Code, comments and docs cite docs/licode-protocol.md by section (`§5.6`) and by numbered quirk (`§8.3 #13`). These
// tests keep every such reference resolvable and every path inside the repository.

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
// Written apart so that this file's own examples are not read as references or paths.
const S = '§';
const DOC = ['licode-protocol', 'md'].join('.');
const protocol = parseReference(readText(ROOT, REFERENCE_PATH));
const files = repositoryFiles(ROOT);
const listing = (problems: Problem[]) => problems.map((p) => `${p.file}:${p.line}: ${p.text} — ${p.reason}`);

describe(`the protocol reference (${REFERENCE_PATH})`, () => {
  it('has the sections §0–§10 and the numbered quirks #1–#30 (with #24a–#24o) of §8', () => {
    for (let section = 0; section <= 10; section++) expect(protocol.sections).toContain(String(section));
    for (const sub of ['1.4', '3.5', '5.6', '6.3', '8.3', '9.2', '9.5', '10.4']) expect(protocol.sections).toContain(sub);
    for (let item = 1; item <= 30; item++) expect(protocol.items.get(String(item))).toMatch(/^8\.[1-5]$/);
    for (const letter of 'abcdefghijklmno') expect(protocol.items.get(`24${letter}`)).toBe('8.4');
    expect(protocol.items.get('13')).toBe('8.3');
  });

  it('every § reference in *.ts, *.svelte and *.md resolves to one of its headings or numbered items', () => {
    const problems: Problem[] = [];
    let checked = 0;
    for (const file of files.filter((f) => SECTION_FILE.test(f))) {
      for (const reference of findSectionReferences(readText(ROOT, file))) {
        checked++;
        const reason = unresolved(reference, protocol);
        if (reason) problems.push({ file, line: reference.line, text: reference.text, reason });
      }
    }
    expect(listing(problems)).toEqual([]);
    expect(checked).toBeGreaterThan(150); // the scan itself works
  });

  it('no path in code, comments, configuration or docs leads outside the repository', () => {
    const problems = files.filter((f) => PATH_FILE.test(f) && f !== 'package-lock.json').flatMap((f) => pathProblems(ROOT, f, readText(ROOT, f)));
    expect(listing(problems)).toEqual([]);
  });
});

describe('the reference checker', () => {
  const check = (text: string) => findSectionReferences(text).map((r) => [r.text, unresolved(r, protocol) ?? 'ok']);

  it('resolves sections, ranges and the item forms the code uses', () => {
    const text = `(${S}3.5, ${S}6.1–${S}6.3) ${S}8.3 #13, ${S}8 #20, ${S}8 12, ${S}8 18, 24a and ${S}3.5/${S}5.6/${S}8 24e.`;
    expect(check(text).filter(([, verdict]) => verdict !== 'ok')).toEqual([]);
    expect(check(text)).toHaveLength(10);
  });

  it('rejects unknown sections, unknown items and items cited under the wrong subsection', () => {
    expect(check(`see ${S}99.9`)).toEqual([[`${S}99.9`, `no heading ${S}99.9 in ${REFERENCE_PATH}`]]);
    expect(check(`${S}8.16`)[0]![1]).toMatch(/no heading/); // an item is not a subsection
    expect(check(`${S}8 #99`)[0]![1]).toMatch(/no item #99/);
    expect(check(`${S}8.4 #13`)[0]![1]).toBe(`item #13 is in ${S}8.3, not in ${S}8.4`);
  });

  it('rejects paths that leave the repository or lead to nothing in it', () => {
    const up = '../';
    const reasons = (file: string, text: string) => pathProblems(ROOT, file, text).map((p) => p.reason);
    expect(reasons('e2e/server/README.md', `follows \`${up}shared/${DOC}\``)).toHaveLength(2);
    expect(reasons('e2e/support/chromium.ts', `// (${up}shared/platform-notes.md)`)[0]).toMatch(/does not exist in the repository/);
    expect(reasons('e2e/server/README.md', `see ${up.repeat(3)}elsewhere/a`)[0]).toMatch(/leading outside the repository/);
    expect(reasons('main/x.ts', `import '${up.repeat(3)}elsewhere/a';`)).toEqual([]); // module specifiers are the compiler's
    expect(reasons('e2e/server/README.md', `the contract of \`${'/wo'}rk/helpers/server-api.md\``)).toHaveLength(2);
    expect(reasons('main/x.ts', `cites ${DOC} ${S}6.1`)).toEqual([`cite the reference as ${REFERENCE_PATH}`]);
  });

  it('accepts in-repository paths, build output and URLs', () => {
    const up = '../';
    expect(pathProblems(ROOT, 'renderer/src/platform/bridge.ts', `from '${up.repeat(3)}common/api-contract';`)).toEqual([]);
    expect(pathProblems(ROOT, 'main/web-host/app.ts', `new URL('${up.repeat(2)}out/renderer', import.meta.url)`)).toEqual([]);
    expect(pathProblems(ROOT, 'README.md', 'see docs/licode-protocol.md and https://github.com/lynckia/licode/blob/master/README.md')).toEqual([]);
    expect(pathProblems(ROOT, 'e2e/server/README.md', `[reference](${up.repeat(2)}${REFERENCE_PATH})`)).toEqual([]);
  });
});
