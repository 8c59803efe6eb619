// Specs for exercise 02: a request handler on node:http. Run: npm test exercises/02
import { setTimeout as sleep } from 'node:timers/promises';
import request, { type Response } from 'supertest';
import { describe, it } from 'vitest';
import { parseHtml, visibleText } from './harness/html.ts';
import { kata, useServer } from './harness/kata.ts';
import {
  headerShown,
  isHtmlInUtf8,
  parseMediaType,
  parseResponse,
  rawExchange,
  requestHead,
  responseLength,
  responseProblem,
  type RawExchange,
  type ResponseProblemKind,
} from './harness/raw-http.ts';
import { check, fail, type Teaching } from './harness/teach.ts';

// "5. Other methods": whatever the request, the server must keep running.
const server = useServer({ staysUpStep: 5 });
const port = () => server.current.port;

type Method = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';

/** The lesson step that explains each problem a client would have with an answer. */
const STEP_OF: Record<ResponseProblemKind, number> = {
  refused: 5,
  'closed-silently': 5,
  silent: 2,
  'not-http': 2,
  'head-unended': 2,
  'status-runs-on': 2,
  'lf-line-ends': 2,
  'bad-length': 2,
  'body-longer': 2,
  'body-shorter': 2,
};

const ADVICE: Partial<Record<ResponseProblemKind, string>> = {
  silent: 'Every request needs its answer finished with res.end(), on every path through the handler.',
  'body-longer': 'Give Content-Length in bytes: Buffer.byteLength(page), or the .length of Buffer.from(page, "utf8"), not page.length.',
  'body-shorter': 'Give Content-Length in bytes: Buffer.byteLength(page), and send the whole body with res.end(body).',
};

/** What came back, as bytes, or why nothing did. */
function gotBack(exchange: RawExchange): Buffer | string {
  if (exchange.received.length) return exchange.received;
  if (exchange.error) return `nothing (${exchange.error})`;
  return exchange.closedByServer ? 'nothing: the server closed the connection' : 'nothing, and the connection was still open';
}

/** A raw request for what supertest sends: the same method and path, and the close after it. */
async function askRaw(method: Method, path: string): Promise<RawExchange> {
  const body = method === 'GET' || method === 'HEAD' ? [] : ['Content-Length: 0'];
  const exchange = await rawExchange([requestHead(method, path, port(), ['Connection: close', ...body])], { port: port(), until: 'close' });
  // Nothing at all: the server may be dying. Give it a moment to be seen exiting, so that the
  // harness reports the crash (its exit code and output) rather than the empty answer.
  if (exchange.received.length === 0 && (exchange.closedByServer || exchange.error)) await Promise.race([server.current.whenExited(), sleep(500)]);
  return exchange;
}

/**
 * Sends a request with supertest, an ordinary HTTP client. When it cannot read the answer, the
 * same request goes again by hand, and the failure shows what came back, what a client stumbles
 * on in it, and the step that explains that (never a bare "Parse Error").
 */
async function send(method: Method, path: string, t: Omit<Teaching, 'sent' | 'got'>, agent = request(server.current.url)): Promise<Response> {
  const res = await agent[method.toLowerCase() as 'get'](path)
    .timeout(2000)
    .catch((error: Error) => error);
  if (!(res instanceof Error)) return res;
  const exchange = await askRaw(method, path);
  const problem = responseProblem(exchange, method === 'HEAD');
  fail({
    ...t,
    sent: exchange.sent,
    got: gotBack(exchange),
    step: problem ? STEP_OF[problem.kind] : t.step,
    note: [
      `An HTTP client (supertest) could not read the answer to ${method} ${path}: ${res.message}. Above is the same request, sent by hand, and what came back.`,
      problem?.says,
      problem && ADVICE[problem.kind],
      t.note,
    ]
      .filter(Boolean)
      .join('\n'),
  });
}

/** Two Content-Type values that mean the same (RFC 9110 8.3: type and charset without regard to case). */
function sameType(a: string | undefined, b: string | undefined): boolean {
  const [x, y] = [parseMediaType(a), parseMediaType(b)];
  if (!x || !y) return a === b;
  return x.essence === y.essence && x.parameters.charset?.toLowerCase() === y.parameters.charset?.toLowerCase();
}

describe('GET', () => {
  it('answers GET / with 200 and the hello page', async () => {
    const t = { expected: 'status 200 and an HTML page that says hello', step: 2, curl: '-i http://localhost:8080/' };
    const res = await send('GET', '/', t);
    // Read as a browser reads it: <html>, <head> and <body> tags are optional in HTML.
    const shown = visibleText(parseHtml(res.text ?? ''));
    check(res.status === 200 && /hello/i.test(shown), { ...t, sent: 'GET / HTTP/1.1', got: res, note: `A browser shows: ${JSON.stringify(shown.slice(0, 200))}` });
  });

  it('says Content-Type: text/html; charset=utf-8', async () => {
    const t = { expected: 'a header "Content-Type: text/html; charset=utf-8"', step: 2, curl: '-i http://localhost:8080/' };
    const res = await send('GET', '/', t);
    const type = parseMediaType(res.headers['content-type']);
    check(isHtmlInUtf8(res.headers['content-type']), {
      ...t,
      sent: 'GET / HTTP/1.1',
      got: res,
      note: `${headerShown(res.headers, 'Content-Type')} ${
        type?.essence === 'text/html'
          ? 'Without the charset, a browser may guess the wrong one and garble "—". (A <meta charset> in the page would do too, by HTML; the lesson asks for it in the header, where the handler sets it.)'
          : 'Only text/html makes a browser render the page; with anything else it shows the HTML source as text, or offers to save it.'
      }`,
    });
  });

  it('sets a Content-Length that counts the bytes of the body', async () => {
    const t = { expected: 'a header "Content-Length" with the number of bytes of the body', step: 2, curl: '-i http://localhost:8080/' };
    const res = await send('GET', '/', t);
    const bytes = Buffer.byteLength(res.text ?? '');
    const declared = res.headers['content-length'];
    check(declared === String(bytes), {
      ...t,
      expected: `a header "Content-Length: ${bytes}" (the body has ${bytes} bytes)`,
      sent: 'GET / HTTP/1.1',
      got: res,
      note:
        declared === undefined
          ? `${headerShown(res.headers, 'Content-Length')} node then sends the body in chunks (Transfer-Encoding: chunked). HTTP/1.1 allows ` +
            'that (RFC 9112 7.1), but this lesson asks for the length: a client then knows the size before the body comes, and ' +
            'HEAD (step 4) can tell it. Set it in writeHead: Buffer.byteLength(page).'
          : `${headerShown(res.headers, 'Content-Length')} Count bytes, not characters: Buffer.byteLength(page); "—" is 3 bytes in UTF-8.`,
    });
  });

  it('answers any path with the same page', async () => {
    const path = `/${kata.random.word()}/${kata.random.word()}`;
    const t = { expected: `status 200 and the hello page for ${path} too`, step: 3, curl: `-i http://localhost:8080${path}` };
    const res = await send('GET', path, t);
    const shown = visibleText(parseHtml(res.text ?? ''));
    check(res.status === 200 && /hello/i.test(shown) && isHtmlInUtf8(res.headers['content-type']), { ...t, sent: `GET ${path} HTTP/1.1`, got: res });
  });
});

describe('HEAD /', () => {
  /** GET / with supertest, then HEAD / by hand (to see that no body follows). */
  async function getThenHead(t: Omit<Teaching, 'sent' | 'got'>) {
    const get = await send('GET', '/', t);
    const exchange = await askRaw('HEAD', '/');
    const response = parseResponse(exchange.received);
    const problem = responseProblem(exchange, true);
    check(!problem?.unreadable, () => ({
      ...t,
      sent: exchange.sent,
      got: gotBack(exchange),
      step: problem ? STEP_OF[problem.kind] : t.step,
      note: [problem?.says, problem && ADVICE[problem.kind]].filter(Boolean).join('\n'),
    }));
    return { get, exchange, response };
  }

  it('answers with the same status and Content-Type as GET, and no body', async () => {
    const t = { expected: 'status 200, the Content-Type that GET / gets, and no body', step: 4, curl: '--head http://localhost:8080/' };
    const { get, exchange, response } = await getThenHead(t);
    const bodyBytes = response.body.length + response.rest.length;
    check(response.status === get.status && sameType(response.headers['content-type'], get.headers['content-type']) && bodyBytes === 0, {
      ...t,
      expected: `status ${get.status} and "Content-Type: ${get.headers['content-type'] ?? '(none)'}", as GET / gets, and no body`,
      sent: exchange.sent,
      got: gotBack(exchange),
      note: bodyBytes > 0 ? `${bodyBytes} bytes came after the head: a response to HEAD never has a body.` : headerShown(response.headers, 'Content-Type'),
    });
  });

  it('gives the same Content-Length as GET', async () => {
    const t = { expected: 'the Content-Length that GET / gets', step: 4, curl: '--head http://localhost:8080/' };
    const { get, exchange, response } = await getThenHead(t);
    const length = response.headers['content-length'];
    const getLength = get.headers['content-length'];
    check(length !== undefined && length === getLength, {
      ...t,
      expected: getLength === undefined ? 'a Content-Length, the one GET / should get too' : `"Content-Length: ${getLength}", as GET / gets`,
      sent: exchange.sent,
      got: gotBack(exchange),
      note:
        getLength === undefined
          ? 'GET / gets no Content-Length either: give it one first (step 2), and the same code answers HEAD with it.'
          : length === undefined
          ? `${headerShown(response.headers, 'Content-Length')} A server should answer HEAD with the header fields it would send for GET ` +
            '(RFC 9110 9.3.2); it may leave out only those it cannot know without making the body, and this page is known in full. ' +
            'Clients send HEAD to learn a page\'s size and type without downloading it.'
          : `${headerShown(response.headers, 'Content-Length')} A HEAD answer must not give any other length than the body a GET gets (RFC 9110 8.6).`,
    });
  });
});

describe('other methods', () => {
  it.each(['POST', 'PUT', 'DELETE', 'PATCH'] as const)('answers %s with 405 and "Allow: GET, HEAD" (or 501)', async (method) => {
    const path = `/${kata.random.word()}`;
    const t = {
      expected: `status 405 Method Not Allowed for ${method}, with a header "Allow: GET, HEAD" that says what would work`,
      step: 5,
      curl: `-i -X ${method} http://localhost:8080${path}`,
    };
    const res = await send(method, path, t);
    // Method names are case-sensitive (RFC 9110 9.1); Allow lists what the resource does allow.
    const allow = (res.headers.allow ?? '').split(',').map((m: string) => m.trim());
    const allowOk = allow.includes('GET') && allow.includes('HEAD') && !allow.includes(method);
    check((res.status === 405 && allowOk) || res.status === 501, {
      ...t,
      sent: `${method} ${path} HTTP/1.1`,
      got: res,
      note:
        res.status === 405
          ? `${headerShown(res.headers, 'Allow')} A 405 must carry an Allow header listing the methods that do work here (RFC 9110 15.5.6).`
          : '501 Not Implemented is right too, for a server that implements no such method at all (RFC 9110 9.1, as Python\'s http.server answers).',
    });
  });

  it('keeps running after refusing a method', async () => {
    await request(server.current.url)
      .delete('/')
      .timeout(2000)
      .catch(() => undefined);
    const t = { expected: 'GET / to still get 200 after a DELETE was refused', step: 5 };
    const res = await send('GET', '/', t);
    check(res.status === 200, { ...t, sent: 'DELETE / HTTP/1.1, then GET / HTTP/1.1', got: res });
  });
});

describe('the access log', () => {
  it.each(['GET', 'PUT'] as const)('prints one line for a %s with the client address, method, path and status', async (method) => {
    const path = `/${kata.random.word()}`;
    const res = await send(method, path, { expected: `an answer to ${method} ${path}`, step: 6 });
    // The path is random, so the line that holds it is this request's; the layout is free.
    const line = (printed: string) => printed.split('\n').find((l) => l.includes(path));
    const complete = (found: string) => found.includes('127.0.0.1') && new RegExp(`\\b${method}\\b`).test(found) && new RegExp(`\\b${res.status}\\b`).test(found);
    const logged = await server.current.waitForOutput((printed) => {
      const found = line(printed);
      return found !== undefined && complete(found);
    });
    check(logged, {
      expected: `one line on stdout with the client's address 127.0.0.1, the method ${method}, the path ${path} and the status ${res.status} it got`,
      sent: `${method} ${path} HTTP/1.1`,
      got: `this line: ${line(server.current.printed) ?? '(none with that path)'}`,
      step: 6,
      note: 'The status is known once the response is done: log in res.on("finish", ...), with res.statusCode.',
    });
  });
});

describe('keep-alive', () => {
  it('answers two requests sent one after the other on one connection', async () => {
    const first = requestHead('GET', '/', port());
    const second = requestHead('GET', `/${kata.random.word()}`, port(), ['Connection: close']);
    const exchange = await rawExchange([first, second], { port: port(), pauseMs: 50, until: 'close' });
    const oneEnd = responseLength(exchange.received, false);
    const one = parseResponse(exchange.received);
    const two = parseResponse(exchange.received.subarray(oneEnd ?? exchange.received.length));
    const twoComplete = responseLength(exchange.received.subarray(oneEnd ?? exchange.received.length), exchange.closedByServer) !== undefined;
    const closes = (one.headers.connection ?? '').toLowerCase().split(',').map((o) => o.trim()).includes('close');
    check(one.status === 200 && oneEnd !== undefined && two.status === 200 && twoComplete, {
      expected: 'two complete 200 responses on the same connection (HTTP/1.1 keeps it open by default)',
      sent: exchange.sent,
      got: gotBack(exchange),
      step: 7,
      note: closes
        ? 'The first response says "Connection: close", and the second request got no answer. HTTP lets a server close after every ' +
          'response (RFC 9112 9.6), but then every request pays for a new connection: this lesson asks you to keep it open, as node ' +
          'does unless you say "Connection: close" yourself.'
        : 'Do not send "Connection: close" yourself, and give each response a Content-Length.',
    });
  });

  it('serves 30 requests in a row without restarting', async () => {
    const agent = request.agent(server.current.url);
    for (let i = 1; i <= 30; i++) {
      const t = { expected: `request ${i} of 30 to get 200`, step: 7 };
      const res = await send('GET', `/${i}`, t, agent);
      check(res.status === 200, { ...t, sent: `GET /${i} HTTP/1.1`, got: res });
    }
  });

  it('serves 20 requests at once', async () => {
    const t = { expected: 'all 20 requests, sent at once, to get 200', step: 7 };
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => send('GET', `/at-once/${i}`, t)));
    const failed = results.filter((r) => r.status !== 200);
    check(failed.length === 0, { ...t, got: failed[0], note: `${failed.length} of 20 did not; the first of them got what is shown above.` });
  });
});
