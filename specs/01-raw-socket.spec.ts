// Specs for exercise 01: a web server on a raw TCP socket. Run: npm test exercises/01
// Raw sockets show what a client library hides: the exact bytes, line ends, and who closes.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import request from 'supertest';
import { describe, it } from 'vitest';
import { kata, onlyForTypeScript, useServer } from './harness/kata.ts';
import { parseResponse, rawExchange, requestHead, type RawExchange } from './harness/raw-http.ts';
import { check } from './harness/teach.ts';

const server = useServer();
const curlInstalled = await promisify(execFile)('curl', ['--version']).then(
  () => true,
  () => false,
);
const port = () => server.current.port;
const get = (path = '/') => requestHead('GET', path, port(), ['Accept: text/html']);

/** One request in one piece; stops reading once a whole response has come. */
function ask(head = get()): Promise<RawExchange> {
  return rawExchange([head], { port: port(), until: 'response' });
}

/** Checks that an exchange got one complete "200 OK" response, and returns it parsed. */
function expectPage(exchange: RawExchange, step: number) {
  const response = parseResponse(exchange.received);
  check(response.complete && response.status === 200, {
    expected: 'one complete response: "HTTP/1.1 200 OK", the headers, an empty line and the page',
    sent: exchange.sent,
    got: exchange.received.length ? exchange.received : `nothing (${exchange.error ?? 'no bytes before the connection ended'})`,
    step,
    curl: '-i http://localhost:8080/',
  });
  return response;
}

describe('the response to a request', () => {
  it('starts with the status line "HTTP/1.1 200 OK" ended by CRLF', async () => {
    const exchange = await ask();
    check(exchange.received.toString('latin1').startsWith('HTTP/1.1 200 OK\r\n'), {
      expected: 'the first line to be exactly "HTTP/1.1 200 OK" followed by \\r\\n',
      sent: exchange.sent,
      got: exchange.received,
      step: 3,
      curl: '-i http://localhost:8080/',
      note: 'Without its \\r\\n, the status line runs into the first header and no client can read either.',
    });
  });

  it('ends every line of the head with CRLF and the head with an empty line', async () => {
    const exchange = await ask();
    const response = parseResponse(exchange.received);
    const badLine = response.headLines.find((line) => !line.endsWith('\r\n'));
    check(response.headComplete && badLine === undefined && exchange.received.includes('\r\n\r\n'), {
      expected: 'every line of the head to end with \\r\\n, and an empty line (\\r\\n) to end the head',
      sent: exchange.sent,
      got: exchange.received,
      step: 3,
      note: badLine ? `This line does not end with \\r\\n: ${JSON.stringify(badLine)}` : undefined,
    });
  });

  it('says Content-Type: text/html; charset=UTF-8', async () => {
    const exchange = await ask();
    const response = parseResponse(exchange.received);
    check(/^text\/html;\s*charset=utf-8$/i.test(response.headers['content-type'] ?? ''), {
      expected: 'a header "Content-Type: text/html; charset=UTF-8", so the browser renders HTML and reads "—" right',
      sent: exchange.sent,
      got: exchange.received,
      step: 3,
    });
  });

  it('sends an HTML page that says hello', async () => {
    const response = expectPage(await ask(), 3);
    const page = response.body.toString('utf8');
    check(/<html/i.test(page) && /hello/i.test(page), {
      expected: 'a body that is an HTML page (it has <html>) and says hello',
      got: response.body,
      step: 3,
    });
  });

  it('gives a Content-Length that counts the bytes of the body, not its characters', async () => {
    const exchange = await rawExchange([get()], { port: port(), until: 'close' });
    const response = parseResponse(exchange.received);
    const sentBytes = response.body.length + response.rest.length;
    const declared = Number(response.headers['content-length']);
    check(declared === sentBytes, {
      expected: `Content-Length: ${sentBytes} (the body that came has ${sentBytes} bytes)`,
      sent: exchange.sent,
      got: exchange.received,
      step: 5,
      note: 'Buffer.byteLength(text) counts bytes; text.length counts UTF-16 characters, and "—" is 3 bytes in UTF-8.',
    });
    const body = Buffer.concat([response.body, response.rest]).toString('utf8');
    check(Buffer.byteLength(body) > body.length, {
      expected: 'the page to keep a non-ASCII character such as "—", so this spec can tell bytes from characters',
      got: response.body,
      step: 5,
    });
  });

  it('says Connection: close and then closes the connection', async () => {
    const exchange = await rawExchange([get()], { port: port(), until: 'close' });
    const response = parseResponse(exchange.received);
    check(response.headers.connection?.toLowerCase() === 'close' && exchange.closedByServer, {
      expected: 'a "Connection: close" header, and the server closing the connection after the response',
      sent: exchange.sent,
      got: exchange.received,
      step: 6,
      note: exchange.closedByServer ? undefined : 'The connection was still open 2 s later: end the socket after writing.',
    });
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
    const exchange = await rawExchange(pieces, { port: port(), pauseMs: 50, until: 'response' });
    const early = exchange.piecesWritten < pieces.length || (exchange.firstByteAt ?? Infinity) < exchange.lastWriteAt;
    check(!early, {
      expected: 'no answer until the empty line that ends the head has arrived',
      sent: exchange.sent,
      got: `an answer ${exchange.firstByteAt} ms in, after ${exchange.piecesWritten} of ${pieces.length} pieces (sent 50 ms apart)`,
      step: 4,
      note: 'TCP delivers a stream, not messages: one "data" event may hold part of the head. Collect until "\\r\\n\\r\\n".',
    });
    expectPage(exchange, 4);
  });

  it('reads a head larger than 1 KiB', async () => {
    const cookie = `Cookie: session=${kata.random.word(4000)}`;
    const head = requestHead('GET', '/', port(), [cookie]);
    const exchange = await rawExchange([head.slice(0, 1500), head.slice(1500)], { port: port(), pauseMs: 50, until: 'response' });
    expectPage(exchange, 4);
  });
});

describe('serving', () => {
  it('serves 20 connections one after another', async () => {
    for (let i = 1; i <= 20; i++) {
      const exchange = await ask();
      check(parseResponse(exchange.received).status === 200, {
        expected: `connection ${i} of 20 to get the page too`,
        sent: exchange.sent,
        got: exchange.received.length ? exchange.received : `nothing (${exchange.error ?? 'the connection ended'})`,
        step: 6,
        note: 'A server that closes its listener after one connection serves nobody else.',
      });
    }
  });

  it('serves 10 connections at the same time', async () => {
    const exchanges = await Promise.all(Array.from({ length: 10 }, () => ask()));
    const failed = exchanges.filter((e) => parseResponse(e.received).status !== 200);
    check(failed.length === 0, {
      expected: 'all 10 connections, opened at once, to get the page',
      got: `${failed.length} of 10 did not; the first of them got: ${failed[0]?.received.toString('latin1').slice(0, 200) || failed[0]?.error || 'nothing'}`,
      step: 6,
    });
  });
});

describe('logging', () => {
  it('prints who connected and the request line it received', async () => {
    const path = `/${kata.random.word()}`;
    const exchange = await ask(get(path));
    const requestLine = `GET ${path} HTTP/1.1`;
    const who = String(exchange.localPort);
    const printed = await server.current.waitForOutput((out) => out.includes(requestLine) && out.includes(who));
    check(printed, {
      expected: `the server to print who connected (127.0.0.1 and port ${who}) and the request line "${requestLine}"`,
      sent: exchange.sent,
      got: `this on stdout:\n${server.current.printed.split('\n').slice(-8).join('\n')}`,
      step: 2,
    });
  });
});

describe('real clients', () => {
  it("gets the page with node's fetch", async () => {
    const response = await fetch(`${server.current.url}/`).catch((error: Error) => error);
    const ok = !(response instanceof Error) && response.status === 200 && /hello/i.test(await response.text());
    check(ok, {
      expected: "node's fetch to get status 200 and the hello page",
      sent: 'GET / (with fetch)',
      got: response instanceof Error ? `an error: ${String((response.cause as Error | undefined)?.message ?? response.message)}` : `status ${response.status}`,
      step: 8,
      curl: '-i http://localhost:8080/',
    });
  });

  it('gets the page with supertest', async () => {
    const response = await request(server.current.url).get('/').catch((error: Error) => error);
    check(!(response instanceof Error) && response.status === 200 && /hello/i.test(response.text), {
      expected: 'an HTTP client library to get status 200 and the hello page',
      sent: 'GET / (with supertest)',
      got: response instanceof Error ? `an error: ${response.message}` : response,
      step: 8,
    });
  });

  it.skipIf(!curlInstalled)('gets the page with curl', async () => {
    const result = await promisify(execFile)('curl', ['-sS', '-i', '--max-time', '3', `${server.current.url}/`]).catch((error: Error & { stderr?: string }) => error);
    const ok = !(result instanceof Error) && result.stdout.startsWith('HTTP/1.1 200') && /hello/i.test(result.stdout);
    check(ok, {
      expected: 'curl to get "HTTP/1.1 200 OK" and the hello page',
      sent: `curl -i ${server.current.url}/`,
      got: result instanceof Error ? `curl failed: ${result.stderr ?? result.message}` : result.stdout,
      step: 8,
      curl: '-i http://localhost:8080/',
    });
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

