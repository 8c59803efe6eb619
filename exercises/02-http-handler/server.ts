// Exercise 02: an HTTP request handler on node:http. Read README.md beside this file first.
// Run: npm start 02 (it restarts when you save), then open the URL it prints.
// Test: npm test exercises/02
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

function handleRequest(req: http.IncomingMessage, res: http.ServerResponse): void {
  // TODO: step 6. Print one access-log line per request, once the response is finished
  //       (res.on('finish', ...)): the client's address, the method, the path and the status.

  // TODO: step 5. Any method but GET and HEAD: answer 405 with an "Allow: GET, HEAD" header.

  // TODO: steps 2 to 4. This answers every request with 501 Not Implemented, and calls the page
  //       plain text (open it in a browser: you see the HTML source). Answer 200 instead, with
  //       Content-Type "text/html; charset=utf-8", the right Content-Length, and PAGE.
  res.writeHead(501, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(PAGE);
}

const server = http.createServer(handleRequest);
server.listen(PORT, HOST, () => {
  console.log(`Open your browser at http://${HOST}:${PORT}/`);
});
