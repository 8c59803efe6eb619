// Exercise 02, reference solution: a request handler on node:http.
// Run: npm start solutions/02, then open the URL it prints.
import http from 'node:http';

const HOST = process.env.HOST ?? 'localhost';
const PORT = Number(process.env.PORT ?? 8080);

const PAGE = `<!DOCTYPE html>
<html>
  <head><title>netkata — node:http</title></head>
  <body>
    <p>Hello from the node:http server — it parsed your request for me.</p>
  </body>
</html>
`;

const NOT_ALLOWED_PAGE = `<!DOCTYPE html>
<html>
  <head><title>405 Method Not Allowed</title></head>
  <body><p>This server answers GET and HEAD only.</p></body>
</html>
`;

// The methods this server answers; a 405 lists them in its Allow header.
const ALLOWED_METHODS = 'GET, HEAD';

function sendHtml(res: http.ServerResponse, status: number, html: string, headers: http.OutgoingHttpHeaders = {}): void {
  const body = Buffer.from(html, 'utf8');
  // Content-Length in bytes lets the client reuse the connection for its next request.
  res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': body.length, ...headers });
  // For HEAD, node:http sends the head and drops the body for us.
  res.end(body);
}

function handleRequest(req: http.IncomingMessage, res: http.ServerResponse): void {
  // One access-log line per request, once we know the status we answered with.
  res.on('finish', function logRequest() {
    console.log(`${req.socket.remoteAddress} "${req.method} ${req.url} HTTP/${req.httpVersion}" ${res.statusCode}`);
  });

  if (req.method !== 'GET' && req.method !== 'HEAD') {
    sendHtml(res, 405, NOT_ALLOWED_PAGE, { Allow: ALLOWED_METHODS });
    return;
  }
  // Every path gets the same page: this server has only one.
  sendHtml(res, 200, PAGE);
}

const server = http.createServer(handleRequest);
server.listen(PORT, HOST, () => {
  console.log(`Open your browser at http://${HOST}:${PORT}/`);
});
