import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { positionals, serverCommandOption, serverFlag, shellWord, splitCommand, UsageError } from './args.ts';

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
