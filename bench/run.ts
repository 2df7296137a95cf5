/**
 * `npm run bench [-- name-filter]`: runs every `bench/*.bench.ts` and `bench/<dir>/*.bench.ts` (a benchmark with
 * helpers of its own, e.g. `bench/main-thread/`) one after another and writes each result to
 * `bench/results/<name>.json`, then, when an app benchmark (bench/app) ran, the Markdown summary of issue 17's targets
 * `bench/results/REPORT.md`. A benchmark module default-exports `run(): Promise<BenchResult>`.
 */
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { writeReport } from './app/report';
import { buildRenderer } from './app/support/web-host-app';
import { storedResult, type BenchResult } from './support/bench-result';

const benchDir = fileURLToPath(new URL('.', import.meta.url));
const resultsDir = fileURLToPath(new URL('./results/', import.meta.url));

async function main(): Promise<void> {
  const filter = process.argv[2];
  const files = (await readdir(benchDir, { recursive: true }))
    .filter((file) => file.endsWith('.bench.ts') && file.split('/').length <= 2 && !file.startsWith('support/') && !file.startsWith('results/'))
    .filter((file) => !filter || file.includes(filter))
    .sort();
  if (files.length === 0) throw new Error(`No benchmark matches ${filter ? `"${filter}"` : 'bench/*.bench.ts'}`);
  await mkdir(resultsDir, { recursive: true });
  if (files.some((file) => file.startsWith('app/'))) {
    console.log('\n▶ building the renderer the app benchmarks measure');
    buildRenderer();
  }
  let failures = 0;
  for (const file of files) {
    const name = file.replace(/^.*\//, '').replace(/\.bench\.ts$/, '');
    console.log(`\n▶ ${name}`);
    try {
      const module = (await import(pathToFileURL(`${benchDir}${file}`).href)) as { default?: () => Promise<BenchResult> };
      if (typeof module.default !== 'function') throw new Error(`${file} must default-export an async run() function`);
      const result = await module.default();
      console.table(result.table);
      for (const line of result.notes ?? []) console.log(`  ${line}`);
      await writeFile(`${resultsDir}${name}.json`, `${JSON.stringify(storedResult(name, result), null, 2)}\n`);
      console.log(`  → bench/results/${name}.json`);
    } catch (error) {
      failures += 1;
      console.error(`  ✗ ${name}: ${(error as Error).stack ?? String(error)}`);
    }
  }
  if (files.some((file) => file.startsWith('app/'))) console.log(`\n  → ${await writeReport(resultsDir)}`);
  process.exitCode = failures > 0 ? 1 : 0;
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => {
    // Native WebRTC handles can keep the event loop alive after a benchmark closed its peers.
    setTimeout(() => process.exit(), 500).unref();
  });
