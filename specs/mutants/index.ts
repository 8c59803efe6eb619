// Mutants: broken variants of a reference solution, each made by a few exact text edits.
// The self-check runs an exercise's specs against every mutant: each must fail at least one spec,
// which proves the specs catch that bug (a kata whose specs pass a broken server teaches the bug).
import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface Edit {
  /** The file to edit, relative to the solution folder. */
  file?: string;
  /** Text that must appear exactly once in the solution's file. */
  find: string;
  replace: string;
}

export interface Mutant {
  /** Short kebab-case name, unique within its exercise: "no-crlf". */
  name: string;
  /** One line: the bug, as a learner would make it. */
  reason: string;
  /**
   * The lesson step that explains the bug: the first failure a learner sees (in run order) must
   * point at it, or the specs send them to the wrong place. The self-check checks it.
   */
  step: number;
  edits: Edit[];
}

/** Identity function that gives the mutant files their type. */
export function defineMutants(mutants: Mutant[]): Mutant[] {
  return mutants;
}

/**
 * A learner's usual slip with methods: a list of those to refuse, where the lesson allows GET and
 * HEAD only. One mutant per method the list misses (`methods` in the order the specs send them),
 * so that each row of an exercise's 405 table is the first failure of one of them. `allowCheck`:
 * the solution's test for an allowed method, replaced by the list.
 */
export function denyListMutants(allowCheck: string, step: number, methods = ['POST', 'PUT', 'DELETE', 'PATCH']): Mutant[] {
  return methods.slice(1).map((missed, i) => {
    const refused = methods.slice(0, i + 1);
    return {
      name: `deny-list-misses-${missed.toLowerCase()}`,
      reason: `refuses a list of methods (${refused.join(', ')}) instead of allowing only GET and HEAD, and the list misses ${missed}`,
      step,
      edits: [{ find: allowCheck, replace: `if (${refused.map((m) => `req.method === '${m}'`).join(' || ')}) {` }],
    };
  });
}

/**
 * Each exercise's mutants file, beside this one. Named here, each by a path of its own, so that
 * esbuild bundles them with the commands (tooling/core/load-tooling.mjs): a path computed at run
 * time would be a .ts file that node cannot load.
 */
const MUTANT_FILES: Record<string, () => Promise<{ default: Mutant[] }>> = {
  '01-raw-socket': () => import('./01-raw-socket.ts'),
  '02-http-handler': () => import('./02-http-handler.ts'),
  '03-file-server': () => import('./03-file-server.ts'),
  '04-message-board': () => import('./04-message-board.ts'),
  '05-persistent-board': () => import('./05-persistent-board.ts'),
};

export async function loadMutants(exercise: string): Promise<Mutant[]> {
  const load = MUTANT_FILES[exercise];
  if (!load) throw new Error(`no mutants for ${exercise}: write specs/mutants/${exercise}.ts and name it in MUTANT_FILES (specs/mutants/index.ts)`);
  return (await load()).default;
}

/** Copies `solutionDir` into `intoDir` and applies the mutant's edits there. */
export async function buildMutant(mutant: Mutant, solutionDir: string, intoDir: string): Promise<void> {
  await cp(solutionDir, intoDir, { recursive: true });
  for (const [index, edit] of mutant.edits.entries()) {
    const file = path.join(intoDir, edit.file ?? 'server.ts');
    const text = await readFile(file, 'utf8');
    const count = text.split(edit.find).length - 1;
    if (count !== 1) {
      const where = path.join(path.basename(solutionDir), edit.file ?? 'server.ts');
      throw new Error(
        `mutant "${mutant.name}", edit ${index + 1}: its "find" text occurs ${count} times in solutions/${where} ` +
          `(it must occur exactly once). The solution changed: update the edit in specs/mutants/.`,
      );
    }
    await writeFile(file, text.replace(edit.find, () => edit.replace));
  }
}
