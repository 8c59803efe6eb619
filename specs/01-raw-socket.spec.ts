// Specs for exercise 01: a web server on a raw TCP socket. Run: npm test exercises/01
// Raw sockets show what a client library hides: the exact bytes, line ends, and who closes.
import { execFile } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import net from 'node:net';
import { delimiter, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import request from 'supertest';
import { describe, it } from 'vitest';
import { visibleText, parseHtml } from './harness/html.ts';
import { kata, onlyForTypeScript, useServer } from './harness/kata.ts';
import {
  headerShown,
  isHtmlInUtf8,
  parseResponse,
  rawExchange,
  requestHead,
  responseProblem,
  type RawExchange,
  type ResponseProblemKind,
} from './harness/raw-http.ts';
import { check, type Teaching } from './harness/teach.ts';

const server = useServer({ staysUpStep: 6 }); // "6. Close the connection, and keep listening"
// Looked up on PATH, as a shell would find it: running `curl --version` to know would cost a
// process start before the first spec.
const curlInstalled = (process.env.PATH ?? '').split(delimiter).some((dir) => {
  const file = join(dir || '.', 'curl');
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
});
const port = () => server.current.port;
const get = (path = '/', extra: string[] = []) => requestHead('GET', path, port(), ['Accept: text/html', ...extra]);

/**
 * One request (in pieces, `pauseMs` apart), read up to the end of one whole response or the close.
 * When nothing at all came back, the server may be dying: give it a moment to be seen exiting, so
 * that the harness reports the crash (its exit code and output), not the empty answer.
 */
async function ask(pieces: string | string[] = get(), pauseMs = 0): Promise<RawExchange> {
  const exchange = await rawExchange(Array.isArray(pieces) ? pieces : [pieces], { port: port(), pauseMs, until: 'framed' });
  if (exchange.received.length === 0 && (exchange.closedByServer || exchange.error)) await Promise.race([server.current.whenExited(), sleep(500)]);
  return exchange;
}

/** Opens a connection, sends nothing, and leaves: with a FIN (closed) or an RST (reset). */
function connectAndLeave(how: 'closed' | 'reset'): Promise<void> {
  return new Promise((resolve) => {
    const socket = net.connect({ port: port(), host: '127.0.0.1' }, () => (how === 'closed' ? socket.end() : socket.resetAndDestroy()));
    // Closed: done once our FIN is out; a server that never closes its side is let go later.
    socket.on('finish', () => resolve());
    socket.setTimeout(2000, () => socket.destroy());
    socket.on('error', () => resolve());
    socket.on('close', () => resolve());
  });
}

/** One request, read until the server closes the connection (or 2 s have passed). */
async function askToClose(): Promise<RawExchange> {
  const exchange = await rawExchange([get()], { port: port(), until: 'close' });
  if (exchange.received.length === 0 && (exchange.closedByServer || exchange.error)) await Promise.race([server.current.whenExited(), sleep(500)]);
  return exchange;
}

/** The lesson step that explains each problem a client would have with an answer. */
const STEP_OF: Record<ResponseProblemKind, number> = {
  refused: 6,
  'closed-silently': 6,
  silent: 4,
  'not-http': 3,
  'head-unended': 3,
  'status-runs-on': 3,
  'lf-line-ends': 3,
  'bad-length': 5,
  'body-longer': 5,
  'body-shorter': 5,
};

/** What to do about each problem, after the sentence that says what it is. */
const ADVICE: Partial<Record<ResponseProblemKind, string>> = {
  refused: 'A server keeps listening after it has answered: do not call server.close().',
  'closed-silently':
    'net.Server calls your handler once for every connection, as many at a time as arrive: do not limit server.maxConnections, ' +
    'and write the response before you end the socket.',
  silent:
    'A request head ends with an empty line, "\\r\\n\\r\\n": answer as soon as it is in what you collected. The client does not close ' +
    'its side first: it waits for your answer.',
  'not-http': 'A response starts with its status line, "HTTP/1.1 200 OK\\r\\n", then the headers and an empty line; only then the page.',
  'status-runs-on': 'End the status line with "\\r\\n" before the first header.',
};

/** What a spec knows better about a problem: in its case, another step explains it. */
type Overrides = Partial<Record<ResponseProblemKind, { step: number; advice: string }>>;

/**
 * Adds to a failure what is wrong with the answer as a client reads it. When no response could be
 * read at all, that problem is the failure, and its step is the one to read.
 */
function diagnosed(exchange: RawExchange, t: Teaching, overrides: Overrides = {}): Teaching {
  const problem = responseProblem(exchange);
  if (!problem) return t;
  const override = overrides[problem.kind];
  const note = [problem.says, override?.advice ?? ADVICE[problem.kind], t.note].filter(Boolean).join('\n');
  const step = problem.unreadable ? (override?.step ?? STEP_OF[problem.kind]) : t.step;
  return { ...t, step, note };
}

/** What came back, as bytes, or why nothing did. */
function gotBack(exchange: RawExchange): Buffer | string {
  if (exchange.received.length) return exchange.received;
  if (exchange.error) return `nothing (${exchange.error})`;
  return exchange.closedByServer ? 'nothing: the server closed the connection' : 'nothing, and the connection was still open';
}

/** The last lines the server printed, to show under "Got back". */
function lastPrinted(lines: number): string {
  const printed = server.current.printed.split('\n').slice(-lines).join('\n  ');
  return `this on its stdout:\n  ${printed}`;
}

/**
 * Checks that a response head can be read at all (a status line, headers, an empty line), and
 * returns the response parsed. When none can, that is the failure, whatever the spec is about.
 */
function expectHead(exchange: RawExchange, overrides: Overrides = {}) {
  check(!responseProblem(exchange)?.unreadable, () =>
    diagnosed(
      exchange,
      {
        expected: 'an HTTP response: the status line, the header lines and an empty line, then the page',
        sent: exchange.sent,
        got: gotBack(exchange),
        step: 3,
        curl: '-i http://localhost:8080/',
      },
      overrides,
    ),
  );
  return parseResponse(exchange.received);
}

/** Checks that an exchange got one complete "200" response, and returns it parsed. */
function expectPage(exchange: RawExchange, step: number, overrides: Overrides = {}) {
  const response = expectHead(exchange, overrides);
  check(response.complete && response.status === 200, () =>
    diagnosed(
      exchange,
      {
        expected: 'one complete response: "HTTP/1.1 200 OK", the headers, an empty line and the page',
        sent: exchange.sent,
        got: gotBack(exchange),
        step,
        curl: '-i http://localhost:8080/',
      },
      overrides,
    ),
  );
  return response;
}

/** A reason phrase that holds "Name: value" is a status line that ran into the first header. */
const STATUS_LINE = /^HTTP\/1\.1 200 [^\r\n]*\r\n/;

describe('the response to a request', () => {
  it('starts with the status line "HTTP/1.1 200 OK" ended by CRLF', async () => {
    const exchange = await ask();
    const problem = responseProblem(exchange);
    check(STATUS_LINE.test(exchange.received.toString('latin1')) && problem?.kind !== 'status-runs-on', () =>
      diagnosed(exchange, {
        expected: 'the first line to be the status line "HTTP/1.1 200 OK", ended by \\r\\n',
        sent: exchange.sent,
        got: gotBack(exchange),
        step: 3,
        curl: '-i http://localhost:8080/',
      }),
    );
  });

  it('ends every line of the head with CRLF and the head with an empty line', async () => {
    const exchange = await ask();
    const response = expectHead(exchange);
    const badLine = response.headLines.find((line) => !line.endsWith('\r\n'));
    check(response.headComplete && badLine === undefined && exchange.received.includes('\r\n\r\n'), () =>
      diagnosed(exchange, {
        expected: 'every line of the head to end with \\r\\n, and an empty line (\\r\\n) to end the head',
        sent: exchange.sent,
        got: gotBack(exchange),
        step: 3,
      }),
    );
  });

  it('says Content-Type: text/html; charset=UTF-8', async () => {
    const exchange = await ask();
    const response = expectHead(exchange);
    check(isHtmlInUtf8(response.headers['content-type']), () =>
      diagnosed(exchange, {
        expected: 'a header "Content-Type: text/html; charset=UTF-8", so the browser renders HTML and reads "—" right',
        sent: exchange.sent,
        got: gotBack(exchange),
        step: 3,
        note: `${headerShown(response.headers, 'Content-Type')} (A <meta charset> in the page would do for a browser too; this exercise asks for it in the head, where every client reads it first.)`,
      }),
    );
  });

  it('sends an HTML page that says hello', async () => {
    const response = expectPage(await ask(), 3);
    // Read as a browser reads it: <html>, <head> and <body> tags are optional in HTML.
    const shown = visibleText(parseHtml(response.body.toString('utf8')));
    check(/hello/i.test(shown), {
      expected: 'a page that says hello where a browser shows it (its visible text)',
      got: response.body,
      step: 3,
      note: `A browser shows: ${JSON.stringify(shown.slice(0, 200))}`,
    });
  });

  it('gives a Content-Length that counts the bytes of the body, not its characters', async () => {
    const exchange = await askToClose();
    const response = expectHead(exchange);
    const sentBytes = response.body.length + response.rest.length;
    const declared = response.headers['content-length'];
    check(declared !== undefined && /^\d+$/.test(declared) && Number(declared) === sentBytes, () =>
      diagnosed(exchange, {
        expected: `Content-Length: ${sentBytes} (the body that came has ${sentBytes} bytes)`,
        sent: exchange.sent,
        got: gotBack(exchange),
        step: 5,
        note:
          declared === undefined
            ? `${headerShown(response.headers, 'Content-Length')} HTTP lets a server that closes the connection leave it out (the body then ` +
              'ends where the connection does, RFC 9112 6.3), but then a client cannot tell a whole page from one cut short. Send it: ' +
              'Buffer.byteLength(page), in bytes.'
            : 'Buffer.byteLength(text) counts bytes; text.length counts UTF-16 characters, and "—" is 3 bytes in UTF-8.',
      }),
    );
    const body = Buffer.concat([response.body, response.rest]).toString('utf8');
    check(Buffer.byteLength(body) > body.length, {
      expected: 'the page to keep a non-ASCII character such as "—", so this spec can tell bytes from characters',
      got: response.body,
      step: 5,
    });
  });

  it('says Connection: close and then closes the connection', async () => {
    const exchange = await askToClose();
    const response = expectHead(exchange);
    // Connection holds a list of options, compared without regard to case (RFC 9110 7.6.1).
    const options = (response.headers.connection ?? '').split(',').map((o) => o.trim().toLowerCase());
    const says = options.includes('close');
    check(says && exchange.closedByServer, () =>
      diagnosed(exchange, {
        expected: 'a "Connection: close" header, and the server closing the connection after the response',
        sent: exchange.sent,
        got: gotBack(exchange),
        step: 6,
        note: !says
          ? `${headerShown(response.headers, 'Connection')} A server that closes after one response must say so in it (RFC 9112 9.6): ` +
            'without it, an HTTP/1.1 client expects the connection to stay open for its next request.'
          : 'The connection was still open 2 s later: end the socket after writing.',
      }),
    );
  });

  it('answers any path, whatever the method', async () => {
    const path = `/${kata.random.word()}/${kata.random.word()}.html`;
    const exchange = await ask(requestHead('POST', path, port(), ['Content-Length: 0']));
    expectPage(exchange, 3);
  });
});

describe('reading the request', () => {
  it('waits for the whole head when it arrives in several pieces', async () => {
    const head = get(`/${kata.random.word()}`);
    const pieces = [head.slice(0, 5), head.slice(5, 20), head.slice(20)];
    const exchange = await ask(pieces, 50);
    const early = exchange.piecesWritten < pieces.length || (exchange.firstByteAt ?? Infinity) < exchange.lastWriteAt;
    check(!early || exchange.received.length === 0, {
      expected: 'no answer until the empty line that ends the head has arrived',
      sent: exchange.sent,
      got: `an answer ${exchange.firstByteAt} ms in, after ${exchange.piecesWritten} of ${pieces.length} pieces (sent 50 ms apart)`,
      step: 4,
      note: 'TCP delivers a stream, not messages: one "data" event may hold part of the head. Collect until "\\r\\n\\r\\n".',
    });
    expectPage(exchange, 4, {
      'closed-silently': { step: 4, advice: 'It gave up on a head that came in pieces: keep collecting them until "\\r\\n\\r\\n" is in.' },
    });
  });

  it('reads a head larger than 1 KiB', async () => {
    const cookie = `Cookie: session=${kata.random.word(4000)}`;
    const head = requestHead('GET', '/', port(), [cookie]);
    const exchange = await ask([head.slice(0, 1500), head.slice(1500)], 50);
    // A server that gives up on a big head closes without a word: that is this step's bug.
    expectPage(exchange, 4, {
      'closed-silently': {
        step: 4,
        advice: `It gave up on a head of ${head.length} bytes. Long cookies and many headers make heads this size common: collect them (Buffer.concat) up to a much larger limit, such as 64 KiB.`,
      },
    });
  });
});

describe('serving', () => {
  it('serves 20 connections one after another', async () => {
    for (let i = 1; i <= 20; i++) {
      const exchange = await ask();
      check(parseResponse(exchange.received).status === 200, () =>
        diagnosed(exchange, {
          expected: `connection ${i} of 20 to get the page too`,
          sent: exchange.sent,
          got: gotBack(exchange),
          step: 6,
        }),
      );
    }
  });

  it('serves 10 connections at the same time', async () => {
    const exchanges = await Promise.all(Array.from({ length: 10 }, () => ask()));
    const failed = exchanges.filter((e) => parseResponse(e.received).status !== 200);
    const first = failed[0];
    check(first === undefined, () =>
      diagnosed(first ?? exchanges[0]!, {
        expected: 'all 10 connections, opened at once, to get the page',
        sent: first?.sent,
        got: first ? gotBack(first) : undefined,
        step: 6,
        note: `${failed.length} of 10 did not; what the first of them got is shown above.`,
      }),
    );
  });
});

describe('logging', () => {
  /**
   * Both specs read what the server printed for one request: who sent it, and its whole head. It
   * is sent once, by whichever spec runs first, and each waits for its line until 2 s after the
   * answer: only a line that never comes is waited for, and a server that prints nothing (the stub)
   * costs that wait once, not twice.
   */
  let logged: Promise<{ exchange: RawExchange; head: string; deadline: number }> | undefined;
  const loggedRequest = () =>
    (logged ??= (async () => {
      const path = `/${kata.random.word()}`;
      const head = get(path, [`User-Agent: netkata-${kata.random.word()}`, `X-Netkata-Word: ${kata.random.word()}`]);
      const exchange = await ask(head);
      return { exchange, head, deadline: Date.now() + 2000 };
    })());

  it('prints who connected', async () => {
    const { exchange, deadline } = await loggedRequest();
    const who = String(exchange.localPort);
    const printed = await server.current.waitForOutput((out) => new RegExp(`\\b${who}\\b`).test(out), deadline - Date.now());
    check(printed, {
      expected: `the server to print who connected: the address 127.0.0.1 and the port ${who} that this connection came from`,
      sent: exchange.sent,
      got: lastPrinted(8),
      step: 2,
      note: 'socket.remoteAddress and socket.remotePort say who is on the other end.',
    });
  });

  it('prints the whole request head it received', async () => {
    const { exchange, head, deadline } = await loggedRequest();
    // Each line as it was sent, in any layout: one print of the head, one per line, quoted or not.
    const lines = head.split('\r\n').filter((line) => line.length > 0);
    const missing = (out: string) => lines.filter((line) => !out.includes(line));
    const printed = await server.current.waitForOutput((out) => missing(out).length === 0, deadline - Date.now());
    check(printed, {
      expected: 'the server to print the whole head it received: the request line and every header line after it',
      sent: exchange.sent,
      got: lastPrinted(12),
      step: 4,
      note: `Not printed: ${missing(server.current.printed)
        .map((line) => JSON.stringify(line))
        .join(', ')}`,
    });
  });
});

/** A client library's error, in one line: its message and the code of its cause (undici nests it). */
function clientError(error: Error): string {
  const cause = error.cause as (Error & { code?: string }) | undefined;
  return cause ? `${error.message}: ${cause.message}${cause.code ? ` (${cause.code})` : ''}` : error.message;
}

/** The connection ended with no answer at all, as a client reports it. */
const NO_ANSWER = /other side closed|socket hang up|ECONNRESET|EPIPE|Empty reply from server|Connection reset/i;

/**
 * A real client failed: the same request sent raw says what it stumbled on, and which step
 * explains it. When the raw request reads fine, the client's own words are all there is.
 */
async function clientFailure(client: string, message: string, t: Teaching): Promise<Teaching> {
  const exchange = await rawExchange([get()], { port: port(), until: 'close' });
  const problem = responseProblem(exchange);
  const said = `${client} said: ${message}`;
  if (problem) {
    return {
      ...t,
      step: STEP_OF[problem.kind],
      note: [said, `The same request, sent by hand, got back what is shown above. ${problem.says}`, ADVICE[problem.kind]].filter(Boolean).join('\n'),
      sent: exchange.sent,
      got: gotBack(exchange),
    };
  }
  if (NO_ANSWER.test(message)) return { ...t, step: STEP_OF['closed-silently'], note: [said, ADVICE['closed-silently']].join('\n') };
  return { ...t, note: said };
}

describe('real clients', () => {
  it("gets the page with node's fetch", async () => {
    const response = await fetch(`${server.current.url}/`, { signal: AbortSignal.timeout(2000) }).catch((error: Error) => error);
    const text = response instanceof Error ? '' : await response.text().catch(() => '');
    const t: Teaching = {
      expected: "node's fetch to get status 200 and the hello page",
      sent: 'GET / (with fetch)',
      got: response instanceof Error ? `an error: ${clientError(response)}` : `status ${response.status}: ${text.slice(0, 200)}`,
      step: 8,
      curl: '-i http://localhost:8080/',
    };
    if (response instanceof Error) check(false, await clientFailure('fetch', clientError(response), t));
    check(response.status === 200 && /hello/i.test(text), t);
  });

  it('gets the page with supertest', async () => {
    const response = await request(server.current.url)
      .get('/')
      .timeout(2000)
      .catch((error: Error) => error);
    const t: Teaching = {
      expected: 'an HTTP client library to get status 200 and the hello page',
      sent: 'GET / (with supertest)',
      got: response instanceof Error ? `an error: ${response.message}` : response,
      step: 8,
    };
    if (response instanceof Error) check(false, await clientFailure('supertest', response.message, t));
    check(response.status === 200 && /hello/i.test(response.text), t);
  });

  it.skipIf(!curlInstalled)('gets the page with curl', async () => {
    const result = await promisify(execFile)('curl', ['-sS', '-i', '--max-time', '2', `${server.current.url}/`]).catch((error: Error & { stderr?: string }) => error);
    const t: Teaching = {
      expected: 'curl to get "HTTP/1.1 200 OK" and the hello page',
      sent: `curl -i ${server.current.url}/`,
      got: result instanceof Error ? `curl failed: ${(result.stderr ?? result.message).trim()}` : result.stdout,
      step: 8,
      curl: '-i http://localhost:8080/',
    };
    if (result instanceof Error) check(false, await clientFailure('curl', (result.stderr ?? result.message).trim(), t));
    check(result.stdout.startsWith('HTTP/1.1 200') && /hello/i.test(result.stdout), t);
  });
});

// Last, because a server that dies of it takes every later spec with it: the stub, too, has no
// 'error' listener yet, and the specs above would then prove nothing against it.
describe('staying up', () => {
  it("keeps serving after connections that send nothing, one closed and one reset (as browsers' spare connections are)", async () => {
    // A browser opens connections it may never use, and drops them; a server with no 'error'
    // listener on its sockets dies of the reset one. Its crash is reported with its exit code
    // and output (useServer): wait for it, bounded, before asking for the page.
    const printedBefore = server.current.printed.length;
    for (const how of ['closed', 'reset'] as const) await connectAndLeave(how);
    await server.current.waitForOutput((printed) => printed.length > printedBefore && /reset|ECONNRESET|error/i.test(printed.slice(printedBefore)), 1000);
    const exchange = await ask();
    check(parseResponse(exchange.received).status === 200, () =>
      diagnosed(exchange, {
        expected: 'the page, after two connections that sent nothing: one the client closed, one it reset',
        sent: exchange.sent,
        got: gotBack(exchange),
        step: 6,
      }),
    );
  });
});

describe('the code', () => {
  it('uses node:net, not an HTTP library', (context) => {
    onlyForTypeScript(context);
    const { builtinImports, packageImports } = server.current.build;
    const http = builtinImports.filter((name) => /^(node:)?https?2?$/.test(name.replace(/\/.*/, '')));
    const banned = [...http, ...packageImports];
    check(banned.length === 0, {
      expected: 'server.ts to import only node:net (and other built-ins), no HTTP library: this exercise writes HTTP by hand',
      got: `imports of ${banned.join(', ')}`,
      step: 2,
    });
  });
});
