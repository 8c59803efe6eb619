// Builds submissions on disk from the kata's own parts, for the grader's tests and the bench: each
// exercise folder a copy of the solution, of the kata's own stub, of a mutant (specs/mutants/), or a server.ts
// given as text; or left out.
import { cp, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { buildMutant, loadMutants } from '../specs/mutants/index.ts';
import { loadCurriculum, solutionDir } from '../tooling/core/curriculum.ts';
import { resolvePristineStubs } from '../tooling/core/pristine-stubs.ts';

export type Part = 'solution' | 'stub' | 'missing' | { mutant: string } | { server: string };

/** Writes a submission (a folder holding exercises/) at `dir`; exercises not in `parts` get `rest`. */
export async function writeSubmission(dir: string, parts: Record<string, Part>, rest: Part = 'stub'): Promise<string> {
  for (const { slug } of loadCurriculum()) {
    const part = parts[slug] ?? rest;
    const into = path.join(dir, 'exercises', slug);
    if (part === 'missing') continue;
    await mkdir(path.dirname(into), { recursive: true });
    if (part === 'solution') await cp(solutionDir({ slug }), into, { recursive: true });
    else if (part === 'stub') {
      // The kata's own stub, read from git where exercises/ holds a learner's work.
      const stub = resolvePristineStubs([slug], { tempDir: () => path.dirname(into) }).stubs.get(slug)!;
      if (stub.dir !== into) await cp(stub.dir, into, { recursive: true });
    }
    else if ('mutant' in part) {
      const mutant = (await loadMutants(slug)).find((m) => m.name === part.mutant);
      if (!mutant) throw new Error(`no mutant "${part.mutant}" in specs/mutants/${slug}.ts`);
      await buildMutant(mutant, solutionDir({ slug }), into);
    } else {
      await mkdir(into, { recursive: true });
      await writeFile(path.join(into, 'server.ts'), part.server);
    }
  }
  return dir;
}

/**
 * A class of `count` submissions in `dir` (folders student-01, ...), the same for the same count:
 * whole solutions, untouched stubs, the first exercises solved and the rest not, and solutions
 * with one or two mutants in them.
 */
export async function writeClass(dir: string, count: number): Promise<string[]> {
  const slugs = loadCurriculum().map((ex) => ex.slug);
  const mutants = await Promise.all(slugs.map(async (slug) => (await loadMutants(slug)).map((m) => m.name)));
  const mutantOf = (exercise: number, n: number): Part => {
    const names = mutants[exercise] ?? [];
    return names.length > 0 ? { mutant: names[n % names.length]! } : 'solution';
  };
  const folders: string[] = [];
  for (let i = 0; i < count; i++) {
    const folder = path.join(dir, `student-${String(i + 1).padStart(2, '0')}`);
    const first = (n: number) => Object.fromEntries(slugs.slice(0, n).map((slug): [string, Part] => [slug, 'solution']));
    const kind = i % 6;
    const parts: Record<string, Part> =
      kind === 0
        ? first(slugs.length)
        : kind === 1
          ? {}
          : kind === 2
            ? first(2)
            : kind === 3
              ? { ...first(slugs.length), [slugs[i % slugs.length]!]: mutantOf(i % slugs.length, i) }
              : kind === 4
                ? first(3)
                : { ...first(slugs.length), [slugs[i % slugs.length]!]: mutantOf(i % slugs.length, i), [slugs[(i + 2) % slugs.length]!]: mutantOf((i + 2) % slugs.length, i + 1) };
    folders.push(await writeSubmission(folder, parts));
  }
  return folders;
}
