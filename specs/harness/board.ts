// The message board's specs, shared by exercises 04 and 05 (the persistent board must still do
// everything the first board did), and the helpers they use: post a form the way a browser does,
// and read the board's messages out of the page the way a browser shows them.
import request from 'supertest';
import { describe, it } from 'vitest';
import { kata, onlyForTypeScript, type ServerHandle } from './kata.ts';
import { parseResponse, rawExchange, requestHead } from './raw-http.ts';
import { check, type HttpResult, type Teaching } from './teach.ts';

// ---------------------------------------------------------------------------------------------
// Reading the page

/** One message on the board, as a browser shows it. */
export interface ShownMessage {
  /** What a reader sees: tags gone, entities decoded, each <br> a "\n". */
  text: string;
  /** The HTML the text was made from, as sent. */
  textHtml: string;
  /** What follows "Posted:" in the item, if anything (exercise 05). */
  posted?: string;
}

// Each message is a list item with class "message" (the lesson's step 1 gives the markup).
const MESSAGE_ITEM = /<li\b[^>]*\bclass\s*=\s*["']?message\b[^>]*>([\s\S]*?)<\/li>/gi;
// In exercise 05 the item holds the time too, and the text sits in an element with class "text".
const TEXT_PART = /<(\w+)\b[^>]*\bclass\s*=\s*["']?text\b[^>]*>([\s\S]*?)<\/\1>/i;
const POSTED = /Posted:\s*(\S+)/;

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** Decodes HTML character references in one pass, so "&amp;lt;" becomes "&lt;", not "<". */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (!name.startsWith('#')) return NAMED_ENTITIES[name.toLowerCase()] ?? whole;
    const code = /^#x/i.test(name) ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/** The text a browser shows for a piece of HTML. */
export function visibleText(html: string): string {
  const text = html
    .replace(/\s+/g, ' ') // runs of whitespace in the source show as one space
    .replace(/ ?<br\s*\/?> ?/gi, '\n') // <br> is a line break
    .replace(/<[^>]*>/g, ''); // other tags are markup, not text
  return decodeEntities(text).trim();
}

/** How a message typed into the form should look on the page (spaces collapsed, lines kept). */
export function shownAs(typed: string): string {
  return typed
    .split(/\r\n|\r|\n/)
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .join('\n')
    .trim();
}

/** The board's messages, in page order. */
export function readMessages(html: string): ShownMessage[] {
  return [...html.matchAll(MESSAGE_ITEM)].map((item) => {
    const inner = item[1] ?? '';
    const textHtml = TEXT_PART.exec(inner)?.[2] ?? inner;
    const posted = POSTED.exec(visibleText(inner))?.[1];
    return { text: visibleText(textHtml), textHtml, posted };
  });
}

/** The messages as a short numbered list, for a failure message. */
export function listMessages(messages: ShownMessage[], last = 6): string {
  if (messages.length === 0) return 'no messages (no <li class="message"> in the page)';
  const from = Math.max(0, messages.length - last);
  const lines = messages.slice(from).map((m, i) => `  ${from + i + 1}. ${JSON.stringify(m.text.length > 120 ? `${m.text.slice(0, 120)}…` : m.text)}`);
  return `${messages.length} message(s)${from > 0 ? `, the last ${last}` : ''}:\n${lines.join('\n')}`;
}

interface FoundForm {
  attributes: string;
  inner: string;
}

function findForm(html: string, holds: RegExp): FoundForm | undefined {
  for (const match of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    if (holds.test(match[2] ?? '')) return { attributes: match[1] ?? '', inner: match[2] ?? '' };
  }
  return undefined;
}

const MESSAGE_FIELD = /<textarea\b[^>]*\bname\s*=\s*["']?message["'\s>]/i;
const CLEAR_BUTTON = /<button\b[^>]*\bname\s*=\s*["']?clear["'\s>][^>]*>/i;
const posts = (form: FoundForm) => /\bmethod\s*=\s*["']?post\b/i.test(form.attributes);
const goesToBoard = (form: FoundForm) => {
  const action = /\baction\s*=\s*["']?([^"'\s>]*)/i.exec(form.attributes)?.[1];
  return action === undefined || action === '' || action === '/';
};

/** What a browser sends when the clear button is pressed: its name, and its value if it has one. */
export function clearFormBody(html: string): string {
  const button = CLEAR_BUTTON.exec(html)?.[0] ?? '';
  const value = /\bvalue\s*=\s*["']?([^"'>]*)/i.exec(button)?.[1] ?? '';
  return `clear=${formValue(decodeEntities(value))}`;
}

// ---------------------------------------------------------------------------------------------
// Talking to the board

/** Encodes a value as a browser does for a form: UTF-8 bytes as %XX, and a space as "+". */
export function formValue(text: string): string {
  return encodeURIComponent(text).replace(/%20/g, '+');
}

/** A POST with a url-encoded body, as a form sends it. */
export function postForm(url: string, body: string | Buffer, path = '/') {
  // serialize: send the bytes as they are (superagent would turn a Buffer into a form of its own).
  return request(url)
    .post(path)
    .set('Content-Type', 'application/x-www-form-urlencoded')
    .serialize((data: unknown) => data as string)
    .send(body);
}

/** How to show a request in a failure message. */
export function describePost(body: string | Buffer, path = '/'): string {
  const shown = String(body);
  return `POST ${path} HTTP/1.1\nContent-Type: application/x-www-form-urlencoded\n\n${shown.length > 200 ? `${shown.slice(0, 200)}… (${Buffer.byteLength(body)} bytes)` : shown}`;
}

/** curl arguments that send the same form. */
export function curlPost(body: string, path = '/'): string {
  return `-i --data-raw '${body.replace(/'/g, "'\\''")}' http://localhost:8080${path}`;
}

/** A random message, different every run, so that no server can have it written in. */
export function randomSentence(words = 3): string {
  return Array.from({ length: words }, () => kata.random.word(kata.random.int(3, 8))).join(' ');
}

// ---------------------------------------------------------------------------------------------
// The specs

/** The topics of the board's lesson, and the step of exercise 04's lesson that teaches each. */
export const BOARD_STEPS = { page: 1, post: 2, body: 3, limit: 4, decode: 5, escape: 6, redirect: 7, clear: 8, status: 9 } as const;
export type BoardTopic = keyof typeof BOARD_STEPS;

/** Where a failure about a topic sends the learner. */
export interface BoardLesson {
  step(topic: BoardTopic): number;
  /** A sentence added to every failure about the topic. */
  note?(topic: BoardTopic): string;
}

export const MESSAGE_BOARD_LESSON: BoardLesson = { step: (topic) => BOARD_STEPS[topic] };

/**
 * Registers the message board's specs (exercise 04's) for the server in `server`. They share
 * that server, one spec after another: each posts its own random messages and looks at the end
 * of the board, so they need no empty board (except the Clear spec, which makes one).
 */
export function describeMessageBoard(server: ServerHandle, lesson: BoardLesson = MESSAGE_BOARD_LESSON): void {
  const url = () => server.current.url;
  const port = () => server.current.port;
  /** The teaching for a failure about `topic`: its step in the lesson under test, and its note. */
  const about = (topic: BoardTopic, t: Omit<Teaching, 'step'>): Teaching => {
    const notes = [t.note, lesson.note?.(topic)].filter((n) => n);
    return { ...t, step: lesson.step(topic), note: notes.length ? notes.join('\n') : undefined };
  };

  async function getBoard(why: string): Promise<{ res: HttpResult; html: string; messages: ShownMessage[] }> {
    const res = await request(url()).get('/');
    check(res.status === 200 && /<html/i.test(res.text), () =>
      about('page', { expected: `GET / to answer 200 with the board (${why})`, sent: 'GET / HTTP/1.1', got: res, curl: '-i http://localhost:8080/' }),
    );
    return { res, html: res.text, messages: readMessages(res.text) };
  }

  /**
   * Posts a form and returns the board the browser ends up on: the page of a 200, or the page a
   * 303 sends it to. Fails, teaching Post/Redirect/Get, on any other answer.
   */
  async function postAndFollow(body: string, topic: BoardTopic = 'post'): Promise<{ html: string; messages: ShownMessage[] }> {
    const res = await postForm(url(), body);
    const sent = describePost(body);
    if (res.status === 200) {
      check(/<html/i.test(res.text), () => about('redirect', { expected: 'a 200 answer to a POST to hold the board page', sent, got: res }));
      return { html: res.text, messages: readMessages(res.text) };
    }
    const location = res.headers.location;
    check(res.status === 303 && typeof location === 'string' && new URL(location, url()).href === `${url()}/`, () =>
      about(res.status < 300 || res.status >= 400 ? topic : 'redirect', {
        expected: 'the POST to be answered "303 See Other" with "Location: /" (or 200 with the board)',
        sent,
        got: res,
        curl: curlPost(body),
        note:
          res.status === 307 || res.status === 308
            ? `${res.status} tells the browser to send the same POST again to the new address: the message would be saved twice.`
            : res.status >= 300 && res.status < 400
              ? 'A redirect needs a Location header that says where to go: "/".'
              : undefined,
      }),
    );
    const board = await getBoard('the page the 303 sent the browser to');
    return { html: board.html, messages: board.messages };
  }

  const postMessage = (text: string) => postAndFollow(`message=${formValue(text)}`);

  describe('GET /', () => {
    it('answers 200 with an HTML page: a title, the messages, a form to post one and a form to clear them', async () => {
      const res = await request(url()).get('/');
      const html = res.text ?? '';
      const messageForm = findForm(html, MESSAGE_FIELD);
      const clearForm = findForm(html, CLEAR_BUTTON);
      const problems = [
        res.status !== 200 && `the status is ${res.status}, not 200`,
        !/^text\/html;\s*charset=utf-8$/i.test(res.headers['content-type'] ?? '') && 'the Content-Type is not "text/html; charset=utf-8"',
        !/<title>\s*[^<\s][^<]*<\/title>/i.test(html) && 'the page has no <title>',
        !messageForm && 'no <form> holds a <textarea name="message">',
        messageForm && !posts(messageForm) && 'the message form has no method="post" (a form sends GET by default, and the message would end up in the URL)',
        messageForm && !goesToBoard(messageForm) && 'the message form\'s action is not "/"',
        messageForm && !/<button\b|<input\b[^>]*type\s*=\s*["']?submit/i.test(messageForm.inner) && 'the message form has no button to send it',
        !clearForm && 'no <form> holds a <button name="clear">',
        clearForm && clearForm === messageForm && 'the clear button is in the message form: it needs a form of its own',
        clearForm && !posts(clearForm) && 'the clear form has no method="post"',
      ].filter((p): p is string => typeof p === 'string');
      check(problems.length === 0, () =>
        about('page', {
          expected: 'status 200 and an HTML page with a <title>, a form (method="post") holding a <textarea name="message"> and a Save button, and a second form (method="post") holding a <button name="clear">',
          sent: 'GET / HTTP/1.1',
          got: res,
          curl: '-i http://localhost:8080/',
          note: `What is wrong:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
        }),
      );
    });

    it('answers HEAD / with the headers of a GET and no body', async () => {
      const get = await request(url()).get('/');
      const exchange = await rawExchange([requestHead('HEAD', '/', port(), ['Connection: close'])], { port: port(), until: 'close' });
      const head = parseResponse(exchange.received);
      const ok = head.status === 200 && head.headers['content-type'] === get.headers['content-type'] && head.headers['content-length'] === get.headers['content-length'] && head.body.length === 0;
      check(ok, () =>
        about('status', {
          expected: `200 with the same Content-Type and Content-Length as a GET (${get.headers['content-type']}, ${get.headers['content-length']}), and no body`,
          sent: exchange.sent,
          got: exchange.received.length ? exchange.received : `nothing (${exchange.error ?? 'the connection closed'})`,
          curl: '-I http://localhost:8080/',
        }),
      );
    });
  });

  describe('POST / with a message', () => {
    it('adds the message, and the board shows every message in the order they were posted', async () => {
      const typed = [randomSentence(), randomSentence(), randomSentence()];
      let board = { html: '', messages: [] as ShownMessage[] };
      for (const text of typed) board = await postMessage(text);
      const expected = typed.map(shownAs);
      const last = board.messages.slice(-expected.length).map((m) => m.text);
      check(JSON.stringify(last) === JSON.stringify(expected), () =>
        about('post', {
          expected: `the board to end with the 3 messages just posted, oldest first: ${JSON.stringify(expected)}`,
          sent: `3 forms, one after another:\n${typed.map((t) => describePost(`message=${formValue(t)}`)).join('\n\n')}`,
          got: `a board with ${listMessages(board.messages)}`,
          curl: curlPost(`message=${formValue(typed[0] ?? '')}`),
          note: 'Each message goes at the end of the list; the page shows the list from first to last.',
        }),
      );
    });

    it('answers 303 See Other with Location: / (Post/Redirect/Get), or 200 with the board', async () => {
      const text = randomSentence();
      const body = `message=${formValue(text)}`;
      const res = await postForm(url(), body);
      const redirects = res.status === 303 && typeof res.headers.location === 'string' && new URL(res.headers.location, url()).href === `${url()}/`;
      check(redirects || (res.status === 200 && readMessages(res.text).some((m) => m.text === shownAs(text))), () =>
        about('redirect', {
          expected: '"303 See Other" with "Location: /", so the browser GETs the board (or 200 with the board, message included)',
          sent: describePost(body),
          got: res,
          curl: curlPost(body),
          note: res.status === 307 || res.status === 308 ? `${res.status} makes the browser repeat the POST at the new address: the message would be saved twice.` : undefined,
        }),
      );
    });

    it('reads a body that arrives in several TCP writes', async () => {
      const text = randomSentence(5);
      const body = `message=${formValue(text)}`;
      const head = requestHead('POST', '/', port(), ['Content-Type: application/x-www-form-urlencoded', `Content-Length: ${Buffer.byteLength(body)}`]);
      const cut = Math.floor(body.length / 2);
      const exchange = await rawExchange([head + body.slice(0, 4), body.slice(4, cut), body.slice(cut)], { port: port(), pauseMs: 50, until: 'response' });
      const { messages } = await getBoard('after a POST sent in three pieces');
      check(messages.at(-1)?.text === shownAs(text), () =>
        about('body', {
          expected: `the whole message, ${JSON.stringify(text)}, to be the last one on the board`,
          sent: exchange.sent,
          got: `${parseResponse(exchange.received).statusLine || 'no answer'}, then a board with ${listMessages(messages)}`,
          note: 'The body came in 3 pieces, 50 ms apart. One "data" event may hold only part of it: collect the chunks until "end".',
        }),
      );
    });

    it('reads a body sent with Transfer-Encoding: chunked', async () => {
      const text = randomSentence(5);
      const body = `message=${formValue(text)}`;
      const chunk = (part: string) => `${Buffer.byteLength(part).toString(16)}\r\n${part}\r\n`;
      const head = requestHead('POST', '/', port(), ['Content-Type: application/x-www-form-urlencoded', 'Transfer-Encoding: chunked']);
      const cut = Math.floor(body.length / 2);
      const exchange = await rawExchange([head + chunk(body.slice(0, cut)), chunk(body.slice(cut)), '0\r\n\r\n'], { port: port(), pauseMs: 50, until: 'response' });
      const { messages } = await getBoard('after a chunked POST');
      check(messages.at(-1)?.text === shownAs(text), () =>
        about('body', {
          expected: `the message sent in a chunked body, ${JSON.stringify(text)}, to be the last one on the board`,
          sent: exchange.sent,
          got: `${parseResponse(exchange.received).statusLine || 'no answer'}, then a board with ${listMessages(messages)}`,
          note: 'A chunked body has no Content-Length header: read until the "end" event, do not count on the header.',
        }),
      );
    });

    it('keeps every one of 50 messages posted at the same time, each exactly once', async () => {
      const tag = kata.random.word(6);
      const typed = Array.from({ length: 50 }, (_, i) => `${tag} ${kata.random.word(5)} ${i + 1}`);
      // Each body goes in two writes, so that all 50 requests are half read at the same moment.
      const answers = await Promise.all(
        typed.map(async (text) => {
          const body = `message=${formValue(text)}`;
          const head = requestHead('POST', '/', port(), ['Content-Type: application/x-www-form-urlencoded', `Content-Length: ${body.length}`]);
          const exchange = await rawExchange([head + body.slice(0, 10), body.slice(10)], { port: port(), pauseMs: 50, until: 'response' });
          return parseResponse(exchange.received).status ?? exchange.error ?? 'no answer';
        }),
      );
      const { messages } = await getBoard('after 50 posts at once');
      const shown = messages.map((m) => m.text);
      const counts = typed.map((text) => shown.filter((s) => s === text).length);
      const missing = typed.filter((_, i) => counts[i] === 0);
      const doubled = typed.filter((_, i) => (counts[i] ?? 0) > 1);
      const refused = answers.filter((a) => a !== 303 && a !== 200);
      check(missing.length === 0 && doubled.length === 0 && refused.length === 0, () =>
        about('body', {
          expected: '50 messages posted at once to each get a 303 (or 200) and appear on the board exactly once',
          sent: `50 POSTs at the same time, each body in two writes 50 ms apart, with messages ${JSON.stringify(typed[0])} to ${JSON.stringify(typed[49])}`,
          got: `${refused.length} answers other than 303/200 (${[...new Set(refused)].join(', ') || 'none'}); ${missing.length} missing (${JSON.stringify(missing.slice(0, 3))}…); ${doubled.length} shown twice or more`,
          note: 'Requests overlap: keep each request\'s chunks in a variable of its own, never in one shared across requests.',
        }),
      );
    });
  });

  describe('decoding the form', () => {
    const rows: [string, () => { typed: string; body: string }][] = [
      ['"+" as a space', () => ((a, b) => ({ typed: `${a} ${b}`, body: `message=${a}+${b}` }))(kata.random.word(), kata.random.word())],
      ['"%C3%A9" as "é"', () => ((a) => ({ typed: `${a}é ${a}`, body: `message=${a}%C3%A9+${a}` }))(kata.random.word())],
      ['"%26" as an "&" inside the message, not a new field', () => ((a, b) => ({ typed: `${a} & ${b}`, body: `message=${a}+%26+${b}` }))(kata.random.word(), kata.random.word())],
      ['"%0D%0A" as a line break that stays visible', () => ((a, b) => ({ typed: `${a}\n${b}`, body: `message=${a}%0D%0A${b}` }))(kata.random.word(), kata.random.word())],
    ];
    it.each(rows)('decodes %s', async (_name, make) => {
      const { typed, body } = make();
      const { messages } = await postAndFollow(body, 'decode');
      const last = messages.at(-1);
      check(last?.text === shownAs(typed), () =>
        about('decode', {
          expected: `the board to show ${JSON.stringify(shownAs(typed))} as its last message`,
          sent: describePost(body),
          got: last ? `${JSON.stringify(last.text)}, from this HTML: ${JSON.stringify(last.textHtml)}` : 'a board with no messages',
          curl: curlPost(body),
          note: typed.includes('\n') ? 'A browser shows a line break in the HTML source as a space: turn each one into <br>.' : undefined,
        }),
      );
    });
  });

  describe('showing messages', () => {
    const rows: [string, () => string][] = [
      ['a <script> element', () => `<script>alert("${kata.random.word()}")</script>`],
      ['a <b> tag', () => `<b>${kata.random.word()}</b> ${kata.random.word()}`],
      ['double and single quotes', () => `"${kata.random.word()}" and '${kata.random.word()}'`],
      ['an "&" that looks like an entity', () => `${kata.random.word()} &amp; ${kata.random.word()} &lt;3`],
    ];
    it.each(rows)('shows %s as text, not as markup', async (_name, make) => {
      const typed = make();
      const body = `message=${formValue(typed)}`;
      const { messages } = await postAndFollow(body, 'escape');
      const last = messages.at(-1);
      const rawMarkup = last ? /<(?!br\s*\/?>)|["']/i.exec(last.textHtml)?.[0] : undefined;
      check(last?.text === typed && rawMarkup === undefined, () =>
        about('escape', {
          expected: `the board to show ${JSON.stringify(typed)} exactly as typed, its < > & " ' escaped in the HTML`,
          sent: describePost(body),
          got: last ? `this HTML for it: ${JSON.stringify(last.textHtml)}, which a browser shows as ${JSON.stringify(last.text)}` : 'a board with no messages',
          curl: curlPost(body),
          note: rawMarkup
            ? `A raw ${JSON.stringify(rawMarkup)} is in the message's HTML: a visitor's text became markup. Escape & < > " ' (the & first).`
            : 'Escape "&" first, then the others, and only once: "&amp;lt;" shows as "&lt;".',
        }),
      );
    });
  });

  describe('blank messages', () => {
    const rows: [string, () => string][] = [
      ['an empty message', () => 'message='],
      ['a message of spaces, tabs and line breaks', () => 'message=+++%09%0D%0A+'],
      ['a form with no message field', () => `${kata.random.word()}=${kata.random.word()}`],
    ];
    it.each(rows)('adds nothing for %s', async (_name, make) => {
      await postMessage(randomSentence()); // so the board is not empty
      const before = (await getBoard('before the blank post')).messages.map((m) => m.text);
      const body = make();
      const res = await postForm(url(), body);
      const after = await getBoard('after the blank post');
      check(res.status < 500 && JSON.stringify(after.messages.map((m) => m.text)) === JSON.stringify(before), () =>
        about('clear', {
          expected: `the board to stay as it was (${before.length} messages), and an answer that is not a server error (303 back to the board is friendly)`,
          sent: describePost(body),
          got: `status ${res.status}, then a board with ${listMessages(after.messages)}`,
          curl: curlPost(body),
          note: 'A message that is empty once trimmed would be an empty line on the board: skip it.',
        }),
      );
    });
  });

  describe('Clear', () => {
    it('removes every message when the clear form is sent', async () => {
      await postMessage(randomSentence());
      const { html } = await postMessage(randomSentence());
      const body = clearFormBody(html);
      const { messages } = await postAndFollow(body, 'clear');
      check(messages.length === 0, () =>
        about('clear', {
          expected: 'a board with no messages after the clear button was pressed',
          sent: describePost(body),
          got: `a board with ${listMessages(messages)}`,
          curl: curlPost(body),
          note: 'The clear form sends its button\'s name: the body has a "clear" field, and no "message".',
        }),
      );
    });
  });

  describe('bodies it refuses', () => {
    const bigRows: [string, (body: string) => (string | Buffer)[]][] = [
      [
        'with a Content-Length',
        (body) => [requestHead('POST', '/', port(), ['Content-Type: application/x-www-form-urlencoded', `Content-Length: ${Buffer.byteLength(body)}`]), body],
      ],
      [
        'in chunks (Transfer-Encoding: chunked)',
        (body) => {
          const pieces: string[] = [requestHead('POST', '/', port(), ['Content-Type: application/x-www-form-urlencoded', 'Transfer-Encoding: chunked'])];
          for (let at = 0; at < body.length; at += 64 * 1024) {
            const part = body.slice(at, at + 64 * 1024);
            pieces.push(`${Buffer.byteLength(part).toString(16)}\r\n${part}\r\n`);
          }
          return [...pieces, '0\r\n\r\n'];
        },
      ],
    ];
    it.each(bigRows)('answers 413 to a body over 1 MiB sent %s, stores none of it, and keeps serving', async (_name, requestFor) => {
      const tag = kata.random.word(10);
      const body = `message=${tag}${'x'.repeat(1024 * 1024)}`;
      const pieces = requestFor(body);
      const exchange = await rawExchange(pieces, { port: port(), until: 'response', timeoutMs: 4000 });
      const answer = parseResponse(exchange.received);
      const { messages } = await getBoard('after a body over 1 MiB');
      const stored = messages.some((m) => m.text.includes(tag));
      check(answer.status === 413 && !stored, () =>
        about('limit', {
          expected: '"413 Content Too Large" for a body of 1 MiB and more, and nothing added to the board',
          sent: `${String(pieces[0])}(then a body of ${Buffer.byteLength(body)} bytes: message=${tag}xxxx…${pieces.length > 2 ? ', in chunks of 64 KiB' : ''})`,
          got: `${answer.statusLine || `no answer (${exchange.error ?? 'nothing came back'})`}; the board ${stored ? 'shows the huge message' : 'does not show it'}`,
          note: 'Count the bytes as they arrive (a chunked body announces no length), and refuse the body once they pass 1 MiB (1024 * 1024).',
        }),
      );
    });

    const badRows: [string, (word: string) => string | Buffer][] = [
      ['a broken escape (%zz)', (w) => `message=${w}%zz`],
      ['an escape cut short (%E2%82)', (w) => `message=${w}%E2%82`],
      ['escaped bytes that are not UTF-8 (%FF)', (w) => `message=${w}%FF`],
      ['raw bytes that are not UTF-8', (w) => Buffer.concat([Buffer.from(`message=${w}`), Buffer.from([0xff, 0xfe])])],
    ];
    it.each(badRows)('answers 400 to a form with %s, stores nothing, and keeps serving', async (_name, make) => {
      const tag = kata.random.word(10);
      const body = make(tag);
      const res = await postForm(url(), body);
      const { messages } = await getBoard('after a malformed form');
      const stored = messages.some((m) => m.text.includes(tag));
      check(res.status === 400 && !stored, () =>
        about('decode', {
          expected: '"400 Bad Request", and nothing added to the board',
          sent: describePost(Buffer.isBuffer(body) ? body.toString('latin1') : body),
          got: `status ${res.status}; the board ${stored ? `shows it: ${listMessages(messages, 1)}` : 'does not show it'}`,
          curl: typeof body === 'string' ? curlPost(body) : undefined,
          note: 'decodeURIComponent throws a URIError for a broken escape or bytes that are not UTF-8: answer 400 instead of guessing.',
        }),
      );
    });
  });

  describe('other requests', () => {
    const notFound: [string, () => { method: 'GET' | 'POST'; path: string }][] = [
      ['GET /<some other path>', () => ({ method: 'GET', path: `/${kata.random.word()}` })],
      ['POST /<some other path>', () => ({ method: 'POST', path: `/${kata.random.word()}/${kata.random.word()}` })],
    ];
    it.each(notFound)('answers 404 to %s', async (_name, make) => {
      const { method, path } = make();
      const tag = kata.random.word(10);
      const res = method === 'GET' ? await request(url()).get(path) : await postForm(url(), `message=${tag}`, path);
      const { messages } = await getBoard('after a request to another path');
      const stored = messages.some((m) => m.text.includes(tag));
      check(res.status === 404 && !stored, () =>
        about('status', {
          expected: `"404 Not Found" for ${method} ${path}: the board lives at / only${method === 'POST' ? ', and nothing added to it' : ''}`,
          sent: method === 'GET' ? `GET ${path} HTTP/1.1` : describePost(`message=${tag}`, path),
          got: res,
          curl: method === 'GET' ? `-i http://localhost:8080${path}` : curlPost(`message=${tag}`, path),
        }),
      );
    });

    it.each(['PUT', 'DELETE', 'PATCH'])('answers 405 with Allow: GET, HEAD, POST to %s /', async (method) => {
      const res = await request(url())[method === 'PUT' ? 'put' : method === 'DELETE' ? 'delete' : 'patch']('/');
      const allow = String(res.headers.allow ?? '')
        .split(',')
        .map((m) => m.trim().toUpperCase())
        .filter((m) => m)
        .sort();
      check(res.status === 405 && allow.join(',') === 'GET,HEAD,POST', () =>
        about('status', {
          expected: '"405 Method Not Allowed" with a header "Allow: GET, HEAD, POST"',
          sent: `${method} / HTTP/1.1`,
          got: res,
          curl: `-i -X ${method} http://localhost:8080/`,
        }),
      );
    });
  });

  describe('the code', () => {
    it('uses node:http and no package from npm', (context) => {
      onlyForTypeScript(context);
      const { packageImports } = server.current.build;
      check(packageImports.length === 0, () =>
        about('page', {
          expected: 'server.ts to import only what Node ships (node:http and friends): this exercise is about doing the work yourself',
          got: `imports of ${packageImports.join(', ')}`,
          note: 'Escaping HTML or parsing a form takes a few lines each; the lesson shows them.',
        }),
      );
    });
  });
}
