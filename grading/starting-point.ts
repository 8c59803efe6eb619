// The starting point of each exercise: the specs its untouched stub already passes (the stub of
// exercise 05 is a working board from 04, so it passes most of 05's specs). They measure no work
// of the learner's, so they earn nothing (score.ts). Recorded in grading/starting-point.json,
// measured by `npm run grade -- --update-starting-point`; when an exercise's spec file no longer
// matches the record (or an instructor adds private specs), it is measured again from the kata's
// own stubs (exercises/), and cached in .netkata/grade/.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { KATA_ROOT } from '../tooling/core/curriculum.ts';
import { gradeBatch, type RunSettings } from './batch.ts';
import { WORK_ROOT } from './work-dir.ts';
import { readRecord, RECORD_FILE, specKey, specsHash, STUBS, stubHash, type ExerciseStart, type RecordedStart, type RecordFile, type SpecKey, type StartingPoint } from './starting-point-record.ts';

export { RECORD_FILE, specKey, type ExerciseStart, type SpecKey, type StartingPoint };

/**
 * Runs the kata's own stubs and reads off, per exercise, the specs that ran and those that passed.
 * The stubs are TypeScript: they run as server.ts, whatever --server the submissions run with.
 */
async function measure(exercises: string[], settings: RunSettings): Promise<{ start: StartingPoint; complete: boolean }> {
  const stubSettings: RunSettings = { ...settings, exercises, seed: 1, serverCommand: undefined };
  const {
    runs: [run],
    broken,
  } = await gradeBatch([{ name: 'the stubs', root: KATA_ROOT, exercisesDir: STUBS, self: true }], stubSettings, () => {}, { runStubs: true });
  const start: StartingPoint = {};
  for (const exercise of exercises) {
    const specs = (run?.runs[exercise]?.specs ?? []).filter((s) => s.state !== 'skipped');
    start[exercise] = {
      specs: specs.map(({ name, file }) => ({ name, file })),
      passed: specs.filter((s) => s.state === 'passed').map(({ name, file }) => ({ name, file })),
    };
  }
  const complete = !broken && exercises.every((ex) => (start[ex]?.specs.length ?? 0) > 0 && run?.runs[ex]?.errors.length === 0);
  return { start, complete };
}

/** What the cache of measured starting points is keyed by: everything that can change a stub's results. */
function cacheKey(exercises: string[], settings: RunSettings): string {
  const hash = createHash('sha256').update(process.version);
  for (const dir of [path.join(KATA_ROOT, 'specs', 'harness'), import.meta.dirname]) {
    for (const name of readdirSync(dir).sort()) {
      if (name.endsWith('.ts') || name.endsWith('.mjs')) hash.update(name).update(readFileSync(path.join(dir, name)));
    }
  }
  for (const exercise of exercises) {
    hash.update(exercise).update(specsHash(exercise)).update(stubHash(exercise));
    for (const file of settings.privateSpecs[exercise] ?? []) hash.update(path.basename(file)).update(readFileSync(file));
  }
  return hash.digest('hex').slice(0, 16);
}

export interface FoundStart {
  start: StartingPoint;
  /** What the report should say about it: exercises measured now, or a record used though stale. */
  notes: string[];
}

/**
 * The starting point of each exercise: from the record while it matches the spec file; otherwise
 * measured from the stubs in exercises/, unless exercises/ is what is being graded (`npm run
 * grade` in a learner's clone: there it holds their work), where the record is used as it is.
 */
export async function findStartingPoint(settings: RunSettings, { gradingExercisesDir = false } = {}): Promise<FoundStart> {
  const record = readRecord();
  const start: StartingPoint = {};
  const stale: string[] = [];
  const notes: string[] = [];
  for (const exercise of settings.exercises) {
    const recorded = record[exercise];
    if (recorded && recorded.specsSha256 === specsHash(exercise) && !settings.privateSpecs[exercise]?.length) start[exercise] = recorded;
    else if (gradingExercisesDir) {
      if (recorded) start[exercise] = recorded;
      notes.push(`grading/starting-point.json ${recorded ? 'does not match the specs of' : 'has nothing for'} ${exercise}: ${recorded ? 'used as it is' : 'every spec counts'}`);
    } else stale.push(exercise);
  }
  if (stale.length === 0) return { start, notes };
  notes.push(`the starting point of ${stale.join(', ')} was measured from the stubs in exercises/ (grading/starting-point.json does not match their specs)`);

  const cache = path.join(WORK_ROOT, `starting-point-${cacheKey(stale, settings)}.json`);
  let measured: StartingPoint | undefined;
  try {
    measured = JSON.parse(await readFile(cache, 'utf8')) as StartingPoint;
  } catch {
    const result = await measure(stale, settings);
    measured = result.start;
    // Only a complete run is worth keeping: a machine too busy to run it in time measures again.
    if (result.complete) {
      await writeFile(`${cache}.part`, JSON.stringify(measured));
      await rename(`${cache}.part`, cache);
    }
  }
  return { start: { ...start, ...measured }, notes };
}

/** `npm run grade -- --update-starting-point`: measures every exercise's stub and records it. */
export async function updateStartingPoint(settings: RunSettings): Promise<string[]> {
  const { start, complete } = await measure(settings.exercises, settings);
  if (!complete) throw new Error('the stubs could not all be run to the end: nothing recorded (is every stub in exercises/ untouched and able to start?)');
  const exercises: Record<string, RecordedStart> = { ...readRecord() };
  for (const exercise of settings.exercises) {
    exercises[exercise] = { specsSha256: specsHash(exercise), stubSha256: stubHash(exercise), ...start[exercise]! };
  }
  const file: RecordFile = {
    $comment:
      'The specs each untouched stub already passes: they earn no points (grading/README.md, "The starting point"). Written by `npm run grade -- --update-starting-point`; do not edit by hand.',
    exercises,
  };
  await writeFile(RECORD_FILE, `${JSON.stringify(file, null, 2)}\n`);
  return settings.exercises.map((ex) => `${ex}: the stub passes ${start[ex]!.passed.length} of ${start[ex]!.specs.length} specs`);
}
