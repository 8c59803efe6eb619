// Specs for exercise 05: the message board kept in a JSON file, with timestamps.
// Run: npm test exercises/05
// Everything exercise 04's board did still holds (./message-board-specs.ts); then come the timestamps,
// the data file, restarts and crashes. Every server here keeps its data in a temp folder.
// They are reported in the order of the lesson's steps, so that the first failure is the first
// step to fix. Exercise 04's specs share one server and run one after another; every other spec
// has servers and a data file of its own, and runs beside them (see "Running side by side").
import { randomUUID } from 'node:crypto';
import { watch } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, afterEach, beforeAll, beforeEach, describe, it, vi, type TestContext } from 'vitest';
import { formValue, listMessages, messageItems, randomSentence, readMessagesIn, type ShownMessage } from './harness/board.ts';
import { BOARD_STEPS, describeMessageBoard } from './message-board-specs.ts';
import { parseHtml, type HtmlElement } from './harness/html.ts';
import { kata, useServer } from './harness/kata.ts';
import { findExercise } from '../tooling/core/curriculum.ts';
import { describeBoardInBrowser } from './harness/board-browser.ts';
import { stepLink } from './harness/lesson.ts';
import { RandomData, hash } from './harness/random.ts';
import { parseResponse, rawExchange, requestHead, type RawExchange } from './harness/raw-http.ts';
import { ServerStartError, sleep, type RunningServer } from './harness/server-process.ts';
import { openServerFile, readServerFile, readServerFileSync } from './harness/server-files.ts';
import { check, fail } from './harness/teach.ts';

// One temp folder holds every data file of this spec file. It is made before the first spec (a run
// with every spec filtered out, vitest -t, makes none and leaves none), and removed after the
// servers have stopped: vitest runs afterAll hooks in reverse order, and useServer registers its
// own below.
const tempRoot = path.join(tmpdir(), `netkata-board-${randomUUID()}`);
beforeAll(() => mkdir(path.join(tempRoot, 'shared'), { recursive: true, mode: 0o700 }));
afterAll(() => rm(tempRoot, { recursive: true, force: true }));

// ---------------------------------------------------------------------------------------------
// Running side by side
//
// Exercise 04's specs (the first block) share the server useServer starts: they run one after
// another, and draw their data from the file's random stream (kata.random). Every later spec
// starts servers of its own, on a data file of its own, in a folder of its own, with random data
// of its own (randomFor: the same for the same seed, whenever the spec runs). So when this file
// runs alone (npm test exercises/05, npm run watch), each later block is a lane that runs beside
// 04's specs, its specs one after another, and in "restarts and crashes" the two longest and the
// browser's beside each other. Vitest reports every spec in the order of this file, whatever ran
// first, and the first failure in that order is the one a learner reads: the same failure either
// way, since no spec depends on another's timing or data.
//
// Lanes, not every spec at once: fifteen servers starting together on two cores only slow each
// other down, and 04's specs with them. And vitest runs at most maxConcurrency specs at once
// (5 unless told) and queues the rest: a spec of 04's queued behind all the others waits for all of
// them (measured: 04's first spec began 13.8 s into the file). At most 7 run at once here.
//
// When this file runs beside other spec files (the self-check, --repeat, npm test exercises),
// they fill the machine already: running its specs side by side too only makes each of them
// wait longer for the CPU, past the bounds the specs keep (measured on 20 mutants at once: 40 %
// slower in all, and 10 of them failed elsewhere than at their step). Then the blocks run one
// after another, as the file reads.
const ALONE = kata.runsAlone;
if (ALONE) vi.setConfig({ maxConcurrency: 8 });
/** A block of specs, one after another (it.sequential); beside the other blocks when the file runs alone. */
const lane = ALONE ? describe.concurrent : describe;
/** Specs that run beside each other in their block when the file runs alone. */
const besideEachOther = ALONE ? it.concurrent : it.sequential;

// useServer checks, before and after each spec, that the shared server still runs and listens,
// and blames the spec during which it stopped. Only 04's specs talk to it, so when it stops, one
// of them is running: a spec beside them that begins or ends meanwhile waits for that one to end
// (and be checked), so that the cause is said once, by the spec that met it.
// Its name comes from curriculum.json (reusesSpecs), where the self-check reads which specs are 04's.
const BOARD_FROM_04 = findExercise(kata.exercise)?.reusesSpecs?.as;
if (!BOARD_FROM_04) throw new Error(`curriculum.json gives ${kata.exercise} no reusesSpecs: it runs 04's specs, and must say so`);
const onSharedServer = (context: TestContext) => context.task.fullTestName.startsWith(`${BOARD_FROM_04} > `);
/** The spec of 04's that is running, if any: settled once useServer's afterEach has checked it. */
let sharedSpec: Promise<void> | undefined;
/** A spec of 04's ends within seconds, even when a server does not answer (their bounds); vitest's own limit is 60 s. */
const SHARED_SPEC_BOUND_MS = 20_000;

async function besideSharedSpecs(context: TestContext): Promise<void> {
  if (!onSharedServer(context)) {
    if (sharedSpec) await within(sharedSpec, SHARED_SPEC_BOUND_MS);
    return;
  }
  sharedSpec = new Promise((resolve) => context.onTestFinished(() => resolve()));
}
// Registered before useServer's hooks: this beforeEach runs before its check, the afterEach after it before its own.
beforeEach(besideSharedSpecs);

// In a folder of its own: a server may write in its DATA_FILE's folder (the grader's sandbox lets
// it), and must not reach the folders of the other specs' servers beside it.
const MAIN_DATA_FILE = path.join(tempRoot, 'shared', 'messages.json');
// "1. Start from your board": the board of 04, which keeps serving whatever it is sent.
const server = useServer({ env: { DATA_FILE: MAIN_DATA_FILE }, staysUpStep: 1 });

afterEach(async (context) => {
  if (!onSharedServer(context) && sharedSpec) await within(sharedSpec, SHARED_SPEC_BOUND_MS);
});

/** Resolves when `promise` does, or after `ms` at the latest. */
async function within(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([promise, new Promise((resolve) => (timer = setTimeout(resolve, Math.max(0, ms))))]);
  clearTimeout(timer);
}

/** Random data of one spec's own: drawn from the seed and the spec's title, whenever the spec runs. */
const randomFor = (context: TestContext) => new RandomData((kata.seed ^ hash(`${kata.exercise} › ${context.task.fullTestName}`)) >>> 0);

/** What a spec with servers of its own works with: its random data, its folders, its servers. */
interface OwnSpec {
  random: RandomData;
  /** A fresh folder for the spec's data file. */
  folder(): Promise<string>;
  /** Starts a board that keeps its messages in `dataFile`, or throws the harness's ServerStartError. */
  launch(dataFile: string): Promise<RunningServer>;
  /** Starts a board on `dataFile`; fails, teaching, if it will not start. */
  start(dataFile: string, when: string, step: number): Promise<RunningServer>;
}

function ownSpec(context: TestContext): OwnSpec {
  const launch = async (dataFile: string) => {
    const board = await server.start({ env: { DATA_FILE: dataFile } });
    context.onTestFinished(() => board.stop());
    return board;
  };
  return {
    random: randomFor(context),
    folder: () => mkdtemp(path.join(tempRoot, 'spec-')),
    launch,
    async start(dataFile, when, step) {
      try {
        return await launch(dataFile);
      } catch (error) {
        if (!(error instanceof ServerStartError)) throw error;
        fail({ expected: `the server to start ${when}, with DATA_FILE=${dataFile}`, got: error.message, step });
      }
    },
  };
}

// The size of a message that makes a save take a few milliseconds: long enough for a server that
// saves after answering to be seen doing so, and for a crash to land in the middle of a save.
const BIG_MESSAGE_CHARS = 900_000;
// "Saves before answering" is watched on a board of this many big messages (5.4 MB), over this
// many posts: measured on 2 busy cores, a server that answers first is seen at it in about 2 of 3.
const SAVE_WATCH = { bigMessages: 6, posts: 10 } as const;
// The lesson's steps, by what they teach.
const STEP = { board: 1, time: 2, file: 3, load: 4, save: 5, atomic: 6, broken: 7, restart: 8 } as const;

// ---------------------------------------------------------------------------------------------
// Talking to a board: every failure says what was sent and what happened, never a bare
// "socket hang up".

/** What a server printed, indented, for a failure message. */
const printedBy = (board: RunningServer) =>
  board.printed
    .trimEnd()
    .split('\n')
    .slice(-12)
    .map((line) => `  │ ${line}`)
    .join('\n') || '  │ (nothing)';

/** What became of a board that did not answer: it exited (how, and what it printed), or not. */
async function whatHappenedTo(board: RunningServer): Promise<string> {
  // A server that is dying is seen exiting within moments; one that is not, is still running.
  await Promise.race([board.whenExited(), sleep(500)]);
  if (board.exit) {
    const how = board.exit.signal ? `was killed by ${board.exit.signal}` : `exited with code ${board.exit.code}`;
    return `the server ${how}. What it printed:\n${printedBy(board)}`;
  }
  return `the server is still running, but did not answer. What it printed:\n${printedBy(board)}`;
}

interface Posted {
  text: string;
  status?: number;
  exchange: RawExchange;
  /** When the POST was sent and when its answer was in: the time it shows must lie between. */
  start: number;
  end: number;
}

// Which status a POST gets is judged by exercise 04's specs; here, any success means "kept".
const acknowledged = (status: number | undefined) => status === 303 || (status !== undefined && status >= 200 && status < 300);

/** A POST of `body` as a browser's form sends it, on a connection of its own. */
function postBytes(board: RunningServer, body: string): Buffer[] {
  const head = requestHead('POST', '/', board.port, ['Content-Type: application/x-www-form-urlencoded', `Content-Length: ${Buffer.byteLength(body)}`]);
  return [Buffer.from(head + body)];
}

/**
 * Posts a form's `body` and waits for the answer. `atAnswer` runs the moment the answer starts to arrive
 * (see rawExchange's onFirstByte). Fails, teaching, when no answer comes; any status is returned.
 */
async function post<T = undefined>(board: RunningServer, body: string, step: number, atAnswer?: () => T): Promise<Posted & { seen?: T }> {
  const start = Date.now();
  const pieces = postBytes(board, body);
  const options = { port: board.port, until: 'response' as const, timeoutMs: 4000 };
  const exchange = await rawExchange(pieces, { ...options, onFirstByte: atAnswer });
  const end = Date.now();
  const status = parseResponse(exchange.received).status;
  if (status === undefined) {
    fail({
      expected: 'an answer to the POST (303 See Other, back to the board)',
      sent: exchange.sent,
      got: `${exchange.received.length ? `${exchange.received.length} bytes that are not an HTTP response` : `no answer (${exchange.error ?? 'nothing came back within 4 s'})`}; ${await whatHappenedTo(board)}`,
      step,
    });
  }
  const text = new URLSearchParams(body).get('message') ?? '';
  return { text, status, exchange: { ...exchange, seen: undefined }, start, end, seen: exchange.seen };
}

/** Posts a message and checks that it was acknowledged; returns it with its time window. */
async function postMessage<T = undefined>(board: RunningServer, text: string, step: number, atAnswer?: () => T): Promise<Posted & { seen?: T }> {
  const posted = await post(board, `message=${formValue(text)}`, step, atAnswer);
  check(acknowledged(posted.status), {
    expected: 'the POST of a message to be answered "303 See Other" (with Location: /)',
    sent: posted.exchange.sent,
    got: posted.exchange.received,
    step,
  });
  return posted;
}

// Elements a browser shows as blocks of their own: their text never runs into the text around them.
const BLOCKS = new Set(['address', 'article', 'aside', 'blockquote', 'dd', 'details', 'div', 'dl', 'dt', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'li', 'main', 'nav', 'ol', 'p', 'pre', 'section', 'table', 'td', 'th', 'tr', 'ul']);

/** The text of an element as a browser lays it out: each block, and each <br>, on a line of its own. */
function linesOf(root: HtmlElement): string {
  let text = '';
  const walk = (el: HtmlElement) => {
    for (const child of el.childNodes) {
      if (child.nodeName === '#text') text += (child as unknown as { value: string }).value.replace(/[\t\n\f\r ]+/g, ' ');
      else if ('tagName' in child) {
        if (child.tagName === 'br') text += '\n';
        else if (BLOCKS.has(child.tagName)) {
          text += '\n';
          walk(child);
          text += '\n';
        } else if (!['script', 'style', 'template'].includes(child.tagName)) walk(child);
      }
    }
  };
  walk(root);
  return text;
}

/**
 * The board's messages, each with what follows "Posted:" in its item: the lesson puts it in a
 * paragraph of its own, and any markup will do (a <time>, no class, a <div>), as long as a reader
 * sees "Posted: " and the time.
 */
function readBoard(html: string): ShownMessage[] {
  // Parsed once: a board of big messages is megabytes of HTML.
  const doc = parseHtml(html);
  const items = messageItems(doc);
  return readMessagesIn(doc, html).map((message, i) => {
    const item = items[i];
    return { ...message, posted: item && /Posted:\s*(\S+)/.exec(linesOf(item))?.[1] };
  });
}

/** GETs the board and reads its messages; fails, teaching, when the page does not come. */
async function messagesOn(board: RunningServer, why: string, step: number): Promise<ShownMessage[]> {
  const sent = requestHead('GET', '/', board.port);
  let res: request.Response;
  try {
    res = await request(board.url).get('/').timeout(4000);
  } catch (error) {
    fail({ expected: `GET / to answer 200 with the board (${why})`, sent, got: `no answer (${(error as Error).message}); ${await whatHappenedTo(board)}`, step });
  }
  check(res.status === 200, { expected: `GET / to answer 200 with the board (${why})`, sent, got: res, step });
  return readBoard(res.text);
}

// ---------------------------------------------------------------------------------------------
// Reading the data file

/** Every string in a JSON value, in document order: the board's texts, wherever they are kept. */
function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([key, inner]) => [key, ...stringsIn(inner)]);
  return [];
}

type FileRead = { ok: true; strings: string[]; bytes: Buffer } | { ok: false; missing: boolean; problem: string; bytes?: Buffer };

/** Parses the bytes of a data file (or the error of reading it). */
function parseDataFile(read: Buffer | NodeJS.ErrnoException): FileRead {
  if (!Buffer.isBuffer(read)) return { ok: false, missing: read.code === 'ENOENT', problem: read.code === 'ENOENT' ? 'does not exist' : `cannot be read (${read.message})` };
  const bytes = read;
  if (bytes.length === 0) return { ok: false, missing: false, problem: 'is empty (0 bytes), which is not JSON', bytes };
  try {
    // RFC 8259 lets a parser ignore a byte order mark, so the specs do.
    return { ok: true, strings: stringsIn(JSON.parse(bytes.toString('utf8').replace(/^\uFEFF/, ''))), bytes };
  } catch (error) {
    return { ok: false, missing: false, problem: `is not valid JSON (${(error as Error).message}); its ${bytes.length} bytes end with ${JSON.stringify(bytes.subarray(-60).toString('utf8'))}`, bytes };
  }
}

// The data file is read as the server left it, but never through a link it put in its place
// (./harness/server-files.ts): the specs read with the grader's rights.

/** The bytes of a file, read at once, in this very moment (or why they cannot be). */
function bytesNow(file: string): Buffer | NodeJS.ErrnoException {
  try {
    return readServerFileSync(file);
  } catch (error) {
    return error as NodeJS.ErrnoException;
  }
}

async function readDataFile(file: string): Promise<FileRead> {
  return parseDataFile(await readServerFile(file).catch((error: NodeJS.ErrnoException) => error));
}

/**
 * Reads the data file until `done` holds for what it reads, or `ms` have passed: again on each
 * change in its folder (a write, a rename), which the file system reports; no polling.
 */
async function readDataFileWhen(file: string, done: (read: FileRead) => boolean, ms: number): Promise<FileRead> {
  let changed = () => {};
  const watcher = watch(path.dirname(file), () => changed());
  watcher.on('error', () => changed()); // the folder is the spec's own; should watching fail, the bound still holds
  const deadline = Date.now() + ms;
  try {
    for (;;) {
      // Listened for before reading, so that a change made while reading is not missed.
      const change = new Promise<void>((resolve) => (changed = resolve));
      const read = await readDataFile(file);
      if (done(read) || Date.now() >= deadline) return read;
      await within(change, deadline - Date.now());
    }
  } finally {
    watcher.close();
  }
}

const short = (text: string) => (text.length > 60 ? `${text.slice(0, 40)}… (${text.length} characters)` : text);

/** The messages of `texts` that the file does not hold. */
const missingFrom = (read: FileRead, texts: string[]) => (read.ok ? texts.filter((t) => !read.strings.includes(t)) : texts);

/** Whether the file is a JSON document that holds every one of `texts` (in any layout, any order). */
const holdsAll = (read: FileRead, texts: string[]) => read.ok && missingFrom(read, texts).length === 0;

/** What a data file holds, in a few words, for a failure message. */
const describeFile = (read: FileRead, texts: string[]) => (read.ok ? `is valid JSON, but without ${JSON.stringify(missingFrom(read, texts).map(short))}` : read.problem);

/** Posts messages of about 900 KB each, so that every later save writes a few megabytes. */
async function fillWithBigMessages(board: RunningServer, dataFile: string, count: number, random: RandomData): Promise<string[]> {
  const texts: string[] = [];
  for (let i = 0; i < count; i++) {
    const text = `${random.word(8)} ${'x'.repeat(BIG_MESSAGE_CHARS)}`;
    await postMessage(board, text, STEP.save);
    texts.push(text);
  }
  const saved = await readDataFile(dataFile);
  check(saved.ok && missingFrom(saved, texts).length === 0, {
    expected: `after ${count} posts of big messages (${BIG_MESSAGE_CHARS} characters each, under the 1 MiB limit) were answered, the data file (${dataFile}) to be valid JSON and hold all ${count}`,
    got: `a file that ${saved.ok ? `is valid JSON, but without ${missingFrom(saved, texts).length} of them` : saved.problem}`,
    step: STEP.save,
    note: 'Save on every change, before you answer: once the 303 is out, the message must be in the file.',
  });
  return texts;
}

/** Every file under `folder` whose bytes are exactly `bytes`. */
async function filesHolding(folder: string, bytes: Buffer): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(folder, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    if ((await stat(file)).size === bytes.length && (await readServerFile(file, folder).catch(() => undefined))?.equals(bytes)) found.push(file);
  }
  return found;
}

// ---------------------------------------------------------------------------------------------
// Times

// RFC 3339's date and time, the internet's profile of ISO 8601 (what the lesson teaches): a date,
// "T", a time to the second (a fraction allowed), and a time zone, "Z" or an offset. RFC 3339
// allows "t" and "z" in lower case, and ISO 8601 allows an offset without its colon or minutes.
const DATE_TIME = /^(\d{4}-\d{2}-\d{2})[Tt](\d{2}:\d{2}:\d{2})(?:\.(\d+))?([Zz]|[+-]\d{2}(?::?\d{2})?)$/;

/** The time a shown "posted" stands for, and how finely it is given (ms); undefined if not RFC 3339. */
function readTime(posted: string): { time: number; precision: number } | undefined {
  const match = DATE_TIME.exec(posted);
  if (!match) return undefined;
  const [, date, time, fraction = '', zone = 'Z'] = match;
  const offset = /^[Zz]$/.test(zone) ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(3).replace(':', '') || '00'}`;
  const ms = fraction ? `.${fraction.padEnd(3, '0').slice(0, 3)}` : '';
  const parsed = Date.parse(`${date}T${time}${ms}${offset}`);
  if (Number.isNaN(parsed)) return undefined;
  return { time: parsed, precision: 10 ** Math.max(0, 3 - fraction.length) };
}

/** Whether a shown time lies in [start, end], allowing for one that is cut to the second. */
function postedWithin(posted: string | undefined, start: number, end: number): boolean {
  const read = posted === undefined ? undefined : readTime(posted);
  return read !== undefined && read.time >= Math.floor(start / read.precision) * read.precision && read.time <= end;
}

const TIME_NOTE =
  'The lesson\'s format is ISO 8601 as RFC 3339 profiles it: 2025-03-01T14:05:09.123Z, a date, "T", the time to the second at least, and the time zone ("Z" or an offset such as +01:00). new Date().toISOString() writes it.';

// ---------------------------------------------------------------------------------------------
// The specs

lane(BOARD_FROM_04, () => {
  describeMessageBoard(server, {
    step: () => STEP.board,
    note: (topic) => `This is what exercise 04's board did, and yours must still do: ${stepLink('04-message-board', BOARD_STEPS[topic])}`,
  });
});

lane('timestamps', () => {
  it.sequential('shows "Posted:" and the ISO 8601 date and time at which each message was posted', async (context) => {
    const spec = ownSpec(context);
    // A board of its own: two posts and a look at the last two messages, with no spec of 04's in between.
    const board = await spec.start(path.join(await spec.folder(), 'messages.json'), 'without a data file yet', STEP.time);
    const first = await postMessage(board, randomSentence(3, spec.random), STEP.time);
    // Let the clock move on, so that a time taken later (when the page is made) would differ.
    while (Date.now() <= first.end + 2) await sleep(1);
    const second = await postMessage(board, randomSentence(3, spec.random), STEP.time);
    while (Date.now() <= second.end + 2) await sleep(1);
    const messages = await messagesOn(board, 'after two posts', STEP.time);
    const shown = messages.slice(-2);
    const iso = (when: number) => new Date(when).toISOString();
    for (const [i, posted] of [first, second].entries()) {
      const message = shown[i];
      check(message?.text === posted.text && postedWithin(message.posted, posted.start, posted.end), {
        expected: `message ${JSON.stringify(posted.text)} to show "Posted: " and a time in ISO 8601, with its time zone, between ${iso(posted.start)} and ${iso(posted.end)} (while its POST was being answered)`,
        sent: `two posts, a few milliseconds apart: ${JSON.stringify(first.text)}, then ${JSON.stringify(second.text)}`,
        got: message ? `${message.posted ? `"Posted: ${message.posted}"` : 'no "Posted: ..." in its <li class="message">'}, for the message ${JSON.stringify(message.text)}` : `a board with ${listMessages(messages)}`,
        step: STEP.time,
        note: message?.posted && !readTime(message.posted) ? TIME_NOTE : 'Take the time when the message is posted, store it with the message, and show the stored time.',
      });
    }
  });
});

lane('the data file', () => {
  it.sequential('keeps the board in the file that DATA_FILE names, as JSON, once a post has been answered', async (context) => {
    const spec = ownSpec(context);
    const file = path.join(await spec.folder(), `${spec.random.word()}.json`);
    const board = await spec.start(file, 'without a data file yet', STEP.file);
    const posted = await postMessage(board, randomSentence(3, spec.random), STEP.file);
    // This spec is about where and how the board is kept; the next ones are about when. So the
    // file may come a little after the answer (up to 2 s: each change in its folder is looked
    // at), or even only when the server is stopped (SIGTERM): that is a failure, but one of step 5.
    let saved = await readDataFileWhen(file, (read) => read.ok && read.strings.includes(posted.text), 2000);
    const whileRunning = saved;
    await board.stop();
    if (!(whileRunning.ok && whileRunning.strings.includes(posted.text))) saved = await readDataFile(file);
    const holds = saved.ok && saved.strings.includes(posted.text);
    const besideServer = path.join(server.dir, 'messages.json');
    const wroteThere = !saved.ok && saved.missing && parseDataFile(bytesNow(besideServer)).ok;
    check(holds && whileRunning.ok && whileRunning.strings.includes(posted.text), {
      expected: `once the POST was answered, ${file} to exist, be valid JSON, and hold the message ${JSON.stringify(posted.text)}`,
      sent: `DATA_FILE=${file}, a file that did not exist yet; then\n${posted.exchange.sent.toString('utf8')}`,
      got: `${parseResponse(posted.exchange.received).statusLine}; 2 s later the data file ${whileRunning.ok ? `is valid JSON, but without the message (its strings: ${JSON.stringify(whileRunning.strings.slice(0, 6).map(short))})` : whileRunning.problem}${holds ? '; it held the message only once the server was stopped (SIGTERM)' : ''}`,
      // A file that is there and JSON (now or once stopped) was written at the wrong moment.
      step: saved.ok ? STEP.save : STEP.file,
      note: wroteThere
        ? `Your server wrote ${besideServer} instead. Read the file name from process.env.DATA_FILE; only when it is not set, use messages.json beside server.ts.`
        : holds
          ? 'Saving when the server stops is too late: a crash runs no code. Save on every change, before you answer.'
          : saved.ok
            ? 'The file was saved, but not with the message in it: save after each change, before you answer.'
            : 'Read the file name from process.env.DATA_FILE (only when it is not set, use messages.json beside server.ts), and write the board to it as JSON.',
    });
  });

  it.sequential('starts an empty board when the data file is missing, and says so on stdout, naming the file', async (context) => {
    const spec = ownSpec(context);
    const file = path.join(await spec.folder(), `${spec.random.word()}.json`);
    const board = await spec.start(file, 'without a data file', STEP.load);
    const said = await board.waitForOutput((printed) => printed.includes(file));
    const messages = await messagesOn(board, 'started without a data file', STEP.load);
    check(said && messages.length === 0, {
      expected: `an empty board, and a line on stdout that names the missing file (${file}) and says the board starts empty`,
      sent: `DATA_FILE=${file} (a file that does not exist), then GET /`,
      got: `a board with ${listMessages(messages)}; the server printed:\n${printedBy(board)}`,
      step: STEP.load,
    });
  });

  it.sequential('saves every change before answering: each post, and Clear', async (context) => {
    const spec = ownSpec(context);
    const file = path.join(await spec.folder(), 'messages.json');
    const board = await spec.start(file, 'without a data file yet', STEP.save);
    // A board of a few megabytes takes a few milliseconds to save: a server that saves after
    // answering is still saving when its answer arrives, and the file is read at that moment.
    // How soon this side sees the answer depends on how busy the machine is, so it looks ten
    // times: a board that saves first passes every time, one that answers first is seen at it.
    const posted = await fillWithBigMessages(board, file, SAVE_WATCH.bigMessages, spec.random);
    for (let i = 0; i < SAVE_WATCH.posts; i++) {
      const answered = await postMessage(board, randomSentence(3, spec.random), STEP.save, () => bytesNow(file));
      posted.push(answered.text);
      const saved = parseDataFile(answered.seen ?? new Error('not read'));
      check(holdsAll(saved, posted), {
        expected: `the moment the answer arrives, the data file to hold every message posted so far, the new one included: ${JSON.stringify(posted.slice(-2).map(short))}`,
        sent: answered.exchange.sent,
        got: `${parseResponse(answered.exchange.received).statusLine}; at that moment the data file ${describeFile(saved, posted)}`,
        step: STEP.save,
        note: 'The 303 says "it is kept": change the board, save it, and only then answer.',
      });
    }
    const clear = await post(board, 'clear=', STEP.save, () => bytesNow(file));
    const saved = parseDataFile(clear.seen ?? new Error('not read'));
    const left = saved.ok ? posted.filter((t) => saved.strings.includes(t)) : posted;
    check(acknowledged(clear.status) && saved.ok && left.length === 0, {
      expected: 'the moment the answer to Clear arrives, a data file that is valid JSON and holds none of the messages',
      sent: clear.exchange.sent,
      got: `${parseResponse(clear.exchange.received).statusLine}; at that moment the data file ${saved.ok ? `still holds ${JSON.stringify(left.map(short))}` : saved.problem}`,
      step: STEP.save,
      note: 'Clear is a change like any other: save it too, or the messages come back after a restart.',
    });
  });

  it.sequential('keeps the data file whole for a reader that is reading it while a save replaces it', async (context) => {
    const spec = ownSpec(context);
    const file = path.join(await spec.folder(), 'messages.json');
    const board = await spec.start(file, 'without a data file yet', STEP.atomic);
    for (let i = 0; i < 3; i++) await postMessage(board, randomSentence(3, spec.random), STEP.atomic);
    // A reader (a backup, say) opens the file and reads the first half of it; a save comes; it
    // reads the rest. With a temp file renamed over the data file, the file it opened is never
    // written to again: it reads the board it opened, whole. Written in place, it reads the start
    // of one board and the end of another.
    const handle = await openServerFile(file).catch((error: Error) =>
      fail({ expected: `the data file ${file} to be there once 3 posts were answered`, got: error.message, step: STEP.save }),
    );
    context.onTestFinished(() => handle.close());
    const readFrom = async (position: number) => {
      const { size } = await handle.stat();
      const bytes = Buffer.alloc(Math.max(0, size - position));
      const { bytesRead } = await handle.read(bytes, 0, bytes.length, position);
      return bytes.subarray(0, bytesRead);
    };
    const whole = await readFrom(0);
    const half = Math.floor(whole.length / 2);
    const saving = await postMessage(board, randomSentence(3, spec.random), STEP.atomic);
    const read = Buffer.concat([whole.subarray(0, half), await readFrom(half)]);
    const asRead = parseDataFile(read);
    check(read.equals(whole), {
      expected: 'a reader that opened the data file before a save, and read its second half after it, to read one whole board: the one it opened',
      sent: `3 posts; the data file opened and its first ${half} of ${whole.length} bytes read; then\n${saving.exchange.sent.toString('utf8')}\nthen the rest of the file read`,
      got: `${read.length} bytes that ${asRead.ok ? 'are not the board the reader opened: the start of one board and the end of another' : asRead.problem}. The file the reader had open was written to while it read.`,
      step: STEP.atomic,
      note: 'Writing straight into the data file shows every reader (and every crash) a file half written. Write a temp file beside it, then rename it over the data file: the rename swaps the whole file at once, and a reader of the old one keeps the old one.',
    });
  });
});

lane('restarts and crashes', () => {
  it.sequential('brings every message back, in order and with its time, after a restart', async (context) => {
    const spec = ownSpec(context);
    const file = path.join(await spec.folder(), 'messages.json');
    let board = await spec.start(file, 'without a data file yet', STEP.restart);
    for (let i = 0; i < 3; i++) await postMessage(board, randomSentence(3, spec.random), STEP.restart);
    const before = await messagesOn(board, 'before the restart', STEP.restart);
    await board.stop();
    board = await spec.start(file, 'again on the data file it saved', STEP.restart);
    const after = await messagesOn(board, 'after the restart', STEP.restart);
    const show = (messages: ShownMessage[]) => messages.map((m) => `${m.posted ?? '(no time)'}  ${m.text}`).join('\n  ');
    const texts = (messages: ShownMessage[]) => JSON.stringify(messages.map((m) => m.text));
    // Which step explains it: the texts came back with new times (2), nothing came back (4).
    const step = after.length === 0 ? STEP.load : texts(after) === texts(before) ? STEP.time : STEP.restart;
    check(before.length === 3 && JSON.stringify(after) === JSON.stringify(before), {
      expected: 'the same 3 messages after the restart, in the same order, each with the time it was first posted',
      sent: `3 posts; then the server stopped (SIGTERM) and started again with the same DATA_FILE (${file})`,
      got: `before:\n  ${show(before)}\nafter:\n  ${show(after) || '(no messages)'}`,
      step,
      note:
        step === STEP.time
          ? 'The messages came back with other times: keep each message\'s "posted" as it was saved, and never take a new time when loading.'
          : step === STEP.load
            ? 'Read the data file when the server starts (before it listens), and start with what it holds.'
            : 'Load the file when the server starts, in the order it was saved, each message with its "posted" as it was saved.',
    });
  });

  it.sequential('keeps a cleared board empty after a restart', async (context) => {
    const spec = ownSpec(context);
    const file = path.join(await spec.folder(), 'messages.json');
    let board = await spec.start(file, 'without a data file yet', STEP.save);
    await postMessage(board, randomSentence(3, spec.random), STEP.save);
    await postMessage(board, randomSentence(3, spec.random), STEP.save);
    const clear = await post(board, 'clear=', STEP.save);
    await board.stop();
    board = await spec.start(file, 'again on the data file it saved', STEP.restart);
    const after = await messagesOn(board, 'after Clear and a restart', STEP.save);
    check(acknowledged(clear.status) && after.length === 0, {
      expected: 'an empty board: Clear was answered before the restart',
      sent: `2 posts, then\n${clear.exchange.sent.toString('utf8')}\nthen the server stopped and started again`,
      got: `${parseResponse(clear.exchange.received).statusLine} for Clear; after the restart, a board with ${listMessages(after)}`,
      step: STEP.save,
      note: 'Clear is a change like any other: save it before answering.',
    });
  });

  besideEachOther('loses no message when it is killed (SIGKILL) right after answering the POST', async (context) => {
    const spec = ownSpec(context);
    const file = path.join(await spec.folder(), 'messages.json');
    let board = await spec.start(file, 'without a data file yet', STEP.save);
    await fillWithBigMessages(board, file, 3, spec.random);
    let before = await messagesOn(board, 'before the first crash', STEP.save);
    for (let round = 1; round <= 2; round++) {
      const posted = await postMessage(board, randomSentence(3, spec.random), STEP.save, () => bytesNow(file));
      await board.kill(); // the moment the answer is in: no time to save after it
      const atAnswer = parseDataFile(posted.seen ?? new Error('not read'));
      board = await spec.start(file, 'again after a SIGKILL', STEP.restart);
      const after = await messagesOn(board, 'after the crash', STEP.save);
      const last = after.at(-1);
      const kept = JSON.stringify(after.slice(0, -1)) === JSON.stringify(before);
      const iso = (when: number) => new Date(when).toISOString();
      check(kept && last?.text === posted.text && postedWithin(last.posted, posted.start, posted.end), {
        expected: `after the crash, the ${before.length} earlier messages as they were (times included), then ${JSON.stringify(posted.text)}, posted between ${iso(posted.start)} and ${iso(posted.end)}`,
        sent: `${posted.exchange.sent.toString('utf8')}\n(then, the moment its answer arrived, SIGKILL, and a restart with the same DATA_FILE)`,
        got: `${parseResponse(posted.exchange.received).statusLine}; when it arrived, the data file ${atAnswer.ok ? (atAnswer.strings.includes(posted.text) ? 'held the message' : 'did not hold the message yet') : atAnswer.problem}; after the restart, a board with ${listMessages(after.map((m) => ({ ...m, text: short(m.text) })), 4)}\n  (the last one shown as "Posted: ${last?.posted ?? '(nothing)'}")`,
        step: STEP.save,
        note: 'A crash gives no warning: save before you answer, so that "303" means "it is on disk".',
      });
      before = after;
    }
  });

  besideEachOther('keeps the data file whole, with every answered message, when killed at random moments of a burst of posts', async (context) => {
    const spec = ownSpec(context);
    const file = path.join(await spec.folder(), 'messages.json');
    let board = await spec.start(file, 'without a data file yet', STEP.save);
    const answered = await fillWithBigMessages(board, file, 3, spec.random);
    const tag = spec.random.word(6);
    // Drawn up front, so that the data is the same however many rounds fit in the time.
    const killDelays = Array.from({ length: 6 }, () => spec.random.int(5, 80));
    const deadline = Date.now() + 3000;
    for (let round = 1; round <= killDelays.length && Date.now() < deadline; round++) {
      if (round > 1) board = await spec.start(file, `again after the SIGKILL of round ${round - 1}, on the data file it left`, STEP.restart);
      const killAfter = killDelays[round - 1] ?? 5;
      const running = board;
      const killing = sleep(killAfter).then(() => running.kill());
      // A burst: four clients posting at once, each as fast as it is answered, so that the server
      // is saving most of the time when the kill comes.
      let posts = 0;
      const client = async (name: number) => {
        for (let n = 1; running.running && n <= 100; n++) {
          const text = `${tag} ${round}.${name}.${n}`;
          posts++;
          // No answer: the server died while answering, and this one was not acknowledged.
          const exchange = await rawExchange(postBytes(running, `message=${formValue(text)}`), { port: running.port, until: 'response', timeoutMs: 4000 });
          if (acknowledged(parseResponse(exchange.received).status)) answered.push(text);
        }
      };
      await Promise.all([1, 2, 3, 4].map(client));
      await killing;
      const saved = await readDataFile(file);
      const missing = missingFrom(saved, answered);
      check(saved.ok && missing.length === 0, {
        expected: `after a SIGKILL at a random moment, a data file that is valid JSON and holds every one of the ${answered.length} messages answered with a 303`,
        sent: `round ${round}: four clients posting at once (${posts} posts sent), and SIGKILL ${killAfter} ms in`,
        got: saved.ok ? `a file without ${missing.length} answered message(s): ${JSON.stringify(missing.slice(-3).map(short))}` : `a file that ${saved.problem}`,
        // A whole file without an answered message: saved too late (5); a broken file: not atomic (6).
        step: saved.ok ? STEP.save : STEP.atomic,
        note: saved.ok
          ? 'An answered message must already be on disk: save before you answer, one save after another (a save that overlaps another can put an older board in place last).'
          : 'writeFile empties the file first and fills it after: a crash in between leaves it half written. Write a temp file, then rename it over the data file.',
      });
    }
  });

  // The whole board in a browser, typed, reloaded, restarted and cleared: beside the two above when
  // the file runs alone (a block of its own at the end of the file could only run after all others).
  describeBoardInBrowser(
    'saves a message typed into the form, does not post it twice on reload, keeps it through a restart, and clears it',
    { post: STEP.board, redirect: STEP.board, clear: STEP.board, restart: STEP.restart },
    async (context) => {
      const spec = ownSpec(context);
      const file = path.join(await spec.folder(), 'messages.json');
      let board = await spec.start(file, 'without a data file yet', STEP.board);
      return {
        random: spec.random,
        // A getter: the restarted board listens on a port of its own.
        get url() {
          return board.url;
        },
        restart: async () => {
          await board.stop();
          board = await spec.start(file, 'again on the data file it saved', STEP.restart);
        },
      };
    },
  );
});

lane('a data file it cannot use', () => {
  const rows: [string, (random: RandomData) => Buffer][] = [
    ['random bytes', (random) => random.bytes(600)],
    [
      'JSON cut off in the middle',
      (random) => Buffer.from(JSON.stringify([{ text: randomSentence(3, random), posted: new Date().toISOString() }, { text: randomSentence(3, random), posted: new Date().toISOString() }]).slice(0, -12)),
    ],
    ['nothing at all (an empty file)', () => Buffer.alloc(0)],
    ['JSON that is not a list of messages', (random) => Buffer.from(JSON.stringify({ [random.word()]: random.int(1, 99) }))],
    ['a list of numbers, not of messages', (random) => Buffer.from(JSON.stringify([random.int(1, 99), random.int(1, 99)]))],
  ];
  // it.for, not it.each: it hands the spec its context (its random data, its servers).
  it.sequential.for(rows)('never writes over a data file that holds %s: it refuses to start, or moves the file aside and says where', async ([, make], context) => {
    const spec = ownSpec(context);
    await expectKeptSafe(spec, make(spec.random));
  });

  async function expectKeptSafe(spec: OwnSpec, original: Buffer): Promise<void> {
    const folder = await spec.folder();
    const file = path.join(folder, 'messages.json');
    await writeFile(file, original);
    const sent = `DATA_FILE=${file}, a file of ${original.length} bytes that is not a board`;
    let board: RunningServer | undefined;
    let refusal: string | undefined;
    try {
      board = await spec.launch(file);
    } catch (error) {
      if (!(error instanceof ServerStartError)) throw error;
      refusal = error.message;
    }
    // Started, then an answer, a page. A board that listens first and then refuses (exits) is
    // refusing too, only later: that is seen as the exit, waited for as an event.
    const text = randomSentence(3, spec.random);
    const body = `message=${formValue(text)}`;
    let answer: { status?: number; sent: Buffer; received: Buffer } | undefined;
    if (board) {
      const exchange = await rawExchange(postBytes(board, body), { port: board.port, until: 'response', timeoutMs: 4000 });
      const status = parseResponse(exchange.received).status;
      if (status === undefined) {
        await Promise.race([board.whenExited(), sleep(2000)]);
        if (board.exit) refusal = `It started listening, then ${(await whatHappenedTo(board)).replace(/^the server /, '')}`;
        else fail({ expected: 'an answer to the POST', sent: exchange.sent, got: `no answer (${exchange.error ?? 'nothing came back within 4 s'}); ${await whatHappenedTo(board)}`, step: STEP.broken });
      }
      answer = { status, sent: exchange.sent, received: exchange.received };
    }

    if (refusal !== undefined) {
      // It refused to start: the file must be untouched, and the message must name it.
      const kept = await readServerFile(file).catch(() => undefined);
      check(kept?.equals(original) && refusal.includes(file), {
        expected: `a server that will not start to say so naming the data file (${file}) and what to do, and to leave the file as it was`,
        sent,
        got: `the file is ${kept === undefined ? 'gone' : kept.equals(original) ? 'unchanged' : 'changed'}; ${refusal}`,
        step: STEP.broken,
      });
      return;
    }
    // It started: then it must have put the file aside, said where, and started empty.
    const started = board as RunningServer;
    const messages = await messagesOn(started, 'after the post', STEP.broken);
    await started.stop();
    const stillThere = (await readServerFile(file).catch(() => undefined))?.equals(original) === true;
    const copies = (await filesHolding(folder, original)).filter((f) => f !== file);
    const told = copies.filter((f) => started.printed.includes(f) || started.printed.includes(path.basename(f)));
    const where = stillThere
      ? 'the data file still holds them, but the server neither refused to start nor moved it aside'
      : copies.length
        ? `they were moved to ${copies.join(', ')}${told.length ? '' : ', but stdout does not say where'}`
        : 'they are gone: no file in the folder holds them any more';
    check(told.length > 0 && acknowledged(answer?.status) && messages.length === 1 && messages[0]?.text === text, {
      expected: 'either a refusal to start, or: the file moved aside (its bytes kept in another file), a line on stdout saying where, and a fresh board',
      sent: `${sent}; then\n${answer?.sent.toString('utf8') ?? ''}`,
      got: `the server started. The file's original bytes: ${where}.\n  ${parseResponse(answer?.received ?? Buffer.alloc(0)).statusLine} for the post, then a board with ${listMessages(messages)}\n  It printed:\n${printedBy(started)}`,
      step: STEP.broken,
      note:
        copies.length === 0 && !stillThere
          ? 'Catching every error and starting with an empty list means the next save writes over the file: every old message is gone. Only a missing file means "no messages yet".'
          : 'Only a missing file means "no messages yet". Any other problem: stop with a message that names the file and what to do (process.exit(1)), or move the file aside and say where.',
    });
  }
});
