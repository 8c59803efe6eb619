// Entry point of a grading child: `node grading/child.mjs <job.json>`, started by batch.ts for
// one batch of submissions (child.ts says what it does). vitest loads natively, as in
// tooling/kata.mjs.
import { tsImport } from 'tsx/esm/api';
import { startVitest, stopWhenParentGoes } from '../tooling/core/entry.mjs';

stopWhenParentGoes();
/** @type {{ runGradingChild: (jobFile: string, runtime: { startVitest: typeof startVitest }) => Promise<number> }} */
// eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- tsImport returns any; child.ts's runGradingChild has this type
const child = await tsImport('./child.ts', import.meta.url);
process.exitCode = await child.runGradingChild(process.argv[2] ?? '', { startVitest });
