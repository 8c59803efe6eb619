import type { startVitest } from 'vitest/node';

/** What an entry file loads natively and hands in (tooling/core/entry.mjs says why). */
export interface Runtime {
  startVitest: typeof startVitest;
}
