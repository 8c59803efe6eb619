// The harness's side of a mutant's run in the self-check (SpecRun.untilFirstFailure): its specs
// stop at the first failure. Run for real: vitest on a small spec file, given a run as the
// self-check gives one.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startVitest } from 'vitest/node';
import { KATA_ROOT } from '../../tooling/core/curriculum.ts';
import type { SpecRun } from '../../tooling/core/spec-run.ts';

const FIXTURE = path.join(import.meta.dirname, 'fixtures', 'three-specs.fixture.ts');

/** Each spec's state, in file order, when the fixture runs as `run`. */
async function statesFor(run: SpecRun): Promise<(string | undefined)[]> {
  const vitest = await startVitest('test', [], {
    watch: false,
    root: KATA_ROOT,
    config: false,
    reporters: [{}], // none of its own output: the states are read below
    include: [FIXTURE],
    provide: { run, seed: 1, alone: false },
  });
  try {
    return vitest.state.getFiles()[0]?.tasks.map((task) => task.result?.state) ?? [];
  } finally {
    await vitest.close();
  }
}

const mutant: SpecRun = { name: 'fixture › mutant m', exercise: '01-raw-socket', dir: KATA_ROOT, role: 'mutant', mutant: 'm', expectedStep: 1 };

describe('a mutant run', () => {
  it('skips the specs after its first failure when it runs until the first failure', async () => {
    expect(await statesFor({ ...mutant, untilFirstFailure: true })).toEqual(['pass', 'fail', 'skip']);
  });

  it('runs every spec otherwise (npm test -- --every-spec, and every other kind of run)', async () => {
    expect(await statesFor(mutant)).toEqual(['pass', 'fail', 'pass']);
  });
});
