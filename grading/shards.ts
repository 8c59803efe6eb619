// A class graded on many machines: `--shard i/n` grades the i-th of n slices of the class, and
// `--merge shard-*.json` joins the slices' JSON reports into the one report the class would have
// had from one run (the same submissions, in the same order, with the same scores).
import { readFileSync } from 'node:fs';
import { UsageError } from '../tooling/core/args.ts';
import type { GradeReport } from './types.ts';

export interface Shard {
  /** 1-based, as typed: --shard 2/4 is the second of four. */
  index: number;
  count: number;
}

export function parseShard(text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index < 1 || index > count) {
    throw new UsageError(`--shard needs <i>/<n>, the i-th of n shards with 1 <= i <= n, e.g. --shard 2/4 (not "${text}")`);
  }
  return { index, count };
}

/**
 * The shard's slice of the class: contiguous, so that joining the slices in shard order gives the
 * class's own order. The class is discovered whole first, so names made unique stay the same.
 */
export function sliceOf<T>(items: T[], { index, count }: Shard): T[] {
  const at = (i: number) => Math.floor((i * items.length) / count);
  return items.slice(at(index - 1), at(index));
}

function readShardReport(file: string): GradeReport {
  let report: GradeReport;
  try {
    report = JSON.parse(readFileSync(file, 'utf8')) as GradeReport;
  } catch (error) {
    throw new UsageError(`--merge: cannot read ${file} as a grading report (${(error as Error).message}); give the --json files of npm run grade -- --shard i/n`);
  }
  if (report.tool !== 'netkata grade' || !Array.isArray(report.submissions)) throw new UsageError(`--merge: ${file} is not a report of npm run grade -- --json`);
  if (!report.shard) throw new UsageError(`--merge: ${file} is not a shard's report: it was graded without --shard i/n`);
  return report;
}

/** The settings every shard must share, or their scores would not add up to one class's. */
const SHARED: (keyof GradeReport)[] = ['seed', 'rubric', 'timeoutSeconds', 'server', 'sandbox'];

export function mergeShardReports(files: string[]): GradeReport {
  if (files.length === 0) throw new UsageError('--merge needs the shards\' reports: npm run grade -- --merge shard-*.json --csv grades.csv');
  const reports = files.map((file) => ({ file, report: readShardReport(file) }));
  const count = reports[0]!.report.shard!.count;
  const byIndex = new Map<number, { file: string; report: GradeReport }>();
  for (const entry of reports) {
    const { shard } = entry.report;
    if (shard!.count !== count) throw new UsageError(`--merge: ${entry.file} is shard ${shard!.index}/${shard!.count}, but ${reports[0]!.file} is of ${count} shards`);
    const twin = byIndex.get(shard!.index);
    if (twin) throw new UsageError(`--merge: ${twin.file} and ${entry.file} are both shard ${shard!.index}/${count}`);
    for (const key of SHARED) {
      if (JSON.stringify(entry.report[key]) !== JSON.stringify(reports[0]!.report[key])) {
        throw new UsageError(`--merge: ${entry.file} was graded with another ${key} (${JSON.stringify(entry.report[key])}) than ${reports[0]!.file} (${JSON.stringify(reports[0]!.report[key])})`);
      }
    }
    byIndex.set(shard!.index, entry);
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !byIndex.has(i));
  if (missing.length > 0) throw new UsageError(`--merge: shard${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i}/${count}`).join(', ')} missing: give all ${count} reports`);

  const ordered = [...byIndex.keys()].sort((a, b) => a - b).map((i) => byIndex.get(i)!.report);
  const first = ordered[0]!;
  return {
    tool: first.tool,
    startedAt: ordered.map((r) => r.startedAt).sort()[0]!,
    // The shards ran side by side: the class took as long as the slowest.
    durationMs: Math.max(...ordered.map((r) => r.durationMs)),
    seed: first.seed,
    rubric: first.rubric,
    timeoutSeconds: first.timeoutSeconds,
    ...(first.server !== undefined && { server: first.server }),
    sandbox: first.sandbox,
    notes: [...new Set(ordered.flatMap((r) => r.notes))],
    submissions: ordered.flatMap((r) => r.submissions),
  };
}
