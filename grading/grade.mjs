// Entry point of the grader: `node grading/grade.mjs [submission... | --class <dir>] [options]`
// (npm run grade). Plain JavaScript, like tooling/kata.mjs: the grader's TypeScript loads as one
// bundle (tooling/core/load-tooling.mjs). Each batch of submissions runs in a grading child,
// grading/child.mjs.
import path from 'node:path';
import { useCompileCache } from '../tooling/core/compile-cache.mjs';
import { importTooling } from '../tooling/core/load-tooling.mjs';
import { stopWhenParentGoes } from '../tooling/core/entry.mjs';

stopWhenParentGoes();
useCompileCache();
const grader = /** @type {{ gradeCommand: (args: string[]) => Promise<number> }} */ (await importTooling(path.join(import.meta.dirname, 'command.ts')));
process.exitCode = await grader.gradeCommand(process.argv.slice(2));
