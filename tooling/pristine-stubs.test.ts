// The stubs the self-check judges (tooling/pristine-stubs.ts): specs/stubs.json is current, and
// the stub folder of each exercise is the kata's own, whatever a learner did to exercises/.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { KATA_ROOT, exerciseDir, loadCurriculum } from './core/curriculum.ts';
import { selfCheckPlan, type Plan } from './plan.ts';
import type { SpecRun } from './core/spec-run.ts';
import type { ProjectResult } from './core/results.ts';
import { judge } from './selfcheck.ts';
import { blobId, readStubRecord, recordOf, resolvePristineStubs, type StubRecord } from './core/pristine-stubs.ts';

const temps: string[] = [];
const temp = (prefix: string) => {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
};
afterAll(() => temps.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/**
 * The grader's stubSha256 of a folder (its files but README.md, by sorted path, each path then its
 * bytes): the grader's record is read as data, since the learner's commands import no grader module.
 */
function folderHash(dir: string, relative = '', hash = createHash('sha256')): string {
  for (const name of readdirSync(path.join(dir, relative)).sort()) {
    const file = path.join(relative, name);
    if (statSync(path.join(dir, file)).isDirectory()) folderHash(dir, file, hash);
    else if (file !== 'README.md') hash.update(file).update(readFileSync(path.join(dir, file)));
  }
  return relative === '' ? hash.digest('hex') : '';
}
const starts = (JSON.parse(readFileSync(path.join(KATA_ROOT, 'grading', 'starting-point.json'), 'utf8')) as { exercises: Record<string, { stubSha256: string }> }).exercises;

const AGAIN = 'a stub changed since specs/stubs.json was written: run `npx tsx tooling/record-stubs.ts` and commit specs/stubs.json';

describe('specs/stubs.json', () => {
  const record = readStubRecord();
  // The record's stubs, as the self-check resolves them: copies from git where exercises/ was changed.
  const copies = temp('netkata-stubs-test-');
  const slugs = loadCurriculum().map((ex) => ex.slug);
  const { stubs } = resolvePristineStubs(slugs, { tempDir: () => copies });

  it.for(slugs)('records the stub of %s that grading/starting-point.json was measured with', (slug, context) => {
    expect(record?.[slug], `no entry for ${slug}: ${AGAIN}`).toBeDefined();
    const stub = stubs.get(slug)!;
    const start = starts[slug]?.stubSha256;
    if (stub.from === 'as-is') {
      // No git, or not its objects: the record cannot be read, only compared with exercises/.
      if (folderHash(stub.dir) === start) expect.fail(`exercises/${slug} is the stub the starting point was measured with, and specs/stubs.json records other files: ${AGAIN}`);
      context.skip(`exercises/${slug} was changed, and git cannot give the stub that specs/stubs.json records`);
    }
    // In the kata's own repository exercises/ is the stub (grading's test checks the starting
    // point against it), so this is the record against exercises/; in a learner's checkout, the
    // record against the starting point, both the kata's.
    expect(folderHash(stub.dir), `${slug}: ${AGAIN}`).toBe(start);
  });
});

describe('the stub folder of an exercise', () => {
  /** A kata of one exercise, committed: exercises/01-x with a server, a binary file and a lesson. */
  let root: string;
  let record: StubRecord;
  let copies: string;
  const stub = path.join('exercises', '01-x');
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=kata', '-c', 'user.email=kata@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd: root, stdio: 'pipe' });
  const resolve = () => resolvePristineStubs(['01-x'], { root, record, tempDir: () => copies });
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff, 0x0a]);

  beforeEach(() => {
    root = temp('netkata-stub-kata-');
    copies = path.join(temp('netkata-stub-copies-'), 'stubs');
    mkdirSync(path.join(root, stub, 'public'), { recursive: true });
    writeFileSync(path.join(root, stub, 'server.ts'), '// TODO: step 1. answer\n');
    writeFileSync(path.join(root, stub, 'public', 'hills.png'), png);
    writeFileSync(path.join(root, stub, 'README.md'), '# 01\n');
    git('init', '--quiet');
    git('add', '.');
    git('commit', '--quiet', '-m', 'the kata');
    record = { '01-x': recordOf(path.join(root, stub)) };
  });

  it('records git blob ids, the lesson aside', () => {
    expect(Object.keys(record['01-x']!)).toEqual(['public/hills.png', 'server.ts']);
    expect(record['01-x']!['server.ts']).toBe(execFileSync('git', ['rev-parse', `HEAD:${stub}/server.ts`], { cwd: root, encoding: 'utf8' }).trim());
    expect(blobId(png)).toBe(execFileSync('git', ['rev-parse', `HEAD:${stub}/public/hills.png`], { cwd: root, encoding: 'utf8' }).trim());
  });

  it('is exercises/<slug> itself while it holds the recorded stub (a changed lesson aside), with nothing copied', () => {
    writeFileSync(path.join(root, stub, 'README.md'), '# 01\nmy notes\n');
    const { stubs, notes } = resolve();
    expect(stubs.get('01-x')).toEqual({ dir: path.join(root, stub), from: 'exercises' });
    expect(notes).toEqual([]);
    expect(existsSync(copies)).toBe(false);
  });

  it("is a copy of the committed stub, from git, once a learner has changed and committed it", () => {
    writeFileSync(path.join(root, stub, 'server.ts'), '// solved\n');
    writeFileSync(path.join(root, stub, 'public', 'hills.png'), 'not a png');
    git('commit', '--quiet', '-am', "the learner's work");
    const { stubs, notes } = resolve();
    expect(stubs.get('01-x')).toEqual({ dir: path.join(copies, '01-x'), from: 'git' });
    expect(readFileSync(path.join(copies, '01-x', 'server.ts'), 'utf8')).toBe('// TODO: step 1. answer\n');
    expect(readFileSync(path.join(copies, '01-x', 'public', 'hills.png'))).toEqual(png);
    expect(existsSync(path.join(copies, '01-x', 'README.md'))).toBe(false);
    expect(notes).toEqual(["exercises/01-x differs from the kata's stub (your work?): judging the kata's own, read from git"]);
    // The learner's folder is left as it is.
    expect(readFileSync(path.join(root, stub, 'server.ts'), 'utf8')).toBe('// solved\n');
  });

  it('is a copy too when a learner added a file (a data file the server wrote)', () => {
    writeFileSync(path.join(root, stub, 'messages.json'), '[]');
    expect(resolve().stubs.get('01-x')?.from).toBe('git');
    expect(existsSync(path.join(copies, '01-x', 'messages.json'))).toBe(false);
  });

  it('is exercises/<slug> as it is, with a note, in a download that has no git repository', () => {
    rmSync(path.join(root, '.git'), { recursive: true, force: true });
    // Not inside any repository either: a folder of its own under a fresh temp folder.
    writeFileSync(path.join(root, stub, 'server.ts'), '// solved\n');
    const { stubs, notes } = resolvePristineStubs(['01-x'], { root, record, tempDir: () => copies });
    expect(stubs.get('01-x')).toEqual({ dir: path.join(root, stub), from: 'as-is' });
    expect(notes).toEqual(["exercises/01-x differs from the kata's stub, which git cannot give here (no git repository: a zip download?): judging it as it is"]);
    expect(existsSync(copies)).toBe(false);
  });

  it('is exercises/<slug> as it is, with a note, when the clone lacks the recorded objects', () => {
    writeFileSync(path.join(root, stub, 'server.ts'), '// solved\n');
    const { stubs, notes } = resolvePristineStubs(['01-x'], { root, record: { '01-x': { 'server.ts': 'f'.repeat(40) } }, tempDir: () => copies });
    expect(stubs.get('01-x')?.from).toBe('as-is');
    expect(notes).toEqual(["exercises/01-x differs from the kata's stub, which git cannot give here (git has no blob ffffffffffff: a clone made before specs/stubs.json last changed, or a shallow one?): judging it as it is"]);
  });

  it('is exercises/<slug> as it is, with a note, when there is no git at all', () => {
    vi.stubEnv('PATH', path.join(root, 'no-such-bin'));
    try {
      writeFileSync(path.join(root, stub, 'server.ts'), '// solved\n');
      const { stubs, notes } = resolve();
      expect(stubs.get('01-x')?.from).toBe('as-is');
      expect(notes).toEqual(["exercises/01-x differs from the kata's stub, which git cannot give here (git is not installed): judging it as it is"]);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('is exercises/<slug> as it is, with a note, for an exercise the record does not have', () => {
    const { stubs, notes } = resolvePristineStubs(['01-x'], { root, record: {}, tempDir: () => copies });
    expect(stubs.get('01-x')?.from).toBe('as-is');
    expect(notes).toEqual(['specs/stubs.json has no record of 01-x: judging exercises/01-x as it is (record it: npx tsx tooling/record-stubs.ts)']);
  });
});

describe("the self-check's plan", () => {
  it('runs the specs of the stub in the folder it is given, and says where that comes from', async () => {
    const [first] = loadCurriculum();
    const plan = await selfCheckPlan(1, [first!], new Map([[first!.slug, { dir: '/tmp/copy/01', from: 'git' as const }]]));
    expect(plan.runs.find((run) => run.role === 'stub')).toMatchObject({ dir: '/tmp/copy/01', stubFrom: 'git' });
    const plain = await selfCheckPlan(1, [first!]);
    expect(plain.runs.find((run) => run.role === 'stub')?.dir).toBe(exerciseDir(first!));
  });
});

describe('a stub that passes every spec', () => {
  const detail = (stubFrom: SpecRun['stubFrom']) => {
    const plan: Plan = {
      seed: 1,
      unitTests: false,
      runs: [
        { name: 'x › solution', exercise: 'x', dir: '/s', role: 'solution' },
        { name: 'x › stub', exercise: 'x', dir: '/e', role: 'stub', ...(stubFrom && { stubFrom }) },
      ],
    };
    const passing = (project: string): ProjectResult => ({ project, specs: [{ name: 'spec 1', state: 'passed' }], errors: [], durationMs: 0 });
    const results = new Map([['x › solution', passing('x › solution')], ['x › stub', passing('x › stub')]]);
    return judge(plan, results).checks.find((c) => c.name === 'x: the stub exercises/x fails at least one spec' && !c.ok)?.detail;
  };

  it("is the kata's fault when it is the kata's own stub: give it back its TODOs, and record it", () => {
    for (const from of ['exercises', 'git'] as const) {
      expect(detail(from)).toMatch(/^Every spec passes against the kata's stub of x \(as specs\/stubs\.json records it\).*npx tsx tooling\/record-stubs\.ts\.$/);
    }
  });

  it("is most likely the learner's solved exercise when exercises/ was judged as it is: nothing is wrong", () => {
    expect(detail('as-is')).toMatch(/^Every spec passes against exercises\/x as it is\. If you solved it, this is your work.*npm test exercises checks your work/);
    expect(detail(undefined)).toBe(detail('as-is'));
  });
});
