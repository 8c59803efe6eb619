// Broken variants of solutions/01-raw-socket/server.ts. Each must fail at least one spec, and its
// first failure must point at `step`, the lesson step that explains the bug.
import { defineMutants } from './index.ts';

export default defineMutants([
  {
    name: 'no-crlf-after-status',
    reason: "the status line runs straight into the headers, with no CRLF (the source chapter's bug)",
    step: 3,
    edits: [{ find: "'HTTP/1.1 200 OK',\n    'Content-Type", replace: "'HTTP/1.1 200 OKContent-Type" }],
  },
  {
    name: 'lf-line-ends',
    reason: 'ends lines with \\n instead of \\r\\n',
    step: 3,
    edits: [{ find: "].join('\\r\\n');", replace: "].join('\\n');" }],
  },
  {
    name: 'no-content-type',
    reason: 'sends no Content-Type at all, so the browser has to guess what the body is',
    step: 3,
    edits: [{ find: "    'Content-Type: text/html; charset=UTF-8',\n", replace: '' }],
  },
  {
    name: 'wrong-content-type',
    reason: 'says text/plain, so the browser shows the HTML as text',
    step: 3,
    edits: [{ find: "'Content-Type: text/html; charset=UTF-8'", replace: "'Content-Type: text/plain'" }],
  },
  {
    name: 'answers-first-chunk',
    reason: 'answers the first piece of the request without waiting for the whole head (one recv(1024))',
    step: 4,
    edits: [{ find: 'if (received.indexOf(HEAD_END) === -1) {', replace: 'if (received.length === 0) {' }],
  },
  {
    name: 'head-end-lf-lf',
    reason: 'looks for "\\n\\n" as the end of the head, which a request with CRLF line ends never holds, so it never answers',
    step: 4,
    edits: [{ find: "const HEAD_END = '\\r\\n\\r\\n';", replace: "const HEAD_END = '\\n\\n';" }],
  },
  {
    name: 'head-limit-1k',
    reason: 'gives up on heads over 1 KiB',
    step: 4,
    edits: [{ find: 'const MAX_HEAD_BYTES = 64 * 1024;', replace: 'const MAX_HEAD_BYTES = 1024;' }],
  },
  {
    name: 'length-in-characters',
    reason: 'counts Content-Length in characters instead of bytes',
    step: 5,
    edits: [{ find: '`Content-Length: ${body.length}`', replace: '`Content-Length: ${PAGE.length}`' }],
  },
  {
    name: 'no-content-length',
    reason: 'sends no Content-Length, so a client cannot tell a whole page from one cut short',
    step: 5,
    edits: [{ find: '    `Content-Length: ${body.length}`,\n', replace: '' }],
  },
  {
    name: 'one-connection',
    reason: "stops listening as soon as the first connection comes (the source chapter's bug: one accept(), then the end)",
    step: 6,
    edits: [{ find: 'let received = Buffer.alloc(0);', replace: 'let received = Buffer.alloc(0);\n  server.close();' }],
  },
  {
    name: 'close-after-answer',
    reason: 'calls server.close() once it has answered, so the first visitor is also the last',
    step: 6,
    edits: [{ find: 'socket.end(buildResponse());', replace: 'socket.end(buildResponse());\n    server.close();' }],
  },
  {
    name: 'no-socket-error-listener',
    reason: "listens for no 'error' on its sockets, so a client that resets its connection ends the whole server",
    step: 6,
    edits: [{ find: "  socket.on('error', (error) => console.error(`Connection error: ${error.message}`));\n", replace: '' }],
  },
  {
    name: 'one-at-a-time',
    reason: 'accepts one connection at a time and drops the others',
    step: 6,
    // Drops a connection that comes while another waits for its answer. Not maxConnections = 1:
    // that counts a connection until the server has seen the client's end of it too, and the
    // specs' next connection, one after another, could come first (seen once under load: then
    // a spec of step 4 failed first). This one is answered before its client reads a byte.
    edits: [
      {
        find: 'const server = net.createServer(function handleConnection(socket) {\n',
        replace:
          'let unanswered = 0;\nconst server = net.createServer(function handleConnection(socket) {\n' +
          '  if (unanswered > 0) {\n    socket.destroy();\n    return;\n  }\n  unanswered++;\n' +
          "  socket.on('close', () => {\n    if (!answered) unanswered--;\n  });\n",
      },
      { find: '    answered = true;\n', replace: '    answered = true;\n    unanswered--;\n' },
    ],
  },
  {
    name: 'never-closes',
    reason: 'never closes the connection after the response',
    step: 6,
    edits: [{ find: 'socket.end(buildResponse());', replace: 'socket.write(buildResponse());' }],
  },
  {
    name: 'no-connection-close',
    reason: 'closes the connection without saying "Connection: close", so an HTTP/1.1 client expects it to stay open',
    step: 6,
    edits: [{ find: "    'Connection: close',\n", replace: '' }],
  },
  {
    name: 'no-logging',
    reason: 'prints nothing about who connected or what they asked for',
    step: 2,
    edits: [
      { find: 'console.log(`Got a connection from ${socket.remoteAddress}:${socket.remotePort}`);', replace: '' },
      { find: "console.log(head.split('\\r\\n').join('\\n'));", replace: 'void head;' },
    ],
  },
  {
    name: 'logs-request-line-only',
    reason: 'prints only the request line, not the headers the browser sent with it',
    step: 4,
    edits: [{ find: "console.log(head.split('\\r\\n').join('\\n'));", replace: "console.log(head.split('\\r\\n')[0]);" }],
  },
  {
    name: 'imports-http',
    reason: 'brings in node:http, which this exercise writes by hand',
    step: 2,
    edits: [{ find: "import net from 'node:net';", replace: "import net from 'node:net';\nimport 'node:http';" }],
  },
]);
