// TypeScript's errors in a learner's folder, found by a real check with the kata's tsconfig.json.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startTypeCheck, startTypeChecker, typeScriptFiles } from './type-errors.ts';

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

  it('checks again, with one checker (npm run watch), what a save changed: an error fixed, then one made', async () => {
    const dir = await mkdtemp(path.join(temp, 'again-'));
    const file = path.join(dir, 'server.ts');
    const checker = startTypeChecker();
    try {
      await writeFile(file, "import http from 'node:http';\nconst port: number = process.env.PORT;\nhttp.createServer().listen(port);\n");
      expect((await checker.check([file]).errors()).map((e) => e.line)).toEqual([2]);
      await writeFile(file, "import http from 'node:http';\nconst port = Number(process.env.PORT ?? 8080);\nhttp.createServer().listen(port);\n");
      expect(await checker.check([file]).errors()).toEqual([]);
      await writeFile(file, "import http from 'node:http';\nconst port = Number(process.env.PORT ?? 8080);\nhttp.createServer().listen(port);\nconst n: number = 'x';\n");
      expect((await checker.check([file]).errors()).map((e) => e.line)).toEqual([4]);
    } finally {
      await checker.close();
    }
  });
});
