// The layers of eslint.layers.js, tried on one import line at a time: each wrong arrow fails lint,
// each right one passes. (npm run lint applies the same rules to the real files.)
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import layers from '../eslint.layers.js';
import { KATA_ROOT } from './core/curriculum.ts';

const eslint = new ESLint({
  cwd: KATA_ROOT,
  overrideConfigFile: true,
  overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } }, ...layers],
});

/** The layer rule's complaint, if any, about `from` importing `source`. */
async function complaint(from: string, source: string): Promise<string | undefined> {
  const [result] = await eslint.lintText(`import '${source}';\n`, { filePath: `${KATA_ROOT}/${from}` });
  return result?.messages.find((m) => m.ruleId === 'no-restricted-imports')?.message;
}

describe('who may import whom', () => {
  it.each([
    ['grading/score.ts', '../tooling/plan.ts', /not the learner's commands/],
    ['grading/score.ts', '../tooling/testing/kata-process.ts', /not the learner's commands/],
    ['tooling/test-command.ts', '../grading/grade.ts', /imported by nothing but its own files/],
    ['tooling/testing/kata-process.ts', '../../grading/processes.ts', /imported by nothing but its own files/],
    ['specs/harness/kata.ts', '../../tooling/plan.ts', /not the learner's commands/],
    ['specs/harness/kata.ts', '../../grading/job.ts', /imported by nothing but its own files/],
    ['specs/harness/board.ts', '../04-message-board.spec.ts', /not the other way round/],
    ['specs/03-file-server.spec.ts', '../tooling/targets.ts', /not the learner's commands/],
    ['tooling/core/curriculum.ts', '../plan.ts', /outside tooling\/core/],
    ['tooling/core/curriculum.ts', '../../specs/harness/kata.ts', /outside tooling\/core/],
  ])('%s may not import %s', async (from, source, message) => {
    expect(await complaint(from, source)).toMatch(message);
  });

  it.each([
    ['grading/score.ts', '../tooling/core/curriculum.ts'],
    ['grading/child.ts', '../specs/harness/chromium.ts'],
    ['tooling/test-command.ts', './plan.ts'],
    ['tooling/start-command.ts', '../specs/harness/server-process.ts'],
    ['specs/harness/kata.ts', '../../tooling/core/spec-run.ts'],
    ['specs/harness/kata.ts', '../mutants/index.ts'],
    ['specs/04-message-board.spec.ts', './harness/board.ts'],
    ['tooling/core/spec-run.ts', './curriculum.ts'],
    ['tooling/bench.ts', '../grading/bench.ts'],
  ])('%s may import %s', async (from, source) => {
    expect(await complaint(from, source)).toBeUndefined();
  });
});
