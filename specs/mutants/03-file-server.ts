// Broken variants of solutions/03-file-server/server.ts. Each must fail at least one spec.
import path from 'node:path';
import { KATA_ROOT } from '../../tooling/core/curriculum.ts';
import { defineMutants, denyListMutants } from './index.ts';

// A mutant is built in a temp folder, where a bare "mime" would not resolve: name the file.
const NPM_PACKAGE = JSON.stringify(path.join(KATA_ROOT, 'node_modules', 'mime', 'lite.js'));

export default defineMutants([
  // The source chapter's file server, one flaw at a time.
  {
    name: 'textbook-path-slice',
    step: 6,
    reason:
      "opens the raw request path minus its first slash, unchecked (the source chapter's self.path[1:]): the query stays " +
      'in the name and nothing is decoded (the first thing a learner meets, step 6), and ../ walks out of public/',
    edits: [
      { find: "const filePath = path.resolve(PUBLIC_DIR, '.' + decoded);", replace: "const filePath = path.resolve(PUBLIC_DIR, (req.url ?? '/').slice(1));" },
      { find: 'if (!isInside(PUBLIC_DIR, filePath))', replace: 'if (!isInside(PUBLIC_DIR, PUBLIC_DIR))' },
    ],
  },
  {
    name: 'missing-file-crashes',
    step: 5,
    reason: "lets the error of a missing file escape, and nothing catches it: the server dies (the source chapter's bug)",
    edits: [
      { find: '    const status = statusForFsError(error);', replace: '    if (error) throw error;\n    const status = statusForFsError(error);' },
      { find: '    console.error(error);\n    if (res.headersSent)', replace: '    throw error;\n    if (res.headersSent)' },
    ],
  },
  {
    name: 'everything-text-html',
    step: 3,
    reason: "sends every file as text/html, images and stylesheets too (the source chapter's bug)",
    edits: [{ find: "return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';", replace: "return 'text/html; charset=utf-8';" }],
  },
  {
    name: 'reads-as-text',
    step: 4,
    reason: "reads files as utf8 text and writes the string back: an image's bytes are replaced (the source chapter's bug)",
    edits: [{ find: 'fs.createReadStream(found.file);', replace: "fs.createReadStream(found.file, 'utf8');" }],
  },
  {
    name: 'reads-as-text-well-formed',
    step: 4,
    reason: 'reads files as utf8 text and sends the string with its byte length: a valid response, with an image whose bytes are replaced',
    edits: [
      { find: "'Content-Length': found.stats.size", replace: "'Content-Length': Buffer.byteLength(fs.readFileSync(found.file, 'utf8'))" },
      { find: 'stream.pipe(res);', replace: "stream.destroy();\n  res.end(fs.readFileSync(found.file, 'utf8'));" },
    ],
  },
  // Traversal guards that look right.
  {
    name: 'no-traversal-guard',
    step: 7,
    reason: 'resolves the path but never checks that it is still inside public/',
    edits: [{ find: 'return file === root || file.startsWith(root + path.sep);', replace: 'return true;' }],
  },
  {
    name: 'guard-without-separator',
    step: 7,
    reason: 'checks startsWith(root) without the trailing separator: the public-drafts/ sibling leaks',
    edits: [{ find: 'file.startsWith(root + path.sep)', replace: 'file.startsWith(root)' }],
  },
  {
    name: 'decode-after-check',
    step: 7,
    reason: 'checks the raw path for traversal, then decodes it: "..%2f" passes the check and becomes "../"',
    edits: [{ find: 'if (!isInside(PUBLIC_DIR, filePath))', replace: "if (!isInside(PUBLIC_DIR, path.resolve(PUBLIC_DIR, '.' + rawPath)))" }],
  },
  {
    name: 'resolve-without-dot',
    step: 7,
    reason: "resolves the decoded path without the '.': path.resolve starts over at its leading '/', so every file is outside public/ (a 403)",
    edits: [{ find: "path.resolve(PUBLIC_DIR, '.' + decoded)", replace: 'path.resolve(PUBLIC_DIR, decoded)' }],
  },
  // Decoding and the query.
  {
    name: 'decode-twice',
    step: 6,
    reason: 'decodes the path twice: "%2541" becomes "%41" and then "A", another name',
    edits: [{ find: 'decoded = decodeURIComponent(rawPath);', replace: 'decoded = decodeURIComponent(decodeURIComponent(rawPath));' }],
  },
  {
    name: 'decode-before-split',
    step: 6,
    reason: 'decodes the whole request target, then cuts it at "?" and "#": an encoded "?" in a file name (%3F) cuts the name short',
    edits: [
      { find: "const rawPath = urlPath(req.url ?? '/');", replace: "const rawPath = req.url ?? '/';" },
      { find: 'decoded = decodeURIComponent(rawPath);', replace: 'decoded = urlPath(decodeURIComponent(rawPath));' },
    ],
  },
  {
    name: 'no-decode',
    step: 6,
    reason: 'never decodes the path: /my%20page.html is not found, and bad %-encoding is not refused',
    edits: [{ find: 'decoded = decodeURIComponent(rawPath);', replace: 'decoded = rawPath;' }],
  },
  {
    name: 'decode-uncaught',
    step: 6,
    reason: 'lets decodeURIComponent throw on bad %-encoding: a 500 instead of a 400',
    edits: [{ find: 'let decoded: string;', replace: 'let decoded: string = decodeURIComponent(rawPath);' }],
  },
  {
    name: 'decodes-in-the-log',
    step: 5,
    reason: 'logs the decoded path outside any try: one bad %-sequence kills the server',
    edits: [{ find: 'console.log(`${req.method} ${req.url}`);', replace: "console.log(`${req.method} ${decodeURIComponent(req.url ?? '/')}`);" }],
  },
  {
    name: 'no-null-byte-check',
    step: 6,
    reason: 'lets a null byte through to the file system, which throws: a 500',
    edits: [{ find: "if (decoded.includes('\\0')) return sendError(res, 400, 'The path holds a null byte.');", replace: '' }],
  },
  {
    name: 'keeps-the-query',
    step: 6,
    reason: 'looks for a file named "page.html?x=1": the query stays in the name',
    edits: [{ find: "return target.split(/[?#]/, 1)[0] ?? '';", replace: 'return target;' }],
  },
  // Folders.
  {
    name: 'lists-folders',
    step: 8,
    reason: 'answers a folder without index.html with a list of its files',
    edits: [
      {
        find: '    found = await findFile(filePath);',
        replace:
          "    const folder = fs.statSync(filePath, { throwIfNoEntry: false });\n" +
          "    if (folder?.isDirectory() && !fs.existsSync(path.join(filePath, 'index.html'))) {\n" +
          "      const list = Buffer.from(fs.readdirSync(filePath).join('\\n'));\n" +
          "      res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': list.length });\n" +
          '      return void res.end(list);\n' +
          '    }\n' +
          '    found = await findFile(filePath);',
      },
    ],
  },
  {
    name: 'reads-folder-as-file',
    step: 8,
    reason: 'streams a folder as if it were a file: 200, then EISDIR and a cut connection',
    edits: [
      { find: '  if (!stats.isDirectory()) return { file: filePath, stats };', replace: '  if (stats) return { file: filePath, stats };' },
      { find: '  if (!found.stats.isFile()) return', replace: '  if (!found.stats) return' },
    ],
  },
  // Statuses and headers.
  {
    name: 'no-content-length',
    step: 4,
    reason: 'sends files without Content-Length: node sends them chunked, so no download shows its size (a missing header)',
    edits: [{ find: "{ 'Content-Type': contentTypeFor(found.file), 'Content-Length': found.stats.size }", replace: "{ 'Content-Type': contentTypeFor(found.file) }" }],
  },
  {
    name: 'no-content-type',
    step: 3,
    reason: 'sends files without Content-Type, leaving the browser to guess (a missing header)',
    edits: [{ find: "{ 'Content-Type': contentTypeFor(found.file), 'Content-Length': found.stats.size }", replace: "{ 'Content-Length': found.stats.size }" }],
  },
  {
    name: 'html-without-charset',
    step: 3,
    reason: 'sends .html as text/html with no charset: a page that does not name its own in a <meta> is decoded as windows-1252',
    edits: [{ find: "  '.html': 'text/html; charset=utf-8',", replace: "  '.html': 'text/html'," }],
  },
  {
    name: 'head-without-length',
    step: 9,
    reason: 'answers HEAD with the Content-Type only: a client cannot learn the size without downloading the file',
    edits: [
      {
        find: "{ 'Content-Type': contentTypeFor(found.file), 'Content-Length': found.stats.size }",
        replace: "{ 'Content-Type': contentTypeFor(found.file), ...(req.method === 'HEAD' ? {} : { 'Content-Length': found.stats.size }) }",
      },
    ],
  },
  {
    name: 'not-found-as-text',
    step: 5,
    reason: 'answers a missing file with a bare "Not found" and no Content-Type, not a small HTML page',
    edits: [
      {
        find: "    return sendError(res, status, status === 404 ? `There is no file at ${decoded}.` : `Could not read ${decoded}.`);",
        replace: "    if (status === 404) {\n      res.writeHead(404);\n      return void res.end('Not found');\n    }\n    return sendError(res, status, `Could not read ${decoded}.`);",
      },
    ],
  },
  {
    name: 'no-method-check',
    step: 9,
    reason: 'never checks the method: a DELETE or a POST gets the file, as if it were a GET',
    edits: [{ find: "if (req.method !== 'GET' && req.method !== 'HEAD') {", replace: "if (req.method === 'NOTHING') {" }],
  },
  {
    name: 'missing-as-200',
    step: 5,
    reason: 'sends the "not found" page with status 200',
    edits: [{ find: "if (code === 'ENOENT' || code === 'ENOTDIR') return 404;", replace: "if (code === 'ENOENT' || code === 'ENOTDIR') return 200;" }],
  },
  {
    name: 'no-allow-header',
    step: 9,
    reason: 'answers 405 without the Allow header',
    edits: [{ find: ", { Allow: 'GET, HEAD' });", replace: ');' }],
  },
  {
    name: 'head-not-allowed',
    step: 9,
    reason: 'only allows GET, so HEAD gets a 405',
    edits: [{ find: "if (req.method !== 'GET' && req.method !== 'HEAD') {", replace: "if (req.method !== 'GET') {" }],
  },
  {
    name: 'length-in-characters',
    step: 4,
    reason: 'counts Content-Length in characters of the text, not bytes of the file',
    edits: [{ find: "'Content-Length': found.stats.size", replace: "'Content-Length': fs.readFileSync(found.file, 'utf8').length" }],
  },
  {
    name: 'imports-a-package',
    step: 2,
    reason: 'brings in a package from npm (mime), where node built-ins are all this exercise needs',
    edits: [{ find: "import path from 'node:path';", replace: `import path from 'node:path';\nimport ${NPM_PACKAGE};` }],
  },
  ...denyListMutants("if (req.method !== 'GET' && req.method !== 'HEAD') {", 9),
]);
