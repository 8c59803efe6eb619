// TypeScript's own errors in a learner's files, for the verdict of `npm test <exercise>`: checked
// with the kata's tsconfig.json (strict), in a worker thread started alongside the specs, so that
// a learner sees them without knowing `npm run typecheck`. They do not fail the HTTP specs: a
// server that runs is judged on what it does.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { KATA_ROOT } from './core/curriculum.ts';

export interface TypeScriptError {
  /** As the learner would open it: "exercises/01-raw-socket/server.ts". */
  file: string;
  line: number;
  column: number;
  /** "TS2322 Type 'string' is not assignable to type 'number'." */
  message: string;
}

/** The .ts files of an exercise folder (not its node_modules or dot folders). */
export function typeScriptFiles(dir: string): string[] {
  const found: string[] = [];
  const walk = (at: string) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const full = path.join(at, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) found.push(full);
    }
  };
  walk(dir);
  return found.sort();
}

/** A type check under way; `errors()` waits for it. */
export interface TypeCheck {
  errors(): Promise<TypeScriptError[]>;
}

/**
 * Starts type-checking `files` at once. A checker that fails (TypeScript missing, a broken
 * tsconfig) gives one error that says so, never a rejection: the specs' verdict must not depend
 * on it. Until someone waits for it, the worker does not keep the process alive (a run that is
 * interrupted must not wait for the checker); once someone does, it must: an unref'd worker that
 * is awaited lets node exit with the report unprinted.
 */
export function startTypeCheck(files: string[]): TypeCheck {
  if (files.length === 0) return { errors: () => Promise.resolve([]) };
  const worker = new Worker(new URL('./type-errors.worker.mjs', import.meta.url), { argv: [KATA_ROOT, ...files] });
  const result = new Promise<TypeScriptError[]>((resolve) => {
    let settled = false;
    const done = (errors: TypeScriptError[]) => {
      if (settled) return;
      settled = true;
      resolve(errors);
      void worker.terminate();
    };
    worker.once('message', (errors: TypeScriptError[]) => done(errors));
    worker.once('error', (error) => done([{ file: 'tsconfig.json', line: 1, column: 1, message: `the type check could not run: ${error.message}` }]));
    worker.once('exit', () => done([]));
  });
  worker.unref();
  return {
    errors() {
      worker.ref();
      return result;
    },
  };
}

/** The errors as the verdict lists them: at most `limit` lines, then how many more. */
export function formatTypeErrors(errors: TypeScriptError[], limit = 8): string[] {
  const shown = errors.slice(0, limit).map((e) => `  ${e.file}:${e.line}:${e.column}  ${e.message.split('\n')[0]}`);
  if (errors.length > limit) shown.push(`  … and ${errors.length - limit} more (npm run typecheck lists them all)`);
  return shown;
}
