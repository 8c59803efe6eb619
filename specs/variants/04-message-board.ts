// Valid variants of solutions/04-message-board/server.ts: correct boards unlike ours, which must
// pass every spec. Their files are in specs/variants/04-message-board/<name>/.
import { defineVariants } from './index.ts';

export default defineVariants([
  {
    name: 'ts-urlsearchparams',
    reason:
      'another style: a route table, the body read through its async iterator, URLSearchParams as the (lenient, WHATWG) form parser, only & < > escaped (quotes left raw in text), ' +
      'html/head/body tags left out, forms above a <ul>, unquoted attributes, an <input type=submit>, a clear button with a value, Content-Type text/html with the charset in a <meta>, ' +
      'an absolute Location, and a 413 with Connection: close that leaves the rest of the body unread',
  },
  {
    name: 'python-stdlib',
    reason:
      'CPython http.server (threaded, HTTP/1.1) with parse_qs, the lenient WHATWG-style form parser, html.escape and a chunked body read by hand; ' +
      'refuses a big body with 413 and Connection: close without reading it; run through --server',
    server: ['python3', 'server.py'],
  },
]);
