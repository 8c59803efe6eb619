// TypeScript's errors in a learner's folder, found by a real check with the kata's tsconfig.json.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startTypeCheck, typeScriptFiles } from './type-errors.ts';

const temp = await mkdtemp(path.join(tmpdir(), 'netkata-types-'));
afterAll(() => rm(temp, { recursive: true, force: true }));

describe('startTypeCheck', () => {
  it('finds a strict-mode error in a server.ts anywhere on disk, with its line, and nothing in a clean one', async () => {
    await writeFile(path.join(temp, 'server.ts'), "import http from 'node:http';\nconst port: number = process.env.PORT;\nhttp.createServer().listen(port);\n");
    await writeFile(path.join(temp, 'clean.ts'), "import http from 'node:http';\nhttp.createServer().listen(Number(process.env.PORT ?? 8080));\n");
    expect(typeScriptFiles(temp).map((f) => path.basename(f))).toEqual(['clean.ts', 'server.ts']);
    const errors = await startTypeCheck(typeScriptFiles(temp)).errors();
    expect(errors.map((e) => [path.basename(e.file), e.line, e.message.split(' ')[0]])).toEqual([['server.ts', 2, 'TS2322']]);
  });
});
