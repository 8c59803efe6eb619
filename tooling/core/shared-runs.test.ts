// Runs that share workers (shared-runs.ts): which projects they get, what their run files say,
// and how a result finds its run again. The self-check runs them for real (npm test).
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { specFile } from './curriculum.ts';
import { givenRun, runFilesUncached, runOfModule, runsShareWorkers, sharedRunProjects, type RunFile } from './shared-runs.ts';
import type { SpecRun } from './spec-run.ts';

const dir = await mkdtemp(path.join(tmpdir(), 'netkata-shared-runs-test-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

const run = (exercise: string, name: string): SpecRun => ({ name: `${exercise} › ${name}`, exercise, dir: `/x/${exercise}`, role: 'mutant', mutant: name });
const runs = [run('03-file-server', 'a'), run('01-raw-socket', 'only'), run('03-file-server', 'b')];
type SharedProject = { test: { name: string; isolate: boolean; dir: string; provide: { runFiles: Record<string, RunFile> } } };
const projects = sharedRunProjects(runs, 7, dir, { single: (one) => ({ single: one.name }) });

describe('sharedRunProjects', () => {
  it('gives an exercise with one run a project of its own, and one of run files to an exercise with more', () => {
    expect(projects).toHaveLength(2);
    expect(projects[1]).toEqual({ single: '01-raw-socket › only' });
    const shared = projects[0] as SharedProject;
    expect(shared.test.isolate).toBe(false);
    const spec = specFile({ slug: '03-file-server' });
    expect(Object.values(shared.test.provide.runFiles)).toEqual([{ run: '03-file-server › a', specFile: spec }, { run: '03-file-server › b', specFile: spec }]);
    expect(readdirSync(shared.test.dir).sort()).toEqual(['0-0.spec.mjs', '1-0.spec.mjs']);
    expect(existsSync(path.join(dir, '1-01-raw-socket'))).toBe(false);
  });

  it('writes run files that reset the modules, give their run, and import the spec file from where they are', () => {
    const shared = projects[0] as SharedProject;
    const [file, { run: name }] = Object.entries(shared.test.provide.runFiles)[1]!;
    const text = readFileSync(file, 'utf8');
    expect(text.indexOf('vi.resetModules()')).toBeLessThan(text.indexOf('await import('));
    const given = JSON.parse(/= (\{.*\});/.exec(text)![1]!) as { run: SpecRun; seed: number };
    expect(given).toEqual({ run: runs[2], seed: 7 });
    expect(given.run.name).toBe(name);
    const imported = JSON.parse(/await import\((".*")\)/.exec(text)![1]!) as string;
    expect(path.resolve(path.dirname(file), imported)).toBe(specFile({ slug: '03-file-server' }));
  });
});

describe('sharedRunProjects with locate and more spec files (the grader)', () => {
  it("gives each exercise's first run a project of its own, and each other run a file per spec file", () => {
    const located = sharedRunProjects(runs, 7, path.join(dir, 'located'), {
      single: (one) => ({ single: one.name }),
      specFiles: (one) => [specFile({ slug: one.exercise }), `/private/${one.exercise}.spec.ts`],
      locate: true,
    });
    expect(located).toHaveLength(3);
    expect(located[0]).toEqual({ single: '03-file-server › a' });
    expect(located[2]).toEqual({ single: '01-raw-socket › only' });
    const shared = located[1] as SharedProject;
    expect(Object.values(shared.test.provide.runFiles)).toEqual([
      { run: '03-file-server › b', specFile: specFile({ slug: '03-file-server' }) },
      { run: '03-file-server › b', specFile: '/private/03-file-server.spec.ts' },
    ]);
  });
});

describe('runOfModule', () => {
  it("names a run file's run and spec file, and a project's own file its project", () => {
    const project = (name: string, provide?: Record<string, unknown>) => ({ name, config: { provide } });
    const runFiles = { '/t/0-0.spec.mjs': { run: '03 › a', specFile: '/k/specs/03.spec.ts' } };
    expect(runOfModule({ moduleId: '/t/0-0.spec.mjs', project: project('03 (2 runs)', { runFiles }) })).toEqual({ run: '03 › a', specFile: '/k/specs/03.spec.ts' });
    expect(runOfModule({ moduleId: '/k/specs/03.spec.ts', project: project('03 › solution', {}) })).toEqual({ run: '03 › solution', specFile: '/k/specs/03.spec.ts' });
  });
});

describe('givenRun', () => {
  it('reads the run that a run file puts on globalThis, and nothing outside one', () => {
    expect(givenRun()).toBeUndefined();
    const key = Symbol.for('netkata.given-spec-run');
    (globalThis as Record<symbol, unknown>)[key] = { run: runs[0], seed: 1 };
    try {
      expect(givenRun()).toEqual({ run: runs[0], seed: 1 });
    } finally {
      delete (globalThis as Record<symbol, unknown>)[key];
    }
  });
});

describe('runFilesUncached', () => {
  it("keeps run files out of vitest's transform cache, and nothing else", () => {
    let generator: ((context: { sourceCode: string }) => false | undefined) | undefined;
    runFilesUncached().configureVitest({ experimental_defineCacheKeyGenerator: (g) => (generator = g) });
    const shared = projects[0] as SharedProject;
    const runFile = Object.keys(shared.test.provide.runFiles)[0]!;
    expect(generator?.({ sourceCode: readFileSync(runFile, 'utf8') })).toBe(false);
    expect(generator?.({ sourceCode: readFileSync(specFile({ slug: '03-file-server' }), 'utf8') })).toBeUndefined();
  });
});

describe('runsShareWorkers', () => {
  it('says so for runs of which some exercise has more than one, and not for one run of each', () => {
    expect(runsShareWorkers(runs)).toBe(true);
    expect(runsShareWorkers([runs[0]!, runs[1]!])).toBe(false);
  });
});
