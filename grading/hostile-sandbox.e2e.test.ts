// Hostile submissions against the sandbox itself (fixtures/sandbox/), graded with --server "node
// server.mjs", where the guard does not apply: each gets nothing it tried for, a good submission
// graded alongside scores as it would alone, and nothing is left running. To see each test fail
// without the sandbox: KATA_TEST_SANDBOX=off npx vitest run grading/hostile-sandbox.e2e.test.ts
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { transform } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KATA_ROOT, loadCurriculum } from '../tooling/core/curriculum.ts';
import { asSubmission } from './discover.ts';
import { grade } from './grade.ts';
import { MAX_FILE_BYTES, sandboxSupport } from './isolation.ts';
import { allProcesses } from '../tooling/core/processes.ts';
import { WORK_ROOT } from './work-dir.ts';
import type { GradedSubmission, GradeReport } from './types.ts';

const first = loadCurriculum()[0]!;
const FIXTURES = path.join(import.meta.dirname, 'fixtures', 'sandbox');
const sandbox = process.env.KATA_TEST_SANDBOX !== 'off';
const supported = (await sandboxSupport()).ok;
const HOSTILE = ['steals-secrets', 'reads-others', 'signals-others', 'forks-hundreds', 'writes-huge-file', 'listens-elsewhere', 'outlives-exercise'];
// Graded in a class of its own with a good one: signals-others, without the sandbox, breaks its
// batch, and each submission of it is then graded alone, where there is no other to forge for.
const FORGER = 'forges-records';
// Graded on exercise 05, whose specs read the data file: through a link, they would read the key.
const LINKER = 'links-data-file';
const BOARD = loadCurriculum().find((exercise) => exercise.id === '05')!;
const token = (what: string) => `${what}-${randomBytes(8).toString('hex')}`;
const SECRET_HOME = token('HOME-SECRET');
const SECRET_ENV = token('ENV-SECRET');
const OTHER_TOKEN = token('OTHER-TOKEN');
// Sleeps of lengths no other test uses: the canary, and what outlives-exercise leaves behind.
const CANARY_SECONDS = String(3000 + (process.pid % 1000));
const LEFTOVER_SECONDS = String(5000 + (process.pid % 1000));

let root: string;
let home: string;
let report: GradeReport;
let reportText: string;
let forged: GradeReport;
let linked: GradeReport;
let canary: ChildProcess;
let listener: net.Server;
const received: string[] = [];
let extraPort: number;
let extraReached = false;

const byName = (name: string): GradedSubmission => report.submissions.find((s) => s.name === name)!;
/** What the report shows of a submission: its problems and failure messages (its server's output). */
const shown = (name: string) => JSON.stringify(byName(name));

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** Tries the extra port until `done` resolves: whether anyone outside could connect to it. */
async function watchExtraPort(done: Promise<unknown>): Promise<void> {
  let over = false;
  void done.finally(() => (over = true));
  while (!over && !extraReached) {
    extraReached = await new Promise<boolean>((resolve) => {
      const socket = net.connect(extraPort, '127.0.0.1', () => {
        socket.destroy();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function writeServer(name: string, code: string, slug = first.slug): Promise<void> {
  const dir = path.join(root, name, 'exercises', slug);
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'server.mjs'), code);
}

/** What the hostile servers started that still runs: outlives-exercise's sleep, forks-hundreds' ones. */
function leftovers(): number[] {
  return allProcesses()
    .filter((p) => {
      const command = readOr(`/proc/${p.pid}/cmdline`);
      return command === `sleep\u0000${LEFTOVER_SECONDS}\u0000` || (command === 'sleep\u0000300\u0000' && readOr(`/proc/${p.pid}/environ`).includes(root));
    })
    .map((p) => p.pid);
}

function readOr(file: string): string {
  try {
    return readFileSync(file, 'latin1');
  } catch {
    return '';
  }
}

beforeAll(async () => {
  await mkdir(WORK_ROOT, { recursive: true });
  root = await mkdtemp(path.join(WORK_ROOT, 'test-sandbox-'));
  // The grader's home, for this test: a key in it that no submission may read.
  home = await mkdtemp(path.join(tmpdir(), 'netkata-grader-home-'));
  await mkdir(path.join(home, '.ssh'));
  await writeFile(path.join(home, '.ssh', 'id_netkata'), `${SECRET_HOME}\n`, { mode: 0o600 });
  listener = net.createServer((socket) => socket.on('data', (chunk: Buffer) => received.push(chunk.toString('utf8'))));
  listener.on('connection', () => received.push('(connected)'));
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  extraPort = await freePort();
  canary = spawn('sleep', [CANARY_SECONDS], { stdio: 'ignore' });

  const placeholders: Record<string, string> = {
    __HOME__: home,
    __ROOT__: root,
    __OTHER__: path.join(root, 'good'),
    __LISTENER_PORT__: String((listener.address() as net.AddressInfo).port),
    __CANARY_PID__: String(canary.pid),
    __EXTRA_PORT__: String(extraPort),
    __SLEEP_SECONDS__: LEFTOVER_SECONDS,
  };
  for (const name of [...HOSTILE, FORGER]) {
    const source = (await transform(await readFile(path.join(FIXTURES, `${name}.ts`), 'utf8'), { loader: 'ts', format: 'esm' })).code;
    await writeServer(name, Object.entries(placeholders).reduce((code, [from, to]) => code.split(from).join(to), source));
  }
  const linker = (await transform(await readFile(path.join(FIXTURES, `${LINKER}.ts`), 'utf8'), { loader: 'ts', format: 'esm' })).code;
  await writeServer(LINKER, linker.split('__HOME__').join(home), BOARD.slug);
  // The good one: the solution, bundled for plain node, with a token another must not read.
  const { build } = await import('esbuild');
  const solution = await build({ entryPoints: [path.join(KATA_ROOT, 'solutions', first.slug, 'server.ts')], bundle: true, platform: 'node', format: 'esm', write: false, logLevel: 'silent' });
  await writeServer('good', `// ${OTHER_TOKEN}\n${solution.outputFiles[0]!.text}`);
  await writeServer('good-beside-forger', solution.outputFiles[0]!.text);

  const saved = { HOME: process.env.HOME, NETKATA_TEST_SECRET: process.env.NETKATA_TEST_SECRET };
  Object.assign(process.env, { HOME: home, NETKATA_TEST_SECRET: SECRET_ENV });
  try {
    const gradeClass = (names: string[], slug = first.slug) => {
      const submissions = names.map((name) => asSubmission(path.join(root, name))!);
      const settings = { exercises: [slug], seed: 1, timeoutSeconds: 10, jobs: 1, maxWorkers: 3, workRoot: root, serverCommand: ['node', 'server.mjs'], sandbox };
      return grade(submissions, { ...settings, batchSize: submissions.length });
    };
    const graded = gradeClass([...HOSTILE, 'good']);
    await Promise.all([graded, watchExtraPort(graded)]);
    report = await graded;
    reportText = JSON.stringify(report);
    forged = await gradeClass([FORGER, 'good-beside-forger']);
    linked = await gradeClass([LINKER], BOARD.slug);
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}, 300_000);

afterAll(async () => {
  canary.kill('SIGKILL');
  for (const pid of leftovers()) process.kill(pid, 'SIGKILL'); // left by a run without the sandbox
  await new Promise((resolve) => listener.close(resolve));
  await rm('/tmp/netkata-sandbox-leak.txt', { force: true });
  await rm(root, { recursive: true, force: true });
  await rm(home, { recursive: true, force: true });
});

describe.skipIf(sandbox && !supported)('the sandbox, against hostile submissions', () => {
  it("keeps the grader's secrets from a server: its home and environment unread, nothing sent out or written where others look", () => {
    expect(received).toEqual([]);
    expect(reportText).not.toContain(SECRET_HOME);
    expect(reportText).not.toContain(SECRET_ENV);
    expect(existsSync('/tmp/netkata-sandbox-leak.txt')).toBe(false);
    expect(existsSync(path.join(root, 'leak.txt'))).toBe(false);
    // It did run, and said what it could not do.
    expect(shown('steals-secrets')).toMatch(/home: ENOENT[\s\S]*listener: E(NETUNREACH|CONNREFUSED)/);
  });

  it("keeps another submission's folder, and the grader's copy of it, from a server", () => {
    expect(shown('reads-others')).toMatch(/server\.mjs: E(NOENT|ACCES)/);
    expect(reportText).not.toContain(OTHER_TOKEN);
  });

  it('lets a server signal no process outside its own sandbox', () => {
    expect(canary.exitCode).toBe(null);
    expect(canary.signalCode).toBe(null);
    expect(report.submissions.flatMap((s) => s.errors)).toEqual([]);
  });

  it('bounds the processes a server can start, and ends them all with it', () => {
    const started = Number(/started (\d+) of 300/.exec(shown('forks-hundreds'))?.[1]);
    expect(started).toBeGreaterThan(0);
    expect(started).toBeLessThan(300);
    expect(byName('forks-hundreds').score).toBe(0);
  });

  it(`refuses a file larger than ${MAX_FILE_BYTES / 1024 / 1024} MiB`, () => {
    expect(shown('writes-huge-file')).toContain('refused: EFBIG');
    expect(byName('writes-huge-file').score).toBe(0);
  });

  it('lets nothing outside the grading run reach a port a server listens on', () => {
    expect(extraReached).toBe(false);
  });

  it('leaves nothing running after an exercise, even a process that left its session and the environment that marks it', () => {
    expect(leftovers()).toEqual([]);
  });

  it("lets a server put no incident on another submission's exercise", () => {
    const good = forged.submissions.find((s) => s.name === 'good-beside-forger')!;
    expect(good.exercises[0]!.zeroBecause).toBeUndefined();
    expect(good.score).toBe(good.max);
  });

  it('does not hurt a good submission graded alongside', () => {
    const good = byName('good');
    expect(good.exercises[0]!.specs.filter((s) => !s.passed).map((s) => s.name)).toEqual([]);
    expect(good.score).toBe(good.max);
  });

  it("reads no file of a server's through a link it put there: a data file that is a link to the grader's key", () => {
    const text = JSON.stringify(linked);
    expect(text).not.toContain(SECRET_HOME);
    // It did plant the link, and the specs said why they would not read it.
    expect(text).toContain('is a symbolic link, which the specs do not follow');
  });

  it('records in the report whether the sandbox was on', () => {
    expect(report.sandbox).toBe(sandbox);
    expect(report.notes.some((note) => note.includes('without the sandbox'))).toBe(!sandbox);
  });
});
