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

/** A checker in a worker thread of its own, for one check or many (`npm run watch`: one per rerun). */
export interface TypeChecker {
  /** Starts checking `files` now. */
  check(files: string[]): TypeCheck;
  /** Ends its worker. */
  close(): Promise<void>;
}

/**
 * Starts a type checker. A checker that fails (TypeScript missing, a broken tsconfig) gives one
 * error that says so, never a rejection: the specs' verdict must not depend on it. While nobody
 * waits for a check, the worker does not keep the process alive (a run that is interrupted must
 * not wait for the checker); while someone does, it must: an unref'd worker that is awaited lets
 * node exit with the report unprinted. Each check after the first reuses what TypeScript has read
 * (type-errors.worker.mjs).
 */
export function startTypeChecker(): TypeChecker {
  // Made at the first check of some files: a run with none (a solution, a --server program) never
  // loads TypeScript.
  let worker: Worker | undefined;
  const waiting = new Map<number, (errors: TypeScriptError[]) => void>();
  let nextId = 1;
  let broken: TypeScriptError[] | undefined;
  const settle = (id: number, errors: TypeScriptError[]) => {
    waiting.get(id)?.(errors);
    waiting.delete(id);
    if (waiting.size === 0) worker?.unref();
  };
  const failAll = (errors: TypeScriptError[]) => {
    broken = errors;
    for (const id of [...waiting.keys()]) settle(id, errors);
  };
  const theWorker = () => {
    if (worker) return worker;
    const started = new Worker(new URL('./type-errors.worker.mjs', import.meta.url), { argv: [KATA_ROOT] });
    started.unref();
    started.on('message', ({ id, errors }: { id: number; errors: TypeScriptError[] }) => settle(id, errors));
    started.once('error', (error) => failAll([{ file: 'tsconfig.json', line: 1, column: 1, message: `the type check could not run: ${error.message}` }]));
    started.once('exit', () => failAll(broken ?? []));
    return (worker = started);
  };
  return {
    check(files) {
      if (files.length === 0) return { errors: () => Promise.resolve([]) };
      if (broken) {
        const errors = broken;
        return { errors: () => Promise.resolve(errors) };
      }
      const id = nextId++;
      const result = new Promise<TypeScriptError[]>((resolve) => waiting.set(id, resolve));
      const checking = theWorker();
      checking.postMessage({ id, files });
      return {
        errors() {
          if (waiting.has(id)) checking.ref();
          return result;
        },
      };
    },
    async close() {
      await worker?.terminate();
    },
  };
}

/** Type-checks `files` once (npm test <exercise>), in a worker that ends with the check. */
export function startTypeCheck(files: string[]): TypeCheck {
  if (files.length === 0) return { errors: () => Promise.resolve([]) };
  const checker = startTypeChecker();
  const check = checker.check(files);
  let errors: Promise<TypeScriptError[]> | undefined;
  return {
    // Once someone waits: until then the worker must not keep the process alive.
    errors: () =>
      (errors ??= check.errors().then((found) => {
        void checker.close();
        return found;
      })),
  };
}

/** The errors as the verdict lists them: at most `limit` lines, then how many more. */
export function formatTypeErrors(errors: TypeScriptError[], limit = 8): string[] {
  const shown = errors.slice(0, limit).map((e) => `  ${e.file}:${e.line}:${e.column}  ${e.message.split('\n')[0]}`);
  if (errors.length > limit) shown.push(`  … and ${errors.length - limit} more (npm run typecheck lists them all)`);
  return shown;
}
