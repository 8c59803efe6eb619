// Broken variants of solutions/02-http-handler/server.ts. Each must fail at least one spec.
import { defineMutants } from './index.ts';

export default defineMutants([
  {
    name: 'no-charset',
    reason: "says Content-Type text/html with no charset (the source chapter's handler)",
    edits: [{ find: "'Content-Type': 'text/html; charset=utf-8'", replace: "'Content-Type': 'text/html'" }],
  },
  {
    name: 'no-content-length',
    reason: 'leaves out Content-Length',
    edits: [{ find: ", 'Content-Length': body.length", replace: '' }],
  },
  {
    name: 'root-only',
    reason: 'answers 404 for every path but /',
    edits: [{ find: '  sendHtml(res, 200, PAGE);', replace: "  sendHtml(res, req.url === '/' ? 200 : 404, PAGE);" }],
  },
  {
    name: 'head-refused',
    reason: 'treats HEAD as a method it does not allow',
    edits: [{ find: "if (req.method !== 'GET' && req.method !== 'HEAD') {", replace: "if (req.method !== 'GET') {" }],
  },
  {
    name: 'any-method',
    reason: 'answers every method with the page, as if it were a GET',
    edits: [{ find: "if (req.method !== 'GET' && req.method !== 'HEAD') {", replace: 'if (req.method === undefined) {' }],
  },
  {
    name: 'no-allow-header',
    reason: 'answers 405 without saying which methods are allowed',
    edits: [{ find: 'NOT_ALLOWED_PAGE, { Allow: ALLOWED_METHODS }', replace: 'NOT_ALLOWED_PAGE' }],
  },
  {
    name: 'crashes-on-delete',
    reason: 'throws on a method it does not expect, and the whole server dies',
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
    edits: [{ find: 'sendHtml(res, 200, PAGE);', replace: "sendHtml(res, 200, PAGE, { Connection: 'close' });" }],
  },
  {
    name: 'log-without-status',
    reason: 'logs the request as it arrives, before there is a status to log',
    edits: [{ find: '" ${res.statusCode}`);', replace: '"`);' }],
  },
]);
