import * as v from 'valibot';
import { isMessageKey, t } from '../i18n/i18n.svelte';

/** Validates `input` with a contract schema; returns the output or translated messages keyed by field path. */
export function validate<S extends v.GenericSchema>(
  schema: S,
  input: unknown,
): { ok: true; output: v.InferOutput<S> } | { ok: false; errors: Record<string, string> } {
  const result = v.safeParse(schema, input);
  if (result.success) return { ok: true, output: result.output };
  const errors: Record<string, string> = {};
  for (const issue of result.issues) {
    const path = v.getDotPath(issue) ?? '';
    const key = `validation.${issue.message}`;
    errors[path] ??= isMessageKey(key) ? t(key) : t('validation.generic');
  }
  return { ok: false, errors };
}
