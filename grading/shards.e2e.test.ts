// A class split in shards (--shard i/n) and joined again (--merge) gets the gradebook of one run.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../tooling/core/args.ts';
import { KATA_ROOT, loadCurriculum } from '../tooling/core/curriculum.ts';
import { loadMutants } from '../specs/mutants/index.ts';
import { WORK_ROOT } from './work-dir.ts';
import { parseGradeOptions } from './options.ts';
import { mergeShardReports, parseShard, sliceOf } from './shards.ts';
import { writeSubmission } from './submissions.ts';
import type { GradeReport } from './types.ts';

const first = loadCurriculum()[0]!;

describe('--shard i/n', () => {
  it.each(['0/2', '3/2', '1/0', '2', 'a/b', '1/2/3'])('refuses %j with what to type', (text) => {
    expect(() => parseShard(text)).toThrow(UsageError);
    expect(() => parseShard(text)).toThrow(/--shard needs <i>\/<n>.*e\.g\. --shard 2\/4/);
  });

  it('gives every submission to exactly one shard, in the class order', () => {
    for (let size = 0; size <= 9; size++) {
      const items = Array.from({ length: size }, (_, i) => i);
      for (let count = 1; count <= 4; count++) {
        const joined = Array.from({ length: count }, (_, i) => sliceOf(items, { index: i + 1, count })).flat();
        expect(joined).toEqual(items);
      }
    }
  });
});

describe('--merge', () => {
  let dir: string;
  const report = (shard: GradeReport['shard'], seed = 1): GradeReport => ({
    tool: 'netkata grade', startedAt: '2026-12-01T00:00:00.000Z', durationMs: 1000, seed, rubric: 'grading/rubric.json', timeoutSeconds: 60, sandbox: true, notes: [], submissions: [], ...(shard && { shard }),
  });
  const file = async (name: string, content: GradeReport | string) => {
    const at = path.join(dir, name);
    await writeFile(at, typeof content === 'string' ? content : JSON.stringify(content));
    return at;
  };
  beforeAll(async () => {
    await mkdir(WORK_ROOT, { recursive: true });
    dir = await mkdtemp(path.join(WORK_ROOT, 'test-merge-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it.each([
    ['a missing shard', [report({ index: 1, count: 3 }), report({ index: 3, count: 3 })], /shard 2\/3 missing: give all 3 reports/],
    ['one shard twice', [report({ index: 1, count: 2 }), report({ index: 1, count: 2 })], /are both shard 1\/2/],
    ['shards of two splits', [report({ index: 1, count: 2 }), report({ index: 2, count: 3 })], /is shard 2\/3, but .* is of 2 shards/],
    ['another seed', [report({ index: 1, count: 2 }), report({ index: 2, count: 2 }, 2)], /was graded with another seed \(2\)/],
    ['a report graded whole', [report(undefined)], /is not a shard's report: it was graded without --shard i\/n/],
    ['a file that is not a report', ['{"hello": 1}'], /is not a report of npm run grade -- --json/],
    ['a file cut short', ['{"tool": "netkata gr'], /cannot read .* as a grading report/],
  ])('refuses %s, saying which file', async (_, contents, message) => {
    const files = await Promise.all(contents.map((content, i) => file(`shard-${i}.json`, content)));
    expect(() => mergeShardReports(files)).toThrow(UsageError);
    expect(() => mergeShardReports(files)).toThrow(message);
  });
});

/** `npm run grade -- <args>`, for real. */
function gradeCli(args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  for (const name of Object.keys(env)) if (/^(VITEST|KATA_PLAN$|TEST$)/.test(name)) delete env[name];
  const result = spawnSync(process.execPath, [path.join(import.meta.dirname, 'grade.mjs'), ...args], { cwd: KATA_ROOT, env, encoding: 'utf8', timeout: 170_000 });
  expect(result.stderr).not.toMatch(/Error|refused|unknown/);
  expect(result.status).toBe(0);
  return result;
}

// What differs between any two runs of one class: how long it took (the shards ran side by side),
// and the port each server was given, quoted in the failures.
const withoutRunDetails = (markdown: string) => markdown.replace(/ in \d+(?: min \d+)? s ·/, ' in … ·').replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:<port>');

describe('a class graded in two shards and merged', { timeout: 300_000 }, () => {
  let root: string;
  beforeAll(async () => {
    await mkdir(WORK_ROOT, { recursive: true });
    root = await mkdtemp(path.join(WORK_ROOT, 'test-shards-'));
    const [mutant] = await loadMutants(first.slug);
    const classDir = path.join(root, 'class');
    await writeSubmission(path.join(classDir, 'alice'), { [first.slug]: 'solution' });
    await writeSubmission(path.join(classDir, 'bob'), {});
    await writeSubmission(path.join(classDir, 'carol'), { [first.slug]: { mutant: mutant!.name } });
    const common = ['--class', classDir, '--exercises', first.id, '--seed', '7', '--jobs', '1'];
    gradeCli([...common, '--csv', path.join(root, 'one.csv'), '--markdown', path.join(root, 'one.md')]);
    gradeCli([...common, '--shard', '1/2', '--json', path.join(root, 'shard-1.json')]);
    gradeCli([...common, '--shard', '2/2', '--json', path.join(root, 'shard-2.json')]);
    gradeCli(['--merge', path.join(root, 'shard-2.json'), path.join(root, 'shard-1.json'), '--csv', path.join(root, 'merged.csv'), '--markdown', path.join(root, 'merged.md')]);
  }, 300_000);
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('has the gradebook of one run, row for row, in the class order', async () => {
    const one = await readFile(path.join(root, 'one.csv'), 'utf8');
    expect(one.split('\r\n').slice(1, 4).map((row) => row.split(',')[0])).toEqual(['alice', 'bob', 'carol']);
    expect(await readFile(path.join(root, 'merged.csv'), 'utf8')).toBe(one);
  });

  it('has the summary of one run, but for how long it took and the ports', async () => {
    const one = await readFile(path.join(root, 'one.md'), 'utf8');
    expect(one).toMatch(/alice[\s\S]*bob[\s\S]*carol/);
    expect(withoutRunDetails(await readFile(path.join(root, 'merged.md'), 'utf8'))).toBe(withoutRunDetails(one));
  });

  it('gives each shard its slice alone', async () => {
    const shard = (n: number) => readFile(path.join(root, `shard-${n}.json`), 'utf8').then((text) => JSON.parse(text) as GradeReport);
    const [a, b] = [await shard(1), await shard(2)];
    expect([a.shard, b.shard]).toEqual([{ index: 1, count: 2 }, { index: 2, count: 2 }]);
    expect([a.submissions.map((s) => s.name), b.submissions.map((s) => s.name)]).toEqual([['alice'], ['bob', 'carol']]);
  });
});

describe('grading/examples/grade-class.yml', () => {
  const yaml = readFileSync(path.join(import.meta.dirname, 'examples', 'grade-class.yml'), 'utf8');
  const shards = Number(/^ {2}SHARDS: (\d+)$/m.exec(yaml)?.[1]);

  it('has a job for every shard', () => {
    expect(/^ {8}shard: \[(.*)\]$/m.exec(yaml)?.[1]).toBe(Array.from({ length: shards }, (_, i) => i + 1).join(', '));
  });

  it('grades with a shard and joins with --merge, as the grader takes them', () => {
    const commands = [...yaml.matchAll(/^\s+run: npm run grade -- (.+)$/gm)].map((m) => m[1]!.replaceAll('${{ matrix.shard }}', '2').replaceAll('$SHARDS', String(shards)));
    const [graded, merged] = commands.map((command) => parseGradeOptions(command.split(' '), KATA_ROOT));
    expect(graded).toMatchObject({ shard: { index: 2, count: shards }, json: path.join(KATA_ROOT, 'shards', 'shard-2.json'), merge: false });
    expect(merged).toMatchObject({ merge: true, csv: path.join(KATA_ROOT, 'gradebook', 'grades.csv') });
    expect(commands).toHaveLength(2);
  });
});
