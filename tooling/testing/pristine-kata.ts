// For the tooling's tests: the kata as it ships, with its own stubs in exercises/, whatever this
// checkout's exercises/ holds. In a learner's checkout it holds their work, and a test that runs
// `npm test exercises/01` or `npm run hint 01` expecting the stub's failures would fail there.
import { cpSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { KATA_ROOT, loadCurriculum } from '../core/curriculum.ts';
import { resolvePristineStubs, type StubFolder } from '../core/pristine-stubs.ts';

export interface PristineKata {
  /** The kata's root: this checkout when its exercises/ are the kata's stubs, else a copy. */
  root: string;
  /** Removes the copy, if one was made. */
  remove: () => Promise<void>;
}

/**
 * Copies the kata's files (not node_modules, which is linked, nor .git, .netkata or coverage) into
 * `into`, with each exercise's stub from `stubs` (its lesson stays).
 */
export function copyKata(into: string, stubs: Map<string, StubFolder>): void {
  const skip = new Set(['node_modules', '.git', '.netkata', 'coverage']);
  cpSync(KATA_ROOT, into, { recursive: true, filter: (src) => !skip.has(path.basename(src)) });
  for (const [slug, stub] of stubs) {
    if (stub.from !== 'git') continue;
    const dir = path.join(into, 'exercises', slug);
    for (const name of readdirSync(dir).filter((n) => n !== 'README.md')) rmSync(path.join(dir, name), { recursive: true, force: true });
    cpSync(stub.dir, dir, { recursive: true });
  }
  symlinkSync(path.join(KATA_ROOT, 'node_modules'), path.join(into, 'node_modules'));
}

/**
 * The kata with its own stubs: this checkout itself when exercises/ holds them (the kata's own
 * repository, CI), else a copy in a temp folder. Where git cannot give a stub (a zip download),
 * that exercise is as this checkout has it.
 */
export function pristineKata(): PristineKata {
  let temp: string | undefined;
  const tempDir = () => (temp ??= mkdtempSync(path.join(tmpdir(), 'netkata-pristine-')));
  const { stubs } = resolvePristineStubs(loadCurriculum().map((ex) => ex.slug), { tempDir: () => path.join(tempDir(), 'stubs') });
  const remove = async () => {
    if (temp) await rm(temp, { recursive: true, force: true });
  };
  if (temp === undefined) return { root: KATA_ROOT, remove };
  const root = path.join(temp, 'kata');
  copyKata(root, stubs);
  return { root, remove };
}
