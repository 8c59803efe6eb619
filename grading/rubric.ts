// The rubric: how specs and coverage become points. The default is grading/rubric.json (its
// numbers and their reasons are in grading/README.md); `--rubric <file>` replaces it. A rubric
// file may give only what it changes: the rest comes from the default.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../tooling/core/args.ts';
import { KATA_ROOT } from '../tooling/core/curriculum.ts';

export interface Ramp {
  /** At or below this percentage: no coverage points. */
  zero: number;
  /** At or above this percentage: all of them; in between, in proportion. */
  full: number;
}

export interface Rubric {
  /** What a perfect submission scores, whatever the number of exercises. */
  total: number;
  /** Shares of each exercise's points: the specs passed, and coverage. They add up to 1. */
  weights: { behaviour: number; coverage: number };
  /** Each exercise's share of the total, relative to the others (default 1). */
  exercises: Record<string, number>;
  /** Points of a spec, by exercise and spec name ("describe > it"); the rest have defaultSpecPoints. */
  specPoints: Record<string, Record<string, number>>;
  defaultSpecPoints: number;
  coverage: { lines: Ramp; branches: Ramp };
  /** Specs that the untouched stub already passes earn nothing, and failing one costs its points. */
  startingPoint: boolean;
}

export const DEFAULT_RUBRIC = path.join(KATA_ROOT, 'grading', 'rubric.json');

function fail(file: string, problem: string): never {
  throw new UsageError(`rubric ${path.relative(process.cwd(), file) || file}: ${problem}`);
}

function isNumber(value: unknown, min = 0): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= min;
}

function read(file: string): Partial<Rubric> {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Partial<Rubric>;
  } catch (error) {
    fail(file, `cannot be read as JSON (${(error as Error).message})`);
  }
}

/** Checks a rubric, so that a typo fails before grading instead of scoring everyone wrong. */
export function validateRubric(rubric: Rubric, file: string): Rubric {
  if (!isNumber(rubric.total) || rubric.total <= 0) fail(file, '"total" must be a number above 0');
  const { behaviour, coverage } = rubric.weights ?? {};
  if (!isNumber(behaviour) || !isNumber(coverage) || Math.abs(behaviour + coverage - 1) > 1e-9) {
    fail(file, '"weights" must be { "behaviour": b, "coverage": c } with b + c = 1');
  }
  for (const [exercise, weight] of Object.entries(rubric.exercises ?? {})) {
    if (!isNumber(weight)) fail(file, `"exercises"."${exercise}" must be a number of at least 0`);
  }
  if (!isNumber(rubric.defaultSpecPoints)) fail(file, '"defaultSpecPoints" must be a number of at least 0');
  for (const [exercise, specs] of Object.entries(rubric.specPoints ?? {})) {
    for (const [spec, points] of Object.entries(specs)) {
      if (!isNumber(points)) fail(file, `"specPoints"."${exercise}"."${spec}" must be a number of at least 0`);
    }
  }
  for (const metric of ['lines', 'branches'] as const) {
    const ramp = rubric.coverage?.[metric];
    if (!ramp || !isNumber(ramp.zero) || !isNumber(ramp.full) || ramp.zero >= ramp.full || ramp.full > 100) {
      fail(file, `"coverage"."${metric}" must be { "zero": z, "full": f } with 0 <= z < f <= 100`);
    }
  }
  if (typeof rubric.startingPoint !== 'boolean') fail(file, '"startingPoint" must be true or false');
  return rubric;
}

export function loadRubric(file: string = DEFAULT_RUBRIC): Rubric {
  const base = read(DEFAULT_RUBRIC) as Rubric;
  const given = file === DEFAULT_RUBRIC ? {} : read(file);
  const merged: Rubric = {
    ...base,
    ...given,
    weights: { ...base.weights, ...given.weights },
    coverage: { ...base.coverage, ...given.coverage },
    exercises: { ...base.exercises, ...given.exercises },
    specPoints: { ...base.specPoints, ...given.specPoints },
  };
  return validateRubric(merged, file);
}

/** How much of a ramp's points a percentage earns, 0..1. */
export function rampScore(pct: number, ramp: Ramp): number {
  if (pct <= ramp.zero) return 0;
  if (pct >= ramp.full) return 1;
  return (pct - ramp.zero) / (ramp.full - ramp.zero);
}
