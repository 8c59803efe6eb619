// `npm run bench [-- --runs N] [--quick] [--only <text>]`: times what learners and CI wait for, as the median
// wall time over several runs (these machines are shared and noisy: medians, not single runs),
// and compares each with its target: npm test per exercise, the whole self-check, npm run watch,
// npm run progress and npm run hint from recorded verdicts, and (not with --quick) grading a class
// of 30 generated submissions. `--only watch` runs only the lines whose name holds "watch". It
// prints; it never fails a build.
import { spawn, spawnSync } from 'node:child_process';
import { appendFile, cp, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { KATA_ROOT, loadCurriculum } from './core/curriculum.ts';
import { classBenchmarkName, gradeClassBenchmark } from '../grading/bench.ts';
import { median } from './core/median.ts';

interface Benchmark {
  name: string;
  command: string[];
  targetMs: number;
  runs: number;
}


function timeOnce(command: string[], cwd = KATA_ROOT): { ms: number; ok: boolean } {
  const started = process.hrtime.bigint();
  const result = spawnSync(command[0]!, command.slice(1), { cwd, stdio: 'ignore', env: { ...process.env, NO_COLOR: '1' } });
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, ok: result.status === 0 };
}

const args = process.argv.slice(2);
const runsArg = args.indexOf('--runs');
const runs = runsArg === -1 ? 5 : Number(args[runsArg + 1]);
const quick = args.includes('--quick');
const onlyArg = args.indexOf('--only');
const only = onlyArg === -1 ? undefined : (args[onlyArg + 1] ?? '');
const selected = (name: string) => only === undefined || name.includes(only);
const WATCH_NAME = 'npm run watch: save to result';

const benchmarks: Benchmark[] = [
  { name: 'npm run (nothing)', command: ['npm', 'run', '--silent', 'env', '--', 'true'], targetMs: Infinity, runs },
  ...loadCurriculum().map((ex) => ({
    name: `npm test solutions/${ex.id}`,
    command: ['npm', 'test', '--silent', `solutions/${ex.id}`],
    // The targets set for them: 1.5 s for the first two exercises, 2 s from the file server on.
    targetMs: Number(ex.id) <= 2 ? 1500 : 2000,
    runs,
  })),
  ...(quick ? [] : [{ name: 'npm test (the whole self-check)', command: ['npm', 'test', '--silent'], targetMs: 30_000, runs: Math.min(runs, 3) }]),
];

console.log(`netkata bench: median wall time over each line's runs, on ${process.platform} with node ${process.version}\n`);
for (const bench of benchmarks.filter((b) => selected(b.name))) {
  const times: number[] = [];
  let failures = 0;
  for (let i = 0; i < bench.runs; i++) {
    const { ms, ok } = timeOnce(bench.command);
    times.push(ms);
    if (!ok) failures++;
  }
  const m = median(times);
  const target = Number.isFinite(bench.targetMs) ? ` target ${(bench.targetMs / 1000).toFixed(1)} s, ratio ${(m / bench.targetMs).toFixed(2)}` : '';
  const spread = `min ${(Math.min(...times) / 1000).toFixed(2)} s, max ${(Math.max(...times) / 1000).toFixed(2)} s`;
  const failed = failures ? `  (${failures} run${failures === 1 ? '' : 's'} exited non-zero)` : '';
  console.log(`${bench.name.padEnd(34)} median ${(m / 1000).toFixed(2)} s over ${bench.runs} (${spread});${target}${failed}`);
}

/**
 * npm run watch: from a save in the exercise's folder to the new result on screen, on a copy of
 * solution 02 (a comment appended to server.ts each time).
 */
async function watchLatency(saves: number): Promise<number[]> {
  const temp = await mkdtemp(path.join(tmpdir(), 'netkata-bench-watch-'));
  const dir = path.join(temp, '02-http-handler');
  await cp(path.join(KATA_ROOT, 'solutions', '02-http-handler'), dir, { recursive: true });
  const child = spawn(process.execPath, [path.join(KATA_ROOT, 'tooling', 'kata.mjs'), 'watch', dir], {
    cwd: KATA_ROOT,
    env: { ...process.env, NO_COLOR: '1', INIT_CWD: KATA_ROOT },
    detached: true,
  });
  let results = 0;
  let onResult: (() => void) | undefined;
  child.stdout.on('data', (chunk: Buffer) => {
    const found = chunk.toString().match(/Tests\s+\d+ (passed|failed)/g)?.length ?? 0;
    results += found;
    if (found) onResult?.();
  });
  const nextResult = (seen: number) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no result within 20 s')), 20_000);
      onResult = () => {
        if (results > seen) {
          clearTimeout(timer);
          resolve();
        }
      };
      onResult();
    });
  const times: number[] = [];
  try {
    await nextResult(0);
    for (let i = 0; i < saves; i++) {
      const seen = results;
      await new Promise((resolve) => setTimeout(resolve, 300)); // let the watcher settle
      const started = process.hrtime.bigint();
      await appendFile(path.join(dir, 'server.ts'), `// save ${i}\n`);
      await nextResult(seen);
      times.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
  } finally {
    process.kill(-child.pid!, 'SIGINT');
    await new Promise((resolve) => child.on('close', resolve));
    await rm(temp, { recursive: true, force: true });
  }
  return times;
}

if (selected(WATCH_NAME)) {
  const saves = Math.max(runs, 5);
  const latencies = await watchLatency(saves);
  const m = median(latencies);
  console.log(
    `${WATCH_NAME.padEnd(34)} median ${(m / 1000).toFixed(2)} s over ${saves} saves ` +
      `(min ${(Math.min(...latencies) / 1000).toFixed(2)} s, max ${(Math.max(...latencies) / 1000).toFixed(2)} s); target 0.5 s, ratio ${(m / 500).toFixed(2)}`,
  );
}

/**
 * npm run progress and npm run hint from recorded verdicts (tooling/verdicts.ts), in a copy of the
 * kata whose exercises/ are the solutions: one run records every verdict, then each timed run reads
 * them. Then exercise 03 goes back to its stub, one hint records its verdict, and each timed hint
 * reads it. (With nothing recorded, progress runs every exercise's specs: 20 s and more here.)
 */
async function recordedVerdictTimes(times: number): Promise<{ progress: { ms: number; ok: boolean }[]; hint: { ms: number; ok: boolean }[] }> {
  const temp = await mkdtemp(path.join(tmpdir(), 'netkata-bench-records-'));
  const clone = path.join(temp, 'kata');
  const skip = new Set(['node_modules', '.git', '.netkata', 'coverage', 'grade-reports']);
  try {
    await cp(KATA_ROOT, clone, { recursive: true, filter: (source) => !skip.has(path.relative(KATA_ROOT, source).split(path.sep)[0]!) });
    await symlink(path.join(KATA_ROOT, 'node_modules'), path.join(clone, 'node_modules'));
    for (const ex of loadCurriculum()) await cp(path.join(KATA_ROOT, 'solutions', ex.slug), path.join(clone, 'exercises', ex.slug), { recursive: true });
    const progress = ['npm', 'run', '--silent', 'progress'];
    timeOnce(progress, clone); // records every exercise's verdict
    const progressTimes = Array.from({ length: times }, () => timeOnce(progress, clone));
    const stub = path.join(clone, 'exercises', '03-file-server');
    await rm(stub, { recursive: true, force: true });
    await cp(path.join(KATA_ROOT, 'exercises', '03-file-server'), stub, { recursive: true });
    const hint = ['npm', 'run', '--silent', 'hint', '03'];
    timeOnce(hint, clone); // records 03's verdict
    return { progress: progressTimes, hint: Array.from({ length: times }, () => timeOnce(hint, clone)) };
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}

const PROGRESS_NAME = 'npm run progress (all recorded)';
const HINT_NAME = 'npm run hint 03 (from a record)';
if (selected(PROGRESS_NAME) || selected(HINT_NAME)) {
  const recorded = await recordedVerdictTimes(runs);
  for (const [name, results, targetMs] of [
    [PROGRESS_NAME, recorded.progress, 3000],
    [HINT_NAME, recorded.hint, 1000],
  ] as const) {
    if (!selected(name)) continue;
    const times = results.map((r) => r.ms);
    const failures = results.filter((r) => !r.ok).length;
    const m = median(times);
    console.log(
      `${name.padEnd(34)} median ${(m / 1000).toFixed(2)} s over ${times.length} ` +
        `(min ${(Math.min(...times) / 1000).toFixed(2)} s, max ${(Math.max(...times) / 1000).toFixed(2)} s); target ${(targetMs / 1000).toFixed(1)} s, ratio ${(m / targetMs).toFixed(2)}` +
        (failures ? `  (${failures} run${failures === 1 ? '' : 's'} exited non-zero)` : ''),
    );
  }
}

if (!quick && selected(classBenchmarkName())) {
  const grading = await gradeClassBenchmark({ runs: Math.min(runs, 3) });
  const spread = `min ${(Math.min(...grading.times) / 1000).toFixed(1)} s, max ${(Math.max(...grading.times) / 1000).toFixed(1)} s`;
  console.log(
    `${grading.name.padEnd(34)} median ${(grading.medianMs / 1000).toFixed(1)} s over ${grading.times.length} (${spread}); ` +
      `target ${(grading.targetMs / 1000).toFixed(0)} s, ratio ${(grading.medianMs / grading.targetMs).toFixed(2)}` +
      (grading.failures ? `  (${grading.failures} run(s) exited non-zero)` : ''),
  );
}
