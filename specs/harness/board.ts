// Talking to a message board (exercises 04 and 05) as a browser does: post a form the way a browser
// does, and read the page the way a browser does (parse5, WHATWG's HTML parser: html, head and body
// tags are optional, entities are decoded, a quote between tags is only text). The board's specs
// themselves are in specs/message-board-specs.ts.
import request from 'supertest';
import { allElements, attribute, byClass, byTag, hasClass, innerSourceOf, parseHtml, visibleText, type HtmlDocument, type HtmlElement } from './html.ts';
import { kata } from './kata.ts';
import type { RandomData } from './random.ts';
import { requestHead } from './raw-http.ts';

// ---------------------------------------------------------------------------------------------
// Reading the page

/** One message on the board, as a browser shows it. */
export interface ShownMessage {
  /** What a reader sees: tags gone, entities decoded, runs of spaces as one, each <br> a "\n". */
  text: string;
  /** The HTML the text was made from, as sent. */
  textHtml: string;
  /** What follows "Posted:" in the item, if anything (exercise 05). */
  posted?: string;
  /** The start tags, as sent, of the elements inside the text other than <br>: the markup a message could have brought. */
  markup: string[];
}

/** The elements of the page the specs use: the messages and the two forms. */
export interface BoardPage {
  doc: HtmlDocument;
  messages: ShownMessage[];
  /** The form that holds <textarea name="message">. */
  messageForm?: HtmlElement;
  /** The form that holds the button named "clear", and that button. */
  clearForm?: HtmlElement;
  clearButton?: HtmlElement;
}

// In exercise 05 the item holds the time too ("Posted: ..."), and the text an element with class "text".
const POSTED = /Posted:\s*(\S+)/;

function startTagOf(el: HtmlElement, html: string): string {
  const where = el.sourceCodeLocation?.startTag;
  return where ? html.slice(where.startOffset, where.endOffset) : `<${el.tagName}>`;
}

/** A button that sends its form: <button> (type "submit" unless it says "button" or "reset"), or <input type="submit">. */
export function submitsForm(el: HtmlElement): boolean {
  if (el.tagName === 'button') return !['button', 'reset'].includes((attribute(el, 'type') ?? 'submit').trim().toLowerCase());
  return el.tagName === 'input' && ['submit', 'image'].includes((attribute(el, 'type') ?? '').trim().toLowerCase());
}

/** The list items of the board's messages: each is an <li> with class "message" (the lesson's step 1 gives the markup). */
export function messageItems(doc: HtmlDocument): HtmlElement[] {
  return byTag(doc, 'li').filter((li) => hasClass(li, 'message'));
}

/** The messages of a page already parsed from `html` (a board of megabytes is parsed once). */
export function readMessagesIn(doc: HtmlDocument, html: string): ShownMessage[] {
  return messageItems(doc).map((li): ShownMessage => {
    const textPart = byClass(li, 'text')[0] ?? li;
    return {
      text: visibleText(textPart),
      textHtml: innerSourceOf(textPart, html),
      posted: POSTED.exec(visibleText(li))?.[1],
      markup: allElements(textPart)
        .filter((el) => el.tagName !== 'br')
        .map((el) => startTagOf(el, html)),
    };
  });
}

export function readPage(html: string): BoardPage {
  const doc = parseHtml(html);
  const messages = readMessagesIn(doc, html);
  const forms = byTag(doc, 'form');
  const messageForm = forms.find((form) => byTag(form, 'textarea').some((t) => attribute(t, 'name') === 'message'));
  const clearButtonOf = (form: HtmlElement) => allElements(form).find((el) => submitsForm(el) && attribute(el, 'name') === 'clear');
  const clearForm = forms.find((form) => clearButtonOf(form) !== undefined);
  return { doc, messages, messageForm, clearForm, clearButton: clearForm && clearButtonOf(clearForm) };
}

/** How a message typed into the form should look on the page (spaces collapsed, lines kept). */
export function shownAs(typed: string): string {
  return typed
    .split(/\r\n|\r|\n/)
    .map((line) => line.replace(/[\t\f ]+/g, ' ').trim())
    .join('\n')
    .trim();
}

/** The board's messages, in page order. */
export function readMessages(html: string): ShownMessage[] {
  return readPage(html).messages;
}

/** The messages as a short numbered list, for a failure message. */
export function listMessages(messages: ShownMessage[], last = 6): string {
  if (messages.length === 0) return 'no messages (no <li class="message"> in the page)';
  const from = Math.max(0, messages.length - last);
  const lines = messages.slice(from).map((m, i) => `  ${from + i + 1}. ${JSON.stringify(m.text.length > 120 ? `${m.text.slice(0, 120)}…` : m.text)}`);
  return `${messages.length} message(s)${from > 0 ? `, the last ${last}` : ''}:\n${lines.join('\n')}`;
}

/**
 * What a browser sends when the clear button is pressed: the form's fields in tree order, the
 * button among them with its value ("clear=" for a button without one), url-encoded.
 */
export function clearFormBody(html: string): string {
  const { clearForm, clearButton } = readPage(html);
  if (!clearForm || !clearButton) return 'clear=';
  const fields: [string, string][] = [];
  for (const el of allElements(clearForm)) {
    const name = attribute(el, 'name');
    if (!name) continue;
    const type = (attribute(el, 'type') ?? '').toLowerCase();
    if (el === clearButton) fields.push([name, attribute(el, 'value') ?? '']);
    else if (el.tagName === 'textarea') fields.push([name, visibleText(el)]);
    else if (el.tagName === 'input' && (type === 'checkbox' || type === 'radio')) {
      if (attribute(el, 'checked') !== undefined) fields.push([name, attribute(el, 'value') ?? 'on']);
    } else if (el.tagName === 'input' && !['submit', 'image', 'button', 'reset', 'file'].includes(type)) fields.push([name, attribute(el, 'value') ?? '']);
  }
  return new URLSearchParams(fields).toString();
}

// ---------------------------------------------------------------------------------------------
// Talking to the board

/** How long a request may wait for its answer: a board answers in milliseconds. */
export const ANSWER_TIMEOUT_MS = 3000;

/**
 * Encodes a value as a browser does for a form (WHATWG's application/x-www-form-urlencoded
 * serializer): UTF-8 bytes as %XX except letters, digits and *-._, and a space as "+".
 */
export function formValue(text: string): string {
  return new URLSearchParams([['', text]]).toString().slice(1);
}

/** A POST with a url-encoded body, as a form sends it. */
export function postForm(url: string, body: string | Buffer, path = '/') {
  // serialize: send the bytes as they are (superagent would turn a Buffer into a form of its own).
  return request(url)
    .post(path)
    .set('Content-Type', 'application/x-www-form-urlencoded')
    .serialize((data: unknown) => data as string)
    .send(body)
    .timeout(ANSWER_TIMEOUT_MS);
}

/** A body's bytes for a failure message: text as it is, bytes that are not ASCII as \xNN. */
function shownBody(body: string | Buffer): string {
  if (typeof body === 'string') return body;
  return [...body].map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, '0')}`)).join('');
}

/**
 * How to show a POST of a form in a failure message: the request as it goes over the wire, with
 * its CRLFs and Host (127.0.0.1 and `port`, where the specs' server listens; the lesson's
 * localhost:8080 when no port is given), and the body (cut after 200 characters).
 */
export function describePost(body: string | Buffer, path = '/', port = 8080): string {
  const length = Buffer.byteLength(body);
  const head = requestHead('POST', path, port, ['Content-Type: application/x-www-form-urlencoded', `Content-Length: ${length}`]);
  const shown = shownBody(body);
  return `${head}${shown.length > 200 ? `${shown.slice(0, 200)}… (${length} bytes in all)` : shown}`;
}

/** curl arguments that send the same form. */
export function curlPost(body: string, path = '/'): string {
  return `-i --data-raw '${body.replace(/'/g, "'\\''")}' http://localhost:8080${path}`;
}

/**
 * A random message, different every run, so that no server can have it written in. From the spec
 * file's stream unless given another: a spec that runs beside others draws from a stream of its own.
 */
export function randomSentence(words = 3, random: RandomData = kata.random): string {
  return Array.from({ length: words }, () => random.word(random.int(3, 8))).join(' ');
}
