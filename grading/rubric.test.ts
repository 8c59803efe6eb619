// The rubric: the default is valid and documented, a partial rubric keeps the rest of the default,
// and a rubric with a mistake is refused with one line that names it.
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../tooling/core/args.ts';
import { KATA_ROOT } from '../tooling/core/curriculum.ts';
import { DEFAULT_RUBRIC, loadRubric } from './rubric.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'netkata-rubric-test-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function rubricFile(content: unknown): Promise<string> {
  const file = path.join(dir, `${Math.random().toString(36).slice(2)}.json`);
  await writeFile(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

describe('loadRubric', () => {
  it('loads the default rubric, whose every number grading/README.md explains', () => {
    const rubric = loadRubric();
    expect(rubric.weights.behaviour + rubric.weights.coverage).toBe(1);
    const readme = readFileSync(path.join(KATA_ROOT, 'grading', 'README.md'), 'utf8');
    for (const key of ['total', 'weights', 'exercises', 'defaultSpecPoints', 'specPoints', 'coverage', 'startingPoint']) {
      expect(readme, `grading/README.md explains "${key}"`).toContain(`\`${key}\``);
    }
  });

  it('takes from the default whatever a rubric file leaves out', async () => {
    const rubric = loadRubric(await rubricFile({ weights: { behaviour: 1, coverage: 0 }, specPoints: { '01-raw-socket': { 'a > b': 3 } } }));
    expect(rubric.weights).toEqual({ behaviour: 1, coverage: 0 });
    expect(rubric.total).toBe(loadRubric(DEFAULT_RUBRIC).total);
    expect(rubric.coverage).toEqual(loadRubric().coverage);
    expect(rubric.specPoints['01-raw-socket']).toEqual({ 'a > b': 3 });
  });

  it.each([
    ['weights that do not add up to 1', { weights: { behaviour: 0.5, coverage: 0.2 } }, /"weights"/],
    ['a ramp whose zero is above its full', { coverage: { lines: { zero: 90, full: 50 } } }, /"coverage"."lines"/],
    ['negative spec points', { specPoints: { '01-raw-socket': { x: -1 } } }, /"specPoints"."01-raw-socket"."x"/],
    ['a total of 0', { total: 0 }, /"total"/],
    ['text that is not JSON', '{ total: 100 ', /cannot be read as JSON/],
  ])('refuses %s', async (_name, content, message) => {
    const file = await rubricFile(content);
    expect(() => loadRubric(file)).toThrow(UsageError);
    expect(() => loadRubric(file)).toThrow(message);
  });
});
