/**
 * Checks that the repository's references stay inside the repository: every `§` reference resolves to a heading or a
 * numbered item of docs/licode-protocol.md, and no path in code, comments or documentation leads outside the tree.
 * Pure functions over file texts; protocol-references.test.ts feeds them the repository.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';

/** Where the protocol reference lives, relative to the repository root. */
export const REFERENCE_PATH = 'docs/licode-protocol.md';

/** Generated or installed trees: never scanned, and a relative path into them need not exist yet. */
export const SKIPPED_DIRS = new Set(['node_modules', 'out', 'dist', 'test-results', 'playwright-report', 'coverage', '.git', '.vite']);
/** Generated output below a source folder (benchmark results record the machine's paths on purpose). */
export const SKIPPED_PATHS = new Set(['bench/results']);

/** Files whose `§` references must resolve. */
export const SECTION_FILE = /\.(ts|svelte|md)$/;
/** Files whose paths must stay inside the repository (code, docs, configuration). */
export const PATH_FILE = /\.(ts|mts|cts|js|mjs|cjs|svelte|md|json|ya?ml|html|css)$/;

export interface ProtocolReference {
  /** Section ids of the headings: '0' … '10', '3.5', … */
  sections: Set<string>;
  /** Numbered items ('13', '24e', …) and the subsection they stand in ('8.3'). */
  items: Map<string, string>;
}

export interface Problem {
  file: string;
  line: number;
  text: string;
  reason: string;
}

const HEADING = /^#{2,4}\s+(\d+(?:\.\d+)*)\.?\s/;
const ITEM = /^\*\s+\*\*#(\d+[a-z]?)\*\*/;

/** Reads the headings and the labelled items (`* **#13** …`) of the reference. */
export function parseReference(markdown: string): ProtocolReference {
  const sections = new Set<string>();
  const items = new Map<string, string>();
  let current = '';
  let inFence = false;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) inFence = !inFence;
    if (inFence) continue;
    const heading = HEADING.exec(line);
    if (heading) {
      current = heading[1]!;
      sections.add(current);
      continue;
    }
    const item = ITEM.exec(line);
    if (item && current) items.set(item[1]!, current);
  }
  return { sections, items };
}

/**
 * `§3.5`, `§6.1–§6.3` (two references), `§8.3 #13`, `§8 #20`, `§8 12`, `§8 18, 24a`: a section, optionally followed
 * by item numbers.
 */
const SECTION_REFERENCE = /§(\d+(?:\.\d+)*)((?:[ \t]+#?\d+[a-z]?)(?:,[ \t]*#?\d+[a-z]?)*)?/g;

export interface SectionReference {
  line: number;
  text: string;
  section: string;
  items: string[];
}

export function findSectionReferences(text: string): SectionReference[] {
  const found: SectionReference[] = [];
  text.split('\n').forEach((content, index) => {
    for (const match of content.matchAll(SECTION_REFERENCE)) {
      const items = match[2] ? match[2].split(',').map((item) => item.trim().replace(/^#/, '')) : [];
      found.push({ line: index + 1, text: match[0], section: match[1]!, items });
    }
  });
  return found;
}

/** Why a reference does not resolve, or undefined when it does. */
export function unresolved(reference: SectionReference, protocol: ProtocolReference): string | undefined {
  if (!protocol.sections.has(reference.section)) return `no heading §${reference.section} in ${REFERENCE_PATH}`;
  for (const item of reference.items) {
    const home = protocol.items.get(item);
    if (home === undefined) return `no item #${item} in ${REFERENCE_PATH}`;
    const inside = home === reference.section || home.startsWith(`${reference.section}.`);
    if (!inside) return `item #${item} is in §${home}, not in §${reference.section}`;
  }
  return undefined;
}

/** A relative path: one or more `../` (or a `./`) followed by a name. */
const RELATIVE_PATH = /(?<![\w@./-])((?:\.\.\/)+|\.\/)([\w@.-]+)((?:\/[\w@.-]+)*)/g;
/** A path that names a document rather than a module. */
const DOCUMENT = /\.(md|markdown|txt|pdf|rst|adoc)$/;
/** The work area the project was developed in, seen from outside the repository. */
const WORK_AREA = /(?<![\w.-])\/work\//g;
/** An absolute path to a document (not a URL: the slash must not follow a host, a scheme or another slash). */
const ABSOLUTE_DOCUMENT = /(?<![\w.:/-])\/(?:[\w.-]+\/)+[\w.-]+\.md\b/g;
/** Any mention of the protocol reference by its file name. */
const REFERENCE_NAME = basename(REFERENCE_PATH);
const REFERENCE_MENTION = new RegExp(`([\\w.\\/-]*)${REFERENCE_NAME.replace('.', '\\.')}`, 'g');

/**
 * Paths in `text` (the content of `file`, relative to `root`) that lead outside the repository or to nothing in it,
 * and mentions of the protocol reference that do not name its place in the repository. Relative paths are checked
 * in Markdown prose and wherever they name a document; module specifiers in code (and in Markdown code samples) are
 * the compiler's business, and test fixtures write them relative to files that do not exist.
 */
export function pathProblems(root: string, file: string, text: string): Problem[] {
  const problems: Problem[] = [];
  const directory = dirname(join(root, file));
  const markdown = file.endsWith('.md');
  const add = (line: number, found: string, reason: string) => problems.push({ file, line, text: found, reason });
  let inFence = false;
  text.split('\n').forEach((content, index) => {
    const line = index + 1;
    if (markdown && content.trimStart().startsWith('```')) inFence = !inFence;
    for (const match of content.matchAll(WORK_AREA)) add(line, match[0], 'absolute path into the work area outside the repository');
    for (const match of content.matchAll(ABSOLUTE_DOCUMENT)) add(line, match[0], 'absolute path to a document');
    for (const match of content.matchAll(RELATIVE_PATH)) {
      const found = match[0];
      const document = DOCUMENT.test(found);
      // Code samples in Markdown import relative to the reader's file, not to the document.
      if (markdown ? inFence && !document : !document) continue;
      const target = resolve(directory, found);
      const inside = relative(root, target);
      if (inside.startsWith('..') || isAbsolute(inside)) {
        add(line, found, 'relative path leading outside the repository');
        continue;
      }
      if (SKIPPED_DIRS.has(inside.split(sep)[0]!)) continue;
      const exists = document ? existsSync(target) : existsSync(join(resolve(directory, match[1]!), match[2]!));
      if (!exists) add(line, found, `${inside} does not exist in the repository (a path outside it?)`);
    }
    for (const match of content.matchAll(REFERENCE_MENTION)) {
      const prefix = match[1]!;
      if (prefix === 'docs/' || prefix === '/docs/') continue;
      if (prefix.startsWith('.') && resolve(directory, prefix + REFERENCE_NAME) === join(root, REFERENCE_PATH)) continue;
      if (prefix === '' && file.startsWith('docs/')) continue;
      add(line, match[0], `cite the reference as ${REFERENCE_PATH}`);
    }
  });
  return problems;
}

/** Every file below `root` (relative paths, '/'-separated), generated and installed trees left out. */
export function repositoryFiles(root: string, directory = ''): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(join(root, directory), { withFileTypes: true })) {
    const path = directory ? `${directory}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name) && !SKIPPED_PATHS.has(path)) files.push(...repositoryFiles(root, path));
    } else if (entry.isFile()) files.push(path);
  }
  return files;
}

export function readText(root: string, file: string): string {
  return readFileSync(join(root, file), 'utf8');
}
