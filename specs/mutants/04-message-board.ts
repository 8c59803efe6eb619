// Broken variants of solutions/04-message-board/server.ts. Each must fail at least one spec.
// Exercise 05's board is built on this one, so specs/mutants/05-persistent-board.ts reuses them.
import path from 'node:path';
import { KATA_ROOT } from '../../tooling/core/curriculum.ts';
import { defineMutants } from './index.ts';

const HTML_ESCAPER = path.join(KATA_ROOT, 'node_modules', 'html-escaper', 'esm', 'index.js');

export default defineMutants([
  // The source chapter's board.
  {
    name: 'no-escaping',
    reason: "puts each message into the page as it came, so <script> runs (the source chapter's board)",
    step: 6,
    edits: [{ find: 'const lines = escapeHtml(text).split(', replace: 'const lines = text.split(' }],
  },
  {
    name: 'trusts-content-length',
    reason: "reads as many bytes as Content-Length says, so a chunked body is lost (the source chapter's board)",
    step: 3,
    edits: [
      {
        find: "req.on('end', () => resolve(Buffer.concat(chunks)));",
        replace:
          "const length = Number(req.headers['content-length'] ?? 0);\n" +
          '    if (length === 0) resolve(Buffer.alloc(0));\n' +
          "    req.on('data', () => {\n" +
          '      if (size >= length) resolve(Buffer.concat(chunks).subarray(0, length));\n' +
          '    });',
      },
    ],
  },
  {
    name: 'no-size-limit',
    reason: "reads a body of any size into memory (the source chapter's board)",
    step: 4,
    edits: [{ find: 'const MAX_BODY_BYTES = 1024 * 1024;', replace: 'const MAX_BODY_BYTES = Infinity;' }],
  },
  // Reading the body.
  {
    name: 'limit-only-declared',
    reason: 'checks the size Content-Length announces but not the bytes of a chunked body',
    step: 4,
    edits: [{ find: 'if (size > MAX_BODY_BYTES) reject(tooLarge());', replace: 'if (Number.isNaN(size)) reject(tooLarge());' }],
  },
  {
    name: 'first-chunk-only',
    reason: "takes the first 'data' event as the whole body",
    step: 3,
    edits: [{ find: "req.on('end', () => resolve(Buffer.concat(chunks)));", replace: "req.once('data', () => resolve(Buffer.concat(chunks)));" }],
  },
  {
    name: 'destroys-oversized-request',
    reason: 'destroys the request of a body that announces too much, so the client gets a broken connection instead of its 413',
    step: 4,
    edits: [
      {
        find: "if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) {\n      reject(tooLarge());",
        replace: "if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) {\n      req.destroy();\n      reject(tooLarge());",
      },
    ],
  },
  {
    name: 'throws-in-data-listener',
    reason: "throws the 413 inside the 'data' listener, where no catch can see it: the whole server stops",
    step: 9,
    edits: [{ find: 'if (size > MAX_BODY_BYTES) reject(tooLarge());', replace: 'if (size > MAX_BODY_BYTES) throw tooLarge();' }],
  },
  {
    name: 'shared-body',
    reason: 'collects every request body into one variable shared by all requests',
    step: 3,
    edits: [
      { find: '    const chunks: Buffer[] = [];\n', replace: '' },
      { find: 'const messages: string[] = [];', replace: 'const messages: string[] = [];\nlet chunks: Buffer[] = [];' },
      {
        find: "req.on('end', () => resolve(Buffer.concat(chunks)));",
        replace: "req.on('end', () => {\n      resolve(Buffer.concat(chunks));\n      chunks = [];\n    });",
      },
    ],
  },
  // Decoding the form.
  {
    name: 'plus-not-decoded',
    reason: 'leaves "+" as it is instead of reading it as a space',
    step: 5,
    edits: [{ find: "return decodeURIComponent(raw.replaceAll('+', ' '));", replace: 'return decodeURIComponent(raw);' }],
  },
  {
    name: 'plus-after-decoding',
    reason: 'replaces "+" with a space after decoding, so a real plus ("%2B") becomes a space too',
    step: 5,
    edits: [{ find: "return decodeURIComponent(raw.replaceAll('+', ' '));", replace: "return decodeURIComponent(raw).replaceAll('+', ' ');" }],
  },
  {
    name: 'latin1-decoding',
    reason: 'decodes %XX escapes one byte per character (unescape), so "%C3%A9" shows as "Ã©"',
    step: 5,
    edits: [{ find: "return decodeURIComponent(raw.replaceAll('+', ' '));", replace: "return unescape(raw.replaceAll('+', ' '));" }],
  },
  {
    name: 'decode-before-split',
    reason: 'decodes the whole body before splitting it on "&", so "%26" starts a new field',
    step: 5,
    edits: [{ find: "for (const pair of text.split('&')) {", replace: "for (const pair of decodeFormValue(text).split('&')) {" }],
  },
  {
    name: 'undecodable-kept-raw',
    reason: 'keeps a value it cannot decode as it came ("%E2%82" stays "%E2%82"): neither a 400 nor what WHATWG\'s parser makes of it (U+FFFD)',
    step: 5,
    edits: [
      { find: "new TextDecoder('utf-8', { fatal: true })", replace: "new TextDecoder('utf-8')" },
      {
        find: "return decodeURIComponent(raw.replaceAll('+', ' '));",
        replace: "try {\n    return decodeURIComponent(raw.replaceAll('+', ' '));\n  } catch {\n    return raw;\n  }",
      },
    ],
  },
  {
    name: 'malformed-is-500',
    reason: 'lets the URIError of a broken escape escape the handler: 500 instead of 400',
    step: 5,
    edits: [{ find: "  } catch {\n    throw new HttpError(400, 'The form data is not valid url-encoded UTF-8.');\n  }", replace: '  } finally {\n    // nothing\n  }' }],
  },
  // Showing the messages.
  {
    name: 'newest-first',
    reason: 'puts each new message at the top of the board',
    step: 2,
    edits: [{ find: 'messages.push(text);', replace: 'messages.unshift(text);' }],
  },
  {
    name: 'no-line-breaks',
    reason: "keeps a message's line breaks as they are, which a browser shows as spaces",
    step: 6,
    edits: [{ find: "lines.join('<br>\\n')", replace: "lines.join('\\n')" }],
  },
  {
    name: 'two-breaks-per-crlf',
    reason: 'splits lines on "\\r" and on "\\n" separately, so each line break a textarea sends (\\r\\n) shows as two',
    step: 6,
    edits: [{ find: 'escapeHtml(text).split(/\\r\\n|\\r|\\n/)', replace: 'escapeHtml(text).split(/\\r|\\n/)' }],
  },
  {
    name: 'double-escaping',
    reason: 'escapes "&" after "<", so "<" shows as "&lt;"',
    step: 6,
    edits: [
      { find: "    .replaceAll('&', '&amp;') // first, or it would escape the \"&\" of the entities below\n", replace: '' },
      { find: ".replaceAll(\"'\", '&#39;');", replace: ".replaceAll(\"'\", '&#39;')\n    .replaceAll('&', '&amp;');" },
    ],
  },
  {
    name: 'escapes-first-only',
    reason: 'escapes with replace() instead of replaceAll(), so only the first "<" of a message is escaped',
    step: 6,
    edits: [{ find: ".replaceAll('<', '&lt;')", replace: ".replace('<', '&lt;')" }],
  },
  {
    name: 'uses-html-escaper',
    reason: 'escapes with a package from npm instead of writing the few lines',
    step: 1,
    edits: [
      // A mutant runs from a temp copy, away from node_modules/: import the package by its path.
      { find: "import http from 'node:http';", replace: `import http from 'node:http';\nimport { escape } from '${HTML_ESCAPER}';` },
      { find: 'function escapeHtml(text: string): string {', replace: 'function escapeHtml(text: string): string {\n  return escape(text);' },
    ],
  },
  {
    name: 'form-sends-get',
    reason: 'leaves method="post" out of the message form, so the browser sends a GET',
    step: 2,
    edits: [{ find: '<form method="post" action="/">\n      <textarea', replace: '<form action="/">\n      <textarea' }],
  },
  // Answering the POST.
  {
    name: 'redirect-307',
    reason: 'redirects with 307, which makes the browser send the POST again',
    step: 7,
    edits: [{ find: 'sendHtml(res, 303,', replace: 'sendHtml(res, 307,' }],
  },
  {
    name: 'redirect-302',
    reason: 'redirects with 302 Found, which browsers follow with a GET only by history; the kata asks for 303 See Other',
    step: 7,
    edits: [{ find: 'sendHtml(res, 303,', replace: 'sendHtml(res, 302,' }],
  },
  {
    name: 'answers-with-page',
    reason: 'answers the POST with 200 and the board instead of a redirect, so a reload posts the message again',
    step: 7,
    edits: [{ find: "sendHtml(res, 303, statusPage('Saved', 'Your message board is at /.'), { Location: '/' });", replace: 'sendHtml(res, 200, renderPage());' }],
  },
  {
    name: 'redirect-without-location',
    reason: 'answers 303 without saying where to go',
    step: 7,
    edits: [{ find: "{ Location: '/' }", replace: '{}' }],
  },
  {
    name: 'blank-accepted',
    reason: 'adds a message that is empty or only whitespace',
    step: 8,
    edits: [{ find: "if (text.trim() !== '') messages.push(text);", replace: "if (form.has('message')) messages.push(text);" }],
  },
  {
    name: 'missing-field-as-undefined',
    reason: 'turns a missing message field into the text "undefined"',
    step: 8,
    edits: [{ find: "const text = form.get('message') ?? '';", replace: "const text = String(form.get('message'));" }],
  },
  {
    name: 'clear-ignored',
    reason: 'redirects after Clear without emptying the board',
    step: 8,
    edits: [{ find: '    messages.length = 0;\n', replace: '' }],
  },
  {
    name: 'clear-by-value',
    reason: 'tests form.get(\'clear\') for truth, but the clear button sends an empty value: the board is never cleared',
    step: 8,
    edits: [{ find: "if (form.has('clear')) {", replace: "if (form.get('clear')) {" }],
  },
  // Other requests.
  {
    name: 'head-refused',
    reason: 'answers HEAD with 405',
    step: 9,
    edits: [{ find: "req.method !== 'GET' && req.method !== 'HEAD' && req.method !== 'POST'", replace: "req.method !== 'GET' && req.method !== 'POST'" }],
  },
  {
    name: 'no-allow-header',
    reason: 'answers 405 without an Allow header',
    step: 9,
    edits: [{ find: '{ Allow: ALLOWED_METHODS }', replace: '{}' }],
  },
  {
    name: 'board-everywhere',
    reason: 'serves the board at every path instead of 404',
    step: 9,
    edits: [{ find: "if (pathname !== '/') {", replace: "if (pathname === '/nowhere') {" }],
  },
]);
