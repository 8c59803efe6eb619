// Many runs of one spec file in a few vitest workers. vitest gives each project its own workers,
// and a new worker thread per file when files are isolated: for the self-check's ~165 runs that
// start (a thread, vitest's runtime, supertest, parse5, esbuild) cost about 0.37 s of CPU each,
// a third of the self-check's CPU. So the runs of one exercise form one project whose files are
// small "run files", one per run and spec file, which a worker runs one after another
// (isolate: false): each resets the modules of the kata (vi.resetModules) and imports the spec
// file anew, so the harness starts from scratch for each run, as in a worker of its own, while
// the libraries in node_modules stay loaded. Measured on 20 runs of 03 with no spec selected:
// 8.6 s of CPU isolated, 3.2 s so.
//
// A run file cannot tell vitest where its specs are written, so their specs have no line: the
// grader, whose reports show a spec's code, gives each exercise's first run a project of its own,
// and takes the lines from there (SharedRunOptions.locate).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { specFile } from './curriculum.ts';
import type { SpecRun } from './spec-run.ts';

/** Where a run file puts its run for the harness (specs/harness/kata.ts) to read. */
const GIVEN_RUN = Symbol.for('netkata.given-spec-run');

export interface GivenRun {
  run: SpecRun;
  seed: number;
}

/** The run that the run file being loaded gives the harness; undefined in a project of its own (it is provided then). */
export function givenRun(): GivenRun | undefined {
  return (globalThis as { [GIVEN_RUN]?: GivenRun })[GIVEN_RUN];
}

/** What a run file runs: which run, and which of its spec files (a run may have more: an instructor's private specs). */
export interface RunFile {
  run: string;
  specFile: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** In a project of run files: what each file runs, by the file's path. */
    runFiles?: Record<string, RunFile>;
  }
}

/** The run a spec file's results belong to (its project's, or a run file's run), and the spec file they come from. */
export function runOfModule(module: { moduleId: string; project: { name: string; config: { provide?: Record<string, unknown> } } }): RunFile {
  const runFiles = module.project.config.provide?.runFiles as Record<string, RunFile> | undefined;
  return runFiles?.[module.moduleId] ?? { run: module.project.name, specFile: module.moduleId };
}

/** The first line's words that mark a run file. */
const RUN_FILE_MARK = 'written by netkata (tooling/core/shared-runs.ts says why)';

/**
 * Keeps run files out of vitest's transform cache (experimental.fsModuleCache), for a config with
 * run files: each is new (its run, its seed, its temp folder), and vitest would keep each for
 * ever, some 170 more with each self-check. Such a config also sets `cache: false`: vitest's
 * results cache would keep each run file's duration for ever too.
 */
export function runFilesUncached() {
  return {
    name: 'netkata-run-files-uncached',
    // Its presence does not change the cache's key: the kata's other modules stay cached as they were.
    api: { vitest: { experimental: { ignoreFsModuleCache: true } } },
    configureVitest({ experimental_defineCacheKeyGenerator }: { experimental_defineCacheKeyGenerator: (generator: (context: { sourceCode: string }) => false | undefined) => void }) {
      experimental_defineCacheKeyGenerator(({ sourceCode }) => (sourceCode.slice(0, 300).includes(RUN_FILE_MARK) ? false : undefined));
    },
  };
}

function runFileText(run: SpecRun, seed: number, fromDir: string, spec: string): string {
  let relative = path.relative(fromDir, spec).split(path.sep).join('/');
  if (!relative.startsWith('.')) relative = `./${relative}`;
  const given: GivenRun = { run, seed };
  return [
    `// ${run.name}: ${RUN_FILE_MARK}, removed after the run.`,
    `import { vi } from 'vitest';`,
    `vi.resetModules();`,
    `globalThis[Symbol.for('netkata.given-spec-run')] = ${JSON.stringify(given)};`,
    `try {`,
    `  await import(${JSON.stringify(relative)});`,
    `} finally {`,
    `  delete globalThis[Symbol.for('netkata.given-spec-run')];`,
    `}`,
    '',
  ].join('\n');
}

export interface SharedRunOptions<P> {
  /** The project of one run of its own, for an exercise with one run (and, with `locate`, each exercise's first). */
  single: (run: SpecRun) => P;
  /** A run's spec files: its exercise's, and any more (the grader's private specs). */
  specFiles?: (run: SpecRun) => string[];
  /**
   * Give each exercise's first run a project of its own all the same: vitest finds where a spec
   * is written only in the file it loads, and the grader's reports show that line (grading/child.ts
   * copies it to the other runs' specs, which have the same names).
   */
  locate?: boolean;
}

/** Whether some exercise has more than one of these runs: only then do runs share workers. */
export function runsShareWorkers(runs: SpecRun[]): boolean {
  return new Set(runs.map((run) => run.exercise)).size < runs.length;
}

/**
 * The vitest projects for runs that share workers: one per exercise with more than one run, its
 * run files written under `dir` (a temp folder that the caller removes).
 */
export function sharedRunProjects<P>(runs: SpecRun[], seed: number, dir: string, options: SharedRunOptions<P>) {
  const { single, specFiles = (run: SpecRun) => [specFile({ slug: run.exercise })], locate = false } = options;
  const exercises = [...new Set(runs.map((run) => run.exercise))];
  return exercises.flatMap((exercise, index) => {
    const mine = runs.filter((run) => run.exercise === exercise);
    if (mine.length === 1) return [single(mine[0]!)];
    const own = locate ? [single(mine[0]!)] : [];
    const shared = locate ? mine.slice(1) : mine;
    if (shared.length === 0) return own;
    const folder = path.join(dir, `${index}-${exercise}`);
    mkdirSync(folder, { recursive: true });
    const runFiles: Record<string, RunFile> = {};
    shared.forEach((run, n) => {
      specFiles(run).forEach((spec, f) => {
        const file = path.join(folder, `${n}-${f}.spec.mjs`);
        writeFileSync(file, runFileText(run, seed, folder, spec));
        runFiles[file] = { run: run.name, specFile: spec };
      });
    });
    return [
      ...own,
      {
        extends: true as const,
        test: { name: `${exercise} (${shared.length} runs)`, dir: folder, include: ['*.spec.mjs'], isolate: false, provide: { runFiles } },
      },
    ];
  });
}
