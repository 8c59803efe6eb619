// Exercise 02 in another valid style: headers set one by one (statusCode, setHeader), HEAD answered
// in a branch of its own with the same headers and no body, "Allow: HEAD, GET" in another order,
// a plain-text 405, another access-log layout, and a page with no html, head or body tags.
import http from 'node:http';

const HOST = process.env.HOST ?? 'localhost';
const PORT = Number(process.env.PORT ?? 8080);

const PAGE = Buffer.from(
  `<!doctype html>
<meta charset=utf-8>
<title>netkata — set one header at a time</title>
<p>Hello — node:http read the request, and this handler chose the answer.
`,
  'utf8',
);

function answer(req: http.IncomingMessage, res: http.ServerResponse): void {
  if (req.method === 'GET' || req.method === 'HEAD') {
    res.statusCode = 200;
    res.setHeader('content-type', 'text/html;charset=UTF-8');
    res.setHeader('content-length', PAGE.byteLength);
    // HEAD: the same head as GET, and nothing after it.
    res.end(req.method === 'HEAD' ? undefined : PAGE);
    return;
  }
  const text = Buffer.from(`${req.method} is not allowed here. Try GET or HEAD.\n`, 'utf8');
  res.statusCode = 405;
  res.setHeader('allow', 'HEAD, GET');
  res.setHeader('content-type', 'text/plain; charset=utf-8');
  res.setHeader('content-length', text.byteLength);
  res.end(text);
}

http
  .createServer((req, res) => {
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      console.log(`[${new Date().toISOString()}] ${req.method} ${req.url} -> ${res.statusCode} (${ms.toFixed(1)} ms, from ${req.socket.remoteAddress})`);
    });
    answer(req, res);
  })
  .listen(PORT, HOST, () => console.log(`Open your browser at http://${HOST}:${PORT}/`));
