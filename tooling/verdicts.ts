// Recorded verdicts: what the last spec run said about an exercise folder, kept in
// .netkata/verdicts/ (ignored by git; KATA_STATE_DIR moves it) under a hash of the folder's files
// and of the kata's specs, so that `npm run progress` and `npm run hint` rerun only what changed.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, readlinkSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { KATA_ROOT, specFile } from './core/curriculum.ts';
import type { ProjectResult, SpecResult } from './core/results.ts';

/** Bumped when a record's shape or meaning changes: older records are then stale. */
const RECORD_VERSION = 1;

/** Where the kata keeps a learner's state: recorded verdicts, the hints seen. */
export function stateDir(): string {
  return path.resolve(process.env.KATA_STATE_DIR ?? path.join(KATA_ROOT, '.netkata'));
}

/** A path as a learner reads it in a note: relative to the kata when inside it. */
function shown(file: string): string {
  const relative = path.relative(KATA_ROOT, file);
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
}

/** An error message on one line, cut short: it goes inside a note. */
export function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 120 ? `${line.slice(0, 119)}…` : line;
}

/** Says, on one line, that a state file was ignored and why; the caller then computes it again. */
export function noteIgnored(file: string, why: string, then: string): void {
  console.error(`note: ignored ${shown(file)} (${oneLine(why)}); ${then}`);
}

/** Every file under `dir` (node_modules and .git left out), as sorted paths relative to it. */
function filesUnder(dir: string, prefix = ''): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(path.join(dir, prefix), { withFileTypes: true })) {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && entry.name !== '.git') files.push(...filesUnder(dir, relative));
    } else if (entry.isFile() || entry.isSymbolicLink()) files.push(relative);
  }
  return files.sort();
}

function hashFiles(hash: ReturnType<typeof createHash>, label: string, root: string, files: string[]): void {
  for (const relative of files) {
    const file = path.join(root, relative);
    let content: Buffer;
    try {
      content = readFileSync(file);
    } catch (error) {
      // A dangling link, or a file removed while we looked: its name and the reason still count.
      const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
      content = Buffer.from(code === 'ENOENT' || code === 'ELOOP' ? `-> ${safeReadlink(file)}` : code);
    }
    hash.update(`${label}:${relative}\0${content.length}\0`);
    hash.update(content);
  }
}

function safeReadlink(file: string): string {
  try {
    return readlinkSync(file);
  } catch {
    return '(gone)';
  }
}

/**
 * The kata's side of a verdict: the exercise's spec file and the harness (the specs' version).
 * Read each time (a few small files): `npm run watch` may run while a spec is being edited.
 */
function specsHash(exercise: string, root: string): string {
  const hash = createHash('sha256');
  const spec = specFile({ slug: exercise }, root);
  hashFiles(hash, 'spec', path.dirname(spec), [path.basename(spec)]);
  const harness = path.join(root, 'specs', 'harness');
  hashFiles(hash, 'harness', harness, filesUnder(harness));
  // How a run is reduced to a verdict (a failure's kind and step) is part of the verdict too.
  hashFiles(hash, 'tooling', path.join(root, 'tooling'), ['results.ts']);
  return hash.digest('hex');
}

/**
 * A hash of everything a verdict depends on: every file under the exercise folder `dir` (its
 * server, lesson, public/ pages, data), and the kata's spec file for `exercise` and its harness, so
 * that editing either makes an older verdict stale. `root` is the kata whose specs count (for tests).
 */
export function folderHash(dir: string, exercise: string, root: string = KATA_ROOT): string {
  const hash = createHash('sha256');
  hash.update(`netkata verdict ${RECORD_VERSION}\0${exercise}\0${specsHash(exercise, root)}\0`);
  hashFiles(hash, 'folder', dir, filesUnder(dir));
  return hash.digest('hex');
}

/** The record of one folder: its name says which exercise, and a hash of the folder's path. */
function recordFile(exercise: string, dir: string): string {
  const where = createHash('sha256').update(path.resolve(dir)).digest('hex').slice(0, 16);
  return path.join(stateDir(), 'verdicts', `${exercise}-${where}.json`);
}

interface VerdictRecord {
  version: number;
  exercise: string;
  dir: string;
  /** folderHash(dir, exercise) of the files that were judged. */
  hash: string;
  /** The --server command the specs ran, if any: a verdict about server.ts is another one. */
  serverCommand?: string[];
  recordedAt: string;
  result: ProjectResult;
}

export interface VerdictOptions {
  /** The --server command the specs run instead of server.ts; none for server.ts. */
  serverCommand?: string[];
  /**
   * folderHash(dir, exercise) taken before the specs ran. Given, the verdict is recorded only when
   * the folder still has that hash: a file saved during the run makes the verdict one about
   * neither version.
   */
  judgedHash?: string;
}

/**
 * Records what a run of `exercise`'s specs said about the folder `dir`, for `npm run progress` and
 * `npm run hint` to read back while the folder and the specs stay the same. A result with errors
 * (the server did not start, the spec file did not load) is not recorded: such an error may come
 * from this machine (a port taken meanwhile, a timeout under load), not from the folder. Returns
 * whether it recorded; a record it cannot write is a one-line note, not a failure of the run.
 */
export function recordVerdict(exercise: string, dir: string, result: ProjectResult, options: VerdictOptions = {}): boolean {
  const file = recordFile(exercise, dir);
  try {
    const hash = folderHash(dir, exercise);
    if (result.errors.length > 0 || result.specs.length === 0 || (options.judgedHash !== undefined && options.judgedHash !== hash)) {
      rmSync(file, { force: true }); // an older verdict no longer says what the folder does
      return false;
    }
    const record: VerdictRecord = {
      version: RECORD_VERSION,
      exercise,
      dir: path.resolve(dir),
      hash,
      ...(options.serverCommand ? { serverCommand: options.serverCommand } : {}),
      recordedAt: new Date().toISOString(),
      result,
    };
    mkdirSync(path.dirname(file), { recursive: true });
    // Written aside, then renamed: a reader never sees half a record, whoever else is writing.
    const partial = `${file}.${process.pid}.tmp`;
    writeFileSync(partial, `${JSON.stringify(record)}\n`);
    renameSync(partial, file);
    return true;
  } catch (error) {
    console.error(`note: could not record the verdict for ${shown(dir)} in ${shown(file)}: ${oneLine((error as Error).message)}`);
    return false;
  }
}

const STATES: ReadonlySet<string> = new Set<SpecResult['state']>(['passed', 'failed', 'skipped', 'pending']);

/** Why a parsed record cannot be used as one, or undefined when it can. */
function malformed(record: unknown): string | undefined {
  const r = record as Partial<VerdictRecord> | null;
  if (typeof r !== 'object' || r === null) return 'not a verdict record';
  if (typeof r.hash !== 'string' || typeof r.version !== 'number') return 'no hash or version';
  const result = r.result as Partial<ProjectResult> | undefined;
  if (typeof result !== 'object' || result === null || !Array.isArray(result.specs) || !Array.isArray(result.errors)) return 'no result';
  const bad = result.specs.find((s: Partial<SpecResult> | null) => typeof s?.name !== 'string' || !STATES.has(String(s.state)));
  return bad === undefined ? undefined : 'a spec without a name or a state';
}

/**
 * The verdict recorded for `exercise`'s specs against the folder `dir`, when it still holds: the
 * folder's files and the kata's specs have the hash they had then, and the same --server command
 * ran. Otherwise undefined: no record, a stale one, or one that cannot be read (said in a note).
 */
export function readVerdict(exercise: string, dir: string, options: { serverCommand?: string[]; hash?: string } = {}): ProjectResult | undefined {
  const file = recordFile(exercise, dir);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') noteIgnored(file, (error as Error).message, 'running the specs again');
    return undefined;
  }
  let record: VerdictRecord;
  try {
    record = JSON.parse(text) as VerdictRecord;
  } catch (error) {
    noteIgnored(file, `not JSON: ${(error as Error).message}`, 'running the specs again');
    return undefined;
  }
  const why = malformed(record);
  if (why) {
    noteIgnored(file, why, 'running the specs again');
    return undefined;
  }
  if (record.version !== RECORD_VERSION) return undefined;
  if (JSON.stringify(record.serverCommand ?? null) !== JSON.stringify(options.serverCommand ?? null)) return undefined;
  return record.hash === (options.hash ?? folderHash(dir, exercise)) ? record.result : undefined;
}
