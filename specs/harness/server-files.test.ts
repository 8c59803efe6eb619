// The specs' reads of a server's files never go through a link the server made (server-files.ts).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openServerFile, readServerFile, readServerFileSync } from './server-files.ts';

const root = mkdtempSync(path.join(tmpdir(), 'netkata-server-files-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

// The server's folder, and a secret of the grader's outside it.
const served = path.join(root, 'exercise');
mkdirSync(path.join(served, 'public'), { recursive: true });
writeFileSync(path.join(served, 'public', 'page.html'), '<p>page</p>');
const secrets = path.join(root, 'home');
mkdirSync(secrets);
writeFileSync(path.join(secrets, 'id_key'), 'SECRET');
// A link as the file itself, and a folder on the way that is a link.
symlinkSync(path.join(secrets, 'id_key'), path.join(served, 'public', 'linked.html'));
symlinkSync(secrets, path.join(served, 'elsewhere'));
// A FIFO: opened plainly, it blocks until someone writes to it.
spawnSync('mkfifo', [path.join(served, 'public', 'fifo.html')]);

const reads = {
  readServerFile: (file: string) => readServerFile(file, served),
  readServerFileSync: (file: string) => Promise.resolve().then(() => readServerFileSync(file, served)),
  openServerFile: async (file: string) => {
    const handle = await openServerFile(file, served);
    try {
      return await handle.readFile();
    } finally {
      await handle.close();
    }
  },
};

describe.each(Object.entries(reads))('%s', (_name, read) => {
  it('reads a plain file inside the folder', async () => {
    expect(String(await read(path.join(served, 'public', 'page.html')))).toBe('<p>page</p>');
  });

  it('refuses a file that is a symbolic link, and says so', async () => {
    await expect(read(path.join(served, 'public', 'linked.html'))).rejects.toThrow(/linked\.html is a symbolic link, which the specs do not follow/);
  });

  it.skipIf(process.platform === 'win32')('refuses a FIFO at once, and says so', async () => {
    await expect(read(path.join(served, 'public', 'fifo.html'))).rejects.toThrow(/fifo\.html is not a plain file/);
  });

  it.skipIf(process.platform !== 'linux')('refuses a file reached through a folder that links out of the folder', async () => {
    await expect(read(path.join(served, 'elsewhere', 'id_key'))).rejects.toThrow(/leads out of its folder/);
  });
});
