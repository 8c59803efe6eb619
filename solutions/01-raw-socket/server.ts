// Exercise 01, reference solution: a web server on a raw TCP socket, HTTP written by hand.
// Run: npm start solutions/01, then open the URL it prints.
import net from 'node:net';

const HOST = process.env.HOST ?? 'localhost';
const PORT = Number(process.env.PORT ?? 8080);

// The page to send. Keep the "—": it is three bytes wide in UTF-8 but one character, so a
// Content-Length counted in characters would be wrong, and the specs can tell.
const PAGE = `<!DOCTYPE html>
<html>
  <head><title>netkata — a tiny server</title></head>
  <body>
    <p>Hello from our tiny server — written by hand, byte by byte.</p>
  </body>
</html>
`;

// A request head ends with an empty line: CRLF twice in a row.
const HEAD_END = '\r\n\r\n';
// A client that never ends its head must not make us buffer forever.
const MAX_HEAD_BYTES = 64 * 1024;

function buildResponse(): Buffer {
  const body = Buffer.from(PAGE, 'utf8');
  const head = [
    'HTTP/1.1 200 OK',
    'Content-Type: text/html; charset=UTF-8',
    // Bytes, not characters: the client reads exactly this many bytes.
    `Content-Length: ${body.length}`,
    // We close after one response, and say so.
    'Connection: close',
    '', // the empty line that ends the head
    '',
  ].join('\r\n');
  return Buffer.concat([Buffer.from(head, 'latin1'), body]);
}

const server = net.createServer(function handleConnection(socket) {
  console.log(`Got a connection from ${socket.remoteAddress}:${socket.remotePort}`);
  let received = Buffer.alloc(0);
  let answered = false;

  // TCP is a stream: the head may arrive in several pieces, so collect until it is complete.
  socket.on('data', function collectHead(chunk: Buffer) {
    if (answered) return;
    received = Buffer.concat([received, chunk]);
    if (received.indexOf(HEAD_END) === -1) {
      if (received.length > MAX_HEAD_BYTES) socket.destroy();
      return;
    }
    answered = true;
    // The whole head as it came: the request line, then one line per header (what the browser says
    // about itself and what it accepts). latin1 maps each byte to one character, whatever it is.
    const head = received.subarray(0, received.indexOf(HEAD_END)).toString('latin1');
    console.log(head.split('\r\n').join('\n'));
    // end() sends the response, then closes our side of the connection.
    socket.end(buildResponse());
  });

  // A client that hangs up early is not our crash.
  socket.on('error', (error) => console.error(`Connection error: ${error.message}`));
});

// Keep listening: every new connection gets its own handleConnection.
server.listen(PORT, HOST, () => {
  console.log(`Open your browser at http://${HOST}:${PORT}/`);
});
