// Exercise 05, reference solution: the message board kept in a JSON file, with timestamps.
// Run: npm start solutions/05, then open the URL it prints.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';

const HOST = process.env.HOST ?? 'localhost';
const PORT = Number(process.env.PORT ?? 8080);

// The methods this server answers; a 405 lists them in its Allow header.
const ALLOWED_METHODS = 'GET, HEAD, POST';
// A board message needs kilobytes. Without a limit, one client could fill the memory.
const MAX_BODY_BYTES = 1024 * 1024;
// Where the board is kept between runs.
const DATA_FILE = path.resolve(process.env.DATA_FILE ?? path.join(import.meta.dirname, 'messages.json'));

/** A message and when it was posted: an ISO 8601 date and time in UTC, "2025-03-01T14:05:09.123Z". */
interface Message {
  text: string;
  posted: string;
}

// The board, oldest first: read from the data file once, at start, and saved on every change.
const messages: Message[] = loadMessages(DATA_FILE);

function isMessage(value: unknown): value is Message {
  const { text, posted } = (value ?? {}) as Partial<Message>;
  return typeof text === 'string' && typeof posted === 'string' && !Number.isNaN(Date.parse(posted));
}

/** Stops the server before it can save over a data file it could not read. */
function refuseToStart(file: string, problem: string): never {
  console.error(
    `Not starting: the data file ${file} ${problem}.\n` +
      'It is left as it is, so none of the messages in it are lost. Repair it (it is JSON: a list of\n' +
      '{ "text", "posted" }), move it somewhere else, or set DATA_FILE to another file, then start again.',
  );
  process.exit(1);
}

/** Reads the board from its file: no file yet means an empty board; a broken file stops us. */
function loadMessages(file: string): Message[] {
  let json: string;
  try {
    json = readFileSync(file, 'utf8');
  } catch (error) {
    // Only a file that is not there means "no messages yet"; any other error is a problem to report.
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') refuseToStart(file, `cannot be read (${(error as Error).message})`);
    console.log(`No data file at ${file} yet: starting with an empty board. The first post creates it.`);
    return [];
  }
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (error) {
    refuseToStart(file, `is not valid JSON (${(error as Error).message})`);
  }
  if (!Array.isArray(data) || !data.every(isMessage)) refuseToStart(file, 'is JSON, but not a list of messages');
  console.log(`Loaded ${data.length} message(s) from ${file}.`);
  return data;
}

/**
 * Writes the whole board to the data file, atomically: into a temporary file beside it, then a
 * rename over the old one. A crash at any moment leaves the old file or the new one, never half.
 */
function saveMessages(): void {
  // Beside the data file: a rename is only atomic within one file system.
  const temp = `${DATA_FILE}.${process.pid}.tmp`;
  // Synchronous on purpose: two requests can never interleave their saves, and no answer goes out
  // before its save is done. A board of a few hundred messages is saved in about a millisecond.
  writeFileSync(temp, `${JSON.stringify(messages, null, 2)}\n`);
  renameSync(temp, DATA_FILE);
}

/** A status to answer with, and why, for a request we refuse. */
class HttpError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

/** Makes text safe inside HTML: the browser shows "<b>" instead of obeying it. */
function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;') // first, or it would escape the "&" of the entities below
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** One message as a list item: when it was posted, then its text, escaped, line breaks as <br>. */
function renderMessage({ text, posted }: Message): string {
  const lines = escapeHtml(text).split(/\r\n|\r|\n/);
  return `      <li class="message">
        <p class="posted">Posted: <time datetime="${escapeHtml(posted)}">${escapeHtml(posted)}</time></p>
        <p class="text">${lines.join('<br>\n')}</p>
      </li>`;
}

function renderPage(): string {
  const list = messages.length === 0 ? '    <p>No messages yet.</p>' : `    <ol id="messages">\n${messages.map(renderMessage).join('\n')}\n    </ol>`;
  return `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <title>Message board</title>
  </head>
  <body>
    <h1>Message board</h1>
    <h2>Messages</h2>
${list}
    <h2>New message</h2>
    <form method="post" action="/">
      <textarea name="message" rows="4" cols="50"></textarea>
      <button type="submit">Save</button>
    </form>
    <form method="post" action="/">
      <button type="submit" name="clear">Clear all messages</button>
    </form>
  </body>
</html>
`;
}

function statusPage(title: string, text: string): string {
  return `<!DOCTYPE html>
<html lang="en">
  <head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
  <body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p><p><a href="/">Back to the board</a></p></body>
</html>
`;
}

function sendHtml(res: http.ServerResponse, status: number, html: string, headers: http.OutgoingHttpHeaders = {}): void {
  const body = Buffer.from(html, 'utf8');
  res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': body.length, ...headers });
  // For HEAD, node:http sends the head and drops the body for us.
  res.end(body);
}

function tooLarge(): HttpError {
  return new HttpError(413, `A message board post must be at most ${MAX_BODY_BYTES} bytes.`);
}

/** Reads the whole body, however it arrives: in several pieces, with Content-Length, or chunked. */
function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise(function collectBody(resolve, reject) {
    // Refuse at once when the client announces too much: no need to read it.
    if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) {
      reject(tooLarge());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', function collectChunk(chunk: Buffer) {
      size += chunk.length;
      // Count as we go too: a chunked body announces no length at all.
      if (size > MAX_BODY_BYTES) reject(tooLarge());
      else chunks.push(chunk);
    });
    // Only 'end' says the body is complete; one 'data' event may hold just a part of it.
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Decodes one url-encoded name or value: "+" is a space, "%C3%A9" is the UTF-8 bytes of "é". */
function decodeFormValue(raw: string): string {
  // decodeURIComponent throws on a broken escape ("%zz") or bytes that are not UTF-8.
  return decodeURIComponent(raw.replaceAll('+', ' '));
}

/** Parses an application/x-www-form-urlencoded body; throws a 400 when it is malformed. */
function parseForm(body: Buffer): Map<string, string> {
  const fields = new Map<string, string>();
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(body);
    // Split first, decode after: a "%26" in a message is an "&" inside it, not a new field.
    for (const pair of text.split('&')) {
      if (pair === '') continue;
      const equals = pair.indexOf('=');
      const name = decodeFormValue(equals === -1 ? pair : pair.slice(0, equals));
      const value = equals === -1 ? '' : decodeFormValue(pair.slice(equals + 1));
      // A field sent twice keeps its first value.
      if (!fields.has(name)) fields.set(name, value);
    }
  } catch {
    throw new HttpError(400, 'The form data is not valid url-encoded UTF-8.');
  }
  return fields;
}

/** Post/Redirect/Get: after a POST, send the browser to GET the board. */
function redirectToBoard(res: http.ServerResponse): void {
  // 303 See Other means "done, now GET this": reloading the board then repeats a GET, not the POST.
  sendHtml(res, 303, statusPage('Saved', 'Your message board is at /.'), { Location: '/' });
}

async function handlePost(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const form = parseForm(await readBody(req));
  if (form.has('clear')) {
    messages.length = 0;
  } else {
    const text = form.get('message') ?? '';
    // A blank message would only be an empty line on the board. The time is taken now, when the
    // message is posted, and kept with it from then on.
    if (text.trim() !== '') messages.push({ text, posted: new Date().toISOString() });
  }
  // Saved before the answer: once the browser has its 303, the message must survive a crash.
  saveMessages();
  redirectToBoard(res);
}

async function handleRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  // Validate in a fixed order: the method, then the path, then the body.
  if (req.method !== 'GET' && req.method !== 'HEAD' && req.method !== 'POST') {
    sendHtml(res, 405, statusPage('405 Method Not Allowed', `This board answers ${ALLOWED_METHODS}.`), { Allow: ALLOWED_METHODS });
    return;
  }
  const { pathname } = new URL(req.url ?? '/', 'http://board.invalid');
  if (pathname !== '/') {
    sendHtml(res, 404, statusPage('404 Not Found', 'The board is at /.'));
    return;
  }
  if (req.method === 'POST') {
    await handlePost(req, res);
    return;
  }
  sendHtml(res, 200, renderPage());
}

const server = http.createServer(function answerRequest(req, res) {
  res.on('finish', function logRequest() {
    console.log(`${req.socket.remoteAddress} "${req.method} ${req.url} HTTP/${req.httpVersion}" ${res.statusCode}`);
  });
  handleRequest(req, res).catch(function answerError(error: unknown) {
    // One bad request must not stop the board for everyone: answer it, log it, carry on.
    const status = error instanceof HttpError ? error.status : 500;
    if (status === 500) console.error(error);
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const text = error instanceof HttpError ? error.message : 'Something broke on our side.';
    // Once we have answered, node:http reads what is left of a refused body and throws it away,
    // so the client, still sending, gets our answer instead of a broken connection.
    sendHtml(res, status, statusPage(`${status} ${http.STATUS_CODES[status]}`, text));
  });
});

server.listen(PORT, HOST, () => {
  console.log(`Open your browser at http://${HOST}:${PORT}/`);
});
