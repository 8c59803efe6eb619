// The kata's command line: `npm test [target]` runs `tsx tooling/kata.ts test [target]`.
// This file only routes a verb to its module and turns expected errors into one-line messages.
import { testCommand } from './test-command.ts';
import { TargetError } from './targets.ts';

const verbs: Record<string, (args: string[]) => Promise<number>> = {
  test: testCommand,
};

const [verb = '', ...args] = process.argv.slice(2);
const command = verbs[verb];
if (!command) {
  console.error(`unknown command "${verb}"; the commands are: ${Object.keys(verbs).join(', ')}`);
  process.exit(2);
}
try {
  process.exitCode = await command(args);
} catch (error) {
  if (!(error instanceof TargetError)) throw error;
  console.error(error.message);
  process.exitCode = 2;
}
