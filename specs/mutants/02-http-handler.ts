// Broken variants of solutions/02-http-handler/server.ts. Each must fail at least one spec, and its
// first failure must point at `step`, the lesson step that explains the bug.
import { defineMutants, denyListMutants } from './index.ts';

export default defineMutants([
  {
    name: 'no-charset',
    reason: "says Content-Type text/html with no charset (the source chapter's handler)",
    step: 2,
    edits: [{ find: "'Content-Type': 'text/html; charset=utf-8'", replace: "'Content-Type': 'text/html'" }],
  },
  {
    name: 'no-content-length',
    reason: 'leaves out Content-Length',
    step: 2,
    edits: [{ find: ", 'Content-Length': body.length", replace: '' }],
  },
  {
    name: 'length-in-characters',
    reason: 'counts Content-Length in characters (html.length), so the body is longer than it says',
    step: 2,
    edits: [{ find: "'Content-Length': body.length", replace: "'Content-Length': html.length" }],
  },
  {
    name: 'root-only',
    reason: 'answers 404 for every path but /',
    step: 3,
    edits: [{ find: '  sendHtml(res, 200, PAGE);', replace: "  sendHtml(res, req.url === '/' ? 200 : 404, PAGE);" }],
  },
  {
    name: 'head-refused',
    reason: 'treats HEAD as a method it does not allow',
    step: 4,
    edits: [{ find: "if (req.method !== 'GET' && req.method !== 'HEAD') {", replace: "if (req.method !== 'GET') {" }],
  },
  {
    name: 'head-without-length',
    reason: 'answers HEAD in a branch of its own that sends the Content-Type but forgets the Content-Length',
    step: 4,
    edits: [
      {
        find: '  // Every path gets the same page: this server has only one.\n',
        replace: "  if (req.method === 'HEAD') {\n    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });\n    res.end();\n    return;\n  }\n",
      },
    ],
  },
  {
    name: 'any-method',
    reason: 'answers every method with the page, as if it were a GET',
    step: 5,
    edits: [{ find: "if (req.method !== 'GET' && req.method !== 'HEAD') {", replace: 'if (req.method === undefined) {' }],
  },
  {
    name: 'no-allow-header',
    reason: 'answers 405 without saying which methods are allowed',
    step: 5,
    edits: [{ find: 'NOT_ALLOWED_PAGE, { Allow: ALLOWED_METHODS }', replace: 'NOT_ALLOWED_PAGE' }],
  },
  {
    name: 'crashes-on-delete',
    reason: 'throws on a method it does not expect, and the whole server dies',
    step: 5,
    edits: [
      {
        find: "if (req.method !== 'GET' && req.method !== 'HEAD') {",
        replace: "if (req.method === 'DELETE') throw new Error(`cannot handle ${req.method}`);\n  if (req.method !== 'GET' && req.method !== 'HEAD') {",
      },
    ],
  },
  {
    name: 'closes-every-connection',
    reason: 'closes the connection after every response, so keep-alive never works',
    step: 7,
    edits: [{ find: 'sendHtml(res, 200, PAGE);', replace: "sendHtml(res, 200, PAGE, { Connection: 'close' });" }],
  },
  {
    name: 'log-without-status',
    reason: 'logs the request as it arrives, before there is a status to log',
    step: 6,
    edits: [{ find: '" ${res.statusCode}`);', replace: '"`);' }],
  },
  ...denyListMutants("if (req.method !== 'GET' && req.method !== 'HEAD') {", 5),
]);
