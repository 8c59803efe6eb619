// The kata's commands, routed by verb: `npm test [target]` ends up in main(['test', target]).
// This file only routes and turns expected errors into one-line messages; tooling/kata.mjs runs it.
import { UsageError } from './core/args.ts';
import type { Runtime } from './core/runtime.ts';

type Command = (args: string[], runtime: Runtime) => Promise<number>;

// Each verb's module loads only when it runs: `npm run hint` from a recorded verdict loads little.
// The grader is not a verb: it has its own entry point, grading/grade.mjs.
const verbs: Record<string, () => Promise<Command>> = {
  test: async () => (await import('./test-command.ts')).testCommand,
  progress: async () => (await import('./progress-command.ts')).progressCommand,
  grade: async () => (await import('../grading/command.ts')).gradeCommand,
  hint: async () => (await import('./hint-command.ts')).hintCommand,
  start: async () => (await import('./start-command.ts')).startCommand,
  watch: async () => (await import('./watch-command.ts')).watchCommand,
};

export async function main(argv: string[], runtime: Runtime): Promise<number> {
  const [verb = '', ...args] = argv;
  const load = verbs[verb];
  if (!load) {
    console.error(`unknown command "${verb}"; the commands are: ${Object.keys(verbs).join(', ')}`);
    return 2;
  }
  try {
    return await (await load())(args, runtime);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(error.message);
    return 2;
  }
}
