// What loading the grader costs: the TypeScript compiler (for --exercism's spec code alone) loads
// only when a report needs it, not with every grading run.
import { spawnSync } from 'node:child_process';
import { expect, it } from 'vitest';
import { KATA_ROOT } from '../tooling/core/curriculum.ts';

/** How many of TypeScript's files are loaded after running `script` in a fresh node. */
function typescriptFilesAfter(script: string): number {
  const probe = `
    const { createRequire } = await import('node:module');
    const require = createRequire(import.meta.url);
    ${script}
    console.log(Object.keys(require.cache).filter((file) => file.includes('/node_modules/typescript/')).length);`;
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', probe], { cwd: KATA_ROOT, encoding: 'utf8' });
  expect(result.stderr).toBe('');
  return Number(result.stdout.trim());
}

it('loads no TypeScript compiler with the grader', () => {
  expect(typescriptFilesAfter("await import('./grading/command.ts');")).toBe(0);
});

it('loads it when a report reads a spec\'s code', () => {
  expect(typescriptFilesAfter("const { specCode } = await import('./grading/reports/spec-source.ts'); specCode('specs/01-raw-socket.spec.ts', 1);")).toBeGreaterThan(0);
});
