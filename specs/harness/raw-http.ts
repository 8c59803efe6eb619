// HTTP over a raw TCP socket, for what a client library hides: the exact bytes and line ends,
// requests sent in pieces, who closes the connection, and when.
import net from 'node:net';
import { sleep } from './server-process.ts';

export interface RawExchange<Seen = undefined> {
  /** The request's bytes: every piece, or with `stopWhenAnswered` those written before it stopped. */
  sent: Buffer;
  /** Every byte the server sent back. */
  received: Buffer;
  /** The server ended the connection (FIN or RST) before we gave up waiting. */
  closedByServer: boolean;
  /** The connection was reset, or could not be made: the error's code. */
  error?: string;
  /** ms after connecting when the first byte of the answer arrived (undefined: none came). */
  firstByteAt?: number;
  /** ms after connecting when the last piece of the request was written. */
  lastWriteAt: number;
  /** How many pieces were written before the connection ended (fewer than sent: it ended early). */
  piecesWritten: number;
  /** How many bytes of the request were written. */
  bytesWritten: number;
  /** The local port of our socket: how the server saw us. */
  localPort?: number;
  /** What `onFirstByte` returned. */
  seen?: Seen;
  /** With `stopWhenAnswered`: the client stopped sending because the answer came first. */
  stoppedForAnswer: boolean;
  /** With `stopWhenAnswered`: a write failed (EPIPE, ECONNRESET), the server closed while the client sent. */
  writeError?: string;
}

export interface RawOptions<Seen = undefined> {
  port: number;
  /** Wait this long between the pieces of the request. */
  pauseMs?: number;
  /**
   * When to stop reading: "close" waits until the server ends the connection; "response" stops as
   * soon as a head and its Content-Length body have arrived (or the head alone, with no length);
   * "framed" reads one whole response as a client frames it (see responseLength): chunked bodies
   * to their last chunk, and a body with no length to the close.
   */
  until?: 'close' | 'response' | 'framed';
  /** With "framed": the request is a HEAD, whose response has no body whatever its headers say. */
  headOnly?: boolean;
  /** Give up after this long without the server closing or completing its answer. */
  timeoutMs?: number;
  /**
   * Called synchronously in the socket's first 'data' event, before anything else in this thread
   * can run; what it returns comes back as `seen`. What it sees (a file, say) is what the server
   * had done by the time it answered, not by the time a client library hands over a response.
   */
  onFirstByte?: () => Seen;
  /**
   * Send as a careful client does (RFC 9112, 9.5: "A client sending a message body SHOULD monitor
   * the network connection for an error response while it is transmitting the request"): each
   * piece once the last is written, and no more once a final answer has begun or the server has
   * closed. A server may answer a body it refuses (413) before it is all sent, and close (RFC 9110,
   * 15.5.14); a client that wrote on would meet EPIPE, and node:net, when a write fails, drops what
   * it has received but not yet read: that answer would be lost at random.
   */
  stopWhenAnswered?: boolean;
}

/** Writes `pieces` to a fresh connection, pausing between them, and collects the answer. */
export function rawExchange<Seen = undefined>(pieces: (string | Buffer)[], options: RawOptions<Seen>): Promise<RawExchange<Seen>> {
  const { port, pauseMs = options.stopWhenAnswered ? 5 : 0, until = 'close', timeoutMs = options.stopWhenAnswered ? 4000 : 2000, headOnly = false } = options;
  const buffers = pieces.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p));
  return new Promise((resolve) => {
    const started = Date.now();
    const received: Buffer[] = [];
    const written: Buffer[] = [];
    const result: RawExchange<Seen> = {
      sent: Buffer.concat(buffers),
      received: Buffer.alloc(0),
      closedByServer: false,
      lastWriteAt: 0,
      piecesWritten: 0,
      bytesWritten: 0,
      stoppedForAnswer: false,
    };
    const socket = net.connect({ port, host: '127.0.0.1' });
    let answerBegun = false;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      result.received = Buffer.concat(received);
      if (options.stopWhenAnswered) result.sent = Buffer.concat(written);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(finish, Math.max(0, timeoutMs));
    const write = async (piece: Buffer): Promise<boolean> => {
      if (!options.stopWhenAnswered) {
        socket.write(piece);
        return true;
      }
      if (answerBegun || result.closedByServer) {
        result.stoppedForAnswer = answerBegun;
        return false;
      }
      const failed = await new Promise<Error | null | undefined>((wrote) => socket.write(piece, wrote));
      if (failed) result.writeError = (failed as NodeJS.ErrnoException).code ?? failed.message;
      return !failed;
    };
    socket.on('connect', () => {
      result.localPort = socket.localPort;
      void (async () => {
        for (const [i, piece] of buffers.entries()) {
          // A careful client pauses at least a turn of the event loop, so that what came is read.
          if (i > 0 && pauseMs) await sleep(pauseMs);
          if (done || socket.destroyed || !(await write(piece))) return;
          written.push(piece);
          result.bytesWritten += piece.length;
          result.lastWriteAt = Date.now() - started;
          result.piecesWritten++;
        }
      })();
    });
    socket.on('data', (chunk: Buffer) => {
      if (result.firstByteAt === undefined) {
        if (options.onFirstByte) result.seen = options.onFirstByte();
        result.firstByteAt = Date.now() - started;
      }
      received.push(chunk);
      const bytes = Buffer.concat(received);
      const answer = parseResponse(bytes);
      // A final answer (not "100 Continue") says the server is done with this request.
      if (answer.headComplete && (answer.status ?? 200) >= 200) answerBegun = true;
      if (until === 'response' && answer.complete && (answerBegun || !options.stopWhenAnswered)) finish();
      if (until === 'framed' && responseEnded(bytes, false, headOnly)) finish();
    });
    socket.on('end', () => {
      result.closedByServer = true;
      finish();
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      result.error = error.code ?? error.message;
      if (error.code === 'ECONNRESET' || (options.stopWhenAnswered && error.code === 'EPIPE')) result.closedByServer = true;
      finish();
    });
    socket.on('close', finish);
  });
}

export interface ParsedResponse {
  /** The head ended with a blank line (CRLF CRLF, or LF LF from a sloppy server). */
  headComplete: boolean;
  /** The first line, without its line end. */
  statusLine: string;
  status?: number;
  /** Header names lowercased; a repeated header keeps its last value. */
  headers: Record<string, string>;
  /** Each line of the head (status line included) with its own line end, as sent. */
  headLines: string[];
  body: Buffer;
  /** The head and a Content-Length body (or, without one, whatever came) are all here. */
  complete: boolean;
  /** Bytes after this response (a second response on the same connection). */
  rest: Buffer;
}

/** Parses one HTTP/1.x response from raw bytes, as forgivingly as it can, to show and test it. */
export function parseResponse(bytes: Buffer): ParsedResponse {
  let headEnd = bytes.indexOf('\r\n\r\n');
  let sepLength = 4;
  if (headEnd === -1) {
    headEnd = bytes.indexOf('\n\n');
    sepLength = 2;
  }
  const headComplete = headEnd !== -1;
  const headText = bytes.subarray(0, headComplete ? headEnd + sepLength : bytes.length).toString('latin1');
  const headLines = headText.split(/(?<=\n)/).filter((l) => l.length > 0);
  const statusLine = (headLines[0] ?? '').replace(/\r?\n$/, '');
  const statusMatch = /^HTTP\/\d\.\d (\d{3})/.exec(statusLine);
  const headers: Record<string, string> = {};
  for (const line of headLines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const afterHead = headComplete ? bytes.subarray(headEnd + sepLength) : Buffer.alloc(0);
  const declared = headers['content-length'] === undefined ? undefined : Number(headers['content-length']);
  const bodyLength = declared !== undefined && Number.isFinite(declared) ? Math.min(declared, afterHead.length) : afterHead.length;
  return {
    headComplete,
    statusLine,
    status: statusMatch ? Number(statusMatch[1]) : undefined,
    headers,
    headLines,
    body: afterHead.subarray(0, bodyLength),
    complete: headComplete && (declared === undefined || afterHead.length >= declared),
    rest: afterHead.subarray(bodyLength),
  };
}

/** A minimal, valid HTTP/1.1 request head. */
export function requestHead(method: string, target: string, port: number, extra: string[] = []): string {
  return [`${method} ${target} HTTP/1.1`, `Host: 127.0.0.1:${port}`, ...extra, '', ''].join('\r\n');
}

// ---------------------------------------------------------------------------------------------
// One response, framed as a client frames it, and what a client would stumble on in it (issue 9:
// every failure says what came back and why a client cannot read it, never a bare "Parse Error").

/**
 * Where the first response in `bytes` ends, framed as RFC 9112 6.3 says a client frames it: at the
 * head for HEAD (and 204/304), else after a chunked body's last chunk, else after Content-Length
 * bytes. Undefined while it is incomplete, and for a body that only the server's close can end
 * (no length given): `closed` says the server has closed, so that what came is all there is.
 */
export function responseLength(bytes: Buffer, closed: boolean, headOnly = false): number | undefined {
  const response = parseFramedResponse(bytes, { head: headOnly || [204, 304].includes(parseResponse(bytes).status ?? 0) });
  if (!response.headComplete) return closed ? bytes.length : undefined;
  const known = response.chunked || headOnly || response.headers['content-length'] !== undefined || [204, 304].includes(response.status ?? 0);
  if (response.complete && known) return bytes.length - response.rest.length;
  return closed ? bytes.length : undefined;
}

/** Whether `bytes` hold one whole response (see responseLength). */
export function responseEnded(bytes: Buffer, closed: boolean, headOnly = false): boolean {
  return responseLength(bytes, closed, headOnly) !== undefined;
}

export type ResponseProblemKind =
  | 'refused'
  | 'closed-silently'
  | 'silent'
  | 'not-http'
  | 'head-unended'
  | 'status-runs-on'
  | 'lf-line-ends'
  | 'bad-length'
  | 'body-longer'
  | 'body-shorter';

export interface ResponseProblem {
  kind: ResponseProblemKind;
  /** No response head could be read at all, so nothing in it can be judged. */
  unreadable: boolean;
  /** What is wrong, in a sentence or two for the learner. */
  says: string;
}

/**
 * What a strict HTTP client (node's fetch, supertest, curl) would stumble on in the answer of an
 * exchange, first problem first; undefined when it reads as one well-framed response.
 * `headOnly`: the request was a HEAD (no body follows, whatever Content-Length says).
 */
export function responseProblem(exchange: RawExchange, headOnly = false): ResponseProblem | undefined {
  const bytes = exchange.received;
  if (bytes.length === 0) {
    if (exchange.error === 'ECONNREFUSED') {
      return { kind: 'refused', unreadable: true, says: 'The connection was refused: nothing listens on the port any more.' };
    }
    if (exchange.closedByServer) {
      const how = exchange.error === 'ECONNRESET' ? 'reset' : 'closed';
      return { kind: 'closed-silently', unreadable: true, says: `The server accepted the connection and ${how} it without sending a single byte.` };
    }
    return { kind: 'silent', unreadable: true, says: 'Nothing came back, and the server kept the connection open: it is still waiting for something.' };
  }
  const text = bytes.toString('latin1');
  if (!/^HTTP\/\d\.\d \d{3}/.test(text)) {
    return {
      kind: 'not-http',
      unreadable: true,
      says: `The answer does not start with a status line such as "HTTP/1.1 200 OK": it starts with ${JSON.stringify(text.slice(0, 40))}.`,
    };
  }
  // The head ends at the first empty line: \r\n\r\n, or \n\n from a server that forgot the CRs.
  const ends = [bytes.indexOf('\r\n\r\n'), bytes.indexOf('\n\n')].map((at, i) => (at === -1 ? Infinity : at + (i === 0 ? 4 : 2)));
  const headEnd = Math.min(...ends);
  if (headEnd === Infinity) {
    return {
      kind: 'head-unended',
      unreadable: true,
      says: 'No empty line (\\r\\n\\r\\n) ends the head: a client cannot tell where the headers stop and the page starts.',
    };
  }
  const headLines = text.slice(0, headEnd).split(/(?<=\n)/);
  const bareLf = headLines.find((line) => !line.endsWith('\r\n'));
  if (bareLf !== undefined) {
    return {
      kind: 'lf-line-ends',
      unreadable: false,
      says:
        'A line of your head ends with \\n, not \\r\\n: every line of the head, and the empty line that ends it, must end with the two bytes CR LF. ' +
        `This one ends with \\n alone: ${JSON.stringify(bareLf)}. Some clients guess and read it anyway; strict ones, such as node:http's parser under supertest, refuse the whole response.`,
    };
  }
  const response = parseResponse(bytes);
  if (/^HTTP\/\d\.\d \d{3} .*?[A-Za-z-]+: /.test(response.statusLine)) {
    return {
      kind: 'status-runs-on',
      unreadable: false,
      says: `The status line runs into the first header, with no \\r\\n between them: ${JSON.stringify(response.statusLine.slice(0, 60))}.`,
    };
  }
  const length = response.headers['content-length'];
  if (headOnly || length === undefined || /\bchunked\b/i.test(response.headers['transfer-encoding'] ?? '')) return undefined;
  if (!/^\d+$/.test(length)) {
    return { kind: 'bad-length', unreadable: false, says: `"Content-Length: ${length}" is not a number of bytes (digits only): a client cannot tell where the body ends.` };
  }
  const declared = Number(length);
  const came = response.body.length + response.rest.length;
  if (came > declared) {
    return {
      kind: 'body-longer',
      unreadable: false,
      says:
        `Content-Length says ${declared} bytes, but ${came} bytes of body came: a client reads ${declared}, and is left with ${came - declared} that ` +
        'belong to no response (supertest: "Parse Error: Data after Connection: close"; on a kept-alive connection, "Expected HTTP/").',
    };
  }
  if (came < declared) {
    const when = exchange.closedByServer ? 'and then the server closed the connection' : 'and no more came';
    return {
      kind: 'body-shorter',
      unreadable: false,
      says: `Content-Length says ${declared} bytes, but only ${came} bytes of body came, ${when}: a client waits for the rest, then gives up on a page cut short.`,
    };
  }
  return undefined;
}

/**
 * One header as a failure should report it, in a sentence: what it said, or that it was not sent
 * at all (a missing header is missing, not wrong).
 */
export function headerShown(headers: Record<string, string | string[] | undefined>, name: string): string {
  const value = headers[name.toLowerCase()];
  if (value === undefined) return `No ${name} header was sent.`;
  return `It sent "${name}: ${Array.isArray(value) ? value.join(', ') : value}".`;
}

export interface MediaType {
  /** "text/html", lowercased. */
  essence: string;
  /** Parameter names lowercased; values unquoted, as sent. */
  parameters: Record<string, string>;
}

/**
 * A Content-Type value read as RFC 9110 8.3.1 defines it: type/subtype (case-insensitive), then
 * parameters with optional whitespace around ";" and values as tokens or quoted strings
 * (`text/html;charset="UTF-8"` is `text/html; charset=utf-8`). Undefined when there is none.
 */
export function parseMediaType(value: string | undefined): MediaType | undefined {
  if (value === undefined) return undefined;
  const match = /^[\t ]*([!#$%&'*+.^_`|~0-9A-Za-z-]+\/[!#$%&'*+.^_`|~0-9A-Za-z-]+)[\t ]*(.*)$/.exec(value);
  if (!match) return undefined;
  const parameters: Record<string, string> = {};
  const parameter = /;[\t ]*(?:([!#$%&'*+.^_`|~0-9A-Za-z-]+)=("(?:[^"\\]|\\.)*"|[!#$%&'*+.^_`|~0-9A-Za-z-]+))?[\t ]*/y;
  let rest = match[2] ?? '';
  while (rest.length > 0) {
    parameter.lastIndex = 0;
    const p = parameter.exec(rest);
    if (!p) return undefined;
    const [whole, name, raw] = p;
    if (name !== undefined && raw !== undefined) {
      const key = name.toLowerCase();
      parameters[key] ??= raw.startsWith('"') ? raw.slice(1, -1).replace(/\\(.)/g, '$1') : raw;
    }
    rest = rest.slice(whole.length);
  }
  return { essence: (match[1] ?? '').toLowerCase(), parameters };
}

/** Whether a Content-Type says HTML in UTF-8, in any of the spellings RFC 9110 allows. */
export function isHtmlInUtf8(value: string | undefined): boolean {
  const type = parseMediaType(value);
  return type?.essence === 'text/html' && type.parameters.charset?.toLowerCase() === 'utf-8';
}

/** A response read as a client reads it: see parseFramedResponse. */
export interface FramedResponse extends ParsedResponse {
  /** The body came with Transfer-Encoding: chunked; `body` holds the joined chunks. */
  chunked: boolean;
}

/**
 * Like parseResponse, and a body sent with Transfer-Encoding: chunked (RFC 9112, section 7.1) is
 * decoded: `body` is the chunks' data joined, `complete` only once the last (zero) chunk and its
 * trailers came, `rest` what follows. A chunk framing that is not valid ends the body where it
 * breaks (`complete` false). Read with `until: 'framed'` or 'close': rawExchange's `until:
 * 'response'` goes by Content-Length alone. For a HEAD request pass `head: true`: its answer has no body at all,
 * whatever its headers say.
 */
export function parseFramedResponse(bytes: Buffer, options: { head?: boolean } = {}): FramedResponse {
  const response = parseResponse(bytes);
  const codings = (response.headers['transfer-encoding'] ?? '').split(',').map((c) => c.trim().toLowerCase());
  if (options.head) {
    const after = Buffer.concat([response.body, response.rest]);
    return { ...response, body: Buffer.alloc(0), rest: after, complete: response.headComplete, chunked: false };
  }
  if (!response.headComplete || codings.at(-1) !== 'chunked') return { ...response, chunked: false };
  const data = Buffer.concat([response.body, response.rest]);
  const chunks: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = data.indexOf('\r\n', at);
    if (lineEnd === -1) break;
    const sizeText = data.subarray(at, lineEnd).toString('latin1').split(';')[0]?.trim() ?? '';
    if (!/^[0-9a-f]+$/i.test(sizeText)) break;
    const size = parseInt(sizeText, 16);
    if (size === 0) {
      // The last chunk, then trailer fields, then a blank line.
      const end = data.indexOf('\r\n\r\n', lineEnd);
      const blankRightAway = data.subarray(lineEnd, lineEnd + 4).equals(Buffer.from('\r\n\r\n'));
      const trailerEnd = blankRightAway ? lineEnd + 4 : end === -1 ? -1 : end + 4;
      if (trailerEnd === -1) break;
      return { ...response, body: Buffer.concat(chunks), rest: data.subarray(trailerEnd), complete: true, chunked: true };
    }
    const start = lineEnd + 2;
    if (data.length < start + size + 2) {
      chunks.push(data.subarray(start, Math.min(data.length, start + size)));
      at = data.length;
      break;
    }
    chunks.push(data.subarray(start, start + size));
    if (!data.subarray(start + size, start + size + 2).equals(Buffer.from('\r\n'))) {
      at = start + size;
      break;
    }
    at = start + size + 2;
  }
  return { ...response, body: Buffer.concat(chunks), rest: data.subarray(at), complete: false, chunked: true };
}
