// `npx tsx grading/bench.ts [--count 30] [--runs 1]`: times `npm run grade -- --class` on a
// class of generated submissions (submissions.ts: solutions, untouched stubs, exercises half done,
// solutions with mutants), as the median wall time over the runs. tooling/bench.ts calls
// gradeClassBenchmark for `npm run bench`.
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { KATA_ROOT } from '../tooling/core/curriculum.ts';
import { writeClass } from './submissions.ts';
import { median } from '../tooling/core/median.ts';

// Issue 12: a class of 30 submissions x 5 exercises, with coverage, in at most 60 s on 2 cores.
export const CLASS_TARGET_MS = 60_000;
const CLASS_SIZE = 30;

/** The benchmark's name in `npm run bench`'s output (and what `--only` matches). */
export const classBenchmarkName = (count = CLASS_SIZE) => `npm run grade -- --class (${count} submissions)`;

export interface ClassBenchmark {
  name: string;
  times: number[];
  medianMs: number;
  targetMs: number;
  failures: number;
}


export async function gradeClassBenchmark({ count = CLASS_SIZE, runs = 1 } = {}): Promise<ClassBenchmark> {
  const dir = await mkdtemp(path.join(tmpdir(), 'netkata-bench-class-'));
  try {
    await writeClass(dir, count);
    const times: number[] = [];
    let failures = 0;
    for (let i = 0; i < runs; i++) {
      const started = process.hrtime.bigint();
      const result = spawnSync(process.execPath, [path.join(import.meta.dirname, 'grade.mjs'), '--class', dir], {
        cwd: KATA_ROOT,
        stdio: 'ignore',
        env: { ...process.env, NO_COLOR: '1', INIT_CWD: KATA_ROOT },
      });
      times.push(Number(process.hrtime.bigint() - started) / 1e6);
      if (result.status !== 0) failures++;
    }
    return { name: classBenchmarkName(count), times, medianMs: median(times), targetMs: CLASS_TARGET_MS, failures };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.filename === process.argv[1]) {
  const args = process.argv.slice(2);
  const value = (name: string, fallback: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
  const bench = await gradeClassBenchmark({ count: value('--count', 30), runs: value('--runs', 1) });
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  console.log(
    `${bench.name}: median ${seconds(bench.medianMs)} over ${bench.times.length} (${bench.times.map(seconds).join(', ')}); ` +
      `target ${seconds(bench.targetMs)}, ratio ${(bench.medianMs / bench.targetMs).toFixed(2)}${bench.failures ? `; ${bench.failures} run(s) exited non-zero` : ''}`,
  );
}
