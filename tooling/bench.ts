// `npm run bench [-- --runs N] [-- --quick]`: times what learners and CI wait for, as the median
// wall time over several runs (these machines are shared and noisy: medians, not single runs),
// and compares each with its target. It prints; it never fails a build.
import { spawnSync } from 'node:child_process';
import { KATA_ROOT, loadCurriculum } from './curriculum.ts';

interface Benchmark {
  name: string;
  command: string[];
  targetMs: number;
  runs: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function timeOnce(command: string[]): { ms: number; ok: boolean } {
  const started = process.hrtime.bigint();
  const result = spawnSync(command[0]!, command.slice(1), { cwd: KATA_ROOT, stdio: 'ignore', env: { ...process.env, NO_COLOR: '1' } });
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, ok: result.status === 0 };
}

const args = process.argv.slice(2);
const runsArg = args.indexOf('--runs');
const runs = runsArg === -1 ? 5 : Number(args[runsArg + 1]);
const quick = args.includes('--quick');

const benchmarks: Benchmark[] = [
  { name: 'npm run (nothing)', command: ['npm', 'run', '--silent', 'env', '--', 'true'], targetMs: Infinity, runs },
  ...loadCurriculum().map((ex) => ({
    name: `npm test solutions/${ex.id}`,
    command: ['npm', 'test', '--silent', `solutions/${ex.id}`],
    targetMs: 1500,
    runs,
  })),
  ...(quick ? [] : [{ name: 'npm test (the whole self-check)', command: ['npm', 'test', '--silent'], targetMs: 30_000, runs: Math.min(runs, 3) }]),
];

console.log(`netkata bench: median wall time over each line's runs, on ${process.platform} with node ${process.version}\n`);
for (const bench of benchmarks) {
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
