// How the entry files (tooling/kata.mjs, grading/grade.mjs, grading/child.mjs) load the kata's
// own TypeScript: as one bundle that esbuild makes once and keeps in node_modules/.cache/netkata/,
// reused while every file it was made from holds the same text. Plain JavaScript: it runs first.
//
// Why not tsx's loader, as before: it resolves and loads each of the ~60 modules through hooks on
// a thread of their own, which cost every command about 0.25 s of CPU and 0.1-0.2 s before its
// first line ran (measured on `npm test solutions/03`, where that loader thread alone used 0.24 s).
// Should the bundle fail (a file that does not compile, a cache folder it cannot write), tsx loads
// the files as before, and says what is wrong as before.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const KATA_ROOT = path.resolve(import.meta.dirname, '..', '..');
const DEFAULT_CACHE = path.join(KATA_ROOT, 'node_modules', '.cache', 'netkata');
/** Bumped when what is bundled, or how, changes: an older bundle is then made again. */
const FORMAT = 1;

/**
 * Imports a TypeScript module of the kata (and everything it imports of the kata's) from its
 * bundle, made first if none is up to date.
 * @param {string} entry absolute path of the .ts file
 * @param {{ cacheDir?: string }} [options]
 * @returns {Promise<unknown>} the module: its caller knows its type
 */
export async function importTooling(entry, options = {}) {
  let bundle;
  try {
    bundle = (await toolingBundle(entry, options)).file;
  } catch {
    const { tsImport } = await import('tsx/esm/api');
    return /** @type {Promise<unknown>} */ (tsImport(pathToFileURL(entry).href, import.meta.url));
  }
  // Stack traces name the .ts files and lines, as under tsx.
  process.setSourceMapsEnabled(true);
  return /** @type {Promise<unknown>} */ (import(pathToFileURL(bundle).href));
}

/**
 * The bundle of `entry`: the one in the cache if the files it was made from are unchanged, else a
 * new one. `built` says which. Throws what esbuild says of a file that does not compile.
 * @param {string} entry
 * @param {{ cacheDir?: string }} [options]
 * @returns {Promise<{ file: string; built: boolean }>}
 */
export async function toolingBundle(entry, { cacheDir = DEFAULT_CACHE } = {}) {
  // Named by where the entry is, too: a copy of the kata whose node_modules is a link to this
  // one's has bundles of its own files, which know their own folders.
  const name = `${path.basename(entry, '.ts')}-${createHash('sha1').update(entry).digest('hex').slice(0, 12)}`;
  const file = path.join(cacheDir, `${name}.mjs`);
  const manifestFile = `${file}.json`;
  if (upToDate(manifestFile)) return { file, built: false };
  const { code, inputs } = await bundle(entry, file);
  const manifest = {
    format: FORMAT,
    esbuild: (await import('esbuild')).version,
    inputs: Object.fromEntries(inputs.map((input) => [input, hashOf(input)])),
    // A module added beside an input (a mutants file for a new exercise) is no input yet, but a
    // glob import would take it in: each such folder's list of modules is part of what the bundle
    // was made from (of modules only: other files come and go, .netkata/ in the kata's root).
    folders: Object.fromEntries([...new Set(inputs.map((input) => path.dirname(input)))].map((dir) => [dir, listing(dir)])),
  };
  mkdirSync(cacheDir, { recursive: true });
  // Written aside and renamed: another command starting now reads either bundle whole.
  writeAtomically(file, code);
  writeAtomically(manifestFile, JSON.stringify(manifest));
  return { file, built: true };
}

/** @param {string} file */
const hashOf = (file) => createHash('sha1').update(readFileSync(file)).digest('hex');
/** @param {string} dir */
const listing = (dir) =>
  readdirSync(dir)
    .filter((name) => /\.(ts|mts|mjs|js)$/.test(name))
    .sort()
    .join('\n');

/**
 * @param {string} file
 * @param {string} text
 */
function writeAtomically(file, text) {
  const aside = `${file}.${process.pid}.part`;
  writeFileSync(aside, text);
  renameSync(aside, file);
}

/** @param {string} manifestFile */
function upToDate(manifestFile) {
  try {
    // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- JSON.parse gives any; toolingBundle wrote this shape
    const manifest = /** @type {{ format: number; inputs: Record<string, string>; folders: Record<string, string> }} */ (JSON.parse(readFileSync(manifestFile, 'utf8')));
    if (manifest.format !== FORMAT) return false;
    for (const [input, hash] of Object.entries(manifest.inputs)) if (hashOf(input) !== hash) return false;
    for (const [dir, names] of Object.entries(manifest.folders)) if (listing(dir) !== names) return false;
    return true;
  } catch {
    return false; // none yet, or a file it was made from is gone
  }
}

/**
 * One ES module of `entry` and the kata's files it imports; packages stay imports, found from the
 * cache folder in node_modules as from the kata. Each file keeps its own import.meta.dirname,
 * filename and url (the kata finds its folders by them), not the bundle's.
 * @param {string} entry
 * @param {string} outfile
 * @returns {Promise<{ code: string; inputs: string[] }>}
 */
async function bundle(entry, outfile) {
  const esbuild = await import('esbuild');
  /** @type {import('esbuild').Plugin} */
  const ownImportMeta = {
    name: 'netkata-own-import-meta',
    setup(build) {
      build.onLoad({ filter: /\.(ts|mts|mjs|js)$/ }, async ({ path: file }) => {
        const source = readFileSync(file, 'utf8');
        const { code } = await esbuild.transform(source, {
          loader: /\.m?ts$/.test(file) ? 'ts' : 'js',
          format: 'esm',
          sourcefile: file,
          sourcemap: 'inline',
          define: {
            'import.meta.url': JSON.stringify(pathToFileURL(file).href),
            'import.meta.dirname': JSON.stringify(path.dirname(file)),
            'import.meta.filename': JSON.stringify(file),
          },
        });
        return { contents: code, loader: 'js' };
      });
    },
  };
  const result = await esbuild.build({
    entryPoints: [entry],
    absWorkingDir: KATA_ROOT,
    outfile,
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Stack traces point at the .ts lines (the entry files turn source maps on).
    sourcemap: 'inline',
    sourcesContent: false,
    write: false,
    metafile: true,
    logLevel: 'silent',
    plugins: [ownImportMeta],
  });
  const output = result.outputFiles[0];
  if (!output) throw new Error(`esbuild made no bundle of ${entry}`);
  return { code: output.text, inputs: Object.keys(result.metafile.inputs).map((input) => path.resolve(KATA_ROOT, input)) };
}
