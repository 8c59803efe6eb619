// Exercise 04: a message board that takes POSTed forms. Read README.md beside this file first.
// Run: npm start 04 (it restarts when you save), then open the URL it prints.
// Test: npm test exercises/04
import http from 'node:http';

const HOST = process.env.HOST ?? 'localhost';
const PORT = Number(process.env.PORT ?? 8080);

// The board, oldest first. In memory only: a restart empties it (exercise 05 fixes that).
const messages: string[] = [];

/** A status to answer with, and why: throw one from anywhere in a request's handling. */
class HttpError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

/** One message as a list item. */
function renderMessage(text: string): string {
  // TODO: step 6. Escape the text (& < > " ') before it goes into the page, and turn each of its
  //       line breaks into <br>.
  return `      <li class="message">${text}</li>`;
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
  <head><meta charset="utf-8"><title>${title}</title></head>
  <body><h1>${title}</h1><p>${text}</p><p><a href="/">Back to the board</a></p></body>
</html>
`;
}

function sendHtml(res: http.ServerResponse, status: number, html: string, headers: http.OutgoingHttpHeaders = {}): void {
  const body = Buffer.from(html, 'utf8');
  res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': body.length, ...headers });
  // For HEAD, node:http sends the head and drops the body for us.
  res.end(body);
}

/** Reads the whole body of a request. */
function readBody(req: http.IncomingMessage): Promise<Buffer> {
  // TODO: step 3. Collect the body's chunks ('data' events) and resolve with all of them on 'end'.
  // TODO: step 4. Count the bytes as they come: past 1 MiB (1024 * 1024), reject with
  //       new HttpError(413, ...).
  req.resume(); // for now, the body is read and thrown away
  return Promise.resolve(Buffer.alloc(0));
}

/** Turns a url-encoded body ("message=hello+world") into its fields. */
function parseForm(body: Buffer): Map<string, string> {
  const fields = new Map<string, string>();
  // TODO: step 5. Decode the bytes as UTF-8, split them on "&", split each pair on its first "=",
  //       and decode each name and value: "+" is a space, "%C3%A9" is "é". When the encoding is
  //       broken, throw new HttpError(400, ...) (the lesson gives the other right answer too).
  void body;
  return fields;
}

async function handleRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  // TODO: step 9. Answer 405 with "Allow: GET, HEAD, POST" to any other method, and 404 to any
  //       path but /.
  if (req.method === 'POST') {
    const form = parseForm(await readBody(req));
    // TODO: step 2. Add form.get('message') to the end of the board.
    // TODO: step 8. Skip a blank message; empty the board when the form has a "clear" field.
    // TODO: step 7. Then answer "303 See Other" with "Location: /" instead of the page.
    void form;
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
