// Exercise 05: the message board kept in a JSON file, with timestamps. Read README.md beside this
// file first. It starts from a working board, exercise 04's, with each message now an object.
// Run: npm start 05 (it restarts when you save), then open the URL it prints.
// Test: npm test exercises/05
import http from 'node:http';
import path from 'node:path';

const HOST = process.env.HOST ?? 'localhost';
const PORT = Number(process.env.PORT ?? 8080);

// The methods this server answers; a 405 lists them in its Allow header.
const ALLOWED_METHODS = 'GET, HEAD, POST';
// A board message needs kilobytes. Without a limit, one client could fill the memory.
const MAX_BODY_BYTES = 1024 * 1024;
// Where the board is kept between runs (step 3).
const DATA_FILE = path.resolve(process.env.DATA_FILE ?? path.join(import.meta.dirname, 'messages.json'));

/** A message, and (step 2) when it was posted. */
interface Message {
  text: string;
  // TODO: step 2. Add "posted": the date and time it was posted, in ISO 8601 ("2025-03-01T14:05:09.123Z").
}

// The board, oldest first: read from the data file once, at start, and saved on every change.
const messages: Message[] = loadMessages(DATA_FILE);

/** Reads the board from its data file, once, when the server starts. */
function loadMessages(file: string): Message[] {
  // TODO: step 4. Read the file (readFileSync from node:fs) and parse it (JSON.parse). When there is
  //       no file yet (the error's code is 'ENOENT'), say so on stdout, naming the file, and start
  //       with an empty board.
  // TODO: step 7. Any other problem (the file cannot be read, is not JSON, or is not a list of
  //       messages) must not start an empty board: the next save would write over the file. Print
  //       what is wrong, naming the file and what to do about it, and exit with process.exit(1).
  void file;
  return [];
}

/** Writes the whole board to the data file. */
function saveMessages(): void {
  // TODO: step 3. Write the board as JSON (JSON.stringify(messages)) to DATA_FILE.
  // TODO: step 6. Make the write atomic: write a temp file beside DATA_FILE, then rename it over
  //       DATA_FILE (writeFileSync, then renameSync).
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

/** One message as a list item: its text, escaped, line breaks as <br>. */
function renderMessage({ text }: Message): string {
  const lines = escapeHtml(text).split(/\r\n|\r|\n/);
  // TODO: step 2. Show when the message was posted, above its text, in a paragraph of its own:
  //       <p class="posted">Posted: 2025-03-01T14:05:09.123Z</p>
  return `      <li class="message">
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
    // A blank message would only be an empty line on the board.
    // TODO: step 2. Take the time now, when the message is posted, and store it with the message.
    if (text.trim() !== '') messages.push({ text });
  }
  // Saved before the answer (step 5): once the browser has its 303, the message must survive a crash.
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
