// The kata's commands, routed by verb: `npm test [target]` ends up in main(['test', target]).
// This file only routes and turns expected errors into one-line messages; tooling/kata.mjs runs it.
import type { startVitest } from 'vitest/node';
import { testCommand } from './test-command.ts';
import { progressCommand } from './progress-command.ts';
import { gradeCommand } from './grade/command.ts';
import { hintCommand } from './hint-command.ts';
import { startCommand } from './start-command.ts';
import { watchCommand } from './watch-command.ts';
import { UsageError } from './args.ts';

/** What the entry file loads natively and hands in (see kata.mjs for why). */
export interface Runtime {
  startVitest: typeof startVitest;
}

const verbs: Record<string, (args: string[], runtime: Runtime) => Promise<number>> = {
  test: testCommand,
  progress: progressCommand,
  grade: gradeCommand,
  hint: hintCommand,
  start: startCommand,
  watch: watchCommand,
};

export async function main(argv: string[], runtime: Runtime): Promise<number> {
  const [verb = '', ...args] = argv;
  const command = verbs[verb];
  if (!command) {
    console.error(`unknown command "${verb}"; the commands are: ${Object.keys(verbs).join(', ')}`);
    return 2;
  }
  try {
    return await command(args, runtime);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(error.message);
    return 2;
  }
}
