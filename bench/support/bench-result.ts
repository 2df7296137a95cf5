/** What a `bench/*.bench.ts` module's default export resolves to. */
export interface BenchResult {
  /** Rows printed with console.table (one row per measured configuration or metric). */
  table: Record<string, string | number>[];
  /** Free-form lines printed under the table (targets, caveats). */
  notes?: string[];
  /** Everything else worth keeping in the JSON file. */
  data?: Record<string, unknown>;
}

/** A result as stored in bench/results/<name>.json. */
export function storedResult(name: string, result: BenchResult): Record<string, unknown> {
  return { name, date: new Date().toISOString(), host: { node: process.version, platform: process.platform, arch: process.arch }, ...result };
}
