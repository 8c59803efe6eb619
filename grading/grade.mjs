// Entry point of the grader: `node grading/grade.mjs [submission... | --class <dir>] [options]`
// (npm run grade). Plain JavaScript, like tooling/kata.mjs: only the grader's TypeScript goes
// through tsx. Each batch of submissions runs in a grading child, grading/child.mjs.
import { tsImport } from 'tsx/esm/api';
import { stopWhenParentGoes } from '../tooling/core/entry.mjs';

stopWhenParentGoes();
/** @type {{ gradeCommand: (args: string[]) => Promise<number> }} */
// eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- tsImport returns any; command.ts's gradeCommand has this type
const grader = await tsImport('./command.ts', import.meta.url);
process.exitCode = await grader.gradeCommand(process.argv.slice(2));
