// Exercise 03, reference solution: a static file server for the public/ folder beside this file.
// Run: npm start solutions/03, then open the URL it prints.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';

const HOST = process.env.HOST ?? 'localhost';
const PORT = Number(process.env.PORT ?? 8080);

// Beside this file, not wherever node was started from; absolute, so that the traversal check
// compares whole paths.
const PUBLIC_DIR = path.resolve(import.meta.dirname, 'public');

// The browser decides what to do with a body from its Content-Type, not from the file's name.
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.svg': 'image/svg+xml',
};

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  500: 'Internal Server Error',
};

function contentTypeFor(file: string): string {
  // Unknown bytes are offered as a download rather than guessed at.
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Answers with a small HTML page that says what went wrong. */
function sendError(res: http.ServerResponse, status: number, detail: string, headers: Record<string, string> = {}): void {
  const title = `${status} ${REASONS[status] ?? 'Error'}`;
  const page = `<!DOCTYPE html>\n<html lang="en">\n  <head><meta charset="utf-8"><title>${title}</title></head>\n  <body>\n    <h1>${title}</h1>\n    <p>${escapeHtml(detail)}</p>\n  </body>\n</html>\n`;
  const body = Buffer.from(page, 'utf8');
  res.writeHead(status, { ...headers, 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': body.length });
  res.end(body);
}

/** The one place that turns a file-system error into an HTTP status. */
function statusForFsError(error: unknown): number {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return 404;
  if (code === 'EACCES' || code === 'EPERM') return 403;
  return 500;
}

/** The path part of a request target: what comes before "?" (the query) or "#" (a fragment). */
function urlPath(target: string): string {
  return target.split(/[?#]/, 1)[0] ?? '';
}

/** True if `file` is `root` or somewhere below it. The separator keeps "public-drafts" out. */
function isInside(root: string, file: string): boolean {
  return file === root || file.startsWith(root + path.sep);
}

/** The file to send for a path inside public/: the file itself, or a folder's index.html. */
async function findFile(filePath: string): Promise<{ file: string; stats: fs.Stats }> {
  const stats = await fs.promises.stat(filePath);
  if (!stats.isDirectory()) return { file: filePath, stats };
  const index = path.join(filePath, 'index.html');
  return { file: index, stats: await fs.promises.stat(index) };
}

async function serveRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  // The method first (README step 9): this server only reads.
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    return sendError(res, 405, `This server only reads files: use GET or HEAD, not ${req.method}.`, { Allow: 'GET, HEAD' });
  }

  // Decode the path ("%20" is a space), and never the query: "?x=1" names no file (step 6).
  const rawPath = urlPath(req.url ?? '/');
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return sendError(res, 400, 'The path has a "%" that is not followed by a valid encoded character.');
  }

  // No file name holds a null byte, and fs would throw on one (step 6).
  if (decoded.includes('\0')) return sendError(res, 400, 'The path holds a null byte.');

  // Stay inside public/ (step 7). Only once decoded can every ".." be seen: resolve, then check.
  // The "." keeps path.resolve from taking "//etc/passwd" as an absolute path.
  const filePath = path.resolve(PUBLIC_DIR, '.' + decoded);
  if (!isInside(PUBLIC_DIR, filePath)) return sendError(res, 403, 'That path leads out of the public folder.');

  // Only now the file system: a missing file is a 404, not a crash (steps 5 and 8).
  let found: { file: string; stats: fs.Stats };
  try {
    found = await findFile(filePath);
  } catch (error) {
    const status = statusForFsError(error);
    return sendError(res, status, status === 404 ? `There is no file at ${decoded}.` : `Could not read ${decoded}.`);
  }
  // Not a regular file (a folder named index.html, a device): nothing we can send.
  if (!found.stats.isFile()) return sendError(res, 404, `There is no file at ${decoded}.`);

  // The head: the type from the extension, the length in bytes from the file system (steps 3, 4).
  res.writeHead(200, { 'Content-Type': contentTypeFor(found.file), 'Content-Length': found.stats.size });
  if (req.method === 'HEAD') return void res.end();

  // The body, streamed as raw bytes (step 4): no decoding, so images stay intact, and never all
  // of it in memory.
  const stream = fs.createReadStream(found.file);
  // The head is already sent, so a read error can only cut the connection: the client sees a
  // short body rather than a complete-looking wrong one.
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}

const server = http.createServer(function handleRequest(req, res) {
  console.log(`${req.method} ${req.url}`);
  serveRequest(req, res).catch(function answerUnexpected(error: unknown) {
    // A bug in one request must not take the server (and every other visitor) down.
    console.error(error);
    if (res.headersSent) res.destroy();
    else sendError(res, 500, 'Something went wrong on our side.');
  });
});

server.listen(PORT, HOST, () => {
  console.log(`Serving ${PUBLIC_DIR}`);
  console.log(`Open your browser at http://${HOST}:${PORT}/`);
});
