// The bundle the entry files load the kata's TypeScript from (load-tooling.mjs): each file keeps
// its own import.meta, an edit or a new file beside an input makes it again, and a file that does
// not compile is said to be so, by tsx as before. Each bundle runs in a node of its own, as an
// entry file would run it.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { KATA_ROOT } from './curriculum.ts';
import { toolingBundle } from './load-tooling.mjs';

const LOADER = pathToFileURL(path.join(import.meta.dirname, 'load-tooling.mjs')).href;
const root = await mkdtemp(path.join(tmpdir(), 'netkata-load-tooling-test-'));
afterAll(() => rm(root, { recursive: true, force: true }));

let made = 0;
/** A fresh folder with an entry.ts that imports lib/where.ts, and its own cache folder. */
function project(libValue = 'one') {
  const dir = path.join(root, `p${made++}`);
  mkdirSync(path.join(dir, 'lib'), { recursive: true });
  writeFileSync(
    path.join(dir, 'entry.ts'),
    "import { value, whereLib } from './lib/where.ts';\nexport const report = (): string => JSON.stringify({ entryDir: import.meta.dirname, entryUrl: import.meta.url, whereLib, value });\n",
  );
  writeLib(dir, libValue);
  return { dir, entry: path.join(dir, 'entry.ts'), cacheDir: path.join(root, `cache${made}`) };
}

function writeLib(dir: string, value: string) {
  writeFileSync(path.join(dir, 'lib', 'where.ts'), `export const whereLib: string = import.meta.filename;\nexport const value: string = ${JSON.stringify(value)};\n`);
}

/** Runs `code` in a node of its own, with importTooling and toolingBundle in scope; its stdout, or its error. */
function inNode(code: string): { stdout: string; stderr: string; status: number | null } {
  const script = `import { importTooling, toolingBundle } from ${JSON.stringify(LOADER)};\n${code}`;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 30_000 });
  return { stdout: result.stdout.trim(), stderr: result.stderr, status: result.status };
}

const bundleOf = (p: ReturnType<typeof project>) =>
  JSON.parse(inNode(`console.log(JSON.stringify(await toolingBundle(${JSON.stringify(p.entry)}, { cacheDir: ${JSON.stringify(p.cacheDir)} })));`).stdout) as { file: string; built: boolean };

const reportOf = (p: ReturnType<typeof project>) => {
  const ran = inNode(`const m = await importTooling(${JSON.stringify(p.entry)}, { cacheDir: ${JSON.stringify(p.cacheDir)} });\nconsole.log(m.report());`);
  expect(ran.stderr).toBe('');
  return JSON.parse(ran.stdout) as { entryDir: string; entryUrl: string; whereLib: string; value: string };
};

describe('importTooling', () => {
  it("gives each bundled file its own import.meta, not the bundle's", () => {
    const p = project();
    expect(reportOf(p)).toEqual({ entryDir: p.dir, entryUrl: pathToFileURL(p.entry).href, whereLib: path.join(p.dir, 'lib', 'where.ts'), value: 'one' });
    expect(path.dirname(bundleOf(p).file)).toBe(p.cacheDir);
  });

  it('gives a copy of the same files, sharing the cache folder, a bundle of its own', () => {
    const p = project();
    const copy = { ...project(), cacheDir: p.cacheDir };
    expect(reportOf(p).entryDir).toBe(p.dir);
    expect(reportOf(copy).entryDir).toBe(copy.dir);
  });

  it('makes the bundle once, and again after an edit to any file it was made from', () => {
    const p = project();
    expect(bundleOf(p).built).toBe(true);
    expect(bundleOf(p).built).toBe(false);
    writeLib(p.dir, 'two');
    expect(reportOf(p).value).toBe('two');
    expect(bundleOf(p).built).toBe(false);
  });

  it('makes it again when a file is added beside one it was made from', () => {
    const p = project();
    bundleOf(p);
    writeFileSync(path.join(p.dir, 'lib', 'new.ts'), 'export {};\n');
    expect(bundleOf(p).built).toBe(true);
  });

  it('forgets, when it makes a bundle, the bundles of checkouts that are gone', () => {
    const gone = project();
    const kept = { ...project(), cacheDir: gone.cacheDir };
    const goneBundle = bundleOf(gone).file;
    rmSync(gone.dir, { recursive: true });
    const keptBundle = bundleOf(kept).file;
    expect(readdirSync(gone.cacheDir).sort()).toEqual([path.basename(keptBundle), `${path.basename(keptBundle)}.json`].sort());
    expect(goneBundle).not.toBe(keptBundle);
  });

  it("names the .ts file and line in a stack trace, also through a cache folder reached by a link (a copy of the kata's node_modules)", () => {
    const p = project();
    writeFileSync(p.entry, "import { value } from './lib/where.ts';\nexport const report = (): string => {\n  throw new Error(`boom ${value}`);\n};\n");
    const real = path.join(root, `real-cache${made}`);
    mkdirSync(real);
    mkdirSync(path.join(p.dir, 'node_modules'));
    symlinkSync(real, path.join(p.dir, 'node_modules', 'cache'));
    const ran = inNode(`const m = await importTooling(${JSON.stringify(p.entry)}, { cacheDir: ${JSON.stringify(path.join(p.dir, 'node_modules', 'cache'))} });\nm.report();`);
    expect(ran.stderr).toContain(`${p.entry}:3:9`);
  });

  it('bundles only what the commands import: none of the variants\' servers', async () => {
    const cacheDir = path.join(root, 'commands-cache');
    const { file } = await toolingBundle(path.join(KATA_ROOT, 'tooling', 'commands.ts'), { cacheDir });
    const inputs = Object.keys((JSON.parse(readFileSync(`${file}.json`, 'utf8')) as { inputs: Record<string, string> }).inputs);
    expect(inputs).toContain(path.join(KATA_ROOT, 'specs', 'variants', '01-raw-socket.ts'));
    expect(inputs.filter((input) => input.includes(`${path.sep}variants${path.sep}`) && path.dirname(input) !== path.join(KATA_ROOT, 'specs', 'variants'))).toEqual([]);
  });

  it('says which file does not compile, through tsx as before', () => {
    const p = project();
    writeFileSync(path.join(p.dir, 'lib', 'where.ts'), 'export const value: string = ;\n');
    const ran = inNode(`await importTooling(${JSON.stringify(p.entry)}, { cacheDir: ${JSON.stringify(p.cacheDir)} });`);
    expect(ran.status).not.toBe(0);
    expect(ran.stderr).toContain(path.join(p.dir, 'lib', 'where.ts'));
  });
});
