// Node's compile cache for the kata's own commands (compile-cache.mjs): on where node has one
// (22.8 and later), in node_modules/.cache/netkata/compile/; nothing, and no error, on Node 20.
import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import module from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { KATA_ROOT } from './curriculum.ts';

const dir = await mkdtemp(path.join(tmpdir(), 'netkata-compile-cache-test-'));
afterAll(() => rm(dir, { recursive: true, force: true }));
// Node turns the cache on by itself where the environment names a folder: not here.
const { NODE_COMPILE_CACHE: _named, ...withoutCompileCache } = process.env;
const nodeHasOne = typeof (module as { enableCompileCache?: unknown }).enableCompileCache === 'function';

describe('useCompileCache', () => {
  it(nodeHasOne ? "keeps what this thread compiles in the kata's cache folder" : 'does nothing, and fails nothing, on a node without a compile cache', async () => {
    const cache = path.join(KATA_ROOT, 'node_modules', '.cache', 'netkata', 'compile');
    await writeFile(path.join(dir, 'some-module.mjs'), 'export const answer = 42;\n');
    const script = [
      `import { useCompileCache } from ${JSON.stringify(pathToFileURL(path.join(import.meta.dirname, 'compile-cache.mjs')).href)};`,
      'import module from "node:module";',
      'useCompileCache();',
      `await import(${JSON.stringify(pathToFileURL(path.join(dir, 'some-module.mjs')).href)});`,
      'console.log(module.getCompileCacheDir?.() ?? "none");',
    ].join('\n');
    const ran = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', cwd: import.meta.dirname, env: withoutCompileCache });
    expect(ran.stderr).toBe('');
    if (!nodeHasOne) return expect(ran.stdout.trim()).toBe('none');
    // Node keeps it in a folder of its version's inside.
    const kept = ran.stdout.trim();
    expect(path.dirname(kept)).toBe(cache);
    expect((await readdir(kept)).length).toBeGreaterThan(0);
  });
});
