// Specs for exercise 02: a request handler on node:http. Run: npm test exercises/02
import request from 'supertest';
import { describe, it } from 'vitest';
import { kata, useServer } from './harness/kata.ts';
import { parseResponse, rawExchange, requestHead } from './harness/raw-http.ts';
import { check } from './harness/teach.ts';

const server = useServer();
const client = () => request(server.current.url);
const HTML = /^text\/html;\s*charset=utf-8$/i;

describe('GET', () => {
  it('answers GET / with 200 and the hello page', async () => {
    const res = await client().get('/');
    check(res.status === 200 && /<html/i.test(res.text) && /hello/i.test(res.text), {
      expected: 'status 200 and an HTML page that says hello',
      sent: 'GET / HTTP/1.1',
      got: res,
      step: 2,
      curl: '-i http://localhost:8080/',
    });
  });

  it('says Content-Type: text/html; charset=utf-8', async () => {
    const res = await client().get('/');
    check(HTML.test(res.headers['content-type'] ?? ''), {
      expected: 'a header "Content-Type: text/html; charset=utf-8"',
      sent: 'GET / HTTP/1.1',
      got: res,
      step: 2,
      note: 'Without the charset, a browser may guess the wrong one and garble "—".',
      curl: '-i http://localhost:8080/',
    });
  });

  it('sets a Content-Length that counts the bytes of the body', async () => {
    const res = await client().get('/');
    const bytes = Buffer.byteLength(res.text);
    check(res.headers['content-length'] === String(bytes), {
      expected: `a header "Content-Length: ${bytes}" (the body has ${bytes} bytes)`,
      sent: 'GET / HTTP/1.1',
      got: res,
      step: 2,
      note: 'Set it in writeHead with Buffer.byteLength(page): without it, node falls back to a chunked body.',
    });
  });

  it('answers any path with the same page', async () => {
    const path = `/${kata.random.word()}/${kata.random.word()}`;
    const res = await client().get(path);
    check(res.status === 200 && /hello/i.test(res.text) && HTML.test(res.headers['content-type'] ?? ''), {
      expected: `status 200 and the hello page for ${path} too`,
      sent: `GET ${path} HTTP/1.1`,
      got: res,
      step: 3,
      curl: `-i http://localhost:8080${path}`,
    });
  });
});

describe('HEAD /', () => {
  it('answers with the same status and headers as GET, and no body', async () => {
    const get = await client().get('/');
    const head = requestHead('HEAD', '/', server.current.port, ['Connection: close']);
    const exchange = await rawExchange([head], { port: server.current.port, until: 'close' });
    const response = parseResponse(exchange.received);
    const sameHeaders =
      response.headers['content-type'] === get.headers['content-type'] && response.headers['content-length'] === get.headers['content-length'];
    check(response.status === 200 && sameHeaders && response.body.length === 0 && response.rest.length === 0, {
      expected:
        `status 200, the same Content-Type and Content-Length that GET / gets ` +
        `(${get.headers['content-type'] ?? 'none'}; ${get.headers['content-length'] ?? 'none'}), and no body`,
      sent: exchange.sent,
      got: exchange.received,
      step: 4,
      curl: '--head http://localhost:8080/',
    });
  });
});

describe('other methods', () => {
  it.each(['POST', 'PUT', 'DELETE', 'PATCH'])('answers %s with 405 and "Allow: GET, HEAD"', async (method) => {
    const path = `/${kata.random.word()}`;
    const res = await client()[method.toLowerCase() as 'post'](path);
    const allow = (res.headers.allow ?? '').split(',').map((m: string) => m.trim().toUpperCase());
    check(res.status === 405 && allow.includes('GET') && allow.includes('HEAD') && allow.length === 2, {
      expected: 'status 405 Method Not Allowed, with a header "Allow: GET, HEAD" that tells the client what would work',
      sent: `${method} ${path} HTTP/1.1`,
      got: res,
      step: 5,
      curl: `-i -X ${method} http://localhost:8080${path}`,
    });
  });

  it('keeps running after refusing a method', async () => {
    await client()
      .delete('/')
      .catch(() => undefined);
    const res = await client()
      .get('/')
      .catch((error: Error) => error);
    check(!(res instanceof Error) && res.status === 200, {
      expected: 'GET / to still get 200 after a DELETE was refused',
      sent: 'DELETE / HTTP/1.1, then GET / HTTP/1.1',
      got: res instanceof Error ? `no answer: ${res.message}. The server stopped; what it printed:\n${server.current.printed.slice(-600)}` : res,
      step: 5,
    });
  });
});

describe('the access log', () => {
  it.each([
    ['GET', 200],
    ['PUT', 405],
  ] as const)('prints one line for a %s with the client address, method, path and status', async (method, status) => {
    const path = `/${kata.random.word()}`;
    await client()[method.toLowerCase() as 'get'](path);
    const line = (printed: string) => printed.split('\n').find((l) => l.includes(`${method} ${path}`));
    const logged = await server.current.waitForOutput((printed) => {
      const found = line(printed);
      return found !== undefined && found.includes('127.0.0.1') && new RegExp(`\\b${status}\\b`).test(found);
    });
    check(logged, {
      expected: `one line on stdout with 127.0.0.1, "${method} ${path}" and the status ${status}`,
      sent: `${method} ${path} HTTP/1.1`,
      got: `this line: ${line(server.current.printed) ?? '(none with that method and path)'}`,
      step: 6,
    });
  });
});

describe('keep-alive', () => {
  it('answers two requests sent one after the other on one connection', async () => {
    const port = server.current.port;
    const first = requestHead('GET', '/', port);
    const second = requestHead('GET', `/${kata.random.word()}`, port, ['Connection: close']);
    const exchange = await rawExchange([first, second], { port, pauseMs: 50, until: 'close' });
    const one = parseResponse(exchange.received);
    const two = parseResponse(one.rest);
    check(one.status === 200 && one.complete && two.status === 200 && two.complete, {
      expected: 'two complete 200 responses on the same connection (HTTP/1.1 keeps it open by default)',
      sent: exchange.sent,
      got: exchange.received,
      step: 7,
      note: 'Do not send "Connection: close" yourself, and give each response a Content-Length.',
    });
  });

  it('serves 30 requests in a row without restarting', async () => {
    const agent = request.agent(server.current.url);
    for (let i = 1; i <= 30; i++) {
      const res = await agent.get(`/${i}`).catch((error: Error) => error);
      check(!(res instanceof Error) && res.status === 200, {
        expected: `request ${i} of 30 to get 200`,
        sent: `GET /${i} HTTP/1.1`,
        got: res instanceof Error ? res.message : res,
        step: 7,
      });
    }
  });

  it('serves 20 requests at once', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => client().get(`/at-once/${i}`).catch((error: Error) => error)));
    const failed = results.filter((r) => r instanceof Error || r.status !== 200);
    check(failed.length === 0, {
      expected: 'all 20 requests, sent at once, to get 200',
      got: `${failed.length} of 20 did not`,
      step: 7,
    });
  });
});
