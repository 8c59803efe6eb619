// `npm run grade` as a command: every report it is asked for, the exit status of --min-score,
// submissions in another language (--server), and one-line errors for what it cannot do.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KATA_ROOT, loadCurriculum } from '../tooling/core/curriculum.ts';
import { hasPython } from '../tooling/core/python.ts';
import { sandboxSupport } from './isolation.ts';
import { WORK_ROOT } from './work-dir.ts';
import { writeSubmission } from './submissions.ts';
import type { ClassroomResult } from './reports/classroom.ts';
import type { ExercismResults } from './reports/exercism.ts';
import type { GradeReport } from './types.ts';

const [first, second] = [loadCurriculum()[0]!, loadCurriculum()[1]!];
let root: string;
let privateDir: string;

/** The environment of a vitest worker, less what marks it as one. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', ...extra };
  for (const name of Object.keys(env)) if (/^(VITEST|KATA_PLAN$|TEST$)/.test(name)) delete env[name];
  return env;
}

// Where no sandbox can be made (isolation.e2e.test.ts tests the refusal), these grade without one.
const noSandbox = (await sandboxSupport()).ok ? [] : ['--no-sandbox'];

function gradeCli(args: string[], extra: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [path.join(import.meta.dirname, 'grade.mjs'), ...args, ...noSandbox], { cwd: KATA_ROOT, env: cleanEnv(extra), encoding: 'utf8', timeout: 170_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** An instructor's private spec, written like the kata's own (its harness import included). */
const PRIVATE_SPEC = `import request from 'supertest';
import { it } from 'vitest';
import { useServer } from './harness/kata.ts';
import { check } from './harness/teach.ts';

const server = useServer();

it('answers a second client too', async () => {
  const res = await request(server.current.url).get('/second');
  check(res.status === 200, { expected: '200', got: res, step: 3 });
});
`;

beforeAll(async () => {
  await mkdir(WORK_ROOT, { recursive: true });
  root = await mkdtemp(path.join(WORK_ROOT, 'test-cli-'));
  await writeSubmission(path.join(root, 'alice'), { [first.slug]: 'solution' });
  await writeSubmission(path.join(root, 'bob'), {});
  // Exercise 02 in Python, as a learner who took the kata in another language would hand it in.
  const python = path.join(root, 'python', 'exercises', second.slug);
  await cp(path.join(KATA_ROOT, 'tooling', 'fixtures', 'any-language', second.slug), python, { recursive: true });
  // A Python server that fails as it starts, and a submission with no folder for exercise 02.
  const broken = path.join(root, 'broken', 'exercises', second.slug);
  await mkdir(broken, { recursive: true });
  await writeFile(path.join(broken, 'server.py'), 'import http.servr\n');
  await mkdir(path.join(root, 'absent', 'exercises', first.slug), { recursive: true });
  // Outside the kata, as an instructor's folder would be.
  privateDir = await mkdtemp(path.join(tmpdir(), 'netkata-private-specs-'));
  await writeFile(path.join(privateDir, `${first.slug}.second-client.spec.ts`), PRIVATE_SPEC);
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
  await rm(privateDir, { recursive: true, force: true });
});

// Each grades for real: on a busy machine that takes a while.
describe('npm run grade', { timeout: 180_000 }, () => {
  it('writes every report asked for, and exits with 0 when no submission is below --min-score', () => {
    const out = (name: string) => path.join(root, 'out', name);
    const run = gradeCli(
      [path.join(root, 'alice'), '--exercises', first.id, '--min-score', '50', '--seed', '5', '--specs', privateDir].concat(
        ['--json', out('report.json'), '--csv', out('grades.csv'), '--junit', out('junit.xml'), '--markdown', out('summary.md'), '--exercism', out('exercism'), '--classroom'],
      ),
      { GITHUB_OUTPUT: out('github-output.txt') },
    );
    expect(run.stderr).toMatch(/grading: 1 of 1 submission done/);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/alice\s+100\.0 \d+%\s+100\.0 \/ 100\.0/);

    const report = JSON.parse(readFileSync(out('report.json'), 'utf8')) as GradeReport;
    expect(report).toMatchObject({ seed: 5, submissions: [{ name: 'alice', percent: 100 }] });
    // The private spec ran and counts; the stub fails it, so it is worth points.
    const privateSpec = report.submissions[0]!.exercises[0]!.specs.find((s) => s.file === `private/${first.slug}.second-client.spec.ts`);
    expect(privateSpec).toMatchObject({ name: 'answers a second client too', passed: true, startingPoint: false });
    expect(report.notes.join('\n')).toMatch(/starting point of 01-raw-socket was measured/);
    expect(readFileSync(out('grades.csv'), 'utf8')).toBe(`submission,${first.slug},total,max,percent\r\nalice,100,100,100,100\r\n`);
    expect(readFileSync(out('junit.xml'), 'utf8')).toMatch(/^<\?xml[\s\S]*<testsuite name="alice › 01-raw-socket"/);
    expect(readFileSync(out('summary.md'), 'utf8')).toMatch(/^## netkata grade[\s\S]*### alice: 100 \/ 100 \(100%\)/);
    const exercism = JSON.parse(readFileSync(path.join(out('exercism'), 'alice', first.slug, 'results.json'), 'utf8')) as ExercismResults;
    expect(exercism).toMatchObject({ version: 3, status: 'pass' });
    const output = readFileSync(out('github-output.txt'), 'utf8');
    expect(output).toMatch(/^result=[A-Za-z0-9+/=]+\n$/);
    const classroom = JSON.parse(Buffer.from(output.slice('result='.length).trim(), 'base64').toString('utf8')) as ClassroomResult;
    expect(classroom).toMatchObject({ version: 1, status: 'pass', max_score: 100 });
  });

  it('exits with 1, naming the submission, when one scores below --min-score', () => {
    const run = gradeCli([path.join(root, 'bob'), '--exercises', first.id, '--min-score', '50']);
    expect(run.stderr).toContain('bob scores 0%, below --min-score 50');
    expect(run.status).toBe(1);
  });

  it.skipIf(!hasPython)('grades servers in another language with --server, the specs carrying all the points', () => {
    const json = path.join(root, 'out', 'python.json');
    const submissions = ['python', 'broken', 'absent'].map((name) => path.join(root, name));
    const run = gradeCli([...submissions, '--exercises', second.id, '--server', 'python3 server.py', '--json', json, '--seed', '5']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/python\s+100\.0 —\s+100\.0 \/ 100\.0/);
    expect(run.stdout).toContain('note: every server ran as --server "python3 server.py": coverage is not measured, so the specs carry all the points');

    const report = JSON.parse(readFileSync(json, 'utf8')) as GradeReport;
    expect(report.server).toBe('python3 server.py');
    const [python, broken, absent] = report.submissions.map((s) => s.exercises[0]!);
    expect(python!.specs.filter((s) => !s.passed).map((s) => s.message)).toEqual([]);
    expect(python).toMatchObject({ score: 100, max: 100, behaviour: { score: 100, max: 100 }, coverage: { score: 0, max: 0, lines: null } });
    expect(broken!.score).toBe(0);
    expect(broken!.problems.join('\n')).toMatch(/exited with code 1[\s\S]*ModuleNotFoundError: No module named 'http.servr'/);
    expect(absent).toMatchObject({ score: 0, zeroBecause: `no exercises/${second.slug}/ folder in the submission` });
  });

  it.each([
    [['--frobnicate'], /unknown option --frobnicate/],
    [['--server', ''], /--server needs a command/],
    [['--class', '/nowhere/at/all'], /--class \/nowhere\/at\/all: no such folder/],
    [['a', 'b', '--classroom'], /is not a submission/],
  ])('refuses %j with one line and exit status 2', (args, message) => {
    const run = gradeCli(args);
    expect(run.stderr).toMatch(message);
    expect(run.status).toBe(2);
  });

  it('--help prints its usage, options and all, and grades nothing', () => {
    const run = gradeCli(['--help']);
    expect(run.stdout).toMatch(/^usage: npm run grade[ \n]/);
    expect(run.stdout).toMatch(/^ {2}--help +show this text$/m);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it('refuses an unknown option with one line of usage', () => {
    const run = gradeCli(['--frobnicate']);
    expect(run.stderr.trim()).toMatch(/^unknown option --frobnicate; usage: npm run grade.* \(npm run grade -- --help says more\)$/);
  });

  it('refuses --classroom for more than one submission', () => {
    const run = gradeCli([path.join(root, 'alice'), path.join(root, 'bob'), '--classroom']);
    expect(run.stderr).toMatch(/--classroom reports one submission/);
    expect(run.status).toBe(2);
  });
});
