// Entry point of a grading child: `node grading/child.mjs <job.json>`, started by batch.ts for
// one batch of submissions (child.ts says what it does). vitest loads natively, as in
// tooling/kata.mjs.
import path from 'node:path';
import { useCompileCache } from '../tooling/core/compile-cache.mjs';
import { importTooling } from '../tooling/core/load-tooling.mjs';
import { startVitest, stopWhenParentGoes } from '../tooling/core/entry.mjs';

stopWhenParentGoes();
useCompileCache();
const child = /** @type {{ runGradingChild: (jobFile: string, runtime: { startVitest: typeof startVitest }) => Promise<number> }} */ (await importTooling(path.join(import.meta.dirname, 'child.ts')));
process.exitCode = await child.runGradingChild(process.argv[2] ?? '', { startVitest });
