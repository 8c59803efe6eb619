// A valid variant of exercise 04's board, in another style than the solution: a table of routes,
// the body read through its async iterator, URLSearchParams as the form parser (WHATWG's own: "%zz" stays as
// text, bytes that are not UTF-8 become U+FFFD), only & < > escaped (quotes do no harm between
// tags), a page without html/head/body tags and with the forms above the list, and a 413 sent
// with Connection: close, without reading the rest of the body.
// Run: PORT=8080 node --experimental-strip-types server.ts (or through the kata's harness).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

const host = process.env.HOST ?? 'localhost';
const port = Number(process.env.PORT ?? 8080);
const LIMIT = 1024 * 1024;

const board: string[] = [];

type Answer = { status: number; headers?: Record<string, string>; html: string };

const text = (value: string) => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function page(): string {
  const items = board.map((message) => `<li class=message>${text(message).replace(/\r\n|\r|\n/g, '<br>\n')}`).join('\n');
  return `<!doctype html>
<meta charset=utf-8>
<title>Board</title>
<form method=POST>
  <p><label>Your message <textarea name=message></textarea></label>
  <p><input type=submit value=Save>
</form>
<form method=post action="/"><button name=clear value=all>Clear the board</button></form>
<ul>
${items}
</ul>
`;
}

const note = (status: number, words: string, headers: Record<string, string> = {}): Answer => ({
  status,
  headers,
  html: `<!doctype html><meta charset=utf-8><title>${status}</title><p>${text(words)} <a href=/>Back</a>`,
});

/** The body, or undefined once it has passed the limit (the rest is left unread). */
async function bodyOf(req: IncomingMessage): Promise<Buffer | undefined> {
  if (Number(req.headers['content-length'] ?? 0) > LIMIT) return undefined;
  const parts: Buffer[] = [];
  let size = 0;
  // The iterator by hand: leaving a for-await loop early would destroy the request, and with it
  // the socket the 413 has to go out on.
  const reading = (req as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  for (let next = await reading.next(); !next.done; next = await reading.next()) {
    size += next.value.length;
    if (size > LIMIT) return undefined;
    parts.push(next.value);
  }
  return Buffer.concat(parts);
}

async function post(req: IncomingMessage): Promise<Answer> {
  const body = await bodyOf(req);
  if (body === undefined) return note(413, 'That post is over 1 MiB.', { Connection: 'close' });
  const form = new URLSearchParams(new TextDecoder().decode(body));
  if (form.has('clear')) board.splice(0);
  else {
    const message = form.get('message') ?? '';
    if (message.trim()) board.push(message);
  }
  return { status: 303, headers: { Location: `http://${req.headers.host ?? `${host}:${port}`}/` }, html: '' };
}

const routes: Record<string, (req: IncomingMessage) => Answer | Promise<Answer>> = {
  GET: () => ({ status: 200, html: page() }),
  HEAD: () => ({ status: 200, html: page() }),
  POST: post,
};

async function answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const route = routes[req.method ?? ''];
  const { pathname } = new URL(req.url ?? '/', 'http://x');
  const reply = !route ? note(405, 'Use GET, HEAD or POST.', { Allow: 'GET, HEAD, POST' }) : pathname !== '/' ? note(404, 'The board is at /.') : await route(req);
  const bytes = Buffer.from(reply.html);
  res.writeHead(reply.status, { 'Content-Type': 'text/html', 'Content-Length': String(bytes.length), ...reply.headers });
  res.end(bytes);
}

createServer((req, res) => {
  answer(req, res).catch((error: unknown) => {
    console.error(error);
    if (!res.headersSent) res.writeHead(500).end();
    else res.destroy();
  });
}).listen(port, host, () => console.log(`Board at http://${host}:${port}/`));
