// A valid variant of exercise 05's board, in another style than the reference solution:
// - saves with fs/promises, one after another through a queue of promises, each to a temp file
//   of its own (a random name, hidden, beside the data file) renamed over the data file; the
//   answer waits for its own save;
// - moves a data file it cannot use aside (and says where) instead of refusing to start;
// - writes the JSON compact, one line, not indented;
// - parses the form with URLSearchParams (WHATWG's urlencoded parser, lenient: "%zz" stays text);
// - leaves out the optional <html>, <head> and <body> tags, quotes attribute values only where
//   needed, and leaves quotes raw in text (only & < > matter there).
import { randomUUID } from 'node:crypto';
import { readFileSync, renameSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';

const HOST = process.env.HOST ?? 'localhost';
const PORT = Number(process.env.PORT ?? 8080);
const DATA_FILE = path.resolve(process.env.DATA_FILE ?? path.join(import.meta.dirname, 'messages.json'));
const LIMIT = 1024 * 1024;
const METHODS = 'GET, HEAD, POST';

type Message = { text: string; posted: string };

const looksLikeMessage = (m: unknown): m is Message =>
  typeof m === 'object' && m !== null && typeof (m as Message).text === 'string' && typeof (m as Message).posted === 'string' && Number.isFinite(Date.parse((m as Message).posted));

/** The board as the data file has it; a file that is not a board is put aside, never reused. */
function load(): Message[] {
  let raw: string;
  try {
    raw = readFileSync(DATA_FILE, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      console.log(`${DATA_FILE} does not exist yet: the board starts empty, and the first post creates the file.`);
      return [];
    }
    return putAside(`cannot be read (${(error as Error).message})`);
  }
  let board: unknown;
  try {
    board = JSON.parse(raw);
  } catch {
    return putAside('is not JSON');
  }
  if (!Array.isArray(board) || !board.every(looksLikeMessage)) return putAside('is not a list of messages');
  return board;
}

function putAside(problem: string): Message[] {
  const aside = `${DATA_FILE}.broken-${new Date().toISOString().replaceAll(':', '-')}`;
  try {
    renameSync(DATA_FILE, aside);
  } catch (error) {
    console.error(`${DATA_FILE} ${problem}, and could not be moved aside (${(error as Error).message}). Not starting.`);
    process.exit(1);
  }
  console.log(`${DATA_FILE} ${problem}: moved it to ${aside} (nothing in it is lost) and started an empty board.`);
  return [];
}

const board = load();

// Saves run one after another, each writing the board as it was when its change was made, so
// the last one renamed into place is always the newest board.
let queue: Promise<void> = Promise.resolve();
function save(): Promise<void> {
  const json = JSON.stringify(board);
  const done = queue.then(async () => {
    const temp = path.join(path.dirname(DATA_FILE), `.${path.basename(DATA_FILE)}.${randomUUID()}.tmp`);
    await writeFile(temp, json);
    await rename(temp, DATA_FILE);
  });
  queue = done.catch(() => {});
  return done;
}

const text = (s: string) => s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
const attribute = (s: string) => s.replaceAll('&', '&amp;').replaceAll('"', '&quot;');

function page(): string {
  const items = board
    .map(
      (m) => `<li class=message>
  <p class=posted>Posted: <time datetime="${attribute(m.posted)}">${text(m.posted)}</time></p>
  <p class=text>${m.text.split(/\r\n|\r|\n/).map(text).join('<br>')}</p>
</li>`,
    )
    .join('\n');
  return `<!doctype html>
<meta charset=utf-8>
<title>Board</title>
<h1>Board</h1>
${board.length ? `<ol>\n${items}\n</ol>` : '<p>Nothing posted yet.</p>'}
<form method=post action=/>
  <textarea name=message rows=4 cols=50></textarea>
  <button>Post</button>
</form>
<form method=post action=/>
  <button name=clear value=yes>Clear the board</button>
</form>
`;
}

function send(res: http.ServerResponse, status: number, html: string, headers: http.OutgoingHttpHeaders = {}): void {
  const body = Buffer.from(html);
  res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': body.length, ...headers });
  res.end(body);
}

/** The body, or undefined when it is over the limit (the rest is read and dropped). */
function body(req: http.IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    if (Number(req.headers['content-length'] ?? 0) > LIMIT) {
      req.resume();
      resolve(undefined);
      return;
    }
    const parts: Buffer[] = [];
    let size = 0;
    req.on('data', (part: Buffer) => {
      size += part.length;
      if (size > LIMIT) {
        parts.length = 0;
        resolve(undefined);
      } else parts.push(part);
    });
    req.on('end', () => resolve(Buffer.concat(parts)));
    req.on('error', reject);
  });
}

async function post(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const bytes = await body(req);
  if (!bytes) {
    send(res, 413, '<!doctype html><title>Too large</title><p>A post may be 1 MiB at most.');
    return;
  }
  const form = new URLSearchParams(bytes.toString('utf8'));
  if (form.has('clear')) board.splice(0);
  else {
    const message = form.get('message') ?? '';
    if (message.trim()) board.push({ text: message, posted: new Date().toISOString() });
  }
  await save();
  res.writeHead(303, { Location: '/', 'Content-Length': 0 });
  res.end();
}

async function route(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const where = new URL(req.url ?? '/', 'http://localhost').pathname;
  switch (`${req.method} ${where === '/' ? '/' : '*'}`) {
    case 'GET /':
    case 'HEAD /':
      return send(res, 200, page());
    case 'POST /':
      return post(req, res);
    default:
      if (!METHODS.split(', ').includes(req.method ?? '')) return send(res, 405, '<!doctype html><title>405</title><p>Not here.', { Allow: METHODS });
      return send(res, 404, '<!doctype html><title>404</title><p>The board is at <a href=/>/</a>.');
  }
}

http
  .createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      console.error(error);
      if (res.headersSent) res.destroy();
      else send(res, 500, '<!doctype html><title>500</title><p>Something went wrong.');
    });
  })
  .listen(PORT, HOST, () => console.log(`Board on http://${HOST}:${PORT}/, kept in ${DATA_FILE}`));
