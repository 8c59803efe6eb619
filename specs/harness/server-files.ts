// Reading a file that the server under test can change (its data file, its public/ folder), never
// through a symbolic link it put there. The grader runs each server in a sandbox, but the specs
// read with the grader's own rights: a server that made public/page.html a link to ~/.ssh/id_rsa
// would have the specs read the key and quote it in a failure message, and so in the report. So
// the file is opened without following a link in its last part (O_NOFOLLOW), and, on Linux, the
// file opened must lie inside `within`, the folder the spec gave the server (a link in a folder on
// the way leads out of it). Both are checked on the file as opened, not on its name beforehand: a
// server cannot swap a link in between.
import { closeSync, constants, openSync, readFileSync, readlinkSync, realpathSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import path from 'node:path';

const NO_FOLLOW = constants.O_RDONLY | constants.O_NOFOLLOW;

/** Why a file was not read: said for the learner, with the code of the error the read would give. */
class LinkRefused extends Error {
  readonly code = 'ELOOP';
  constructor(file: string, where?: string) {
    super(
      where === undefined
        ? `${file} is a symbolic link, which the specs do not follow: keep it a plain file`
        : `${file} leads out of its folder (to ${where}) through a symbolic link, which the specs do not follow`,
    );
  }
}

function refuseLink(error: unknown, file: string): never {
  if ((error as NodeJS.ErrnoException).code === 'ELOOP') throw new LinkRefused(file);
  throw error;
}

/** Throws unless the file open as `fd` lies inside `within` (where /proc can say). */
function checkInside(fd: number, file: string, within: string): void {
  if (process.platform !== 'linux') return;
  const opened = readlinkSync(`/proc/self/fd/${fd}`);
  const top = realpathSync(within);
  if (opened !== top && !opened.startsWith(top + path.sep)) throw new LinkRefused(file, opened);
}

/** Opens `file`, inside `within`, for reading: see the file's comment. */
export async function openServerFile(file: string, within = path.dirname(file)): Promise<FileHandle> {
  const handle = await open(file, NO_FOLLOW).catch((error: unknown) => refuseLink(error, file));
  try {
    checkInside(handle.fd, file, within);
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
    fd = openSync(file, NO_FOLLOW);
  } catch (error) {
    refuseLink(error, file);
  }
  try {
    checkInside(fd, file, within);
    return readFileSync(fd);
  } finally {
    closeSync(fd);
  }
}
