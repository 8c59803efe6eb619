import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parseCommandLine, positionals, serverCommandOption, serverFlag, shellWord, splitCommand, usageText, UsageError, type CommandLine } from './args.ts';

describe('splitCommand', () => {
  it.each([
    ['python3 server.py', ['python3', 'server.py']],
    ['  go  run  .  ', ['go', 'run', '.']],
    [`ruby "my server.rb" --port=1`, ['ruby', 'my server.rb', '--port=1']],
    [`sh -c 'exec ./srv'`, ['sh', '-c', 'exec ./srv']],
    ['a\\ b "" c', ['a b', '', 'c']],
  ])('splits %j', (text, words) => {
    expect(splitCommand(text)).toEqual(words);
  });

  it('refuses an unclosed quote', () => {
    expect(() => splitCommand('python3 "server.py')).toThrow(/unclosed "/);
  });
});

describe('serverCommandOption', () => {
  it('reads the command after --server', () => {
    expect(serverCommandOption(['exercises/02', '--server', 'python3 server.py'])).toEqual(['python3', 'server.py']);
    expect(serverCommandOption(['exercises/02'])).toBeUndefined();
  });

  it.each([[['exercises/02', '--server']], [['exercises/02', '--server', '--only', '03']], [['--server', '  ']]])('refuses %j: no command', (args) => {
    expect(() => serverCommandOption(args)).toThrow(UsageError);
    expect(() => serverCommandOption(args)).toThrow('--server needs a command, e.g. --server "python3 server.py"');
  });
});

describe('what a learner is told to type again', () => {
  // What bash hands the kata when the line is typed: the words after `npm test dir --`.
  const typed = (line: string) => execFileSync('bash', ['-c', `printf '%s\\n' ${line}`], { encoding: 'utf8' }).trimEnd().split('\n');

  it.each([
    [['python3', 'server.py']],
    [['python3', 'my server.py']],
    [['sh', '-c', 'echo "$PORT" `date` \\ done']],
    [['ruby', "it's.rb"]],
  ])('gives --server %j back as the same words', (words) => {
    const [flag, command] = typed(serverFlag(words));
    expect(flag).toBe('--server');
    expect(splitCommand(command!)).toEqual(words);
  });

  it('quotes a folder only when it needs it', () => {
    expect(shellWord('exercises/02-http-handler')).toBe('exercises/02-http-handler');
    expect(typed(shellWord("/home/ann/my kata's/02"))).toEqual(["/home/ann/my kata's/02"]);
  });
});

describe('positionals', () => {
  it('leaves out options and their values', () => {
    expect(positionals(['exercises/02', '--server', 'python3 server.py', '--quiet'])).toEqual(['exercises/02']);
  });
});

describe('parseCommandLine', () => {
  const line: CommandLine = {
    command: 'npm run hint',
    synopsis: '<exercise> [-- --step <n>]',
    summary: 'Prints a hint.',
    positionals: [{ name: '<exercise>', help: '03' }],
    options: { '--step': { value: '<n>', help: 'this step' }, '--verbose': { help: 'say more' } },
  };

  it('reads options anywhere, with their values, and the rest as positionals', () => {
    const parsed = parseCommandLine(['--step', '4', '03', '--verbose'], line);
    expect(parsed).toEqual({ positionals: ['03'], values: new Map([['--step', '4']]), flags: new Set(['--verbose']), help: false });
    expect(parseCommandLine(['03', '--step=5'], line).values.get('--step')).toBe('5');
    expect(parseCommandLine(['--', '03'], line).positionals).toEqual(['03']);
  });

  it.each([['--help'], ['-h']])('takes %s, with any other argument', (flag) => {
    expect(parseCommandLine(['03', flag], line).help).toBe(true);
  });

  it.each([
    [['--frobnicate'], 'unknown option --frobnicate; usage: npm run hint <exercise> [-- --step <n>] (npm run hint -- --help says more)'],
    [['03', '--frob=1'], 'unknown option --frob; usage: npm run hint <exercise> [-- --step <n>] (npm run hint -- --help says more)'],
    [['03', '--step'], '--step needs a value: --step <n>'],
    [['03', '--step', '--verbose'], '--step needs a value: --step <n>'],
    [['03', '--verbose=yes'], '--verbose takes no value; usage: npm run hint <exercise> [-- --step <n>] (npm run hint -- --help says more)'],
    [['03', '04'], 'unexpected argument 04; usage: npm run hint <exercise> [-- --step <n>] (npm run hint -- --help says more)'],
  ])('refuses %j with one line', (args, message) => {
    expect(() => parseCommandLine(args, line)).toThrow(UsageError);
    expect(() => parseCommandLine(args, line)).toThrow(message);
    expect(message).not.toContain('\n');
  });

  it('takes any number of positionals when the last is "many"', () => {
    const many: CommandLine = { ...line, positionals: [{ name: '<submission>', help: '', many: true }] };
    expect(parseCommandLine(['a', 'b', 'c'], many).positionals).toEqual(['a', 'b', 'c']);
  });
});

describe('usageText', () => {
  it('shows the usage, what the command does, and each argument and option with its value', () => {
    const text = usageText({
      command: 'npm start',
      synopsis: '[exercise]',
      summary: 'Runs your server.',
      positionals: [{ name: '[exercise]', help: '01 or exercises/01' }],
      options: { '--server': { value: '"<command>"', help: 'another command\non two lines' } },
    });
    expect(text.split('\n')).toEqual([
      'usage: npm start [exercise]',
      '',
      'Runs your server.',
      '',
      '  [exercise]            01 or exercises/01',
      '  --server "<command>"  another command',
      '                        on two lines',
      '  --help                show this text',
    ]);
  });
});
