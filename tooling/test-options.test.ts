// The command line of `npm test` (tooling/test-options.ts): the options it knows keep what they
// did, and anything else is refused before a run starts.
import { describe, expect, it } from 'vitest';
import { UsageError } from './core/args.ts';
import { parseTestOptions, testUsage } from './test-options.ts';

describe('parseTestOptions', () => {
  it('reads the target and the known options', () => {
    expect(parseTestOptions(['exercises/02', '--server', 'python3 "my server.py"', '--verbose'])).toEqual({
      target: 'exercises/02',
      only: undefined,
      repeat: undefined,
      serverCommand: ['python3', 'my server.py'],
      verbose: true,
      everySpec: false,
      help: false,
    });
    expect(parseTestOptions(['--only', '03', '--repeat', '3'])).toMatchObject({ target: undefined, only: '03', repeat: '3', verbose: false });
    expect(parseTestOptions(['--every-spec'])).toMatchObject({ target: undefined, everySpec: true });
    expect(parseTestOptions([])).toMatchObject({ target: undefined, serverCommand: undefined, help: false });
  });

  it('asks for the usage with --help, whatever else is given', () => {
    expect(parseTestOptions(['--help']).help).toBe(true);
    expect(parseTestOptions(['exercises/02', '-h']).help).toBe(true);
    expect(testUsage()).toMatch(/^usage: npm test \[target\] \[-- options\]\n/);
    for (const option of ['--only <id>', '--repeat <n>', '--server "<command>"', '--verbose', '--help']) expect(testUsage()).toContain(`  ${option}`);
  });

  it.each([
    [['--frobnicate'], /^unknown option --frobnicate; usage: npm test \[target\] \[-- options\] \(npm test -- --help says more\)$/],
    [['exercises/02', '--server'], /^--server needs a command, e.g. --server "python3 server.py"$/],
    [['--only'], /^--only needs a value: --only <id>$/],
    [['exercises/01', 'exercises/02'], /^unexpected argument exercises\/02; usage: npm test/],
  ])('refuses %j with one line', (args, message) => {
    expect(() => parseTestOptions(args)).toThrow(UsageError);
    expect(() => parseTestOptions(args)).toThrow(message);
  });
});
