// Line and branch coverage of the learner's own .ts files while the specs ran, with c8: the
// servers ran with NODE_V8_COVERAGE; c8 maps V8's counts through each bundle's inline source map
// (kept by node in the coverage files, so the bundles themselves may be gone) back to server.ts.
import { existsSync, lstatSync, readdirSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Report } from 'c8';
import { ownerOf as serverOf } from './isolation.ts';
import { ownerOf } from './job.ts';
import type { CoverageFigure, ExerciseCoverage } from './types.ts';

interface Totals {
  total: number;
  covered: number;
}
interface FileSummary {
  lines: Totals;
  branches: Totals;
}
interface CoverageMap {
  files(): string[];
  fileCoverageFor(file: string): { toSummary(): FileSummary };
}

interface ProcessCoverage {
  result?: { url: string }[];
  'source-map-cache'?: Record<string, unknown>;
}

/**
 * Each server's coverage file also covers node's own modules (some 200 of them): c8 would map
 * them all only to drop them. Keeps just the servers' bundles (in `bundlesDir`), in a folder of
 * its own; undefined when no server was measured.
 */
async function keepBundles(coverageDir: string, bundlesDir: string): Promise<string | undefined> {
  if (!existsSync(coverageDir)) return undefined;
  const prefix = pathToFileURL(bundlesDir).href + '/';
  const kept = `${coverageDir}-kept`;
  await mkdir(kept, { recursive: true });
  let files = 0;
  // Recursive: a sandboxed server writes in a folder of its own (sandbox-wrap.mjs).
  for (const name of readdirSync(coverageDir, { recursive: true, encoding: 'utf8' })) {
    if (lstatSync(path.join(coverageDir, name)).isSymbolicLink()) continue; // a server's, to a file of its choosing
    let data: ProcessCoverage;
    try {
      data = JSON.parse(await readFile(path.join(coverageDir, name), 'utf8')) as ProcessCoverage;
    } catch {
      continue; // cut short as its process was killed
    }
    // A sandboxed server's counts are for its own bundle only (isolation.ts ownerOf).
    const owner = serverOf(coverageDir, name);
    const own = owner && (owner.bundle ? pathToFileURL(owner.bundle).href + '/' : undefined);
    if (owner && !own) continue;
    const result = (data.result ?? []).filter((script) => script.url.startsWith(own ?? prefix));
    if (result.length === 0) continue;
    const maps = Object.fromEntries(Object.entries(data['source-map-cache'] ?? {}).filter(([url]) => url.startsWith(own ?? prefix)));
    await writeFile(path.join(kept, name.split(path.sep).join('-')), JSON.stringify({ result, 'source-map-cache': maps }));
    files++;
  }
  return files > 0 ? kept : undefined;
}

function figure(parts: Totals[]): CoverageFigure {
  const covered = parts.reduce((sum, p) => sum + p.covered, 0);
  const total = parts.reduce((sum, p) => sum + p.total, 0);
  // Nothing to cover (no branch at all) is full coverage, as istanbul counts it.
  return { covered, total, pct: total === 0 ? 100 : Math.round((covered / total) * 10_000) / 100 };
}

/**
 * Coverage per submission and exercise of a batch, from the V8 coverage files in `coverageDir`,
 * for the .ts files in each copy (<batch>/<id>/exercises/<exercise>/, node_modules aside). An
 * exercise with no such file measured is left out.
 */
export async function measureCoverage(coverageDir: string, batch: string, bundlesDir: string): Promise<Record<string, Record<string, ExerciseCoverage>>> {
  const kept = await keepBundles(coverageDir, bundlesDir);
  if (!kept) return {};
  const report = new Report({
    tempDirectory: kept,
    reporter: [],
    // Filter after the source maps are applied: the bundles live elsewhere, their sources here.
    excludeAfterRemap: true,
    include: [`${batch}/*/exercises/**/*.ts`],
    exclude: ['**/node_modules/**'],
    allowExternal: true,
    src: [batch],
  }) as Report & { getCoverageMapFromAllCoverageFiles(): Promise<CoverageMap> };
  const map = await report.getCoverageMapFromAllCoverageFiles();

  const found = new Map<string, { id: string; exercise: string; files: { file: string; summary: FileSummary }[] }>();
  for (const file of map.files()) {
    const owner = ownerOf(batch, file);
    if (!owner || !owner.rest || !file.endsWith('.ts')) continue;
    const key = `${owner.id}/${owner.exercise}`;
    const entry = found.get(key) ?? { id: owner.id, exercise: owner.exercise, files: [] };
    entry.files.push({ file: owner.rest, summary: map.fileCoverageFor(file).toSummary() });
    found.set(key, entry);
  }
  const result: Record<string, Record<string, ExerciseCoverage>> = {};
  for (const { id, exercise, files } of found.values()) {
    (result[id] ??= {})[exercise] = {
      lines: figure(files.map((f) => f.summary.lines)),
      branches: figure(files.map((f) => f.summary.branches)),
      files: files.map((f) => f.file).sort(),
    };
  }
  return result;
}
