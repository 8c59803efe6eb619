// Links to lesson steps must match the anchors GitHub and editors make from the headings.
import { describe, expect, it } from 'vitest';
import { headingAnchor, lessonSteps } from './lesson.ts';
import { formatTeaching, showBytes } from './teach.ts';

describe('lesson links', () => {
  it.each([
    ['3. Write the response: status line, headers, empty line, body', '3-write-the-response-status-line-headers-empty-line-body'],
    ['5. Content-Length counts bytes', '5-content-length-counts-bytes'],
    ["8. Why the textbook version falls short", '8-why-the-textbook-version-falls-short'],
    ['4. HEAD: the same headers, no body', '4-head-the-same-headers-no-body'],
  ])('turns "%s" into #%s', (heading, anchor) => {
    expect(headingAnchor(heading)).toBe(anchor);
  });

  it('finds the numbered steps of a lesson and nothing else', () => {
    const steps = lessonSteps('# Title\n## 1. First\ntext\n## Not a step\n## 2. Second one\n### 3. Too deep\n');
    expect([...steps.entries()]).toEqual([
      [1, '1. First'],
      [2, '2. Second one'],
    ]);
  });
});

describe('failure messages', () => {
  it('show line ends, so a missing CR can be seen', () => {
    expect(showBytes(Buffer.from('HTTP/1.1 200 OK\nA: b\r\n'))).toBe('  │ HTTP/1.1 200 OK\\n\n  │ A: b\\r\\n');
  });

  it('say what was expected, sent and got back, where to read, and how to repeat the run', () => {
    const message = formatTeaching(
      { expected: 'a 200', sent: 'GET / HTTP/1.1\r\n\r\n', got: Buffer.from('nope'), step: 1, curl: '-i http://localhost:8080/' },
      { exercise: '01-raw-socket', relativeDir: 'exercises/01-raw-socket', seed: 42 },
    );
    expect(message).toMatch(/^Expected: a 200\n\nSent:\n {2}│ GET \/ HTTP\/1\.1\\r\\n/);
    expect(message).toMatch(/Got back:\n {2}│ nope/);
    expect(message).toMatch(/Read: exercises\/01-raw-socket\/README\.md#1-/);
    expect(message).toMatch(/Try it: curl -i http:\/\/localhost:8080\//);
    expect(message).toMatch(/Reproduce: KATA_SEED=42 npm test exercises\/01-raw-socket$/);
  });

  it('repeat the --server command in what to type next', () => {
    const message = formatTeaching(
      { expected: 'a 200', got: Buffer.from('nope'), step: 1, curl: '-i http://localhost:8080/' },
      { exercise: '02-http-handler', relativeDir: 'exercises/02-http-handler', seed: 7, serverCommand: ['python3', 'my server.py'] },
    );
    expect(message).toContain(`(with your server running: npm start exercises/02-http-handler -- --server "python3 'my server.py'")`);
    expect(message).toMatch(/Reproduce: KATA_SEED=7 npm test exercises\/02-http-handler -- --server "python3 'my server.py'"$/);
  });
});
