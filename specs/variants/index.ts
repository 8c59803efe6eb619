// Valid variants: correct servers unlike ours (another style, another language through --server,
// whatever HTTP and the lesson allow), each in its own folder. The self-check runs every spec
// against each one, and each must pass: a spec that rejects a valid variant encodes our solution's
// choices, not HTTP, and would fail a learner who did nothing wrong.
import { existsSync } from 'node:fs';
import { cp, rm } from 'node:fs/promises';
import path from 'node:path';

export interface Variant {
  /** Short kebab-case name, unique within its exercise, and its folder's name: "python-http-server". */
  name: string;
  /** One line: how it differs from the solution, and why that is still right. */
  reason: string;
  /**
   * The command that starts it, as a learner would pass it with --server ("python3 server.py"),
   * split into words; none for a server.ts.
   */
  server?: string[];
}

/** Identity function that gives the variant files their type. */
export function defineVariants(variants: Variant[]): Variant[] {
  return variants;
}

/** Each exercise's variants file, beside this one; named here for the reason MUTANT_FILES is (specs/mutants/index.ts). */
const VARIANT_FILES: Record<string, () => Promise<{ default: Variant[] }>> = {
  '01-raw-socket': () => import('./01-raw-socket.ts'),
  '02-http-handler': () => import('./02-http-handler.ts'),
  '03-file-server': () => import('./03-file-server.ts'),
  '04-message-board': () => import('./04-message-board.ts'),
  '05-persistent-board': () => import('./05-persistent-board.ts'),
};

/** An exercise's variants; none when it has no variants file. */
export async function loadVariants(exercise: string): Promise<Variant[]> {
  const load = VARIANT_FILES[exercise];
  if (load) return (await load()).default;
  if (existsSync(path.join(import.meta.dirname, `${exercise}.ts`))) {
    throw new Error(`specs/variants/${exercise}.ts is not named in VARIANT_FILES (specs/variants/index.ts): name it there, or its variants never run`);
  }
  return [];
}

/** The folder that holds a variant's files: specs/variants/<exercise>/<name>/. */
export function variantFolder(exercise: string, variant: Variant): string {
  return path.join(import.meta.dirname, exercise, variant.name);
}

/**
 * Copies `solutionDir` into `intoDir` (its public/ files and the like) and lays the variant's own
 * files over it. A variant with a command has no server.ts at all, as a learner's Python folder
 * would not: a spec that needs one is caught.
 */
export async function buildVariant(exercise: string, variant: Variant, solutionDir: string, intoDir: string): Promise<void> {
  await cp(solutionDir, intoDir, { recursive: true });
  if (variant.server) await rm(path.join(intoDir, 'server.ts'));
  await cp(variantFolder(exercise, variant), intoDir, { recursive: true });
}
