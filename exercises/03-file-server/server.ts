// Exercise 03: a file server for the public/ folder beside this file. Read README.md first.
// Run: npm start 03 (it restarts when you save), then open the URL it prints.
// Test: npm test exercises/03
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';

const HOST = process.env.HOST ?? 'localhost';
const PORT = Number(process.env.PORT ?? 8080);

// The folder to serve: public/ beside this file, wherever node was started from (step 2).
const PUBLIC_DIR = path.resolve(import.meta.dirname, 'public');

// TODO: step 3. Add the Content-Type of each extension: .css, .js, .txt, .png, .jpg and .jpeg,
//       .gif, .svg. A file whose extension is not here is sent as application/octet-stream.
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
};

function handleRequest(req: http.IncomingMessage, res: http.ServerResponse): void {
  console.log(`${req.method} ${req.url}`);

  // TODO: step 9. Only GET and HEAD read files: answer any other method 405, with the header
  //       "Allow: GET, HEAD".

  // TODO: step 6. Take the path out of req.url (what comes before "?" or "#") and decode it with
  //       decodeURIComponent. Answer 400 if it throws, or if the result holds a null byte ("\0").

  // TODO: step 7. Resolve the decoded path inside PUBLIC_DIR (path.resolve), and answer 403 unless
  //       the result is PUBLIC_DIR itself or starts with PUBLIC_DIR + path.sep.

  // TODO: steps 2, 5 and 8. Look the file up with fs.promises.stat (an async function is handiest:
  //       step 5 shows how to catch what it throws). A folder means the index.html inside it. A
  //       file that is not there is a 404 with a small HTML page, never a crash.

  // TODO: steps 3 and 4. Answer 200 with the Content-Type for the file's extension and the
  //       Content-Length from stats.size, then stream the bytes: fs.createReadStream(file).pipe(res).
  void fs; // (yours to use from step 2 on)
  void CONTENT_TYPES; // (yours to use in step 3)
  res.writeHead(501, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(`TODO: serve ${req.url} from ${PUBLIC_DIR} (see README.md)\n`);
}

const server = http.createServer(handleRequest);
server.listen(PORT, HOST, () => {
  console.log(`Serving ${PUBLIC_DIR}`);
  console.log(`Open your browser at http://${HOST}:${PORT}/`);
});
