// Reading a file that the server under test can change (its data file, its public/ folder), never
// through a symbolic link it put there. The grader runs each server in a sandbox, but the specs
// read with the grader's own rights: a server that made public/page.html a link to ~/.ssh/id_rsa
// would have the specs read the key and quote it in a failure message, and so in the report. So
// the file is opened without following a link in its last part (O_NOFOLLOW); on Linux the file
// opened must lie inside `within`, the folder the spec gave the server (a link in a folder on the
// way leads out of it); and it must be a plain file: opening a FIFO would block until someone
// writes to it, and hang the spec's worker (O_NONBLOCK opens it at once, to be refused). All is
// checked on the file as opened, not on its name beforehand: a server cannot swap one in between.
import { closeSync, constants, fstatSync, openSync, readFileSync, readlinkSync, realpathSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import path from 'node:path';

const FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;

/** Why a file was not read, said for the learner, with the code of the error it stands for. */
class NotPlainFile extends Error {
  readonly code: string;
  constructor(message: string, code = 'ELOOP') {
    super(message);
    this.code = code;
  }
}

function refuseLink(error: unknown, file: string): never {
  if ((error as NodeJS.ErrnoException).code === 'ELOOP') throw new NotPlainFile(`${file} is a symbolic link, which the specs do not follow: keep it a plain file`);
  throw error;
}

/** Throws unless the file open as `fd` is a plain file inside `within` (where /proc can say). */
function checkOpened(fd: number, file: string, within: string): void {
  if (!fstatSync(fd).isFile()) throw new NotPlainFile(`${file} is not a plain file (a FIFO, a device or a folder), which the specs do not read: keep it a plain file`, 'EINVAL');
  if (process.platform !== 'linux') return;
  const opened = readlinkSync(`/proc/self/fd/${fd}`);
  const top = realpathSync(within);
  if (opened !== top && !opened.startsWith(top + path.sep)) {
    throw new NotPlainFile(`${file} leads out of its folder (to ${opened}) through a symbolic link, which the specs do not follow`);
  }
}

/** Opens `file`, inside `within`, for reading: see the file's comment. */
export async function openServerFile(file: string, within = path.dirname(file)): Promise<FileHandle> {
  const handle = await open(file, FLAGS).catch((error: unknown) => refuseLink(error, file));
  try {
    checkOpened(handle.fd, file, within);
  } catch (error) {
    await handle.close();
    throw error;
  }
  return handle;
}

/** The bytes of `file`, inside `within`. */
export async function readServerFile(file: string, within = path.dirname(file)): Promise<Buffer> {
  const handle = await openServerFile(file, within);
  try {
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

/** The bytes of `file`, inside `within`, read at once (for a spec that reads at a given moment). */
export function readServerFileSync(file: string, within = path.dirname(file)): Buffer {
  let fd: number;
  try {
    fd = openSync(file, FLAGS);
  } catch (error) {
    refuseLink(error, file);
  }
  try {
    checkOpened(fd, file, within);
    return readFileSync(fd);
  } finally {
    closeSync(fd);
  }
}
