// Turns a server.ts into one JavaScript file that plain node runs: one esbuild bundle with an
// inline source map, so stack traces and c8 coverage point at the learner's .ts lines. Starting
// plain node this way takes ~0.04 s where `node --import tsx` takes ~0.3 s, for every server start.
import type { Loader, Message, Plugin } from 'esbuild';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export interface BuiltServer {
  /** The bundle to run with node. */
  file: string;
  /** The temp folder holding it; delete it when done. */
  tempDir: string;
  /** Every module the server imports that was left to node: its built-ins, e.g. "node:net". */
  builtinImports: string[];
  /** Packages the server imports from node_modules, e.g. "express". */
  packageImports: string[];
}

export class CompileError extends Error {}

function formatMessages(messages: Message[]): string {
  return messages
    .map((m) => {
      const where = m.location ? `${m.location.file}:${m.location.line}:${m.location.column + 1}` : '';
      const line = m.location?.lineText ? `\n    ${m.location.lineText}` : '';
      return `  ${where} ${m.text}${line}`;
    })
    .join('\n');
}

/** A bundle made once: its bytes, what it imports, and the learner's files it was made from. */
interface Bundle {
  contents: Uint8Array;
  builtinImports: string[];
  packageImports: string[];
  /** Each of the learner's source files, by the hash of the text it was bundled from; undefined: one esbuild read itself. */
  sources: Map<string, string> | undefined;
}

const hashOf = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

function hashOfFile(file: string): string {
  try {
    return hashOf(readFileSync(file));
  } catch {
    return 'gone';
  }
}

/**
 * The bundles this process made, by entry file. A spec file starts its server again and again
 * (exercise 05: some 25 times, each restart and crash), and bundling is most of a start's CPU. A
 * bundle is used again only while every file of the learner's it was made from holds the very text
 * it was made from (a save in `npm run watch` bundles again); packages in node_modules are not
 * looked at again.
 */
const bundles = new Map<string, Promise<Bundle>>();

async function bundleOf(entry: string): Promise<Bundle> {
  const cached = await bundles.get(entry)?.catch(() => undefined);
  if (cached?.sources && [...cached.sources].every(([file, hash]) => hashOfFile(file) === hash)) return cached;
  const making = bundle(entry);
  bundles.set(entry, making);
  // A server that does not compile is bundled again at its next start: its error is said each time.
  making.catch(() => bundles.delete(entry));
  return making;
}

const LOADERS: Record<string, Loader> = { '.ts': 'ts', '.mts': 'ts', '.cts': 'ts', '.tsx': 'tsx', '.js': 'js', '.mjs': 'js', '.cjs': 'js', '.jsx': 'jsx', '.json': 'json' };

/** Reads the learner's files for esbuild, so that the text bundled is the text hashed. */
function hashingSources(sources: Map<string, string>, unknown: () => void): Plugin {
  return {
    name: 'netkata-hashing-sources',
    setup(build) {
      build.onLoad({ filter: /.*/ }, (args) => {
        if (args.namespace !== 'file' || args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
        const loader = LOADERS[path.extname(args.path)];
        if (!loader) {
          unknown(); // esbuild reads it its own way: this bundle is not kept
          return undefined;
        }
        const contents = readFileSync(args.path);
        sources.set(args.path, hashOf(contents));
        return { contents, loader };
      });
    },
  };
}

async function bundle(entry: string): Promise<Bundle> {
  const dirname = path.dirname(entry);
  const sources = new Map<string, string>();
  let keep = true;
  // Imported here, as in grading/work-dir.ts: only a command that starts a server needs it.
  const { build } = await import('esbuild');
  let result;
  try {
    result = await build({
      entryPoints: [entry],
      // Where the bundle's source map says it lies, relative to the sources: every copy is written
      // at this depth (tmpdir/netkata-build-XXXXXX/server.mjs), so the paths hold for each.
      outfile: path.join(tmpdir(), 'netkata-build', 'server.mjs'),
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      sourcemap: 'inline',
      sourcesContent: true,
      metafile: true,
      write: false,
      logLevel: 'silent',
      plugins: [hashingSources(sources, () => (keep = false))],
      // The bundle lives in a temp folder, but the server must see its own folder (public/, the
      // data file), so import.meta points at the real server.ts.
      define: {
        'import.meta.url': JSON.stringify(pathToFileURL(entry).href),
        'import.meta.dirname': JSON.stringify(dirname),
        'import.meta.filename': JSON.stringify(entry),
      },
    });
  } catch (error) {
    const errors = (error as { errors?: Message[] }).errors;
    throw new CompileError(errors ? formatMessages(errors) : String(error));
  }
  const output = result.outputFiles[0];
  if (!output) throw new CompileError('esbuild produced no output');

  const builtinImports = new Set<string>();
  const packageImports = new Set<string>();
  for (const [input, info] of Object.entries(result.metafile.inputs)) {
    for (const imp of info.imports) {
      if (imp.external) builtinImports.add(imp.path);
    }
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
    if (match?.[1]) packageImports.add(match[1]);
  }
  return { contents: output.contents, builtinImports: [...builtinImports], packageImports: [...packageImports], sources: keep ? sources : undefined };
}

/** The server's bundle, in a temp folder of its own (removed by whoever ends the server). */
export async function buildServer(entry: string): Promise<BuiltServer> {
  const made = await bundleOf(entry);
  const tempDir = await mkdtemp(path.join(tmpdir(), 'netkata-build-'));
  const outfile = path.join(tempDir, 'server.mjs');
  try {
    await writeFile(outfile, made.contents);
  } catch (error) {
    await rm(tempDir, { recursive: true, force: true });
    throw error;
  }
  return { file: outfile, tempDir, builtinImports: made.builtinImports, packageImports: made.packageImports };
}
