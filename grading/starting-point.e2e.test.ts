// The record of the starting point (grading/starting-point.json) is current: measured with the
// spec files and the stubs there are now. The grader would still be right without it when it can
// run the stubs, but not in a learner's clone, whose exercises/ holds their work. And a starting
// point measured now is measured on the stubs as they are: TypeScript, whatever --server says.
import { readdirSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { loadCurriculum } from '../tooling/core/curriculum.ts';
import { prepareRun } from './grade.ts';
import { WORK_ROOT } from './work-dir.ts';
import { findStartingPoint } from './starting-point.ts';
import { readRecord, specsHash, stubHash } from './starting-point-record.ts';

const record = readRecord();
const AGAIN = 'a spec file or a stub changed since: run `npm run grade -- --update-starting-point` and commit grading/starting-point.json';
const first = loadCurriculum()[0]!;

describe('grading/starting-point.json', () => {
  it.each(loadCurriculum().map((ex) => ex.slug))('records %s with its current specs and stub', (exercise) => {
    const entry = record[exercise];
    expect(entry, `no entry for ${exercise}: ${AGAIN}`).toBeDefined();
    expect(entry!.specsSha256, `${exercise}: ${AGAIN}`).toBe(specsHash(exercise));
    expect(entry!.stubSha256, `${exercise}: ${AGAIN}`).toBe(stubHash(exercise));
    expect(entry!.specs.length).toBeGreaterThan(0);
  });
});

describe('a starting point measured now', () => {
  it('runs the stubs as server.ts even in a --server run', { timeout: 120_000 }, async () => {
    // A private spec makes the grader measure 01's stub now; one of a kind, so no cached result is used.
    const specs = await mkdtemp(path.join(tmpdir(), 'netkata-start-specs-'));
    const spec = path.join(specs, `${first.slug}.extra.spec.ts`);
    await writeFile(spec, `import { it } from 'vitest';\nit('is one of a kind: ${process.pid} ${Date.now()}', () => {});\n`);
    const cachesBefore = new Set(readdirSync(WORK_ROOT));
    const { run, dispose } = await prepareRun({ exercises: [first.slug], privateSpecs: { [first.slug]: [spec] }, seed: 1, timeoutSeconds: 60, jobs: 1, serverCommand: ['python3', 'server.py'] });
    onTestFinished(async () => {
      await dispose();
      await rm(specs, { recursive: true, force: true });
      const made = readdirSync(WORK_ROOT).filter((name) => name.startsWith('starting-point-') && !cachesBefore.has(name));
      await Promise.all(made.map((name) => rm(path.join(WORK_ROOT, name), { force: true })));
    });
    const { start } = await findStartingPoint(run);
    // The stub passes "uses node:net", a spec that reads server.ts: measured, not skipped.
    expect(start[first.slug]!.passed.map((s) => s.name)).toEqual(expect.arrayContaining(record[first.slug]!.passed.map((s) => s.name)));
  });
});
