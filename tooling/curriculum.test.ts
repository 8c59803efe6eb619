// The manifest check: every exercise in curriculum.json has its lesson, stub, solution, specs and
// mutants, they agree with each other, and nothing in the tree is left unlisted.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lessonSteps } from '../specs/harness/lesson.ts';
import { buildMutant, loadMutants } from '../specs/mutants/index.ts';
import { loadVariants, variantFolder } from '../specs/variants/index.ts';
import { KATA_ROOT, exerciseDir, lessonFile, loadCurriculum, loadReadings, mutantsFile, solutionDir, specFile, type Exercise } from './core/curriculum.ts';
import { hintsFile, loadHints } from './hints.ts';
import { BOARD_STEPS } from '../specs/message-board-lesson.ts';
import { pristineKata } from './testing/pristine-kata.ts';

const exercises = loadCurriculum();
const readings = loadReadings();
// The kata's own stubs: in a learner's checkout, exercises/ holds their work.
const kata = pristineKata();
afterAll(() => kata.remove());

/**
 * The lesson steps a spec file cites: its `step: N` literals, and, when it runs the board's shared
 * specs with exercise 04's lesson (`describeMessageBoard(server)`), the steps of BOARD_STEPS
 * (specs/message-board-lesson.ts). (A wrong step would also throw at run time, but only once a spec fails.)
 */
function citedSteps(ex: Exercise): number[] {
  const text = readFileSync(specFile(ex), 'utf8');
  const steps = [...text.matchAll(/\bstep: (\d+)/g)].map((m) => Number(m[1]));
  // A spec file that names its steps by topic (`const STEP = { board: 1, time: 2 }`).
  const named = /\bconst STEP = \{([^}]*)\}/.exec(text)?.[1] ?? '';
  steps.push(...[...named.matchAll(/: (\d+)/g)].map((m) => Number(m[1])));
  if (/describeMessageBoard\(server\)/.test(text)) steps.push(...Object.values(BOARD_STEPS));
  return steps;
}

/** Files below `dir`, relative to it, README.md at the top left out. */
function filesBelow(dir: string, prefix = ''): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    const relative = path.join(prefix, name);
    if (statSync(full).isDirectory()) return filesBelow(full, relative);
    return relative === 'README.md' ? [] : [relative];
  });
}

describe('curriculum.json', () => {
  it('lists exercises numbered 01, 02, ... in order, each slug starting with its id', () => {
    expect(exercises.length).toBeGreaterThan(0);
    exercises.forEach((ex, index) => {
      expect(ex.id, `exercise #${index + 1}`).toBe(String(index + 1).padStart(2, '0'));
      expect(ex.slug, `slug of ${ex.id}`).toMatch(new RegExp(`^${ex.id}-[a-z0-9-]+$`));
      expect(ex.title.length, `title of ${ex.slug}`).toBeGreaterThan(0);
      expect(ex.teaches.length, `"teaches" of ${ex.slug}`).toBeGreaterThan(0);
    });
  });

  it("names, for an exercise that runs another's specs (reusesSpecs), an earlier exercise", () => {
    // The self-check takes those specs as proven where they are defined (tooling/selfcheck.ts).
    for (const ex of exercises.filter((e) => e.reusesSpecs)) {
      const of = exercises.findIndex((e) => e.id === ex.reusesSpecs?.of);
      expect(of, `reusesSpecs.of of ${ex.slug}`).toBeGreaterThanOrEqual(0);
      expect(of, `reusesSpecs.of of ${ex.slug}`).toBeLessThan(exercises.indexOf(ex));
      expect(ex.reusesSpecs?.as.length, `reusesSpecs.as of ${ex.slug}`).toBeGreaterThan(0);
    }
  });

  it('leaves no exercise, solution, spec, mutant or variant file unlisted', () => {
    const slugs = new Set(exercises.map((ex) => ex.slug));
    const unlisted = [
      ...readdirSync(path.join(KATA_ROOT, 'exercises')).map((name) => `exercises/${name}`),
      ...readdirSync(path.join(KATA_ROOT, 'solutions')).map((name) => `solutions/${name}`),
      ...readdirSync(path.join(KATA_ROOT, 'specs'))
        .filter((name) => name.endsWith('.spec.ts'))
        .map((name) => `specs/${name.replace(/\.spec\.ts$/, '')}`),
      ...readdirSync(path.join(KATA_ROOT, 'specs', 'mutants'))
        .filter((name) => name !== 'index.ts')
        .map((name) => `specs/mutants/${name.replace(/\.ts$/, '')}`),
      ...readdirSync(path.join(KATA_ROOT, 'specs', 'variants'))
        .filter((name) => name !== 'index.ts')
        .map((name) => `specs/variants/${name.replace(/\.ts$/, '')}`),
    ].filter((entry) => !slugs.has(path.basename(entry)) && !entry.endsWith('README.md') && !readings.some((reading) => reading.path === entry));
    expect(unlisted, 'add these to curriculum.json, or remove them').toEqual([]);
  });

  it('lists readings that exist, each after an exercise it names, and none named like an exercise folder', () => {
    for (const reading of readings) {
      expect(existsSync(path.join(KATA_ROOT, reading.path)), `reading "${reading.title}": ${reading.path}`).toBe(true);
      expect(reading.path, `reading "${reading.title}": a page in exercises/`).toMatch(/^exercises\/[^/]+\.md$/);
      // A name like "06-..." would be taken for an exercise folder by the tools that look for them.
      expect(path.basename(reading.path), `reading "${reading.title}"`).not.toMatch(/^\d{2}-/);
      expect(exercises.map((ex) => ex.id), `reading "${reading.title}" comes after exercise "${reading.after}"`).toContain(reading.after);
      expect(reading.teaches.length, `"teaches" of ${reading.path}`).toBeGreaterThan(0);
    }
  });
});

describe.each(exercises.map((ex) => [ex.slug, ex] as const))('%s', (_slug, ex) => {
  it('has a lesson with steps numbered 1, 2, 3, ...', () => {
    expect(existsSync(lessonFile(ex)), lessonFile(ex)).toBe(true);
    const steps = [...lessonSteps(readFileSync(lessonFile(ex), 'utf8')).keys()];
    expect(steps.length).toBeGreaterThan(0);
    expect(steps).toEqual(steps.map((_, i) => i + 1));
  });

  it('has a stub with a TODO for the learner', () => {
    const stub = path.join(exerciseDir(ex, kata.root), 'server.ts');
    expect(existsSync(stub), stub).toBe(true);
    expect(readFileSync(stub, 'utf8')).toMatch(/\/\/ TODO: step \d+/);
  });

  it('has a solution that mirrors the exercise folder, with no TODO left', () => {
    expect(filesBelow(solutionDir(ex)).sort()).toEqual(filesBelow(exerciseDir(ex, kata.root)).sort());
    expect(readFileSync(path.join(solutionDir(ex), 'server.ts'), 'utf8')).not.toMatch(/TODO/);
  });

  it('has specs whose lesson steps all exist', () => {
    const steps = lessonSteps(readFileSync(lessonFile(ex), 'utf8'));
    const cited = citedSteps(ex);
    expect(cited.length, 'the specs cite no lesson step').toBeGreaterThan(0);
    expect(cited.filter((step) => !steps.has(step)), `steps cited in ${specFile(ex)} but missing from the lesson`).toEqual([]);
  });

  it('has hints for every lesson step its specs cite, and only for steps the lesson has', () => {
    expect(existsSync(hintsFile(ex)), hintsFile(ex)).toBe(true);
    const steps = lessonSteps(readFileSync(lessonFile(ex), 'utf8'));
    const hints = loadHints(ex);
    const cited = new Set(citedSteps(ex));
    expect([...cited].filter((step) => !hints.get(step)?.length), `steps with no hint in ${hintsFile(ex)}`).toEqual([]);
    expect([...hints.keys()].filter((step) => !steps.has(step)), `hints for steps the lesson does not have`).toEqual([]);
  });

  it('has mutants with unique names and reasons, whose edits apply to the solution', async () => {
    expect(existsSync(mutantsFile(ex)), mutantsFile(ex)).toBe(true);
    const mutants = await loadMutants(ex.slug);
    expect(mutants.length).toBeGreaterThan(0);
    expect(new Set(mutants.map((m) => m.name)).size).toBe(mutants.length);
    const temp = await mkdtemp(path.join(tmpdir(), 'netkata-manifest-'));
    try {
      for (const mutant of mutants) {
        expect(mutant.reason.length, `reason of ${mutant.name}`).toBeGreaterThan(0);
        await buildMutant(mutant, solutionDir(ex), path.join(temp, mutant.name));
      }
    } finally {
      await rm(temp, { recursive: true, force: true });
    }
  });
});

describe.each(exercises.map((ex) => [ex.slug, ex] as const))('%s, proved from both sides', (_slug, ex) => {
  it('names, for each mutant, a lesson step that explains its bug (its first failure must point there)', async () => {
    const steps = lessonSteps(readFileSync(lessonFile(ex), 'utf8'));
    const mutants = await loadMutants(ex.slug);
    const wrong = mutants.filter((m) => m.step === undefined || !steps.has(m.step)).map((m) => `${m.name}: step ${m.step ?? '(none)'}`);
    expect(wrong, `give each mutant in specs/mutants/${ex.slug}.ts a step: N that its lesson has`).toEqual([]);
  });

  it('names the lesson step that says its server keeps serving (useServer({ staysUpStep }))', () => {
    expect(readFileSync(specFile(ex), 'utf8'), `${path.relative(KATA_ROOT, specFile(ex))}: useServer({ staysUpStep: N })`).toMatch(/useServer\(\{[^)]*\bstaysUpStep:/);
  });

  it('has valid variants, one in TypeScript and one run through --server, each with its own folder', async () => {
    const variants = await loadVariants(ex.slug);
    expect(variants.some((v) => !v.server), `specs/variants/${ex.slug}.ts: a TypeScript variant`).toBe(true);
    expect(variants.some((v) => v.server), `specs/variants/${ex.slug}.ts: a variant in another language, through server: [...]`).toBe(true);
    expect(new Set(variants.map((v) => v.name)).size).toBe(variants.length);
    for (const variant of variants) {
      expect(variant.reason.length, `reason of ${variant.name}`).toBeGreaterThan(0);
      const folder = variantFolder(ex.slug, variant);
      expect(existsSync(variant.server ? folder : path.join(folder, 'server.ts')), `${path.relative(KATA_ROOT, folder)}${variant.server ? '' : '/server.ts'}`).toBe(true);
    }
    const folders = existsSync(path.join(KATA_ROOT, 'specs', 'variants', ex.slug)) ? readdirSync(path.join(KATA_ROOT, 'specs', 'variants', ex.slug)) : [];
    expect(folders.filter((name) => !variants.some((v) => v.name === name)), `folders in specs/variants/${ex.slug}/ that specs/variants/${ex.slug}.ts does not declare`).toEqual([]);
  });
});

describe('specs that read server.ts', () => {
  // With --server "<command>" the server may be in any language: a spec that reads server.ts's
  // imports (server.current.build) must skip itself first, or it would throw for those learners.
  const files = [...readdirSync(path.join(KATA_ROOT, 'specs')).map((name) => path.join('specs', name)), ...readdirSync(path.join(KATA_ROOT, 'specs', 'harness')).map((name) => path.join('specs', 'harness', name))].filter(
    (file) => file.endsWith('.ts') && !file.endsWith('.test.ts'),
  );

  it.each(files)('%s skips them for a --server command (onlyForTypeScript)', (file) => {
    const text = readFileSync(path.join(KATA_ROOT, file), 'utf8');
    for (const read of text.matchAll(/server\.current\.build\b/g)) {
      const spec = text.slice(text.lastIndexOf('it(', read.index), read.index);
      const line = text.slice(0, read.index).split('\n').length;
      expect(spec, `${file}:${line} reads server.current.build without onlyForTypeScript(context) before it`).toContain('onlyForTypeScript(context)');
    }
  });
});
