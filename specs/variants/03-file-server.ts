// Valid variants of solutions/03-file-server: correct file servers unlike ours, each in
// specs/variants/03-file-server/<name>/. Every spec must pass against each one.
import { defineVariants } from './index.ts';

export default defineVariants([
  {
    name: 'python-http-server',
    reason:
      "CPython's own file server, http.server.SimpleHTTPRequestHandler, standard library only, run through --server: " +
      'unchanged it answers other methods 501, sends text/html for pages that name their charset in <meta>, ' +
      "decodes %FF to \uFFFD and finds no file (404), and drops '..' instead of refusing it; adapted only where the " +
      'lesson asks more (port, host and folder, charset=utf-8 on text types, 400 for bad %-encoding and null bytes, no folder listings)',
    server: ['python3', 'server.py'],
  },
  {
    name: 'ts-pipeline',
    reason:
      'another style: each file opened once and streamed with stream.pipeline, traversal guarded with path.relative ' +
      'and answered 404, a "#" in the request target refused with 400, a folder without its slash redirected with 308 ' +
      'and one without index.html refused with 403, an error page with no html/head/body tags and its charset in a <meta>',
  },
]);
