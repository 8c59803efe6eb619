// parseResponse reads what servers really send, broken ones included, so that failures can show it.
import { describe, expect, it } from 'vitest';
import { parseResponse } from './raw-http.ts';

const bytes = (text: string) => Buffer.from(text, 'latin1');

describe('parseResponse', () => {
  it('reads a complete response: status, headers lowercased, body by Content-Length', () => {
    const r = parseResponse(bytes('HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 5\r\n\r\nhello'));
    expect(r).toMatchObject({ status: 200, statusLine: 'HTTP/1.1 200 OK', headComplete: true, complete: true });
    expect(r.headers).toEqual({ 'content-type': 'text/html', 'content-length': '5' });
    expect(r.body.toString()).toBe('hello');
  });

  it('keeps each head line with its own line end, to show a missing CR', () => {
    const r = parseResponse(bytes('HTTP/1.1 200 OK\nContent-Length: 0\n\n'));
    expect(r.headLines).toEqual(['HTTP/1.1 200 OK\n', 'Content-Length: 0\n', '\n']);
    expect(r.headComplete).toBe(true);
  });

  it('says a response is incomplete until its whole body has come', () => {
    expect(parseResponse(bytes('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhel')).complete).toBe(false);
    expect(parseResponse(bytes('HTTP/1.1 200 OK\r\nContent-Length: 1')).complete).toBe(false);
  });

  it('separates a second response on the same connection', () => {
    const r = parseResponse(bytes('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhiHTTP/1.1 404 Not Found\r\n\r\n'));
    expect(r.body.toString()).toBe('hi');
    expect(parseResponse(r.rest).status).toBe(404);
  });

  it('has no status for bytes that are not HTTP', () => {
    expect(parseResponse(bytes('TODO: answer in HTTP\n')).status).toBeUndefined();
  });
});
