// Specs for exercise 03: a file server for public/. Run: npm test exercises/03
// The files the exercise ships are fetched from the folder under test. Files with random names and
// bytes are added to a temp copy of that folder and fetched from a second server started there:
// nothing is written into the learner's folder, and a server cannot pass by knowing the names.
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { kata, onlyForTypeScript, useServer } from './harness/kata.ts';
import { describeInBrowser } from './harness/browser.ts';
import { parseResponse, rawExchange, requestHead, type ParsedResponse, type RawExchange } from './harness/raw-http.ts';
import { sleep, startServer, type RunningServer } from './harness/server-process.ts';
import { check, fail, type HttpResult } from './harness/teach.ts';

const server = useServer();

const HTML = /^text\/html;\s*charset=utf-8$/i;
const REPLACEMENT_CHAR = Buffer.from('\ufffd', 'utf8');
const READ_AS_TEXT =
  'The body holds EF BF BD, UTF-8\'s "replacement character": the file was read as text (utf8), which ' +
  'replaces every byte that is not valid UTF-8 (and makes the body longer). Send the bytes as they are: ' +
  'a Buffer or a stream, with no encoding.';
const word = () => kata.random.word();

// ---------------------------------------------------------------------------------------------
// Files added to the temp copy's public/, drawn once per run from KATA_SEED.

interface MadeFile {
  /** Where it goes inside public/, with "/" between folders. */
  name: string;
  bytes: Buffer;
}

const someText = () => Buffer.from(`${Array.from({ length: kata.random.int(5, 40) }, () => word()).join(' ')}\n`);

const TYPES = [
  { label: 'an .html file', ext: 'html', expected: 'text/html; charset=utf-8', pattern: HTML, text: true },
  { label: 'a .css file', ext: 'css', expected: 'text/css', pattern: /^text\/css(;|$)/i, text: true },
  { label: 'a .js file', ext: 'js', expected: 'text/javascript', pattern: /^(text|application)\/javascript(;|$)/i, text: true },
  { label: 'a .txt file', ext: 'txt', expected: 'text/plain', pattern: /^text\/plain(;|$)/i, text: true },
  { label: 'a .png file', ext: 'png', expected: 'image/png', pattern: /^image\/png$/i, text: false },
  { label: 'a .jpg file', ext: 'jpg', expected: 'image/jpeg', pattern: /^image\/jpeg$/i, text: false },
  { label: 'a .jpeg file', ext: 'jpeg', expected: 'image/jpeg', pattern: /^image\/jpeg$/i, text: false },
  { label: 'a .gif file', ext: 'gif', expected: 'image/gif', pattern: /^image\/gif$/i, text: false },
  { label: 'an .svg file', ext: 'svg', expected: 'image/svg+xml', pattern: /^image\/svg\+xml(;|$)/i, text: true },
  { label: 'a file with an extension it does not know', ext: word(), expected: 'application/octet-stream', pattern: /^application\/octet-stream$/i, text: false },
  { label: 'a file with no extension', ext: '', expected: 'application/octet-stream', pattern: /^application\/octet-stream$/i, text: false },
].map((type) => ({
  ...type,
  name: type.ext ? `${word()}.${type.ext}` : word(),
  bytes: type.text ? someText() : kata.random.bytes(kata.random.int(200, 4000)),
}));

/** A name with a space and a non-ASCII letter: the browser asks for it percent-encoded. */
const ENCODED_NAME: MadeFile = { name: `${word()} café.txt`, bytes: someText() };
/** A folder with a file in it and no index.html. */
const FOLDER = word();
const IN_FOLDER: MadeFile = { name: `${FOLDER}/${word()}.txt`, bytes: someText() };
/** A few MiB of random bytes: too big to be right by accident, and not text. */
const BIG: MadeFile = { name: `${word()}.bin`, bytes: kata.random.bytes(3 * 1024 * 1024 + kata.random.int(1, 4096)) };

const MADE: MadeFile[] = [...TYPES, ENCODED_NAME, IN_FOLDER, BIG];

let copy: RunningServer | undefined;
let copyRoot: string | undefined;

beforeAll(async () => {
  copyRoot = await mkdtemp(path.join(tmpdir(), 'netkata-03-copy-'));
  const dir = path.join(copyRoot, path.basename(server.dir));
  await cp(server.dir, dir, { recursive: true });
  for (const made of MADE) {
    const file = path.join(dir, 'public', ...made.name.split('/'));
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, made.bytes);
  }
  copy = await startServer({ dir });
});

afterAll(async () => {
  await copy?.stop();
  if (copyRoot) await rm(copyRoot, { recursive: true, force: true });
});

function copied(): RunningServer {
  if (!copy) throw new Error('the server on the temp copy of the folder did not start');
  return copy;
}

// ---------------------------------------------------------------------------------------------
// Asking, and saying what came back.

/** "/my%20page.html" for "my page.html": each part of the path percent-encoded, as a browser does. */
const urlFor = (name: string) => `/${name.split('/').map(encodeURIComponent).join('/')}`;

/** The end of what the server printed, to show its stack trace after a crash. */
function lastLines(text: string, n = 14): string {
  return text.trimEnd().split('\n').slice(-n).join('\n') || '(nothing)';
}

/** Why no answer came, for the learner: often because an earlier request crashed the server. */
async function noAnswer(on: RunningServer, why: string): Promise<string> {
  // A process that just crashed may take a moment to be reported as exited.
  await Promise.race([on.whenExited(), sleep(300)]);
  if (on.running) return `no answer (${why})`;
  return (
    `no answer (${why}): your server is not running any more. It crashed on this request or an ` +
    `earlier one (look for the first failing spec). The end of what it printed:\n${lastLines(on.printed)}`
  );
}

interface Fetched {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  /** For failure messages. */
  shown: HttpResult;
}

type Method = 'get' | 'post' | 'put' | 'delete' | 'patch';

/** Why a client library gave up on a response that did come back. */
function unreadableNote(error: string, received: Buffer): string {
  let note = `The HTTP client gave up on this response: "${error}".`;
  if (/parse error/i.test(error)) {
    note +=
      ' Most often the body is longer than its Content-Length said: a client reads exactly Content-Length ' +
      'bytes, and whatever follows looks like garbage. Content-Length is the size of the file in bytes ' +
      '(stats.size), and the body must be exactly those bytes.';
  }
  if (received.includes(REPLACEMENT_CHAR)) note += `\n${READ_AS_TEXT}`;
  return note;
}

/** An ordinary request with supertest; the body comes back as raw bytes, whatever its type. */
async function fetchFrom(on: RunningServer, target: string, step: number, method: Method = 'get'): Promise<Fetched> {
  const client = request(on.url);
  const res = await client[method](target)
    .responseType('blob')
    .ok(() => true)
    .timeout(5000)
    .then(
      (response) => response,
      (error: Error) => error,
    );
  if (res instanceof Error) {
    const verb = method.toUpperCase();
    // Something came back that a client cannot read: ask again on a raw socket to show the bytes.
    const raw = on.running ? await rawExchange([requestHead(verb, target, on.port, ['Connection: close'])], { port: on.port, until: 'close' }) : undefined;
    const unreadable = raw !== undefined && raw.received.length > 0;
    fail({
      expected: `an HTTP response to ${verb} ${target} that a client can read`,
      sent: `${verb} ${target} HTTP/1.1 (with supertest)`,
      got: unreadable ? raw.received : await noAnswer(on, res.message),
      step,
      note: unreadable ? unreadableNote(res.message, raw.received) : undefined,
      curl: `-i ${verb === 'GET' ? '' : `-X ${verb} `}'http://localhost:8080${target}'`,
    });
  }
  const headers = res.headers as Record<string, string>;
  const body = Buffer.isBuffer(res.body) ? res.body : Buffer.alloc(0);
  const readable = /^(text\/|image\/svg)/i.test(headers['content-type'] ?? '');
  return { status: res.status, headers, body, shown: { status: res.status, headers, text: readable ? body.toString('utf8') : undefined, body } };
}

const get = (target: string, step: number) => fetchFrom(server.current, target, step);

/** Rows for it.each whose title shows each row's name in full ("%s"; "$name" would be cut short). */
const named = <T extends { name: string }>(rows: T[]) => rows.map((row) => [row.name, row] as const);

/**
 * Sends a request as raw bytes, exactly as written: a client library would tidy "/../" or "#"
 * away before sending. Fails the spec if no response head comes back.
 */
async function sendRaw(on: RunningServer, method: string, target: string, step: number): Promise<{ exchange: RawExchange; response: ParsedResponse }> {
  const head = requestHead(method, target, on.port, ['Connection: close']);
  // A HEAD response has a Content-Length but no body: read until the server closes.
  const exchange = await rawExchange([head], { port: on.port, until: method === 'HEAD' ? 'close' : 'response' });
  const response = parseResponse(exchange.received);
  if (!response.headComplete) {
    fail({
      expected: `an HTTP response to ${method} ${target}`,
      sent: exchange.sent,
      got: exchange.received.length > 0 ? exchange.received : await noAnswer(on, exchange.error ?? 'the connection ended with no bytes'),
      step,
      curl: `--path-as-is -i ${method === 'GET' ? '' : `-X ${method} `}'http://localhost:8080${target}'`,
    });
  }
  return { exchange, response };
}

/** A file the exercise ships, as it is on disk in the folder under test. */
async function shipped(file: string): Promise<Buffer> {
  const where = path.join(server.dir, ...file.split('/'));
  return readFile(where).catch(() =>
    fail({
      expected: `the exercise's own file ${file} to be there: the specs compare what is served with it`,
      got: `no file at ${where}`,
      step: 2,
      note: 'Did it get deleted or renamed? Restore it with: git checkout -- exercises/03-file-server',
    }),
  );
}

function firstDifference(a: Buffer, b: Buffer): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return n;
}

/** Where a body and a file part ways, and the likely reason. */
function bytesNote(body: Buffer, file: Buffer): string {
  const at = firstDifference(body, file);
  const hex = (b: Buffer, i: number) => (i < b.length ? `0x${(b[i] ?? 0).toString(16).padStart(2, '0')}` : 'the end');
  let note = `The body has ${body.length} bytes and the file ${file.length}; they first differ at byte ${at} (${hex(body, at)} where the file has ${hex(file, at)}).`;
  if (body.includes(REPLACEMENT_CHAR) && !file.includes(REPLACEMENT_CHAR)) note += `\n${READ_AS_TEXT}`;
  return note;
}

/**
 * The first line of a file that tells which file it is: 12 characters or more once HTML tags are
 * taken out, so that "<!DOCTYPE html>", which any error page may hold too, does not count.
 */
function signatureOf(bytes: Buffer): string | undefined {
  return bytes
    .toString('utf8')
    .split('\n')
    .map((line) => line.trim())
    .find((line) => line.replace(/<[^>]*>/g, '').trim().length >= 12);
}

/** True if the response holds the protected file, or its first telling line. */
function leaks(received: Buffer, file: Buffer): boolean {
  const signature = signatureOf(file);
  return (file.length > 0 && received.includes(file)) || (signature !== undefined && received.includes(signature));
}

// ---------------------------------------------------------------------------------------------

const SHIPPED = [
  { file: 'index.html', expected: 'text/html; charset=utf-8', pattern: HTML, step: 2 },
  { file: 'page.html', expected: 'text/html; charset=utf-8', pattern: HTML, step: 2 },
  { file: 'hills.png', expected: 'image/png', pattern: /^image\/png$/i, step: 4 },
  { file: 'style.css', expected: 'text/css', pattern: /^text\/css(;|$)/i, step: 3 },
  { file: 'notes.txt', expected: 'text/plain', pattern: /^text\/plain(;|$)/i, step: 3 },
  { file: 'logo.svg', expected: 'image/svg+xml', pattern: /^image\/svg\+xml(;|$)/i, step: 3 },
];

describe('GET /<file> for the files in public/', () => {
  it.each(SHIPPED.map((row) => [row.file, row.expected, row] as const))('sends %s with status 200, its exact bytes and Content-Type %s', async (_file, _type, { file, expected, pattern, step }) => {
    const want = await shipped(`public/${file}`);
    const res = await get(`/${file}`, step);
    const curl = `-i http://localhost:8080/${file}`;
    check(res.status === 200, { expected: `status 200 for /${file}, which is public/${file}`, sent: `GET /${file} HTTP/1.1`, got: res.shown, step: 2, curl });
    check(pattern.test(res.headers['content-type'] ?? ''), {
      expected: `Content-Type: ${expected}, from the extension of ${file}`,
      sent: `GET /${file} HTTP/1.1`,
      got: res.shown,
      step: 3,
      curl,
    });
    check(res.body.equals(want), () => ({
      expected: `the body to be exactly the ${want.length} bytes of public/${file}`,
      sent: `GET /${file} HTTP/1.1`,
      got: res.shown,
      step: 4,
      curl: `-s http://localhost:8080/${file} | cmp - ${kata.relativeDir}/public/${file}`,
      note: bytesNote(res.body, want),
    }));
  });

  it('gives each file a Content-Length equal to its size in bytes', async () => {
    for (const { file } of SHIPPED) {
      const want = await shipped(`public/${file}`);
      const res = await get(`/${file}`, 4);
      check(res.headers['content-length'] === String(want.length), {
        expected: `Content-Length: ${want.length} for /${file} (its size in bytes on disk)`,
        sent: `GET /${file} HTTP/1.1`,
        got: res.shown,
        step: 4,
        note: 'Take the size from fs.stat (stats.size): it counts bytes. A string\'s .length counts characters, and "—" is 3 bytes in UTF-8.',
        curl: `-I http://localhost:8080/${file}`,
      });
    }
  });

  it('serves public/index.html for /', async () => {
    const want = await shipped('public/index.html');
    const res = await get('/', 2);
    check(res.status === 200 && HTML.test(res.headers['content-type'] ?? '') && res.body.equals(want), {
      expected: 'status 200, Content-Type: text/html; charset=utf-8, and the bytes of public/index.html: "/" is the home page',
      sent: 'GET / HTTP/1.1',
      got: res.shown,
      step: 2,
      curl: '-i http://localhost:8080/',
    });
  });
});

describe('GET /<file> of every type', () => {
  it.each(TYPES.map((row) => [row.label, row.expected, row] as const))('sends %s with Content-Type %s and its exact bytes', async (_label, _type, { name, bytes, expected, pattern }) => {
    const target = urlFor(name);
    const res = await fetchFrom(copied(), target, 3);
    check(res.status === 200 && pattern.test(res.headers['content-type'] ?? ''), {
      expected: `status 200 and Content-Type: ${expected} for ${target}`,
      sent: `GET ${target} HTTP/1.1`,
      got: res.shown,
      step: 3,
      note: `The specs put this file, ${name}, into a temp copy of public/: its name is random, so the server must work it out from the extension (path.extname).`,
    });
    check(res.body.equals(bytes), () => ({
      expected: `the body to be exactly the ${bytes.length} bytes of ${name}`,
      sent: `GET ${target} HTTP/1.1`,
      got: res.shown,
      step: 4,
      note: bytesNote(res.body, bytes),
    }));
  });
});

describe('GET /<large file>', () => {
  it('sends a file of a few MiB intact, byte for byte', async () => {
    const target = urlFor(BIG.name);
    const res = await fetchFrom(copied(), target, 4);
    check(res.status === 200 && res.headers['content-length'] === String(BIG.bytes.length) && res.body.equals(BIG.bytes), () => ({
      expected: `status 200, Content-Length: ${BIG.bytes.length}, and exactly those bytes (${BIG.name}: random bytes, added to a temp copy of public/)`,
      sent: `GET ${target} HTTP/1.1`,
      got: res.shown,
      step: 4,
      note: bytesNote(res.body, BIG.bytes),
    }));
  });
});

describe('HEAD /<file>', () => {
  it('answers with the headers a GET would get, and no body', async () => {
    const want = await shipped('public/hills.png');
    const { exchange, response } = await sendRaw(server.current, 'HEAD', '/hills.png', 9);
    const ok =
      response.status === 200 &&
      /^image\/png$/i.test(response.headers['content-type'] ?? '') &&
      response.headers['content-length'] === String(want.length) &&
      response.body.length === 0 &&
      response.rest.length === 0;
    check(ok, {
      expected: `status 200, Content-Type: image/png, Content-Length: ${want.length}, and not one byte of body`,
      sent: exchange.sent,
      got: exchange.received,
      step: 9,
      curl: '--head http://localhost:8080/hills.png',
    });
  });
});

describe('GET /<file>', () => {
  describe('when the file is missing', () => {
    const MISSING = [
      { name: 'a file that is not there', target: `/${word()}.html` },
      { name: 'a file in a folder that is not there', target: `/${word()}/${word()}.png` },
      { name: 'a path that goes through a file as if it were a folder', target: `/index.html/${word()}.html` },
    ];

    it.each(named(MISSING))('answers 404 with a small HTML page for %s', async (_name, { target }) => {
      const res = await get(target, 5);
      check(res.status === 404 && HTML.test(res.headers['content-type'] ?? '') && /<[a-z!]/i.test(res.body.toString('utf8')), {
        expected: `status 404 Not Found for ${target}, with Content-Type: text/html; charset=utf-8 and a short HTML page that says so`,
        sent: `GET ${target} HTTP/1.1`,
        got: res.shown,
        step: 5,
        curl: `-i http://localhost:8080${target}`,
      });
    });

    it('keeps running and serving after a missing file', async () => {
      const target = `/${word()}.html`;
      await get(target, 5);
      const res = await get('/index.html', 5);
      check(res.status === 200, {
        expected: `GET /index.html to still get 200 after GET ${target} (a missing file)`,
        sent: `GET ${target} HTTP/1.1, then GET /index.html HTTP/1.1`,
        got: res.shown,
        step: 5,
      });
    });
  });

  describe('with a query string or a fragment', () => {
    it('serves the same file whatever the query string', async () => {
      for (const [target, file] of [
        [`/page.html?${word()}=${word()}`, 'page.html'],
        [`/?${word()}=1`, 'index.html'],
        ['/page.html?file=../secret.txt', 'page.html'],
      ] as const) {
        const want = await shipped(`public/${file}`);
        const res = await get(target, 6);
        check(res.status === 200 && res.body.equals(want), {
          expected: `status 200 and public/${file} for ${target}: the query string ("?...") does not name a file`,
          sent: `GET ${target} HTTP/1.1`,
          got: res.shown,
          step: 6,
          curl: `-i 'http://localhost:8080${target}'`,
        });
      }
    });

    it('ignores a #fragment sent in the request line', async () => {
      const want = await shipped('public/page.html');
      const target = `/page.html#${word()}`;
      const { exchange, response } = await sendRaw(server.current, 'GET', target, 6);
      check(response.status === 200 && response.body.equals(want), {
        expected: `status 200 and public/page.html for ${target}: a fragment ("#...") points inside a page, it is not part of the file name`,
        sent: exchange.sent,
        got: exchange.received,
        step: 6,
        note: 'Browsers never send the fragment, but a hand-written client may.',
      });
    });
  });

  describe('with percent-encoded characters', () => {
    it('decodes %20: /my%20page.html serves the file "my page.html"', async () => {
      const want = await shipped('public/my page.html');
      const res = await get('/my%20page.html', 6);
      check(res.status === 200 && res.body.equals(want), {
        expected: 'status 200 and the bytes of public/my page.html',
        sent: 'GET /my%20page.html HTTP/1.1',
        got: res.shown,
        step: 6,
        note: 'A URL cannot hold a space, so the browser sends %20. decodeURIComponent turns it back into " ".',
        curl: "-i 'http://localhost:8080/my%20page.html'",
      });
    });

    it('decodes spaces and UTF-8 letters in file names it has never seen', async () => {
      const target = urlFor(ENCODED_NAME.name);
      const res = await fetchFrom(copied(), target, 6);
      check(res.status === 200 && res.body.equals(ENCODED_NAME.bytes), {
        expected: `status 200 and the file "${ENCODED_NAME.name}" (added to a temp copy of public/) for ${target}`,
        sent: `GET ${target} HTTP/1.1`,
        got: res.shown,
        step: 6,
        note: '"é" is two bytes in UTF-8, sent as %C3%A9: decodeURIComponent decodes both into one letter.',
      });
    });

    describe('when the encoding is malformed', () => {
      const MALFORMED = [
        { name: 'a UTF-8 sequence cut short', target: '/%E0%A4%A' },
        { name: 'a "%" without two hex digits after it', target: '/%zz.html' },
        { name: 'a "%" at the very end', target: '/index.html%' },
        { name: 'a byte that is not UTF-8', target: '/%FF.html' },
      ];

      it.each(named(MALFORMED))('answers 400 to %s', async (_name, { target }) => {
        const { exchange, response } = await sendRaw(server.current, 'GET', target, 6);
        check(response.status === 400, {
          expected: `status 400 Bad Request for ${target}: it cannot be decoded, so it names no file`,
          sent: exchange.sent,
          got: exchange.received,
          step: 6,
          note: 'decodeURIComponent throws a URIError here: catch it and answer 400.',
          curl: `-i 'http://localhost:8080${target}'`,
        });
      });

      it('keeps running and serving after a malformed path', async () => {
        await sendRaw(server.current, 'GET', '/%E0%A4%A', 6).catch(() => undefined);
        const res = await get('/index.html', 6);
        check(res.status === 200, {
          expected: 'GET /index.html to still get 200 after GET /%E0%A4%A',
          sent: 'GET /%E0%A4%A HTTP/1.1, then GET /index.html HTTP/1.1',
          got: res.shown,
          step: 6,
        });
      });
    });

    it('refuses a path with a null byte (%00) with 400 or 404, and never sends the file before it', async () => {
      const want = await shipped('public/index.html');
      const { exchange, response } = await sendRaw(server.current, 'GET', '/index.html%00.txt', 6);
      check((response.status === 400 || response.status === 404) && !leaks(exchange.received, want), {
        expected: 'status 400 (or 404) for /index.html%00.txt, and none of index.html',
        sent: exchange.sent,
        got: exchange.received,
        step: 6,
        note: 'No file name holds a null byte. Check for "\\0" after decoding: node\'s fs throws on it, and older C code would stop reading the name there.',
      });
    });
  });
});

describe('paths that lead out of public/', () => {
  const SECRET = 'secret.txt';
  const SOURCE = 'server.ts';
  const DRAFT = 'public-drafts/draft.html';
  /** The absolute path of a file in the folder under test, each part percent-encoded. */
  const absolute = (file: string) => path.join(server.dir, file).split(path.sep).map(encodeURIComponent).join('/');

  const TRAVERSALS = [
    { name: 'a raw "/../" to secret.txt, beside public/,', file: SECRET, target: () => '/../secret.txt' },
    { name: 'a raw "/../" to server.ts, the server\'s own source,', file: SOURCE, target: () => '/../server.ts' },
    { name: 'a raw "../../" after a real folder', file: SECRET, target: () => '/sub/../../secret.txt' },
    { name: '"%2e%2e/", the dots encoded,', file: SECRET, target: () => '/%2e%2e/secret.txt' },
    { name: '"..%2f", the slash encoded,', file: SECRET, target: () => '/..%2fsecret.txt' },
    { name: '"%2e%2e%2f", dots and slash encoded,', file: SOURCE, target: () => '/%2e%2e%2fserver.ts' },
    { name: '"..%5c", an encoded backslash (a separator on Windows),', file: SECRET, target: () => '/..%5csecret.txt' },
    { name: 'doubled slashes around ".."', file: SECRET, target: () => '//..//secret.txt' },
    { name: 'an absolute path after a doubled slash', file: SECRET, target: () => `/${absolute(SECRET)}` },
    { name: 'an absolute path with its slashes encoded', file: SECRET, target: () => `/${encodeURIComponent(path.join(server.dir, SECRET))}` },
    { name: 'a null byte after "..%2f"', file: SECRET, target: () => '/..%2fsecret.txt%00.html' },
    { name: 'a raw "/../" to public-drafts/, a sibling whose name starts with "public",', file: DRAFT, target: () => '/../public-drafts/draft.html' },
    { name: '"..%2f" to public-drafts/, a sibling whose name starts with "public",', file: DRAFT, target: () => '/..%2fpublic-drafts%2fdraft.html' },
  ];

  it.each(named(TRAVERSALS))('refuses %s with 400, 403 or 404, and none of the file', async (_name, { file, target }) => {
    const secret = await shipped(file);
    const sentTarget = target();
    const { exchange, response } = await sendRaw(server.current, 'GET', sentTarget, 7);
    const leaked = leaks(exchange.received, secret);
    check(!leaked && [400, 403, 404].includes(response.status ?? 0), {
      expected: `status 400, 403 or 404, and not a byte of ${file}: it is outside public/`,
      sent: exchange.sent,
      got: exchange.received,
      step: 7,
      note: leaked
        ? `Your server sent ${file}. Resolve the decoded path against public/, then check that the result starts with public/ and a separator (path.sep).`
        : undefined,
      curl: `--path-as-is -i 'http://localhost:8080${sentTarget}'`,
    });
  });
});

describe('GET /<folder>/', () => {
  it('serves public/sub/index.html for /sub/', async () => {
    const want = await shipped('public/sub/index.html');
    const res = await get('/sub/', 8);
    check(res.status === 200 && HTML.test(res.headers['content-type'] ?? '') && res.body.equals(want), {
      expected: 'status 200, Content-Type: text/html; charset=utf-8, and the bytes of public/sub/index.html',
      sent: 'GET /sub/ HTTP/1.1',
      got: res.shown,
      step: 8,
      curl: '-i http://localhost:8080/sub/',
    });
  });

  it('answers /sub (no final slash) with its index.html, a redirect to /sub/, or 404', async () => {
    const want = await shipped('public/sub/index.html');
    const { exchange, response } = await sendRaw(server.current, 'GET', '/sub', 8);
    const status = response.status ?? 0;
    const ok =
      (status === 200 && response.body.equals(want)) ||
      ([301, 302, 307, 308].includes(status) && /\/sub\/$/.test(response.headers.location ?? '')) ||
      status === 404;
    check(ok, {
      expected: 'public/sub/index.html with status 200, a redirect (301, 302, 307 or 308) with "Location: /sub/", or a 404; never a crash or a broken answer',
      sent: exchange.sent,
      got: exchange.received,
      step: 8,
      curl: '-i http://localhost:8080/sub',
    });
  });

  it('answers 404 for a folder without index.html, and does not list what is in it', async () => {
    const inside = path.basename(IN_FOLDER.name);
    const { exchange, response } = await sendRaw(copied(), 'GET', `/${FOLDER}/`, 8);
    check(response.status === 404 && !exchange.received.includes(inside), {
      expected: `status 404 for /${FOLDER}/ (a folder the specs made in a temp copy of public/, with ${inside} in it and no index.html), and not the name ${inside}`,
      sent: exchange.sent,
      got: exchange.received,
      step: 8,
      note: 'A listing shows visitors files nobody linked to; this server only sends what was asked for.',
    });
  });

  it('serves a file inside a folder', async () => {
    const target = urlFor(IN_FOLDER.name);
    const res = await fetchFrom(copied(), target, 8);
    check(res.status === 200 && res.body.equals(IN_FOLDER.bytes), {
      expected: `status 200 and the bytes of ${IN_FOLDER.name} (added to a temp copy of public/)`,
      sent: `GET ${target} HTTP/1.1`,
      got: res.shown,
      step: 8,
    });
  });
});

describe('other methods', () => {
  it.each(['POST', 'PUT', 'DELETE', 'PATCH'])('answers %s with 405 and "Allow: GET, HEAD"', async (method) => {
    const res = await fetchFrom(server.current, '/index.html', 9, method.toLowerCase() as Method);
    const allow = (res.headers.allow ?? '')
      .split(',')
      .map((m) => m.trim().toUpperCase())
      .sort();
    check(res.status === 405 && allow.join(', ') === 'GET, HEAD', {
      expected: 'status 405 Method Not Allowed, with a header "Allow: GET, HEAD": this server only reads files',
      sent: `${method} /index.html HTTP/1.1`,
      got: res.shown,
      step: 9,
      curl: `-i -X ${method} http://localhost:8080/index.html`,
    });
  });
});

describe('the code', () => {
  it('uses only node built-ins (node:http, node:fs, node:path), no package from npm', (context) => {
    onlyForTypeScript(context);
    const { packageImports } = server.current.build;
    check(packageImports.length === 0, {
      expected: 'server.ts to import only node built-ins: serving files safely takes a few dozen lines, and writing them is the point',
      got: `imports of ${packageImports.join(', ')}`,
      step: 2,
    });
  });
});

/** Runs in the page: the first <img>'s address and natural width, once it has loaded or failed. */
const IMAGE_ON_PAGE = `new Promise((resolve) => {
  const img = document.querySelector('img');
  if (!img) return resolve(null);
  const done = () => resolve({ src: img.src, width: img.naturalWidth });
  if (img.complete) done();
  else { img.addEventListener('load', done); img.addEventListener('error', done); }
})`;

describeInBrowser('in a browser', (browser) => {
  it('follows the link from index.html to page.html, and back', async (context) => {
    const page = await browser.newPage(context);
    const start = `${server.current.url}/index.html`;
    const steps: string[] = [`opened ${start}`];
    const followed = await (async () => {
      await page.goto(start);
      await page.click('a[href="page.html"]', { timeout: 2000 });
      await page.waitForURL('**/page.html', { timeout: 2000 });
      steps.push(`clicked "page.html", and got to ${page.url()}`);
      await page.click('a[href="index.html"]', { timeout: 2000 });
      await page.waitForURL('**/index.html', { timeout: 2000 });
      steps.push(`clicked "index.html", and got back to ${page.url()}`);
      return true;
    })().catch((error: Error) => {
      steps.push(`then: ${error.message.split('\n')[0]}`);
      return false;
    });
    check(followed, {
      expected: 'Chromium to open /index.html, follow its link to page.html, and follow the link there back to index.html',
      got: `${steps.join('; ')}. The page showed: ${(await page.textContent('body').catch(() => null))?.trim().slice(0, 200) ?? '(nothing)'}`,
      step: 11,
    });
  });

  it('shows the picture on page.html', async (context) => {
    const page = await browser.newPage(context);
    await page.goto(`${server.current.url}/page.html`).catch(() => undefined);
    const image = await page.evaluate<{ src: string; width: number } | null>(IMAGE_ON_PAGE).catch((error: Error) => error);
    check(!(image instanceof Error) && image !== null && image.width > 0, {
      expected: 'Chromium to draw the picture on page.html (its natural width above 0): the PNG must arrive byte for byte, as image/png',
      got:
        image instanceof Error || image === null
          ? `no <img> on the page${image ? `: ${image.message.split('\n')[0]}` : ''}`
          : `${image.src} did not load as an image (natural width ${image.width})`,
      step: 4,
      curl: '-s http://localhost:8080/hills.png | file -',
    });
  });
});
