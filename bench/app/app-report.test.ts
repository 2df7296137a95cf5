/**
 * The issue 17 report's pipeline, small (part of `npm test`): two joins per dialect against the floor, one remote
 * publication, 4 bots with and without adaptation, 5 join/leave cycles, then REPORT.md from those results. It fails
 * when a step breaks — a phase mark the app no longer sets, a tile that never shows video, a report missing a
 * target — never on timing. Needs Chromium (like the e2e specs); runs the renderer build when it is stale.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { storedResult, type BenchResult } from '../support/bench-result';
import { measureFootprint } from './app-footprint.bench';
import { measureJoins, type DialectJoinResult } from './app-join.bench';
import { measureScale, type ScaleSample } from './app-scale.bench';
import { writeReport } from './report';

const positive = (value: number) => Number.isFinite(value) && value > 0;

describe('issue 17 benchmark report, smoke', () => {
  it('measures joins, scale and footprint and writes every target into REPORT.md', { timeout: 120_000 }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'licode-bench-report-'));
    try {
      const store = (name: string, result: BenchResult) => writeFile(join(dir, `${name}.json`), JSON.stringify(storedResult(name, result)));

      const joins = await measureJoins({ runs: 2, remoteRuns: 1, dialects: ['A', 'C'] });
      for (const result of (joins.data as { results: DialectJoinResult[] }).results) {
        for (const sample of [result.firstJoin, ...result.joins, ...result.remote]) {
          expect(positive(sample.totalMs), `${result.dialect}: ${JSON.stringify(sample)}`).toBe(true);
          // A NaN phase means the app no longer sets one of its licode:* marks.
          for (const [phase, ms] of Object.entries(sample.phases)) expect(Number.isFinite(ms), `${result.dialect} ${phase}: ${ms}`).toBe(true);
        }
        for (const floor of [...result.joinFloor, ...result.remoteFloor]) expect(positive(floor.firstFrameMs)).toBe(true);
      }
      await store('app-join', joins);

      const scale = await measureScale({ sizes: [4], settleMs: 500, windowMs: 2_000 });
      const samples = (scale.data as { samples: ScaleSample[] }).samples;
      expect(samples.map((s) => [s.mode, s.tiles])).toEqual([
        ['app', 4],
        ['no adaptation', 4],
      ]);
      for (const sample of samples) {
        expect(sample.fps.every(positive), JSON.stringify(sample)).toBe(true);
        expect(positive(sample.browserCpuPercent) && positive(sample.serverCpuPercent) && positive(sample.heapMb), JSON.stringify(sample)).toBe(true);
      }
      await store('app-scale', scale);

      const footprint = await measureFootprint({ starts: 1, cycles: 5 });
      const data = footprint.data as {
        bundle: Record<string, { gzip: number }>;
        library: Record<string, { gzip: number }>;
        startTimes: number[];
        heap: { growthMb: number };
      };
      for (const size of [...Object.values(data.bundle), ...Object.values(data.library)]) expect(positive(size.gzip)).toBe(true);
      expect(data.startTimes.every(positive)).toBe(true);
      expect(Number.isFinite(data.heap.growthMb)).toBe(true);
      await store('app-footprint', footprint);

      const report = await readFile(await writeReport(dir), 'utf8');
      const verdicts = report.match(/\*\*(PASS|MISS)\*\*/g) ?? [];
      // Join and remote publish per dialect (4), 25 tiles and CPU growth are absent at 4 bots, heap, bundle, library (3).
      expect(verdicts.length, report).toBe(7);
      expect(report).not.toContain('NaN');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
