// How the entry files (tooling/kata.mjs, grading/grade.mjs, grading/child.mjs) load the kata's
// own TypeScript: as one bundle that esbuild makes once and keeps in node_modules/.cache/netkata/,
// reused while every file it was made from holds the same text. Plain JavaScript: it runs first.
//
// Why not tsx's loader, as before: it resolves and loads each of the ~60 modules through hooks on
// a thread of their own, which cost every command about 0.25 s of CPU and 0.1-0.2 s before its
// first line ran (measured on `npm test solutions/03`, where that loader thread alone used 0.24 s).
// Should the bundle fail (a file that does not compile, a cache folder it cannot write), tsx loads
// the files as before, and says what is wrong as before.
import { Buffer } from 'node:buffer';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const KATA_ROOT = path.resolve(import.meta.dirname, '..', '..');
const DEFAULT_CACHE = path.join(KATA_ROOT, 'node_modules', '.cache', 'netkata');
const TSCONFIG = path.join(KATA_ROOT, 'tsconfig.json');

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
  const made = madeBy();
  if (upToDate(manifestFile, made)) return { file, built: false };
  const { code, inputs } = await bundle(entry, file);
  mkdirSync(cacheDir, { recursive: true });
  // Written aside and renamed: another command starting now reads either bundle whole.
  writeAtomically(file, code);
  if (inputs) {
    const manifest = {
      entry,
      made,
      inputs,
      // A module added beside an input (a mutants file for a new exercise) is no input yet, but
      // it may be once an input names it: each input's folder's list of modules counts too (of
      // modules only: other files come and go, .netkata/ in the kata's root).
      folders: Object.fromEntries([...new Set(Object.keys(inputs).map((input) => path.dirname(input)))].map((dir) => [dir, listing(dir)])),
    };
    writeAtomically(manifestFile, JSON.stringify(manifest));
  } else rmSync(manifestFile, { force: true }); // made of a file read as it was not hashed: made again next time
  forgetGoneCheckouts(cacheDir);
  return { file, built: true };
}

/** @param {string | Buffer} text */
const hashOf = (text) => createHash('sha1').update(text).digest('hex');
/** @param {string} dir */
const listing = (dir) =>
  readdirSync(dir)
    .filter((name) => /\.(ts|mts|mjs|js)$/.test(name))
    .sort()
    .join('\n');

/** What makes the bundles, besides their inputs: this file and esbuild's version. A change to either makes them again. */
function madeBy() {
  // Its package.json, not the package: importing esbuild costs ~20 ms, and most commands bundle nothing.
  const esbuildPackage = readFileSync(path.join(KATA_ROOT, 'node_modules', 'esbuild', 'package.json'));
  return `${hashOf(readFileSync(import.meta.filename))} ${hashOf(esbuildPackage)}`;
}

/**
 * @param {string} file
 * @param {string} text
 */
function writeAtomically(file, text) {
  const aside = `${file}.${process.pid}.part`;
  writeFileSync(aside, text);
  renameSync(aside, file);
}

/**
 * @typedef {{ entry: string; made: string; inputs: Record<string, string>; folders: Record<string, string> }} Manifest
 * @param {string} manifestFile
 * @returns {Manifest}
 */
function readManifest(manifestFile) {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-return -- JSON.parse gives any; toolingBundle wrote a Manifest
  return JSON.parse(readFileSync(manifestFile, 'utf8'));
}

/**
 * @param {string} manifestFile
 * @param {string} made
 */
function upToDate(manifestFile, made) {
  try {
    const manifest = readManifest(manifestFile);
    if (manifest.made !== made) return false;
    for (const [input, hash] of Object.entries(manifest.inputs)) if (hashOf(readFileSync(input)) !== hash) return false;
    for (const [dir, names] of Object.entries(manifest.folders)) if (listing(dir) !== names) return false;
    return true;
  } catch {
    return false; // none yet, or a file it was made from is gone
  }
}

/**
 * Removes the bundles of checkouts that are gone: a temp copy of the kata (the bench's, the
 * end-to-end tests') whose node_modules was a link to this one, or this checkout before a move.
 * @param {string} cacheDir
 */
function forgetGoneCheckouts(cacheDir) {
  for (const name of readdirSync(cacheDir).filter((n) => n.endsWith('.mjs.json'))) {
    const manifestFile = path.join(cacheDir, name);
    let entry;
    try {
      entry = readManifest(manifestFile).entry;
    } catch {
      continue; // being written by another command, or not ours to judge
    }
    if (existsSync(entry)) continue;
    rmSync(manifestFile, { force: true });
    rmSync(manifestFile.slice(0, -'.json'.length), { force: true });
  }
}

const LOADERS = /** @type {const} */ ({ '.ts': 'ts', '.mts': 'ts', '.mjs': 'js', '.js': 'js', '.json': 'json' });

/**
 * One ES module of `entry` and the kata's files it imports; packages stay imports, found from the
 * cache folder in node_modules as from the kata. Each file keeps its own import.meta.dirname,
 * filename and url (the kata finds its folders by them), not the bundle's. `inputs`: the hash of
 * the very text bundled of each file (one saved during the build is seen at the next command);
 * undefined if esbuild read a file itself.
 * @param {string} entry
 * @param {string} outfile
 * @returns {Promise<{ code: string; inputs: Record<string, string> | undefined }>}
 */
async function bundle(entry, outfile) {
  const esbuild = await import('esbuild');
  const tsconfig = readFileSync(TSCONFIG, 'utf8');
  /** @type {Record<string, string> | undefined} */
  let inputs = { [TSCONFIG]: hashOf(tsconfig) };
  /** @type {import('esbuild').Plugin} */
  const hashedWithOwnImportMeta = {
    name: 'netkata-hashed-own-import-meta',
    setup(build) {
      build.onLoad({ filter: /.*/ }, async ({ path: file, namespace }) => {
        const loader = LOADERS[/** @type {keyof typeof LOADERS} */ (path.extname(file))];
        if (namespace !== 'file' || !loader) {
          inputs = undefined;
          return undefined;
        }
        const source = readFileSync(file, 'utf8');
        if (inputs) inputs[file] = hashOf(source);
        if (loader === 'json') return { contents: source, loader };
        const { code } = await esbuild.transform(source, {
          loader,
          format: 'esm',
          sourcefile: file,
          sourcemap: 'inline',
          tsconfigRaw: tsconfig,
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
    sourcemap: 'external',
    sourcesContent: false,
    write: false,
    logLevel: 'silent',
    plugins: [hashedWithOwnImportMeta],
  });
  const code = result.outputFiles.find((output) => output.path === outfile)?.text;
  const map = result.outputFiles.find((output) => output.path === `${outfile}.map`)?.text;
  if (code === undefined || map === undefined) throw new Error(`esbuild made no bundle of ${entry}`);
  return { code: withAbsoluteSourceMap(code, map, outfile), inputs };
}

/**
 * The bundle with its source map inline, naming each source by its absolute URL: node reads the
 * bundle at its real path, which for a copy of the kata with a linked node_modules is in another
 * checkout, where relative names would point at that checkout's files.
 * @param {string} code
 * @param {string} mapText
 * @param {string} outfile
 */
function withAbsoluteSourceMap(code, mapText, outfile) {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- JSON.parse gives any; esbuild wrote a source map
  const map = /** @type {{ sources: string[] }} */ (JSON.parse(mapText));
  map.sources = map.sources.map((source) => pathToFileURL(path.resolve(path.dirname(outfile), source)).href);
  const withoutLink = code.replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n');
  return `${withoutLink}//# sourceMappingURL=data:application/json;base64,${Buffer.from(JSON.stringify(map)).toString('base64')}\n`;
}
