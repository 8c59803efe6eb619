// Broken variants of solutions/01-raw-socket/server.ts. Each must fail at least one spec.
import { defineMutants } from './index.ts';

export default defineMutants([
  {
    name: 'no-crlf-after-status',
    reason: 'the status line runs straight into the headers, with no CRLF (the source chapter\'s bug)',
    edits: [{ find: "'HTTP/1.1 200 OK',\n    'Content-Type", replace: "'HTTP/1.1 200 OKContent-Type" }],
  },
  {
    name: 'lf-line-ends',
    reason: 'ends lines with \\n instead of \\r\\n',
    edits: [{ find: "].join('\\r\\n');", replace: "].join('\\n');" }],
  },
  {
    name: 'answers-first-chunk',
    reason: 'answers the first piece of the request without waiting for the whole head (one recv(1024))',
    edits: [{ find: 'if (received.indexOf(HEAD_END) === -1) {', replace: 'if (received.length === 0) {' }],
  },
  {
    name: 'head-limit-1k',
    reason: 'gives up on heads over 1 KiB',
    edits: [{ find: 'const MAX_HEAD_BYTES = 64 * 1024;', replace: 'const MAX_HEAD_BYTES = 1024;' }],
  },
  {
    name: 'one-connection',
    reason: 'stops listening after the first connection (the source chapter\'s bug)',
    edits: [{ find: 'let received = Buffer.alloc(0);', replace: 'let received = Buffer.alloc(0);\n  server.close();' }],
  },
  {
    name: 'one-at-a-time',
    reason: 'accepts one connection at a time and drops the others',
    edits: [{ find: 'server.listen(PORT, HOST', replace: 'server.maxConnections = 1;\nserver.listen(PORT, HOST' }],
  },
  {
    name: 'length-in-characters',
    reason: 'counts Content-Length in characters instead of bytes',
    edits: [{ find: '`Content-Length: ${body.length}`', replace: '`Content-Length: ${PAGE.length}`' }],
  },
  {
    name: 'never-closes',
    reason: 'never closes the connection after the response',
    edits: [{ find: 'socket.end(buildResponse());', replace: 'socket.write(buildResponse());' }],
  },
  {
    name: 'wrong-content-type',
    reason: 'says text/plain, so the browser shows the HTML as text',
    edits: [{ find: "'Content-Type: text/html; charset=UTF-8'", replace: "'Content-Type: text/plain'" }],
  },
  {
    name: 'no-logging',
    reason: 'prints nothing about who connected or what they asked for',
    edits: [{ find: 'console.log(`Request line: ${requestLine}`);', replace: 'void requestLine;' }],
  },
  {
    name: 'imports-http',
    reason: 'brings in node:http, which this exercise writes by hand',
    edits: [{ find: "import net from 'node:net';", replace: "import net from 'node:net';\nimport 'node:http';" }],
  },
]);
