// Copying a submission's exercise folders for grading: which exercises count as handed in.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copySubmission } from './work-dir.ts';
import type { Submission } from './types.ts';

let dir: string;
let submission: Submission;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'netkata-sandbox-'));
  const exercises = path.join(dir, 'alice', 'exercises');
  await mkdir(path.join(exercises, '01-raw-socket'), { recursive: true });
  await writeFile(path.join(exercises, '01-raw-socket', 'server.ts'), '// mine\n');
  await mkdir(path.join(exercises, '02-http-handler'), { recursive: true });
  await writeFile(path.join(exercises, '02-http-handler', 'server.py'), '# mine\n');
  submission = { name: 'alice', root: path.join(dir, 'alice'), exercisesDir: exercises, self: false };
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('copySubmission', () => {
  const slugs = ['01-raw-socket', '02-http-handler', '03-file-server'];

  it('counts an exercise handed in when its folder holds server.ts', async () => {
    const copy = await copySubmission(submission, slugs, (exercise) => path.join(dir, 'copy-ts', exercise));
    expect(copy).toMatchObject({ copied: ['01-raw-socket'], missing: ['02-http-handler', '03-file-server'] });
  });

  it('with a --server command, counts it handed in when its folder exists', async () => {
    const copy = await copySubmission(submission, slugs, (exercise) => path.join(dir, 'copy-any', exercise), { serverCommand: true });
    expect(copy).toMatchObject({ copied: ['01-raw-socket', '02-http-handler'], missing: ['03-file-server'] });
  });
});
