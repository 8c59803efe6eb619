// Broken variants of solutions/03-file-server/server.ts. Each must fail at least one spec.
import path from 'node:path';
import { KATA_ROOT } from '../../tooling/curriculum.ts';
import { defineMutants } from './index.ts';

// A mutant is built in a temp folder, where a bare "mime" would not resolve: name the file.
const NPM_PACKAGE = JSON.stringify(path.join(KATA_ROOT, 'node_modules', 'mime', 'lite.js'));

export default defineMutants([
  // The source chapter's file server, one flaw at a time.
  {
    name: 'textbook-path-slice',
    reason: "opens the request path minus its first slash, unchecked (the source chapter's self.path[1:]): ../ walks out of public/",
    edits: [
      { find: "const filePath = path.resolve(PUBLIC_DIR, '.' + decoded);", replace: "const filePath = path.resolve(PUBLIC_DIR, (req.url ?? '/').slice(1));" },
      { find: 'if (!isInside(PUBLIC_DIR, filePath))', replace: 'if (!isInside(PUBLIC_DIR, PUBLIC_DIR))' },
    ],
  },
  {
    name: 'missing-file-crashes',
    reason: "lets the error of a missing file escape, and nothing catches it: the server dies (the source chapter's bug)",
    edits: [
      { find: '    const status = statusForFsError(error);', replace: '    if (error) throw error;\n    const status = statusForFsError(error);' },
      { find: '    console.error(error);\n    if (res.headersSent)', replace: '    throw error;\n    if (res.headersSent)' },
    ],
  },
  {
    name: 'everything-text-html',
    reason: "sends every file as text/html, images and stylesheets too (the source chapter's bug)",
    edits: [{ find: "return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';", replace: "return 'text/html; charset=utf-8';" }],
  },
  {
    name: 'reads-as-text',
    reason: "reads files as utf8 text and writes the string back: an image's bytes are replaced (the source chapter's bug)",
    edits: [{ find: 'fs.createReadStream(found.file);', replace: "fs.createReadStream(found.file, 'utf8');" }],
  },
  {
    name: 'reads-as-text-well-formed',
    reason: 'reads files as utf8 text and sends the string with its byte length: a valid response, with an image whose bytes are replaced',
    edits: [
      { find: "'Content-Length': found.stats.size", replace: "'Content-Length': Buffer.byteLength(fs.readFileSync(found.file, 'utf8'))" },
      { find: 'stream.pipe(res);', replace: "stream.destroy();\n  res.end(fs.readFileSync(found.file, 'utf8'));" },
    ],
  },
  // Traversal guards that look right.
  {
    name: 'no-traversal-guard',
    reason: 'resolves the path but never checks that it is still inside public/',
    edits: [{ find: 'return file === root || file.startsWith(root + path.sep);', replace: 'return true;' }],
  },
  {
    name: 'guard-without-separator',
    reason: 'checks startsWith(root) without the trailing separator: the public-drafts/ sibling leaks',
    edits: [{ find: 'file.startsWith(root + path.sep)', replace: 'file.startsWith(root)' }],
  },
  {
    name: 'decode-after-check',
    reason: 'checks the raw path for traversal, then decodes it: "..%2f" passes the check and becomes "../"',
    edits: [{ find: 'if (!isInside(PUBLIC_DIR, filePath))', replace: "if (!isInside(PUBLIC_DIR, path.resolve(PUBLIC_DIR, '.' + rawPath)))" }],
  },
  // Decoding and the query.
  {
    name: 'no-decode',
    reason: 'never decodes the path: /my%20page.html is not found, and bad %-encoding is not refused',
    edits: [{ find: 'decoded = decodeURIComponent(rawPath);', replace: 'decoded = rawPath;' }],
  },
  {
    name: 'decode-uncaught',
    reason: 'lets decodeURIComponent throw on bad %-encoding: a 500 instead of a 400',
    edits: [{ find: 'let decoded: string;', replace: 'let decoded: string = decodeURIComponent(rawPath);' }],
  },
  {
    name: 'decodes-in-the-log',
    reason: 'logs the decoded path outside any try: one bad %-sequence kills the server',
    edits: [{ find: 'console.log(`${req.method} ${req.url}`);', replace: "console.log(`${req.method} ${decodeURIComponent(req.url ?? '/')}`);" }],
  },
  {
    name: 'no-null-byte-check',
    reason: 'lets a null byte through to the file system, which throws: a 500',
    edits: [{ find: "if (decoded.includes('\\0')) return sendError(res, 400, 'The path holds a null byte.');", replace: '' }],
  },
  {
    name: 'keeps-the-query',
    reason: 'looks for a file named "page.html?x=1": the query stays in the name',
    edits: [{ find: "return target.split(/[?#]/, 1)[0] ?? '';", replace: 'return target;' }],
  },
  // Folders.
  {
    name: 'lists-folders',
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
    reason: 'streams a folder as if it were a file: 200, then EISDIR and a cut connection',
    edits: [
      { find: '  if (!stats.isDirectory()) return { file: filePath, stats };', replace: '  if (stats) return { file: filePath, stats };' },
      { find: '  if (!found.stats.isFile()) return', replace: '  if (!found.stats) return' },
    ],
  },
  // Statuses and headers.
  {
    name: 'missing-as-200',
    reason: 'sends the "not found" page with status 200',
    edits: [{ find: "if (code === 'ENOENT' || code === 'ENOTDIR') return 404;", replace: "if (code === 'ENOENT' || code === 'ENOTDIR') return 200;" }],
  },
  {
    name: 'no-allow-header',
    reason: 'answers 405 without the Allow header',
    edits: [{ find: ", { Allow: 'GET, HEAD' });", replace: ');' }],
  },
  {
    name: 'head-not-allowed',
    reason: 'only allows GET, so HEAD gets a 405',
    edits: [{ find: "if (req.method !== 'GET' && req.method !== 'HEAD') {", replace: "if (req.method !== 'GET') {" }],
  },
  {
    name: 'length-in-characters',
    reason: 'counts Content-Length in characters of the text, not bytes of the file',
    edits: [{ find: "'Content-Length': found.stats.size", replace: "'Content-Length': fs.readFileSync(found.file, 'utf8').length" }],
  },
  {
    name: 'imports-a-package',
    reason: 'brings in a package from npm (mime), where node built-ins are all this exercise needs',
    edits: [{ find: "import path from 'node:path';", replace: `import path from 'node:path';\nimport ${NPM_PACKAGE};` }],
  },
]);
