// What the self-check prints for an error vitest caught outside any spec: enough to find its cause.
import { describe, expect, it } from 'vitest';
import { describeUnhandled } from './reporters.ts';

describe('describeUnhandled', () => {
  it('gives the message, the spec file and spec it arose in, and the top of the stack', () => {
    const stack = ['Error: write EPIPE', ...Array.from({ length: 9 }, (_, i) => `    at frame${i} (file.ts:${i}:1)`)].join('\n');
    const text = describeUnhandled({ message: 'write EPIPE', stack, VITEST_TEST_PATH: '/kata/specs/05-persistent-board.spec.ts', VITEST_TEST_NAME: 'restarts' });
    expect(text.split('\n').map((line) => line.trim())).toEqual([
      'write EPIPE',
      'during /kata/specs/05-persistent-board.spec.ts > restarts',
      ...Array.from({ length: 6 }, (_, i) => `at frame${i} (file.ts:${i}:1)`),
    ]);
  });

  it('gives the message alone when that is all there is', () => {
    expect(describeUnhandled({ message: 'boom' })).toBe('boom');
  });
});
