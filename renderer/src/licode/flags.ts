/**
 * Licode echoes whatever publishers sent (§8.2): flags may be booleans, the strings "true"/"false", absent, or —
 * for `video` in v3 — a constraints object. Treat them as truthy/falsy, with the string "false" meaning false.
 */
export function isFlagSet(value: unknown): boolean {
  if (typeof value === 'string') return value !== '' && value.toLowerCase() !== 'false';
  if (typeof value === 'number') return value !== 0 && !Number.isNaN(value);
  if (value === null || value === undefined) return false;
  if (typeof value === 'boolean') return value;
  return typeof value === 'object';
}
