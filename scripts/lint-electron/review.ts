/**
 * Decides which electronegativity findings fail the build: every finding must match a reviewed
 * allow-list entry, and every entry must still match a finding (a stale entry would silently allow a
 * future regression at the same place).
 */
import * as v from 'valibot';

/** One electronegativity result, as read from its SARIF output. */
export interface Finding {
  rule: string;
  /** Repository-relative path, '' for a global finding without a file (e.g. "no CSP at all"). */
  file: string;
  line: number;
  message: string;
}

export const AllowEntrySchema = v.strictObject({
  rule: v.pipe(v.string(), v.regex(/^[A-Z0-9_]+$/, 'rule must be an electronegativity check id')),
  file: v.pipe(v.string(), v.nonEmpty('file is required')),
  /** Text that must appear on the reported source line, so the entry does not cover the whole file. */
  lineContains: v.pipe(v.string(), v.nonEmpty('lineContains is required')),
  /** The exact finding message, when one check reports different problems at the same place (e.g. CSP). */
  message: v.optional(v.string()),
  reason: v.pipe(v.string(), v.minLength(30, 'give a real reason (30+ characters)')),
});
export type AllowEntry = v.InferOutput<typeof AllowEntrySchema>;
export const AllowListSchema = v.array(AllowEntrySchema);

export interface Review {
  allowed: { finding: Finding; entry: AllowEntry }[];
  unreviewed: Finding[];
  stale: AllowEntry[];
}

/** `sourceLine(file, line)` returns the text of that line ('' when unknown). */
export function reviewFindings(findings: Finding[], allowList: AllowEntry[], sourceLine: (file: string, line: number) => string): Review {
  const review: Review = { allowed: [], unreviewed: [], stale: [] };
  const used = new Set<AllowEntry>();
  for (const finding of findings) {
    const text = finding.file ? sourceLine(finding.file, finding.line) : '';
    const entry = allowList.find(
      (e) => e.rule === finding.rule && e.file === finding.file && text.includes(e.lineContains) && (e.message === undefined || e.message === finding.message),
    );
    if (entry) {
      used.add(entry);
      review.allowed.push({ finding, entry });
    } else {
      review.unreviewed.push(finding);
    }
  }
  review.stale = allowList.filter((e) => !used.has(e));
  return review;
}

const SarifSchema = v.object({
  runs: v.pipe(
    v.array(
      v.object({
        results: v.array(
          v.object({
            ruleId: v.string(),
            message: v.object({ text: v.string() }),
            locations: v.array(
              v.object({
                physicalLocation: v.object({
                  artifactLocation: v.object({ uri: v.string() }),
                  region: v.optional(v.object({ startLine: v.optional(v.number()) })),
                }),
              }),
            ),
          }),
        ),
      }),
    ),
    v.minLength(1),
  ),
});

/** Reads electronegativity's SARIF (its CSV writer garbles global findings, so SARIF is the format used). */
export function parseSarif(text: string): Finding[] {
  const sarif = v.parse(SarifSchema, JSON.parse(text));
  return sarif.runs.flatMap((run) =>
    run.results.map((result) => {
      const location = result.locations[0]?.physicalLocation;
      const uri = location?.artifactLocation.uri ?? '';
      // Global findings without a file are reported at "file:///", line 1.
      const global = uri === '' || uri.startsWith('file:');
      return {
        rule: result.ruleId,
        file: global ? '' : uri.replaceAll('\\', '/'),
        line: global ? 0 : (location?.region?.startLine ?? 0),
        message: result.message.text,
      };
    }),
  );
}
