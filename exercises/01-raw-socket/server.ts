// Exercise 01: a tiny web server on a raw TCP socket. Read README.md beside this file first.
// Run: npm start 01 (it restarts when you save), then open the URL it prints.
// Test: npm test exercises/01
import net from 'node:net';

const HOST = process.env.HOST ?? 'localhost';
const PORT = Number(process.env.PORT ?? 8080);

// The page to send. Keep the "—": it is one character but three bytes in UTF-8 (see step 5).
const PAGE = `<!DOCTYPE html>
<html>
  <head><title>netkata — a tiny server</title></head>
  <body>
    <p>Hello from our tiny server — written by hand, byte by byte.</p>
  </body>
</html>
`;

const server = net.createServer(function handleConnection(socket) {
  // TODO: step 2. Print who connected: socket.remoteAddress and socket.remotePort.

  // TODO: step 4. Collect the request's bytes (socket.on('data', ...)) until the head is complete:
  //       it ends with an empty line, "\r\n\r\n". Then print the whole head: the request line
  //       and every header line after it, as the browser sent them.

  // TODO: steps 3, 5 and 6. This sends the page with no HTTP head, which no browser accepts.
  //       Send an HTTP response instead: the status line, the headers, an empty line and then
  //       PAGE, every line of the head ended by "\r\n". Then close the connection.
  socket.end(PAGE);
});

server.listen(PORT, HOST, () => {
  console.log(`Open your browser at http://${HOST}:${PORT}/`);
});
