// HTTP over a raw TCP socket, for what a client library hides: the exact bytes and line ends,
// requests sent in pieces, who closes the connection, and when.
import net from 'node:net';
import { sleep } from './server-process.ts';

export interface RawExchange {
  /** Every byte written, in order. */
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
  /** The local port of our socket: how the server saw us. */
  localPort?: number;
}

export interface RawOptions {
  port: number;
  /** Wait this long between the pieces of the request. */
  pauseMs?: number;
  /**
   * When to stop reading: "close" waits until the server ends the connection; "response" stops as
   * soon as one whole response (head and Content-Length body) has arrived.
   */
  until?: 'close' | 'response';
  /** Give up after this long without the server closing or completing its answer. */
  timeoutMs?: number;
}

/** Writes `pieces` to a fresh connection, pausing between them, and collects the answer. */
export function rawExchange(pieces: (string | Buffer)[], options: RawOptions): Promise<RawExchange> {
  const { port, pauseMs = 0, until = 'close', timeoutMs = 2000 } = options;
  const buffers = pieces.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p));
  return new Promise((resolve) => {
    const started = Date.now();
    const received: Buffer[] = [];
    const result: RawExchange = { sent: Buffer.concat(buffers), received: Buffer.alloc(0), closedByServer: false, lastWriteAt: 0, piecesWritten: 0 };
    const socket = net.connect({ port, host: '127.0.0.1' });
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      result.received = Buffer.concat(received);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(finish, timeoutMs);
    socket.on('connect', () => {
      result.localPort = socket.localPort;
      void (async () => {
        for (const [i, piece] of buffers.entries()) {
          if (i > 0 && pauseMs) await sleep(pauseMs);
          if (socket.destroyed) return;
          socket.write(piece);
          result.lastWriteAt = Date.now() - started;
          result.piecesWritten++;
        }
      })();
    });
    socket.on('data', (chunk: Buffer) => {
      result.firstByteAt ??= Date.now() - started;
      received.push(chunk);
      if (until === 'response' && parseResponse(Buffer.concat(received)).complete) finish();
    });
    socket.on('end', () => {
      result.closedByServer = true;
      finish();
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      result.error = error.code ?? error.message;
      if (error.code === 'ECONNRESET') result.closedByServer = true;
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
