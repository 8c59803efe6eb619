// Valid variants of exercise 01: correct servers unlike solutions/01-raw-socket, which must pass
// every spec (specs/variants/index.ts says how they are run).
import { defineVariants } from './index.ts';

export default defineVariants([
  {
    name: 'ts-lines',
    reason:
      'reads the head as text, line by line, to its first empty line; lowercase header names in another order; head and page in ' +
      'two writes; a page with no html, head or body tags, as HTML5 allows; another log format',
  },
  {
    name: 'python-socket',
    reason: "CPython's socket module alone, a thread per connection, run through --server",
    server: ['python3', 'server.py'],
  },
]);
