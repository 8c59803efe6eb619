// Hostile and broken submissions (fixtures/), graded in one class with a good one: each scores 0
// for the exercise, with the reason; the good one is not hurt; nothing outside the copies is
// written or deleted; the run stays within its bounds; and no process is left behind.
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCurriculum } from '../tooling/core/curriculum.ts';
import { childBoundMs } from './batch.ts';
import { asSubmission } from './discover.ts';
import { grade } from './grade.ts';
import { allProcesses } from '../tooling/core/processes.ts';
import { WORK_ROOT } from './work-dir.ts';
import { writeSubmission } from './submissions.ts';
import type { GradedSubmission, GradeReport } from './types.ts';

const first = loadCurriculum()[0]!;
const FIXTURES = path.join(import.meta.dirname, 'fixtures');
const TIMEOUT_SECONDS = 10;
// Where fixtures/writes-outside.ts writes and what fixtures/deletes-files.ts deletes (importing a
// fixture would run it). Each test run gives them names of its own, so that two runs on one
// machine cannot see each other's files.
const FIXTURE_PATHS = { escaped: '/tmp/netkata-grade-escaped.txt', canary: '/tmp/netkata-grade-canary' };
const ESCAPED_FILE = `/tmp/netkata-grade-escaped-${process.pid}.txt`;
const CANARY_DIR = `/tmp/netkata-grade-canary-${process.pid}`;
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Each case, and what its exercise must say (a 0 for a hostile act, or a server that never ran). */
const CASES: [name: string, reason: RegExp][] = [
  ['does-not-compile', /does not compile/],
  ['throws-at-start', /exited with code 1 before it listened[\s\S]*refuses to start/],
  ['never-listens', /time budget|still not accepting connections/],
  ['wrong-port', /time budget|still not accepting connections/],
  ['hangs-every-request', /scores 0: it used up its time budget/],
  ['loops-at-import', /time budget|still not accepting connections/],
  ['prints-megabytes', /scores 0: it printed more than the grader allows/],
  ['spawns-children', /scores 0: it tried to start another program: child_process\.spawn\("sleep"\)/],
  ['writes-outside', new RegExp(`scores 0: it tried to write outside its own folder: writeFile ${escapeRegExp(ESCAPED_FILE)}`)],
  ['deletes-files', new RegExp(`scores 0: it tried to write outside its own folder: rm ${escapeRegExp(CANARY_DIR)}`)],
  ['takes-all-memory', /scores 0: it ran out of the memory the grader allows/],
  ['takes-all-the-heap', /scores 0: it ran out of the memory the grader allows/],
];

let root: string;
let report: GradeReport;
let elapsedMs: number;
const byName = (name: string): GradedSubmission => report.submissions.find((s) => s.name === name)!;

/** Processes still running from anything under `dir`: by their environment's mark, or their folder. */
function leftovers(dir: string): string[] {
  return allProcesses().flatMap((p) => {
    try {
      const environ = readFileSync(`/proc/${p.pid}/environ`, 'latin1');
      const cwd = readlinkSync(`/proc/${p.pid}/cwd`);
      if (environ.includes(`KATA_GRADE_BATCH=${dir}`) || cwd.startsWith(dir)) return [readFileSync(`/proc/${p.pid}/cmdline`, 'latin1').replace(/\0/g, ' ')];
    } catch {
      // Gone already, or not ours to read.
    }
    return [];
  });
}

beforeAll(async () => {
  await mkdir(WORK_ROOT, { recursive: true });
  root = await mkdtemp(path.join(WORK_ROOT, 'test-hostile-'));
  await rm(ESCAPED_FILE, { force: true });
  await mkdir(CANARY_DIR, { recursive: true });
  await writeFile(path.join(CANARY_DIR, 'keep.txt'), 'a graded server must not delete this\n');
  for (const [name] of CASES) {
    const fixture = name === 'does-not-compile' ? 'const answer: number = ;\n' : await readFile(path.join(FIXTURES, `${name}.ts`), 'utf8');
    const server = fixture.replace(FIXTURE_PATHS.escaped, ESCAPED_FILE).replace(FIXTURE_PATHS.canary, CANARY_DIR);
    await writeSubmission(path.join(root, name), { [first.slug]: { server } });
  }
  await writeSubmission(path.join(root, 'good'), { [first.slug]: 'solution' });

  const started = Date.now();
  const submissions = [...CASES.map(([name]) => name), 'good'].map((name) => asSubmission(path.join(root, name))!);
  // One batch: the hostile submissions share a grading child with the good one.
  report = await grade(submissions, { exercises: [first.slug], seed: 1, timeoutSeconds: TIMEOUT_SECONDS, jobs: 2, batchSize: submissions.length, maxWorkers: 3, memoryMb: 1200, heapMb: 64, workRoot: root });
  elapsedMs = Date.now() - started;
}, 300_000);

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
  await rm(ESCAPED_FILE, { force: true });
  await rm(CANARY_DIR, { recursive: true, force: true });
});

describe('hostile and broken submissions', () => {
  it.each(CASES)('%s scores 0 for the exercise, with the reason', (name, reason) => {
    const [exercise] = byName(name).exercises;
    expect(exercise!.score).toBe(0);
    expect([exercise!.zeroBecause ? `scores 0: ${exercise!.zeroBecause}` : '', ...exercise!.problems].join('\n')).toMatch(reason);
  });

  it('does not hurt a good submission graded alongside', () => {
    const good = byName('good');
    expect(good.exercises[0]!.specs.filter((s) => !s.passed).map((s) => s.name)).toEqual([]);
    expect(good.score).toBe(good.max);
  });

  it('lets nothing be written or deleted outside the copies', () => {
    expect(existsSync(ESCAPED_FILE)).toBe(false);
    expect(readdirSync(CANARY_DIR)).toContain('keep.txt');
    // The server deleted its own server.ts: the grader's copy of it, not the submission's.
    expect(existsSync(path.join(root, 'deletes-files', 'exercises', first.slug, 'server.ts'))).toBe(true);
  });

  it('stays within its time bounds: each exercise within its budget, the batch within its own', () => {
    for (const s of report.submissions) expect(s.exercises[0]!.durationMs).toBeLessThan((TIMEOUT_SECONDS + 15) * 1000);
    expect(report.submissions.flatMap((s) => s.errors)).toEqual([]);
    expect(elapsedMs).toBeLessThan(childBoundMs(report.submissions.length, { maxWorkers: 3, timeoutMs: TIMEOUT_SECONDS * 1000 }));
  });

  it.skipIf(process.platform !== 'linux')('leaves no process behind', () => {
    expect(leftovers(root)).toEqual([]);
    expect(allProcesses().filter((p) => readFileSafe(`/proc/${p.pid}/cmdline`).startsWith('sleep\u0000300'))).toEqual([]);
  });
});

function readFileSafe(file: string): string {
  try {
    return readFileSync(file, 'latin1');
  } catch {
    return '';
  }
}
