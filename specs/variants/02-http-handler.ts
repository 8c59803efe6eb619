// Valid variants of exercise 02: correct servers unlike solutions/02-http-handler, which must pass
// every spec (specs/variants/index.ts says how they are run).
import { defineVariants } from './index.ts';

export default defineVariants([
  {
    name: 'ts-set-header',
    reason:
      'statusCode and setHeader instead of writeHead; HEAD in its own branch (same headers, no body); "Allow: HEAD, GET"; ' +
      'a plain-text 405; another access-log layout; a page with no html, head or body tags',
  },
  {
    name: 'python-http-server',
    reason:
      "CPython's http.server (BaseHTTPRequestHandler with do_GET and do_HEAD only, so other methods get its own 501), " +
      'its default access log on stderr, run through --server',
    server: ['python3', 'server.py'],
  },
]);
