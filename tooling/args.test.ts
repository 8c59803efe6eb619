import { describe, expect, it } from 'vitest';
import { positionals, splitCommand } from './args.ts';

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

describe('positionals', () => {
  it('leaves out options and their values', () => {
    expect(positionals(['exercises/02', '--server', 'python3 server.py', '--quiet'])).toEqual(['exercises/02']);
  });
});
