// Plain `npm test` (the self-check) in a learner's checkout, as a real child process. The checkout
// is a copy of this kata's files, committed in a repository of its own, whose exercise 01 has one
// small spec and no mutants or variants (so that a run takes seconds, not the minute that 01's own
// take): the self-check's judging of 01 is what is tested, not 01. Then 01 is solved and the work
// committed, as a learner who pushes their work does. The self-check must judge the kata's own
// stub, pass, say first what it checks, and leave no process or temp folder behind, also when npm
// gets SIGTERM (an IDE's stop button).
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi, type TestContext } from 'vitest';
import { KATA_ROOT, loadCurriculum } from './core/curriculum.ts';
import { killProcessesWithEnv } from './core/processes.ts';
import { resolvePristineStubs } from './core/pristine-stubs.ts';
import { SelfCheckReporter } from './reporters.ts';
import { processesMarked, startKata, startNpm, waitFor, type KataProcess } from './testing/kata-process.ts';
import { copyKata } from './testing/pristine-kata.ts';

// While the whole self-check loads both cores, a run of a few seconds can take far longer.
vi.setConfig({ testTimeout: 120_000 });

const first = loadCurriculum()[0]!;
const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=learner', '-c', 'user.email=learner@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd, stdio: 'pipe' });

// Exercise 01 of the copy: a spec that a server.ts with a TODO left fails, with a teaching failure.
// It holds while NETKATA_TEST_HOLD is set, with the server running and a temp folder of its own made
// (as 03's spec copies its folder), for the test that stops the run.
const SPEC = `import { mkdtemp, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, it } from 'vitest';
import { useServer } from './harness/kata.ts';
import { check } from './harness/teach.ts';

const server = useServer();
let temp = '';
beforeAll(async () => {
  temp = await mkdtemp(path.join(tmpdir(), 'netkata-fixture-'));
});
afterAll(() => rm(temp, { recursive: true, force: true }));

it('has every TODO done', async () => {
  if (process.env.NETKATA_TEST_HOLD) await new Promise(() => {});
  const source = readFileSync(path.join(server.dir, 'server.ts'), 'utf8');
  check(!source.includes('TODO'), { expected: 'no TODO left in server.ts', got: 'a TODO', step: 1 });
});
`;

/** The learner's checkout, or why it cannot be made here (it is a git repository, and the kata's stubs come from git). */
function learnersCheckout(root: string): string | { why: string } {
  if (spawnSync('git', ['--version']).error) return { why: 'git is not installed' };
  // The kata as it ships: its own stubs in exercises/, whatever this checkout's hold.
  const { stubs, notes } = resolvePristineStubs(loadCurriculum().map((ex) => ex.slug), { tempDir: () => path.join(root, 'stubs') });
  if ([...stubs.values()].some((stub) => stub.from === 'as-is')) return { why: notes.join('; ') };
  const kata = path.join(root, 'kata');
  copyKata(kata, stubs);
  writeFileSync(path.join(kata, 'specs', `${first.slug}.spec.ts`), SPEC);
  writeFileSync(path.join(kata, 'specs', 'mutants', `${first.slug}.ts`), "import { defineMutants } from './index.ts';\n\nexport default defineMutants([]);\n");
  writeFileSync(path.join(kata, 'specs', 'variants', `${first.slug}.ts`), "import { defineVariants } from './index.ts';\n\nexport default defineVariants([]);\n");
  git(kata, 'init', '--quiet');
  git(kata, 'add', '--all');
  git(kata, 'commit', '--quiet', '-m', 'the kata');
  cpSync(path.join(KATA_ROOT, 'solutions', first.slug, 'server.ts'), path.join(kata, 'exercises', first.slug, 'server.ts'));
  git(kata, 'commit', '--quiet', '-am', `solved ${first.id}`);
  return kata;
}

let root: string;
let kata: string | { why: string };
beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'netkata-learner-'));
  kata = learnersCheckout(root);
});
afterAll(() => rm(root, { recursive: true, force: true }));

/** A temp folder and a marker of the test's own, for what the run leaves behind. */
async function watched(context: TestContext, name: string): Promise<{ marker: string; tmp: string; kata: string }> {
  if (typeof kata !== 'string') return context.skip(`the kata's own stubs cannot be had here: ${kata.why}`);
  const marker = `NETKATA_SELF_CHECK_${name}_${process.pid}_${Date.now()}`;
  const tmp = await mkdtemp(path.join(tmpdir(), 'self-check-tmp-'));
  context.onTestFinished(() => rm(tmp, { recursive: true, force: true }));
  // Whatever this test finds left behind, it ends too, so that a failure does not leak.
  context.onTestFinished(() => void killProcessesWithEnv(marker, '1'));
  return { marker, tmp, kata };
}

/** What is left of a run: its processes, and the kata's temp folders (tsx keeps a cache there too). */
async function leftovers(marker: string, tmp: string): Promise<{ processes: string[]; folders: string[] }> {
  // Each with what it still holds, so that a failure says who left it.
  const folders = () =>
    readdirSync(tmp)
      .filter((name) => name.startsWith('netkata-'))
      .map((name) => [name, ...readdirSync(path.join(tmp, name), { recursive: true, encoding: 'utf8' }).slice(0, 8)].join(' '));
  // Servers get 1 s after SIGTERM.
  await waitFor(() => processesMarked(marker).length === 0 && folders().length === 0, 5000);
  return { processes: processesMarked(marker).map((p) => p.args), folders: folders() };
}

describe(`plain npm test in a learner's checkout where ${first.id} is solved and committed`, () => {
  it("judges the kata's own stub, passes, says first what it checks, and leaves nothing behind", async (context) => {
    const { marker, tmp, kata } = await watched(context, 'RUN');
    const run: KataProcess = startKata(context, ['test', '--only', first.id], { [marker]: '1', TMPDIR: tmp }, { root: kata });
    const status = await run.exited;
    const output = run.output();
    expect(output.split('\n')[0]).toBe(SelfCheckReporter.firstLine);
    expect(output).toContain(`note: exercises/${first.slug} differs from the kata's stub (your work?): judging the kata's own, read from git`);
    expect(output).toMatch(/^self-check: \d+ passed, 0 failed$/m);
    expect(status, output).toBe(0);
    // The learner's work is where they left it.
    expect(readFileSync(path.join(kata, 'exercises', first.slug, 'server.ts'), 'utf8')).toBe(readFileSync(path.join(KATA_ROOT, 'solutions', first.slug, 'server.ts'), 'utf8'));
    expect(await leftovers(marker, tmp)).toEqual({ processes: [], folders: [] });
  });

  it('leaves no server, worker or temp folder behind when npm gets SIGTERM', async (context) => {
    const { marker, tmp, kata } = await watched(context, 'SIGTERM');
    const npm = startNpm(context, ['test', '--', '--only', first.id], { [marker]: '1', TMPDIR: tmp, NETKATA_TEST_HOLD: '1' }, { root: kata });
    // Both runs (solution and stub) hold with their servers up and their temp folders made.
    const servers = () => processesMarked(marker).filter((p) => p.args.includes('server.mjs'));
    expect(await waitFor(() => servers().length >= 2, 60_000), `two servers were running when SIGTERM came\n${npm.output()}`).toBe(true);
    npm.child.kill('SIGTERM'); // npm alone, not its process group: what an IDE's stop button does
    await npm.exited;
    expect(await leftovers(marker, tmp)).toEqual({ processes: [], folders: [] });
  });
});
