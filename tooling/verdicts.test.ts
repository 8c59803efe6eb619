// Recorded verdicts (tooling/verdicts.ts): what makes one stale, and what a broken record does.
import { cp, mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { KATA_ROOT } from './core/curriculum.ts';
import { progressOf } from './progress.ts';
import type { ProjectResult } from './core/results.ts';
import { folderHash, readVerdict, recordVerdict } from './verdicts.ts';

const EXERCISE = '02-http-handler';
let temp: string;
let dir: string;
let savedStateDir: string | undefined;

const result = (overrides: Partial<ProjectResult> = {}): ProjectResult => ({
  project: `${EXERCISE} › test`,
  specs: [
    { name: 'GET / > answers 200', state: 'passed' },
    { name: 'GET / > sends Content-Type', state: 'failed', message: 'Expected: ...', failure: 'teaching', step: 3 },
  ],
  errors: [],
  durationMs: 12,
  ...overrides,
});

beforeAll(async () => {
  temp = await mkdtemp(path.join(tmpdir(), 'netkata-verdicts-'));
});
afterAll(() => rm(temp, { recursive: true, force: true }));

beforeEach(async (context) => {
  // A folder and a state dir of this test's own, so that nothing here touches .netkata/.
  const own = path.join(temp, context.task.id);
  dir = path.join(own, EXERCISE);
  await cp(path.join(KATA_ROOT, 'solutions', EXERCISE), dir, { recursive: true });
  savedStateDir = process.env.KATA_STATE_DIR;
  process.env.KATA_STATE_DIR = path.join(own, 'state');
});
afterEach(() => {
  if (savedStateDir === undefined) delete process.env.KATA_STATE_DIR;
  else process.env.KATA_STATE_DIR = savedStateDir;
  vi.restoreAllMocks();
});

/** The one record file of the test's state dir. */
async function recordFile(): Promise<string> {
  const verdicts = path.join(process.env.KATA_STATE_DIR!, 'verdicts');
  const files = await readdir(verdicts);
  expect(files).toHaveLength(1);
  return path.join(verdicts, files[0]!);
}

describe('folderHash', () => {
  it('is the same for the same files, and changes with any file under the folder', async () => {
    const before = folderHash(dir, EXERCISE);
    expect(folderHash(dir, EXERCISE)).toBe(before);
    await writeFile(path.join(dir, 'server.ts'), '// changed\n', { flag: 'a' });
    const edited = folderHash(dir, EXERCISE);
    expect(edited).not.toBe(before);
    await mkdir(path.join(dir, 'public', 'deep'), { recursive: true });
    await writeFile(path.join(dir, 'public', 'deep', 'page.html'), '<p>hi</p>');
    expect(folderHash(dir, EXERCISE)).not.toBe(edited);
  });

  it('leaves out node_modules, and does not fail on a dangling link', async () => {
    const before = folderHash(dir, EXERCISE);
    await mkdir(path.join(dir, 'node_modules', 'x'), { recursive: true });
    await writeFile(path.join(dir, 'node_modules', 'x', 'index.js'), '');
    expect(folderHash(dir, EXERCISE)).toBe(before);
    await symlink(path.join(dir, 'nowhere'), path.join(dir, 'dangling'));
    expect(folderHash(dir, EXERCISE)).not.toBe(before);
  });

  it("changes when the exercise's spec file or the harness changes", async () => {
    // A kata of its own: the spec file, the harness and results.ts are what a verdict depends on.
    const root = path.join(temp, 'kata');
    await mkdir(path.join(root, 'specs', 'harness'), { recursive: true });
    await mkdir(path.join(root, 'tooling'), { recursive: true });
    await writeFile(path.join(root, 'specs', `${EXERCISE}.spec.ts`), 'spec v1');
    await writeFile(path.join(root, 'specs', 'harness', 'teach.ts'), 'harness v1');
    await writeFile(path.join(root, 'tooling', 'results.ts'), 'results v1');
    const first = folderHash(dir, EXERCISE, root);
    await writeFile(path.join(root, 'specs', `${EXERCISE}.spec.ts`), 'spec v2');
    const second = folderHash(dir, EXERCISE, root);
    await writeFile(path.join(root, 'specs', 'harness', 'teach.ts'), 'harness v2');
    const third = folderHash(dir, EXERCISE, root);
    expect(new Set([first, second, third]).size).toBe(3);
    // Another exercise's spec is not part of it.
    await writeFile(path.join(root, 'specs', '03-file-server.spec.ts'), 'other');
    expect(folderHash(dir, EXERCISE, root)).toBe(third);
  });
});

describe('recordVerdict and readVerdict', () => {
  it('reads back what was recorded while the folder stays the same', () => {
    expect(readVerdict(EXERCISE, dir)).toBeUndefined();
    expect(recordVerdict(EXERCISE, dir, result())).toBe(true);
    expect(readVerdict(EXERCISE, dir)).toEqual(result());
  });

  it('gives nothing once a file of the folder changed', async () => {
    recordVerdict(EXERCISE, dir, result());
    await writeFile(path.join(dir, 'server.ts'), '// changed\n', { flag: 'a' });
    expect(readVerdict(EXERCISE, dir)).toBeUndefined();
  });

  it('keeps a verdict about a --server command apart from one about server.ts', () => {
    recordVerdict(EXERCISE, dir, result(), { serverCommand: ['python3', 'server.py'] });
    expect(readVerdict(EXERCISE, dir)).toBeUndefined();
    expect(readVerdict(EXERCISE, dir, { serverCommand: ['python3', 'server.py'] })).toEqual(result());
  });

  it('records nothing, and drops an older record, for a run whose server did not start', () => {
    recordVerdict(EXERCISE, dir, result());
    expect(recordVerdict(EXERCISE, dir, result({ specs: [], errors: ['Your server exited with code 1 before it listened'] }))).toBe(false);
    expect(readVerdict(EXERCISE, dir)).toBeUndefined();
  });

  it('records nothing when the folder changed while the specs ran', async () => {
    const judged = folderHash(dir, EXERCISE);
    await writeFile(path.join(dir, 'server.ts'), '// saved during the run\n', { flag: 'a' });
    expect(recordVerdict(EXERCISE, dir, result(), { judgedHash: judged })).toBe(false);
    expect(readVerdict(EXERCISE, dir)).toBeUndefined();
  });

  it.each([
    ['not JSON', 'garbage{\n', /\(not JSON: .*\)/],
    ['JSON of another shape', '[1, 2]\n', /\(no hash or version\)/],
    ['a spec with no state', JSON.stringify({ version: 1, hash: 'x', result: { specs: [{ name: 'a' }], errors: [] } }), /\(a spec without a name or a state\)/],
  ])('ignores a record that is %s, with a one-line note', async (_kind, text, why) => {
    recordVerdict(EXERCISE, dir, result());
    await writeFile(await recordFile(), text);
    const notes = vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(readVerdict(EXERCISE, dir)).toBeUndefined();
    expect(notes).toHaveBeenCalledTimes(1);
    const note = String(notes.mock.calls[0]![0]);
    expect(note).not.toContain('\n');
    expect(note).toMatch(/^note: ignored .*02-http-handler-[0-9a-f]+\.json /);
    expect(note).toMatch(why);
    expect(note).toMatch(/; running the specs again$/);
    // And the next run's verdict replaces it.
    expect(recordVerdict(EXERCISE, dir, result())).toBe(true);
    expect(readVerdict(EXERCISE, dir)).toEqual(result());
  });

  it('ignores a record it cannot read, with a one-line note', async () => {
    recordVerdict(EXERCISE, dir, result());
    const file = await recordFile();
    await rm(file);
    await mkdir(file); // reading it fails with EISDIR
    const notes = vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(readVerdict(EXERCISE, dir)).toBeUndefined();
    expect(notes).toHaveBeenCalledTimes(1);
    expect(String(notes.mock.calls[0]![0])).toMatch(/^note: ignored .*\(EISDIR.*\); running the specs again$/);
  });

  it('says in a note, and does not throw, when it cannot write the record', async () => {
    await writeFile(process.env.KATA_STATE_DIR!, 'a file where the state folder should be');
    const notes = vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(recordVerdict(EXERCISE, dir, result())).toBe(false);
    expect(String(notes.mock.calls[0]![0])).toMatch(/^note: could not record the verdict for .*02-http-handler in /);
  });
});

describe('progressOf', () => {
  const exercise = { id: '02', slug: EXERCISE, title: 'An HTTP request handler', teaches: '' };

  it("takes the step of the first failure, or of the first that names one when it is a spec's raw error", () => {
    expect(progressOf(exercise, result())).toMatchObject({ state: 'in progress', passing: 1, total: 2, step: 3 });
    // What the untouched stub passes already is no progress of the learner's.
    expect(progressOf(exercise, result(), { untouched: true })).toMatchObject({ state: 'not started', passing: 0, total: 2 });
    const raw = result({
      specs: [
        { name: 'a', state: 'failed', message: 'socket hang up', failure: 'raw' },
        { name: 'b', state: 'failed', message: 'Expected: ...', failure: 'teaching', step: 5 },
      ],
    });
    expect(progressOf(exercise, raw)).toMatchObject({ state: 'not started', step: 5 });
  });

  it('counts skipped specs out, and says when the server did not start', () => {
    const skipped = result({ specs: [{ name: 'a', state: 'passed' }, { name: 'in a browser', state: 'skipped' }] });
    expect(progressOf(exercise, skipped)).toMatchObject({ state: 'passing', passing: 1, total: 1 });
    expect(progressOf(exercise, result({ errors: ['did not start'] })).state).toBe('does not start');
    expect(progressOf(exercise, undefined).state).toBe('does not start');
  });
});
