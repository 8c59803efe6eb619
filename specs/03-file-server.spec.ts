// Specs for exercise 03: a file server for public/. Run: npm test exercises/03
// The files the exercise ships are fetched from the folder under test. Files with random names and
// bytes are added to a temp copy of that folder (one beside public/, for the traversal specs, so
// that they need no particular file there, such as a server.ts) and fetched from a second server
// started there: nothing is written into the learner's folder, and a server cannot pass by knowing
// the names. The specs follow RFC 9110/9112 and WHATWG; where the lesson asks for more (a
// Content-Length for every file, 400 for bad %-encoding), the failure says why.
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { kata, onlyForTypeScript, useServer } from './harness/kata.ts';
import { describeInBrowser, openServedPage } from './harness/browser.ts';
import { attribute, byTag, parseHtml, visibleText } from './harness/html.ts';
import { parseFramedResponse, parseMediaType, parseResponse, rawExchange, requestHead, type FramedResponse, type RawExchange } from './harness/raw-http.ts';
import { sleep, startServer, type RunningServer } from './harness/server-process.ts';
import { readServerFile } from './harness/server-files.ts';
import { check, fail, type HttpResult } from './harness/teach.ts';

const server = useServer({ staysUpStep: 5 }); // "5. Missing files: 404, and keep running"

const REPLACEMENT_CHAR = Buffer.from('\ufffd', 'utf8');
const READ_AS_TEXT =
  'The body holds EF BF BD, UTF-8\'s "replacement character": the file was read as text (utf8), which ' +
  'replaces every byte that is not valid UTF-8 (and makes the body longer). Send the bytes as they are: ' +
  'a Buffer or a stream, with no encoding.';
const word = () => kata.random.word();

// ---------------------------------------------------------------------------------------------
// Is a page's Content-Type one that a browser decodes right?

/** The labels WHATWG's Encoding standard gives UTF-8. */
const UTF8_LABELS = new Set(['utf-8', 'utf8', 'unicode-1-1-utf-8', 'unicode11utf8', 'unicode20utf8', 'x-unicode20utf8']);

/**
 * The encoding a page names for itself, where a browser looks for it when the header names none
 * (WHATWG HTML, "determining the character encoding"): a byte order mark, or a <meta charset> or
 * <meta http-equiv="Content-Type"> within its first 1024 bytes.
 */
function charsetInPage(body: Buffer): string | undefined {
  if (body.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))) return 'utf-8';
  for (const meta of byTag(parseHtml(body.subarray(0, 1024).toString('latin1')), 'meta')) {
    const charset = attribute(meta, 'charset');
    if (charset !== undefined) return charset.trim().toLowerCase();
    if ((attribute(meta, 'http-equiv') ?? '').trim().toLowerCase() === 'content-type') {
      const named = /charset\s*=\s*["']?([^"';\s]+)/i.exec(attribute(meta, 'content') ?? '')?.[1];
      if (named) return named.toLowerCase();
    }
  }
  return undefined;
}

/**
 * Whether an HTML page's Content-Type lets a browser decode it as the UTF-8 it is: text/html with
 * charset=utf-8, or text/html alone for a page that names UTF-8 itself in a <meta charset> (the
 * header wins when it names a charset; the page's <meta> counts only when it does not). The note
 * says what is wrong, for the failure.
 */
function htmlTypeOf(contentType: string | undefined, body: Buffer): { ok: boolean; note?: string } {
  const media = parseMediaType(contentType);
  if (media?.essence !== 'text/html') {
    return {
      ok: false,
      note: contentType === undefined ? 'No Content-Type was sent: the browser has to guess what the bytes are.' : `Content-Type: ${contentType} does not say "an HTML page".`,
    };
  }
  const charset = media.parameters.charset?.trim().toLowerCase();
  if (charset !== undefined) {
    return UTF8_LABELS.has(charset)
      ? { ok: true }
      : { ok: false, note: `charset=${charset}: the browser decodes the page as ${charset}, and the charset of the header wins over the page's own <meta charset>. These files are UTF-8.` };
  }
  const inPage = charsetInPage(body);
  if (inPage !== undefined && UTF8_LABELS.has(inPage)) return { ok: true };
  if (inPage !== undefined) {
    return { ok: false, note: `The header names no charset, and the page's own <meta> says ${inPage}: the browser decodes it so, but these files are UTF-8. Name it in the header, "text/html; charset=utf-8" (step 3).` };
  }
  return {
    ok: false,
    note:
      'The header names no charset, and this page does not name one in a <meta charset> either: the ' +
      'browser has to guess, most guess windows-1252, and "é" shows as "Ã©". A file server does not read ' +
      'its pages to see what they say: name it in the header, "text/html; charset=utf-8" (step 3).',
  };
}

// ---------------------------------------------------------------------------------------------
// Files added to the temp copy's public/, drawn once per run from KATA_SEED.

interface MadeFile {
  /** Where it goes inside public/, with "/" between folders. */
  name: string;
  bytes: Buffer;
}

const someWords = () => Array.from({ length: kata.random.int(5, 40) }, () => word()).join(' ');
const someText = () => Buffer.from(`${someWords()}\n`);
/** A page that does not name its charset: only the header can tell the browser it is UTF-8. */
const somePage = () => Buffer.from(`<!DOCTYPE html>\n<title>${word()} — café</title>\n<p>${someWords()} — déjà vu</p>\n`, 'utf8');

/** "Some bytes": what a server says of a file whose type it does not know. */
const OCTETS = ['application/octet-stream'];

/** The media types (type/subtype, any parameters) that fit a file; the HTML rows judge the charset too. */
type TypeCheck = string[] | 'html';

const TYPES: { label: string; ext: string; expected: string; pattern: TypeCheck; text: boolean; bytes?: Buffer }[] = [
  { label: 'an .html file', ext: 'html', expected: 'text/html; charset=utf-8', pattern: 'html', text: true, bytes: somePage() },
  { label: 'a .css file', ext: 'css', expected: 'text/css', pattern: ['text/css'], text: true },
  { label: 'a .js file', ext: 'js', expected: 'text/javascript', pattern: ['text/javascript', 'application/javascript'], text: true },
  { label: 'a .txt file', ext: 'txt', expected: 'text/plain', pattern: ['text/plain'], text: true },
  { label: 'a .png file', ext: 'png', expected: 'image/png', pattern: ['image/png'], text: false },
  { label: 'a .jpg file', ext: 'jpg', expected: 'image/jpeg', pattern: ['image/jpeg'], text: false },
  { label: 'a .jpeg file', ext: 'jpeg', expected: 'image/jpeg', pattern: ['image/jpeg'], text: false },
  { label: 'a .gif file', ext: 'gif', expected: 'image/gif', pattern: ['image/gif'], text: false },
  { label: 'an .svg file', ext: 'svg', expected: 'image/svg+xml', pattern: ['image/svg+xml'], text: true },
  { label: 'a file with an extension it does not know', ext: word(), expected: 'application/octet-stream', pattern: OCTETS, text: false },
  { label: 'a file with no extension', ext: '', expected: 'application/octet-stream', pattern: OCTETS, text: false },
];
const TYPED = TYPES.map((type) => ({
  ...type,
  name: type.ext ? `${word()}.${type.ext}` : word(),
  bytes: type.bytes ?? (type.text ? someText() : kata.random.bytes(kata.random.int(200, 4000))),
}));

/** Whether a Content-Type fits, and what is wrong when it does not. */
function typeFits(pattern: TypeCheck, contentType: string | undefined, body: Buffer): { ok: boolean; note?: string } {
  if (pattern === 'html') return htmlTypeOf(contentType, body);
  const essence = parseMediaType(contentType)?.essence;
  if (essence !== undefined && pattern.includes(essence)) return { ok: true };
  if (contentType !== undefined) return { ok: false };
  if (pattern === OCTETS) {
    return {
      ok: false,
      note:
        'No Content-Type was sent. HTTP lets a server leave it out when it does not know the type (RFC 9110, section 8.3), ' +
        'but then the browser guesses from the bytes, and may show a file that looks like HTML as a page, scripts and all. ' +
        'application/octet-stream says "some bytes": the browser offers to save them instead.',
    };
  }
  return { ok: false, note: 'No Content-Type was sent: the browser has to guess what the bytes are.' };
}

/** A name with a space and a non-ASCII letter: the browser asks for it percent-encoded. */
const ENCODED_NAME: MadeFile = { name: `${word()} café.txt`, bytes: someText() };
/** A name with a "%" in it: asked for as "%25", and decoded once, it is "%41", not "A". */
const PERCENT_NAME: MadeFile = { name: `${word()}%41.txt`, bytes: someText() };
/** A name with "?" and "#" in it: asked for as "%3F" and "%23", which do not start a query or a fragment. */
const MARKS_NAME: MadeFile = { name: `${word()}?${word()}#${kata.random.int(1, 99)}.txt`, bytes: someText() };
/** A folder with a file in it and no index.html. */
const FOLDER = word();
const IN_FOLDER: MadeFile = { name: `${FOLDER}/${word()}.txt`, bytes: someText() };
/** A few MiB of random bytes: too big to be right by accident, and not text. */
const BIG: MadeFile = { name: `${word()}.bin`, bytes: kata.random.bytes(3 * 1024 * 1024 + kata.random.int(1, 4096)) };

const MADE: MadeFile[] = [...TYPED, ENCODED_NAME, PERCENT_NAME, MARKS_NAME, IN_FOLDER, BIG];

/**
 * A file the specs put beside public/ in the temp copy, under a random name: every server has one
 * there (a server.ts or a server.py, whatever the language), and no server can know its name.
 */
const PLANTED: MadeFile = { name: `${word()}.txt`, bytes: someText() };

let copy: Promise<RunningServer> | undefined;
let copyRoot: string | undefined;

async function startCopy(root: string): Promise<RunningServer> {
  const dir = path.join(root, path.basename(server.dir));
  await cp(server.dir, dir, { recursive: true });
  for (const made of MADE) {
    const file = path.join(dir, 'public', ...made.name.split('/'));
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, made.bytes);
  }
  await writeFile(path.join(dir, PLANTED.name), PLANTED.bytes);
  return startServer({ dir });
}

beforeAll(async () => {
  copyRoot = await mkdtemp(path.join(tmpdir(), 'netkata-03-copy-'));
  // Not awaited here: the first specs ask the server under test while this one starts, and the
  // first spec that needs it waits for it (copied()). Should it fail to start, those specs say why.
  copy = startCopy(copyRoot);
  copy.catch(() => {});
});

afterAll(async () => {
  await (await copy?.catch(() => undefined))?.stop();
  if (copyRoot) await rm(copyRoot, { recursive: true, force: true });
});

/** The server on the temp copy of the folder, once it has started. */
function copied(): Promise<RunningServer> {
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

/**
 * The bytes after the head do not match its Content-Length: how many there were and how many it
 * said. A body cut short (fewer) is also what a server that ended the connection halfway sends.
 */
function lengthMismatch(received: Buffer): { declared: number; sent: number } | undefined {
  const response = parseResponse(received);
  const declared = Number(response.headers['content-length']);
  if (!response.headComplete || response.headers['content-length'] === undefined || !Number.isInteger(declared)) return undefined;
  if (/chunked/i.test(response.headers['transfer-encoding'] ?? '')) return undefined;
  const sent = response.body.length + response.rest.length;
  return sent === declared ? undefined : { declared, sent };
}

/** Why a client library gave up on a response that did come back. */
function unreadableNote(error: string, received: Buffer): string {
  let note = `The HTTP client gave up on this response: "${error}".`;
  const mismatch = lengthMismatch(received);
  if (mismatch && mismatch.sent > mismatch.declared) {
    note +=
      ` Its Content-Length says ${mismatch.declared} bytes, and ${mismatch.sent} came: a client reads exactly ` +
      'Content-Length bytes, and takes whatever follows for the start of another response. Content-Length is ' +
      'the size of the file in bytes (stats.size), and the body must be exactly those bytes.';
  } else if (mismatch) {
    note += ` Its Content-Length says ${mismatch.declared} bytes, and the connection ended after ${mismatch.sent}: the body was cut short.`;
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
    // More bytes than Content-Length said: the length is wrong, or the bytes were changed (step 4).
    const mismatch = unreadable ? lengthMismatch(raw.received) : undefined;
    fail({
      expected: `an HTTP response to ${verb} ${target} that a client can read`,
      sent: `${verb} ${target} HTTP/1.1 (with supertest)`,
      got: unreadable ? raw.received : await noAnswer(on, res.message),
      step: mismatch && mismatch.sent > mismatch.declared ? 4 : step,
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
 * away before sending. Fails the spec if no response head comes back. The body is read as a client
 * reads it, by its Content-Length or its chunks.
 */
async function sendRaw(on: RunningServer, method: string, target: string, step: number): Promise<{ exchange: RawExchange; response: FramedResponse }> {
  const head = requestHead(method, target, on.port, ['Connection: close']);
  // One response, framed by its Content-Length or its chunks. A HEAD response announces a length
  // but must send no body: read it until the server closes, to see any byte that follows the head.
  const exchange = method === 'HEAD' ? await rawExchange([head], { port: on.port, until: 'close' }) : await rawExchange([head], { port: on.port, until: 'framed' });
  const response = parseFramedResponse(exchange.received, { head: method === 'HEAD' });
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
  // Not through a link the server may have put there (see server-files.ts).
  return readServerFile(where, server.dir).catch((error: NodeJS.ErrnoException) =>
    fail({
      expected: `the exercise's own file ${file} to be there: the specs compare what is served with it`,
      got: error.code === 'ENOENT' ? `no file at ${where}` : error.message,
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
  if (body.equals(file)) return `The body is exactly the ${file.length} bytes of the file.`;
  const at = firstDifference(body, file);
  const hex = (b: Buffer, i: number) => `0x${(b[i] ?? 0).toString(16).padStart(2, '0')}`;
  let note = `The body has ${body.length} bytes and the file ${file.length}; `;
  if (at === body.length) note += `the body is the file's first ${at} bytes, and stops there.`;
  else if (at === file.length) note += `the body starts with the whole file, and ${body.length - at} more bytes follow it.`;
  else note += `they first differ at byte ${at} (${hex(body, at)} where the file has ${hex(file, at)}).`;
  if (body.includes(REPLACEMENT_CHAR) && !file.includes(REPLACEMENT_CHAR)) note += `\n${READ_AS_TEXT}`;
  return note;
}

/** What a response's Content-Length says about a file of `size` bytes; undefined when it is right. */
function contentLengthNote(headers: Record<string, string>, size: number): string | undefined {
  const length = headers['content-length'];
  if (length === String(size)) return undefined;
  if (length === undefined) {
    const chunked = /chunked/i.test(headers['transfer-encoding'] ?? '');
    return (
      `No Content-Length was sent${chunked ? ' (the body came chunked: Transfer-Encoding: chunked, which is what node does when no Content-Length is set)' : ''}. ` +
      'HTTP allows a body without one, for a body whose size nobody knows before it is made; a file\'s size is known ' +
      'before its first byte (stats.size), and this lesson asks for it: with it the browser shows how much of a download ' +
      'is left, and a HEAD request learns the size without the body (RFC 9110, section 8.6: a server SHOULD send it when it knows the size).'
    );
  }
  return `Content-Length: ${length} is not the file's size, ${size} bytes. Take the size from fs.stat (stats.size): it counts bytes. A string's .length counts characters, and "—" is 3 bytes in UTF-8.`;
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

/** True if the response (its raw bytes, or its body once unchunked) holds the protected file, or its first telling line. */
function leaks(received: Buffer, file: Buffer): boolean {
  const signature = signatureOf(file);
  const body = parseFramedResponse(received).body;
  return [received, body].some((bytes) => (file.length > 0 && bytes.includes(file)) || (signature !== undefined && bytes.includes(signature)));
}

// ---------------------------------------------------------------------------------------------

const SHIPPED: { file: string; expected: string; pattern: TypeCheck; step: number }[] = [
  { file: 'index.html', expected: 'text/html (UTF-8)', pattern: 'html', step: 2 },
  { file: 'page.html', expected: 'text/html (UTF-8)', pattern: 'html', step: 2 },
  { file: 'hills.png', expected: 'image/png', pattern: ['image/png'], step: 4 },
  { file: 'style.css', expected: 'text/css', pattern: ['text/css'], step: 3 },
  { file: 'notes.txt', expected: 'text/plain', pattern: ['text/plain'], step: 3 },
  { file: 'logo.svg', expected: 'image/svg+xml', pattern: ['image/svg+xml'], step: 3 },
];

/** The lesson step that explains a status other than 200 for a file that is there. */
function stepForStatus(status: number): { step: number; note?: string } {
  if (status === 403) {
    return {
      step: 7,
      note:
        'A 403 for a file inside public/: the check of step 7 refuses it. Most often the path was resolved without ' +
        "the '.': path.resolve(PUBLIC_DIR, '/index.html') starts over at the '/' and gives '/index.html', which is " +
        "outside public/. Resolve '.' + decoded.",
    };
  }
  return { step: 2 };
}

describe('GET /<file> for the files in public/', () => {
  it.each(SHIPPED.map((row) => [row.file, row.expected, row] as const))('sends %s with status 200, its exact bytes and Content-Type %s', async (_file, _type, { file, expected, pattern, step }) => {
    const want = await shipped(`public/${file}`);
    const res = await get(`/${file}`, step);
    const curl = `-i http://localhost:8080/${file}`;
    const forStatus = stepForStatus(res.status);
    check(res.status === 200, { expected: `status 200 for /${file}, which is public/${file}`, sent: `GET /${file} HTTP/1.1`, got: res.shown, ...forStatus, curl });
    const type = typeFits(pattern, res.headers['content-type'], res.body);
    check(type.ok, {
      expected: `Content-Type: ${expected === 'text/html (UTF-8)' ? 'text/html; charset=utf-8' : expected}, from the extension of ${file}`,
      sent: `GET /${file} HTTP/1.1`,
      got: res.shown,
      step: 3,
      note: type.note,
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

  it('gives every file a Content-Length equal to its size in bytes, a large one too', async () => {
    const files = [
      ...SHIPPED.map(({ file }) => ({ on: server.current, target: `/${file}`, what: `public/${file}`, size: async () => (await shipped(`public/${file}`)).length })),
      { on: await copied(), target: urlFor(BIG.name), what: `${BIG.name} (${BIG.bytes.length} random bytes the specs added to a temp copy of public/)`, size: () => Promise.resolve(BIG.bytes.length) },
    ];
    for (const { on, target, what, size } of files) {
      const bytes = await size();
      const res = await fetchFrom(on, target, 4);
      check(res.status === 200, { expected: `status 200 for ${target}, which is ${what}`, sent: `GET ${target} HTTP/1.1`, got: res.shown, ...stepForStatus(res.status) });
      const note = contentLengthNote(res.headers, bytes);
      check(note === undefined, {
        expected: `Content-Length: ${bytes} for ${target}, the size of ${what} in bytes`,
        sent: `GET ${target} HTTP/1.1`,
        got: { ...res.shown, text: undefined },
        step: 4,
        note,
        curl: `-I 'http://localhost:8080${target}'`,
      });
    }
  });

  it('serves public/index.html for /', async () => {
    const want = await shipped('public/index.html');
    const res = await get('/', 8);
    const type = htmlTypeOf(res.headers['content-type'], res.body);
    check(res.status === 200 && type.ok && res.body.equals(want), {
      expected: 'status 200, Content-Type: text/html; charset=utf-8, and the bytes of public/index.html: "/" is the folder public/, and a folder means the index.html in it',
      sent: 'GET / HTTP/1.1',
      got: res.shown,
      step: 8,
      note: res.status === 200 ? type.note : undefined,
      curl: '-i http://localhost:8080/',
    });
  });
});

describe('GET /<file> of every type', () => {
  it.each(TYPED.map((row) => [row.label, row.expected, row] as const))('sends %s with Content-Type %s and its exact bytes', async (_label, _type, { name, bytes, expected, pattern }) => {
    const target = urlFor(name);
    const res = await fetchFrom(await copied(), target, 3);
    const type = typeFits(pattern, res.headers['content-type'], res.body);
    check(res.status === 200 && type.ok, {
      expected: `status 200 and Content-Type: ${expected} for ${target}`,
      sent: `GET ${target} HTTP/1.1`,
      got: res.shown,
      step: 3,
      note: [
        `The specs put this file, ${name}, into a temp copy of public/: its name is random, so the server must work it out from the extension (path.extname).`,
        res.status === 200 ? type.note : undefined,
      ]
        .filter(Boolean)
        .join('\n'),
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
    const res = await fetchFrom(await copied(), target, 4);
    const about = `${BIG.name}: ${BIG.bytes.length} random bytes, added to a temp copy of public/`;
    check(res.status === 200, { expected: `status 200 for ${target} (${about})`, sent: `GET ${target} HTTP/1.1`, got: res.shown, step: 2 });
    // Only the bytes: how they are framed (Content-Length or chunked) is the Content-Length spec's business.
    check(res.body.equals(BIG.bytes), () => ({
      expected: `exactly the bytes of ${about}`,
      sent: `GET ${target} HTTP/1.1`,
      got: { ...res.shown, text: undefined },
      step: 4,
      note: bytesNote(res.body, BIG.bytes),
    }));
  });
});

describe('HEAD /<file>', () => {
  it('answers with the headers a GET would get, Content-Length too, and no body', async () => {
    const want = await shipped('public/hills.png');
    const { exchange, response } = await sendRaw(server.current, 'HEAD', '/hills.png', 9);
    const shown = { sent: exchange.sent, got: exchange.received, curl: '--head http://localhost:8080/hills.png' };
    const expected = `status 200, Content-Type: image/png, Content-Length: ${want.length}, and not one byte of body, as a GET would get but without the body`;
    check(response.status === 200, { expected, ...shown, step: 9, note: 'HEAD reads a file as GET does: it is allowed, and gets the same status.' });
    check(parseMediaType(response.headers['content-type'])?.essence === 'image/png', { expected, ...shown, step: 9, note: 'A HEAD answer carries the headers a GET would get, Content-Type too.' });
    const lengthNote = contentLengthNote(response.headers, want.length);
    check(lengthNote === undefined, {
      expected,
      ...shown,
      step: 9,
      note:
        response.headers['content-length'] === undefined
          ? 'No Content-Length was sent. HEAD is how a client asks for a file\'s size without downloading it (a download manager, curl -I): send the Content-Length a GET would get, stats.size, and no body.'
          : lengthNote,
    });
    check(response.body.length === 0 && response.rest.length === 0, {
      expected,
      ...shown,
      step: 9,
      note: 'A HEAD answer has no body: node drops what you write to it, but bytes written to the socket by hand still go out.',
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
      const type = htmlTypeOf(res.headers['content-type'], res.body);
      const text = visibleText(parseHtml(res.body.toString('utf8')));
      check(res.status === 404 && type.ok && text.length > 0, {
        expected: `status 404 Not Found for ${target}, with Content-Type: text/html; charset=utf-8 and a short HTML page that says so`,
        sent: `GET ${target} HTTP/1.1`,
        got: res.shown,
        step: 5,
        note:
          res.status !== 404
            ? undefined
            : !type.ok
              ? `${type.note ?? ''} A person who follows a broken link sees this page in a browser: the lesson asks for a small HTML page, sent as one.`
              : 'The page shows no text: a person who follows a broken link should read "404 Not Found", not a blank page.',
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

    it('ignores a #fragment sent in the request line, or refuses it with 400', async () => {
      const want = await shipped('public/page.html');
      const target = `/page.html#${word()}`;
      const { exchange, response } = await sendRaw(server.current, 'GET', target, 6);
      check((response.status === 200 && response.body.equals(want)) || response.status === 400, {
        expected: `status 200 and public/page.html for ${target} (a fragment, "#...", points inside a page: it is not part of the file name), or 400 Bad Request`,
        sent: exchange.sent,
        got: exchange.received,
        step: 6,
        note:
          'Browsers never send the fragment, but a hand-written client may. HTTP has no place for it in a request ' +
          '(RFC 9112, section 3.2: the target is a path and a query), so refusing the request with 400 is right too; ' +
          'looking for a file named "page.html#..." is not.',
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
      const res = await fetchFrom(await copied(), target, 6);
      check(res.status === 200 && res.body.equals(ENCODED_NAME.bytes), {
        expected: `status 200 and the file "${ENCODED_NAME.name}" (added to a temp copy of public/) for ${target}`,
        sent: `GET ${target} HTTP/1.1`,
        got: res.shown,
        step: 6,
        note: '"é" is two bytes in UTF-8, sent as %C3%A9: decodeURIComponent decodes both into one letter.',
      });
    });

    it('decodes exactly once: %25 is a "%" in the file name', async () => {
      const target = urlFor(PERCENT_NAME.name);
      const res = await fetchFrom(await copied(), target, 6);
      check(res.status === 200 && res.body.equals(PERCENT_NAME.bytes), {
        expected: `status 200 and the file "${PERCENT_NAME.name}" (added to a temp copy of public/) for ${target}`,
        sent: `GET ${target} HTTP/1.1`,
        got: res.shown,
        step: 6,
        note: `Decoded once, ${target} is "/${PERCENT_NAME.name}", the file's name; decoded twice, "%41" becomes "A" and names another file. Decode exactly once.`,
      });
    });

    it('cuts off the query before decoding: %3F and %23 are a "?" and a "#" in the file name', async () => {
      const target = urlFor(MARKS_NAME.name);
      const res = await fetchFrom(await copied(), target, 6);
      check(res.status === 200 && res.body.equals(MARKS_NAME.bytes), {
        expected: `status 200 and the file "${MARKS_NAME.name}" (added to a temp copy of public/) for ${target}`,
        sent: `GET ${target} HTTP/1.1`,
        got: res.shown,
        step: 6,
        note: 'A "?" or "#" that is part of a name travels encoded (%3F, %23), so that it does not start a query. Cut off the query at the first raw "?" (and "#") first, then decode what is left: decoding first turns %3F into a "?" that then cuts the name short.',
      });
    });

    describe('when the encoding is malformed', () => {
      const MALFORMED = [
        { name: 'a UTF-8 sequence cut short', target: '/%E0%A4%A' },
        { name: 'a "%" without two hex digits after it', target: '/%zz.html' },
        { name: 'a "%" at the very end', target: '/index.html%' },
      ];

      it.each(named(MALFORMED))('answers 400 to %s', async (_name, { target }) => {
        const { exchange, response } = await sendRaw(server.current, 'GET', target, 6);
        check(response.status === 400, {
          expected: `status 400 Bad Request for ${target}: a "%" must be followed by two hex digits, so this is not a valid request target, and it names no file`,
          sent: exchange.sent,
          got: exchange.received,
          step: 6,
          note:
            'decodeURIComponent throws a URIError here: catch it and answer 400. RFC 9112 (section 3) says a server ' +
            'SHOULD answer an invalid request target with 400. A lenient decoder (Python\'s unquote, or the URL ' +
            'standard\'s) keeps the bad "%" as it is, and would look for a file with a "%" in its name: check the encoding first.',
          curl: `-i 'http://localhost:8080${target}'`,
        });
      });

      it('answers 400 or 404 to a byte that is not UTF-8 (%FF)', async () => {
        const target = '/%FF.html';
        const { exchange, response } = await sendRaw(server.current, 'GET', target, 6);
        check(response.status === 400 || response.status === 404, {
          expected: `status 400 Bad Request or 404 Not Found for ${target}: it is a valid URL, but the byte 0xFF is not UTF-8, so it names no file here`,
          sent: exchange.sent,
          got: exchange.received,
          step: 6,
          note: 'decodeURIComponent throws a URIError here: catch it and answer 400. (A decoder that turns the byte into "\uFFFD" finds no such file: a 404, which is right too.)',
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
  const DRAFT = 'public-drafts/draft.html';
  /** The absolute path of a file in the folder under test, each part percent-encoded. */
  const absolute = (file: string) => path.join(server.dir, file).split(path.sep).map(encodeURIComponent).join('/');
  const inFolder = (file: string) => ({ on: () => Promise.resolve(server.current), file, bytes: () => shipped(file) });
  /** The file planted beside public/ in the temp copy, under a random name. */
  const planted = { on: copied, file: `${PLANTED.name} (a file the specs put beside public/ in a temp copy of the folder)`, bytes: () => Promise.resolve(PLANTED.bytes) };

  const TRAVERSALS = [
    { name: 'a raw "/../" to secret.txt, beside public/,', ...inFolder(SECRET), target: () => '/../secret.txt' },
    { name: 'a raw "/../" to a file beside public/ that it has never seen', ...planted, target: () => `/../${PLANTED.name}` },
    { name: 'a raw "../../" after a real folder', ...inFolder(SECRET), target: () => '/sub/../../secret.txt' },
    { name: '"%2e%2e/", the dots encoded,', ...inFolder(SECRET), target: () => '/%2e%2e/secret.txt' },
    { name: '"..%2f", the slash encoded,', ...inFolder(SECRET), target: () => '/..%2fsecret.txt' },
    { name: '"%2e%2e%2f", dots and slash encoded, to a file it has never seen', ...planted, target: () => `/%2e%2e%2f${PLANTED.name}` },
    { name: '"..%5c", an encoded backslash (a separator on Windows),', ...inFolder(SECRET), target: () => '/..%5csecret.txt' },
    { name: 'doubled slashes around ".."', ...inFolder(SECRET), target: () => '//..//secret.txt' },
    { name: 'an absolute path after a doubled slash', ...inFolder(SECRET), target: () => `/${absolute(SECRET)}` },
    { name: 'an absolute path with its slashes encoded', ...inFolder(SECRET), target: () => `/${encodeURIComponent(path.join(server.dir, SECRET))}` },
    { name: 'a null byte after "..%2f"', ...inFolder(SECRET), target: () => '/..%2fsecret.txt%00.html' },
    { name: 'a raw "/../" to public-drafts/, a sibling whose name starts with "public",', ...inFolder(DRAFT), target: () => '/../public-drafts/draft.html' },
    { name: '"..%2f" to public-drafts/, a sibling whose name starts with "public",', ...inFolder(DRAFT), target: () => '/..%2fpublic-drafts%2fdraft.html' },
  ];

  it.each(named(TRAVERSALS))('refuses %s with 400, 403 or 404, and none of the file', async (_name, { on, file, bytes, target }) => {
    const secret = await bytes();
    const sentTarget = target();
    const { exchange, response } = await sendRaw(await on(), 'GET', sentTarget, 7);
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
    const type = htmlTypeOf(res.headers['content-type'], res.body);
    check(res.status === 200 && type.ok && res.body.equals(want), {
      expected: 'status 200, Content-Type: text/html; charset=utf-8, and the bytes of public/sub/index.html',
      sent: 'GET /sub/ HTTP/1.1',
      got: res.shown,
      step: 8,
      note: res.status === 200 ? type.note : undefined,
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

  it('answers 404 (or 403) for a folder without index.html, and does not list what is in it', async () => {
    const inside = path.basename(IN_FOLDER.name);
    const { exchange, response } = await sendRaw(await copied(), 'GET', `/${FOLDER}/`, 8);
    check((response.status === 404 || response.status === 403) && !exchange.received.includes(inside), {
      expected: `status 404 for /${FOLDER}/ (a folder the specs made in a temp copy of public/, with ${inside} in it and no index.html), and not the name ${inside}`,
      sent: exchange.sent,
      got: exchange.received,
      step: 8,
      note: 'A listing shows visitors files nobody linked to; this server only sends what was asked for. (A 403, "not listed here", as nginx and Apache answer, passes too.)',
    });
  });

  it('serves a file inside a folder', async () => {
    const target = urlFor(IN_FOLDER.name);
    const res = await fetchFrom(await copied(), target, 8);
    check(res.status === 200 && res.body.equals(IN_FOLDER.bytes), {
      expected: `status 200 and the bytes of ${IN_FOLDER.name} (added to a temp copy of public/)`,
      sent: `GET ${target} HTTP/1.1`,
      got: res.shown,
      step: 8,
    });
  });
});

describe('other methods', () => {
  it.each(['POST', 'PUT', 'DELETE', 'PATCH'])('answers %s with 405 and "Allow: GET, HEAD" (or 501)', async (method) => {
    const res = await fetchFrom(server.current, '/index.html', 9, method.toLowerCase() as Method);
    const allow = (res.headers.allow ?? '')
      .split(',')
      .map((m) => m.trim().toUpperCase())
      .filter(Boolean)
      .sort();
    const allowOk = allow.join(', ') === 'GET, HEAD';
    check((res.status === 405 && allowOk) || res.status === 501, {
      expected: 'status 405 Method Not Allowed, with a header "Allow: GET, HEAD": this server only reads files',
      sent: `${method} /index.html HTTP/1.1`,
      got: res.shown,
      step: 9,
      note:
        res.status === 405
          ? `A 405 must say which methods there are, in an Allow header (RFC 9110, section 15.5.6): ${res.headers.allow === undefined ? 'none was sent' : `"Allow: ${res.headers.allow}" is not GET and HEAD`}.`
          : '(501 Not Implemented passes too: RFC 9110, section 9.1, gives it to a method the server does not implement at all, and it is what Python\'s http.server answers.)',
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
    const index = `${server.current.url}/index.html`;
    const other = `${server.current.url}/page.html`;
    const [indexBytes, pageBytes] = [await shipped('public/index.html'), await shipped('public/page.html')];
    // Each page must be the file itself, from this server: not a page Chromium made up.
    await openServedPage(page, index, () => page.goto(index, { timeout: 5000 }), { step: 2, what: 'public/index.html', body: indexBytes });
    const click = (selector: string) => () => page.click(selector, { timeout: 2000 });
    const byLink = { step: 11, timeoutMs: 3000 };
    await openServedPage(page, other, click('a[href="page.html"]'), { ...byLink, what: 'public/page.html, by the link "page.html" on index.html', body: pageBytes });
    await openServedPage(page, index, click('a[href="index.html"]'), { ...byLink, what: 'public/index.html again, by the link "index.html" on page.html', body: indexBytes });
  });

  it('shows the picture on page.html', async (context) => {
    const page = await browser.newPage(context);
    const url = `${server.current.url}/page.html`;
    const imageUrl = `${server.current.url}/hills.png`;
    const picture = page.waitForResponse((r) => r.url() === imageUrl, { timeout: 5000 }).catch(() => undefined);
    await openServedPage(page, url, () => page.goto(url, { timeout: 5000 }), { step: 2, what: 'public/page.html', body: await shipped('public/page.html') });
    const image = await page.evaluate<{ src: string; width: number } | null>(IMAGE_ON_PAGE).catch((error: Error) => error);
    const answered = await picture;
    check(!(image instanceof Error) && image !== null && image.src === imageUrl && answered !== undefined && image.width > 0, {
      expected: `Chromium to draw the picture on page.html, ${imageUrl} from your server (its natural width above 0): the PNG must arrive byte for byte, as image/png`,
      got:
        image instanceof Error || image === null
          ? `no <img> on the page${image ? `: ${image.message.split('\n')[0]}` : ''}`
          : answered === undefined
            ? `${image.src}: Chromium got no answer for it from your server`
            : `${image.src} did not load as an image (natural width ${image.width}); your server answered it with status ${answered.status()}, Content-Type: ${answered.headers()['content-type'] ?? '(none)'}`,
      step: 4,
      curl: '-s http://localhost:8080/hills.png | file -',
    });
  });
});
