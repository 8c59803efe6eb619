// Exercise 03 in another style: a file server for public/ that opens each file once and streams it
// with stream.pipeline, guards traversal with path.relative, and answers what HTTP allows where our
// solution chose otherwise (a 404 for a path out of public/, a 400 for a "#" in the request target,
// a 308 for a folder without its slash, a 403 for a folder with no index.html).
// Run: npx tsx server.ts
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';

const HOST = process.env.HOST ?? 'localhost';
const PORT = Number(process.env.PORT ?? 8080);
const ROOT = path.join(import.meta.dirname, 'public');

const TYPES = new Map([
  ['.html', 'text/html; charset=UTF-8'],
  ['.css', 'text/css; charset=UTF-8'],
  ['.js', 'text/javascript; charset=UTF-8'],
  ['.txt', 'text/plain; charset=UTF-8'],
  ['.png', 'image/png'],
  ['.jpg', 'image/jpeg'],
  ['.jpeg', 'image/jpeg'],
  ['.gif', 'image/gif'],
  ['.svg', 'image/svg+xml'],
]);

class HttpError extends Error {
  readonly status: number;
  readonly title: string;
  readonly headers: Record<string, string>;
  constructor(status: number, title: string, headers: Record<string, string> = {}) {
    super(title);
    this.status = status;
    this.title = title;
    this.headers = headers;
  }
}

/** An error page with no html, head or body tags (HTML lets a page leave them out); its charset is in its <meta>. */
function errorPage(res: http.ServerResponse, error: HttpError): void {
  const page = Buffer.from(`<!doctype html>\n<meta charset="utf-8">\n<title>${error.status} ${error.title}</title>\n<h1>${error.title}</h1>\n<p>Nothing to see here — <a href="/">home</a>.</p>\n`);
  res.writeHead(error.status, { ...error.headers, 'Content-Type': 'text/html', 'Content-Length': page.length });
  res.end(page);
}

/** Where a request target points inside ROOT; throws an HttpError when it cannot be a file there. */
function resolveTarget(target: string): string {
  // RFC 9112, section 3.2: a request target is a path and a query; a fragment never belongs there.
  if (target.includes('#')) throw new HttpError(400, 'Bad Request');
  const queryAt = target.indexOf('?');
  let decoded: string;
  try {
    decoded = decodeURIComponent(queryAt === -1 ? target : target.slice(0, queryAt));
  } catch {
    throw new HttpError(400, 'Bad Request');
  }
  if (decoded.includes('\0')) throw new HttpError(400, 'Bad Request');
  // path.join never starts over at an absolute part; path.relative tells whether we left ROOT.
  const file = path.join(ROOT, decoded);
  const relative = path.relative(ROOT, file);
  if (relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative)) {
    // Nothing out there is ours to serve: to this server, it does not exist.
    throw new HttpError(404, 'Not Found');
  }
  return file;
}

function errorFromFs(error: NodeJS.ErrnoException): HttpError {
  switch (error.code) {
    case 'ENOENT':
    case 'ENOTDIR':
    case 'EISDIR':
      return new HttpError(404, 'Not Found');
    case 'EACCES':
    case 'EPERM':
      return new HttpError(403, 'Forbidden');
    default:
      return new HttpError(500, 'Internal Server Error');
  }
}

async function openFile(file: string, target: string): Promise<{ handle: fs.promises.FileHandle; stats: fs.Stats; file: string }> {
  const handle = await fs.promises.open(file, 'r');
  const stats = await handle.stat();
  if (stats.isFile()) return { handle, stats, file };
  await handle.close();
  if (!stats.isDirectory()) throw new HttpError(404, 'Not Found');
  const pathPart = target.split('?')[0] ?? '/';
  if (!pathPart.endsWith('/')) {
    const query = target.slice(pathPart.length);
    throw new HttpError(308, 'Permanent Redirect', { Location: `${pathPart}/${query}` });
  }
  try {
    return await openFile(path.join(file, 'index.html'), '/');
  } catch (error) {
    // A folder without an index: not listed, as nginx says it.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new HttpError(403, 'Forbidden');
    throw error;
  }
}

async function serve(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, 'Method Not Allowed', { Allow: 'HEAD, GET' });
  const target = req.url ?? '/';
  const file = resolveTarget(target);
  const opened = await openFile(file, target).catch((error: unknown) => {
    throw error instanceof HttpError ? error : errorFromFs(error as NodeJS.ErrnoException);
  });
  try {
    res.writeHead(200, {
      'Content-Type': TYPES.get(path.extname(opened.file).toLowerCase()) ?? 'application/octet-stream',
      'Content-Length': opened.stats.size,
      'Last-Modified': opened.stats.mtime.toUTCString(),
      'X-Content-Type-Options': 'nosniff',
    });
    if (req.method === 'HEAD') return void res.end();
    // pipeline ends the response when the file is sent, and destroys it if reading fails halfway.
    await pipeline(opened.handle.createReadStream({ autoClose: false }), res);
  } finally {
    await opened.handle.close();
  }
}

http
  .createServer((req, res) => {
    console.log(`${new Date().toISOString()} ${req.method} ${req.url}`);
    serve(req, res).catch((error: unknown) => {
      if (res.headersSent) return void res.destroy();
      if (error instanceof HttpError) return errorPage(res, error);
      console.error(error);
      errorPage(res, new HttpError(500, 'Internal Server Error'));
    });
  })
  .listen(PORT, HOST, () => {
    console.log(`Serving ${ROOT} at http://${HOST}:${PORT}/`);
  });
