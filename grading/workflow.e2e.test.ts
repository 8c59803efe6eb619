// .github/workflows/grade.yml, the CI for learners' repositories: its steps are the commands that
// grading/README.md documents, in the same order, and they pass when run in order on a clean copy
// of the kata whose learner has done exercises 01 and 02, which then scores exactly their points.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { copyFile, cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KATA_ROOT, loadCurriculum } from '../tooling/core/curriculum.ts';
import { exerciseMaxima } from './score.ts';
import { loadRubric } from './rubric.ts';
import type { GradeReport } from './types.ts';

const WORKFLOW = path.join(KATA_ROOT, '.github', 'workflows', 'grade.yml');
const README = path.join(KATA_ROOT, 'grading', 'README.md');

/** The `run:` commands of the workflow's steps, in order (each is one line). */
export function workflowCommands(yaml: string): string[] {
  return [...yaml.matchAll(/^\s+run: (.+)$/gm)].map((m) => m[1]!.trim());
}

/** The commands in the README's block under "What the workflow runs", in order. */
export function documentedCommands(markdown: string): string[] {
  const section = markdown.slice(markdown.indexOf('What the workflow runs'));
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
  return block.split('\n').filter((line) => line.trim() && !line.trim().startsWith('#'));
}

describe('.github/workflows/grade.yml', () => {
  it('runs exactly the commands grading/README.md documents, in the same order', () => {
    const commands = workflowCommands(readFileSync(WORKFLOW, 'utf8'));
    expect(commands.length).toBeGreaterThanOrEqual(3);
    expect(commands).toEqual(documentedCommands(readFileSync(README, 'utf8')));
  });

  it('runs on push and pull request, installs node, and uploads the JSON and JUnit reports', () => {
    const yaml = readFileSync(WORKFLOW, 'utf8');
    expect(yaml).toMatch(/^on:\n {2}push:\n {2}pull_request:/m);
    expect(yaml).toContain('uses: actions/setup-node@');
    // Node 24, the active LTS; and no action major from before GitHub's Node 24 action runtime.
    expect(yaml).toMatch(/node-version: 24\b/);
    expect(yaml.match(/uses: actions\/[\w-]+@v[1-5]\b/g) ?? []).toEqual([]);
    expect(yaml).toMatch(/uses: actions\/upload-artifact@[\s\S]*grade-reports\/report\.json[\s\S]*grade-reports\/junit\.xml/);
    // The summary and the upload happen even when the grading step failed (below --min-score).
    expect(yaml.match(/if: always\(\)/g)).toHaveLength(2);
  });

  it('grades with --server "<command>" when the repository variable NETKATA_SERVER is set, and without it otherwise', () => {
    const yaml = readFileSync(WORKFLOW, 'utf8');
    expect(yaml).toContain('SERVER: ${{ vars.NETKATA_SERVER }}');
    const grading = workflowCommands(yaml).find((command) => command.startsWith('npm run grade'))!;
    // The arguments the grading step's shell passes to npm run grade, with and without the variable.
    const argumentsWith = (server: string) =>
      execFileSync('bash', ['-c', grading.replace('npm run grade --', "printf '%s\\n'")], { env: { ...process.env, MIN_SCORE: '0', SERVER: server }, encoding: 'utf8' }).trimEnd().split('\n');
    expect(argumentsWith('python3 server.py').slice(-2)).toEqual(['--server', 'python3 server.py']);
    expect(argumentsWith('')).not.toContain('--server');
  });
});

describe('the workflow on a clean copy of the kata, with exercises 01 and 02 done', () => {
  const [first, second] = [loadCurriculum()[0]!, loadCurriculum()[1]!];
  let clone: string;
  let summary: string;
  const results: { command: string; status: number | null; output: string }[] = [];

  beforeAll(async () => {
    clone = await mkdtemp(path.join(tmpdir(), 'netkata-workflow-'));
    // What a clone holds: the files git tracks, and those it would (not the ignored ones).
    const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { cwd: KATA_ROOT, encoding: 'utf8' }).split('\n').filter(Boolean);
    for (const file of files) {
      await mkdir(path.dirname(path.join(clone, file)), { recursive: true });
      await copyFile(path.join(KATA_ROOT, file), path.join(clone, file)).catch(() => {}); // deleted since git listed it
    }
    for (const { slug } of [first, second]) {
      await rm(path.join(clone, 'exercises', slug, 'server.ts'));
      await cp(path.join(KATA_ROOT, 'solutions', slug), path.join(clone, 'exercises', slug), { recursive: true });
    }
    summary = path.join(clone, 'step-summary.md');
    await writeFile(summary, '');
    for (const command of workflowCommands(readFileSync(WORKFLOW, 'utf8'))) {
      if (command.startsWith('npm ci')) {
        // No network here: the install is the kata's own node_modules.
        await symlink(path.join(KATA_ROOT, 'node_modules'), path.join(clone, 'node_modules'));
        continue;
      }
      const env: NodeJS.ProcessEnv = { ...process.env, MIN_SCORE: '0', SERVER: '', GITHUB_STEP_SUMMARY: summary, NO_COLOR: '1' };
      for (const name of Object.keys(env)) if (/^(VITEST|KATA_|TEST$|INIT_CWD$)/.test(name)) delete env[name];
      const run = spawnSync('bash', ['-c', command], { cwd: clone, env, encoding: 'utf8', timeout: 240_000 });
      results.push({ command, status: run.status, output: `${run.stdout}\n${run.stderr}` });
    }
  }, 300_000);

  afterAll(async () => {
    await rm(clone, { recursive: true, force: true });
  });

  it('passes every step', () => {
    for (const result of results) expect({ command: result.command, status: result.status, output: result.status === 0 ? '' : result.output }).toEqual({ command: result.command, status: 0, output: '' });
  });

  it('scores exactly the points of exercises 01 and 02, the rest being untouched stubs', async () => {
    const report = JSON.parse(await readFile(path.join(clone, 'grade-reports', 'report.json'), 'utf8')) as GradeReport;
    const maxima = exerciseMaxima(loadRubric(), loadCurriculum().map((ex) => ex.slug));
    const [submission] = report.submissions;
    expect(submission!.exercises.map((ex) => [ex.exercise, ex.score])).toEqual(loadCurriculum().map((ex, i) => [ex.slug, i < 2 ? maxima[ex.slug] : 0]));
    expect(submission!.score).toBe(maxima[first.slug]! + maxima[second.slug]!);
  });

  it('writes the Markdown summary to the job summary, and the JUnit report', async () => {
    expect(await readFile(summary, 'utf8')).toMatch(/^## netkata grade/);
    expect(await readFile(path.join(clone, 'grade-reports', 'junit.xml'), 'utf8')).toMatch(/<testsuites /);
  });
});
