// The command line of `npm test`: its target and options, declared once (tooling/args.ts reads
// them and shows them for --help). A mistyped flag is refused with the usage (exit status 2),
// rather than starting the five-minute self-check.
import { parseCommandLine, SERVER_OPTION, serverCommandOf, usageText, type CommandLine } from './core/args.ts';

export const TEST_COMMAND_LINE: CommandLine = {
  command: 'npm test',
  synopsis: '[target] [-- options]',
  summary:
    "With a target, runs its specs against your server: exit status 0 when all pass. With none, checks the kata\n" +
    'itself (every spec against the solutions, stubs and mutants): `npm test exercises` checks your work.',
  positionals: [
    {
      name: '[target]',
      help: 'exercises/03 (or 03, exercises/03-file-server), exercises (every exercise), solutions/03,\nor any folder named like an exercise (03-file-server) or holding such folders',
    },
  ],
  options: {
    '--server': SERVER_OPTION,
    '--verbose': { help: "show vitest's own report too: every failure with its stack and the spec's code" },
    '--only': { value: '<id>', help: 'the self-check (no target) of one exercise only: --only 03 (--only 05 checks 04 too: it runs 04\'s specs)' },
    '--repeat': { value: '<n>', help: 'the self-check runs each solution and valid variant n times with one seed, to compare verdicts' },
    '--every-spec': { help: 'the self-check runs every spec against each mutant, not only up to its first failure (minutes longer)' },
  },
};

export interface TestOptions {
  /** What was typed after `npm test`, if anything: "exercises/03". */
  target?: string;
  only?: string;
  /** As typed; the self-check says what it needs (a number, 2 or more). */
  repeat?: string;
  /** --server "<command>", split into words. */
  serverCommand?: string[];
  verbose: boolean;
  /** --every-spec: the self-check's mutants run through (tooling/plan.ts, selfCheckPlan). */
  everySpec: boolean;
  /** --help: print usageText(TEST_COMMAND_LINE) (testUsage()) and exit 0. */
  help: boolean;
}

/** Reads `npm test`'s arguments; throws a UsageError (one line, exit status 2) for a mistake. */
export function parseTestOptions(args: string[]): TestOptions {
  const parsed = parseCommandLine(args, TEST_COMMAND_LINE);
  return {
    target: parsed.positionals[0],
    only: parsed.values.get('--only'),
    repeat: parsed.values.get('--repeat'),
    serverCommand: parsed.help ? undefined : serverCommandOf(parsed),
    verbose: parsed.flags.has('--verbose'),
    everySpec: parsed.flags.has('--every-spec'),
    help: parsed.help,
  };
}

/** What `npm test -- --help` prints. */
export function testUsage(): string {
  return usageText(TEST_COMMAND_LINE);
}
