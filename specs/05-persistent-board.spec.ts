// Specs for exercise 05: the message board kept in a JSON file, with timestamps.
// Run: npm test exercises/05
// Everything exercise 04's board did still holds (./harness/board.ts); then come the timestamps,
// the data file, restarts and crashes. Every server here keeps its data in a temp folder.
import { mkdtempSync } from 'node:fs';
import { mkdtemp, open, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, describe, it, onTestFinished } from 'vitest';
import { BOARD_STEPS, describeMessageBoard, describePost, formValue, listMessages, postForm, randomSentence, readMessages, type ShownMessage } from './harness/board.ts';
import { kata, useServer } from './harness/kata.ts';
import { describeBoardInBrowser } from './harness/board-browser.ts';
import { stepLink } from './harness/lesson.ts';
import { parseResponse, rawExchange, requestHead } from './harness/raw-http.ts';
import { ServerStartError, sleep, type RunningServer } from './harness/server-process.ts';
import { check } from './harness/teach.ts';

// One temp folder holds every data file of this spec file. It is removed after the servers have
// stopped: vitest runs afterAll hooks in reverse order, and useServer registers its own below.
const tempRoot = mkdtempSync(path.join(tmpdir(), 'netkata-board-'));
afterAll(() => rm(tempRoot, { recursive: true, force: true }));

const MAIN_DATA_FILE = path.join(tempRoot, 'messages.json');
const server = useServer({ env: { DATA_FILE: MAIN_DATA_FILE } });

// The size of a message that makes a save take a few milliseconds, long enough for a reader or
// a crash to land in the middle of one: a file that is only briefly half written still is.
const BIG_MESSAGE_CHARS = 900_000;

// ---------------------------------------------------------------------------------------------
// Helpers

/** A fresh folder for one spec's data file. */
const dataFolder = () => mkdtemp(path.join(tempRoot, 'spec-'));

/** Starts a board that keeps its messages in `dataFile`; it is stopped when the spec ends. */
async function startBoard(dataFile: string, port?: number): Promise<RunningServer> {
  const board = await server.start({ env: { DATA_FILE: dataFile }, port });
  onTestFinished(() => board.stop());
  return board;
}

/** The messages on a board, failing with a teaching message if the page does not come. */
async function messagesOn(board: RunningServer, why: string, step: number): Promise<ShownMessage[]> {
  const res = await request(board.url).get('/');
  check(res.status === 200, { expected: `GET / to answer 200 with the board (${why})`, sent: 'GET / HTTP/1.1', got: res, step });
  return readMessages(res.text);
}

/** Posts a message; returns its status and the window of time it was posted in. */
async function timedPost(board: RunningServer, text: string): Promise<{ text: string; status: number; start: number; end: number }> {
  const start = Date.now();
  const res = await postForm(board.url, `message=${formValue(text)}`);
  return { text, status: res.status, start, end: Date.now() };
}

const answered = (status: number | undefined) => status === 303 || status === 200;

/** Posts messages of about 900 KB each, so that every later save writes a few megabytes. */
async function fillWithBigMessages(board: RunningServer, dataFile: string, count: number): Promise<string[]> {
  const texts: string[] = [];
  for (let i = 0; i < count; i++) {
    const text = `${kata.random.word(8)} ${'x'.repeat(BIG_MESSAGE_CHARS)}`;
    const res = await postForm(board.url, `message=${formValue(text)}`);
    check(answered(res.status), { expected: `a big message (${BIG_MESSAGE_CHARS} characters, under 1 MiB) to be saved with a 303`, got: `status ${res.status}`, step: 5 });
    texts.push(text);
  }
  const saved = await readDataFile(dataFile);
  const missing = missingFrom(saved, texts);
  check(saved.ok && missing.length === 0, {
    expected: `after ${count} posts were answered, the data file (${dataFile}) to be valid JSON and hold all ${count} messages`,
    got: saved.ok ? `a file without ${missing.length} of them` : `a file that ${saved.problem}`,
    step: 5,
  });
  return texts;
}

/** Every string in a JSON value, in document order: the board's texts, wherever they are kept. */
function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([key, inner]) => [key, ...stringsIn(inner)]);
  return [];
}

type FileRead = { ok: true; strings: string[]; bytes: Buffer } | { ok: false; problem: string; bytes?: Buffer };

/** Reads and parses the data file. */
async function readDataFile(file: string): Promise<FileRead> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    return { ok: false, problem: `cannot be read (${(error as Error).message})` };
  }
  if (bytes.length === 0) return { ok: false, problem: 'is empty (0 bytes), which is not JSON', bytes };
  try {
    return { ok: true, strings: stringsIn(JSON.parse(bytes.toString('utf8'))), bytes };
  } catch (error) {
    return { ok: false, problem: `is not valid JSON (${(error as Error).message}); its ${bytes.length} bytes end with ${JSON.stringify(bytes.subarray(-60).toString('utf8'))}`, bytes };
  }
}

/** What a server printed, indented, for a failure message. */
const printedBy = (board: RunningServer) =>
  board.printed
    .trimEnd()
    .split('\n')
    .slice(-12)
    .map((line) => `  │ ${line}`)
    .join('\n') || '  │ (nothing)';

const short = (text: string) => (text.length > 60 ? `${text.slice(0, 40)}… (${text.length} characters)` : text);

/** The messages of `texts` that the file does not hold. */
const missingFrom = (read: FileRead, texts: string[]) => (read.ok ? texts.filter((t) => !read.strings.includes(t)) : texts);

/** Every file under `folder` whose bytes are exactly `bytes`. */
async function filesHolding(folder: string, bytes: Buffer): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(folder, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    if ((await stat(file)).size === bytes.length && (await readFile(file)).equals(bytes)) found.push(file);
  }
  return found;
}

// ISO 8601 with a date, a time to the second at least, and a time zone ("Z" or "+02:00").
const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/;

/** Whether a shown time lies in [start, end], allowing for one that is cut to the second. */
function postedWithin(posted: string, start: number, end: number): boolean {
  const time = Date.parse(posted);
  const from = /\.\d/.test(posted) ? start : Math.floor(start / 1000) * 1000;
  return ISO_8601.test(posted) && time >= from && time <= end;
}

// ---------------------------------------------------------------------------------------------
// The specs

describe('the board from exercise 04', () => {
  describeMessageBoard(server, {
    step: () => 1,
    note: (topic) => `This is what exercise 04's board did, and yours must still do: ${stepLink('04-message-board', BOARD_STEPS[topic])}`,
  });
});

describe('timestamps', () => {
  it('shows "Posted:" and the ISO 8601 date and time at which each message was posted', async () => {
    const first = await timedPost(server.current, randomSentence());
    // Let the clock move on, so that a time taken later (when the page is made) would differ.
    while (Date.now() <= first.end + 2) await sleep(1);
    const second = await timedPost(server.current, randomSentence());
    while (Date.now() <= second.end + 2) await sleep(1);
    const messages = await messagesOn(server.current, 'after two posts', 2);
    const shown = messages.slice(-2);
    const iso = (when: number) => new Date(when).toISOString();
    for (const [i, post] of [first, second].entries()) {
      const message = shown[i];
      check(message?.text === post.text && message.posted !== undefined && postedWithin(message.posted, post.start, post.end), {
        expected: `message ${JSON.stringify(post.text)} to show "Posted: " and a time in ISO 8601, with its time zone, between ${iso(post.start)} and ${iso(post.end)} (while its POST was being answered)`,
        sent: `two posts, a few milliseconds apart: ${JSON.stringify(first.text)}, then ${JSON.stringify(second.text)}`,
        got: message ? `${message.posted ? `"Posted: ${message.posted}"` : 'no "Posted: ..." in its <li class="message">'}, for the message ${JSON.stringify(message.text)}` : `a board with ${listMessages(messages)}`,
        step: 2,
        note:
          message?.posted && !ISO_8601.test(message.posted)
            ? 'ISO 8601 looks like 2025-03-01T14:05:09.123Z: new Date().toISOString() writes it.'
            : 'Take the time when the message is posted, store it with the message, and show the stored time.',
      });
    }
  });
});

describe('the data file', () => {
  it('starts an empty board when the data file is missing, says so on stdout, and creates the file named by DATA_FILE on the first post', async () => {
    const file = path.join(await dataFolder(), `${kata.random.word()}.json`);
    const board = await startBoard(file);
    const said = await board.waitForOutput((printed) => printed.includes(file));
    const messages = await messagesOn(board, 'started without a data file', 4);
    check(said && messages.length === 0, {
      expected: `an empty board, and a line on stdout that names the missing file (${file}) and says the board starts empty`,
      sent: `DATA_FILE=${file} (a file that does not exist), then GET /`,
      got: `a board with ${listMessages(messages)}; the server printed:\n${printedBy(board)}`,
      step: 4,
    });
    const post = await timedPost(board, randomSentence());
    const saved = await readDataFile(file);
    check(answered(post.status) && saved.ok && saved.strings.includes(post.text), {
      expected: `once the first POST is answered, ${file} to exist, be valid JSON, and hold the message ${JSON.stringify(post.text)}`,
      sent: describePost(`message=${formValue(post.text)}`),
      got: `status ${post.status}; the data file ${saved.ok ? `is valid JSON, but without the message (its strings: ${JSON.stringify(saved.strings.slice(0, 6))})` : saved.problem}`,
      step: 3,
      note: 'Read the file name from process.env.DATA_FILE; only when it is not set, use messages.json beside server.ts.',
    });
  });

  it('saves every change before answering: each post, and Clear', async () => {
    const board = server.current;
    const file = MAIN_DATA_FILE;
    const posted: string[] = [];
    for (const text of [randomSentence(), randomSentence()]) {
      const post = await timedPost(board, text);
      posted.push(text);
      const saved = await readDataFile(file);
      const order = saved.ok ? posted.map((t) => saved.strings.indexOf(t)) : [];
      check(answered(post.status) && saved.ok && order.every((at, i) => at >= 0 && (i === 0 || at > (order[i - 1] ?? 0))), {
        expected: `as soon as the POST is answered, the data file to hold ${posted.length === 1 ? 'the message' : 'both messages, in the order posted'}: ${JSON.stringify(posted)}`,
        sent: describePost(`message=${formValue(text)}`),
        got: `status ${post.status}; the data file ${saved.ok ? `ends with the strings ${JSON.stringify(saved.strings.slice(-8))}` : saved.problem}`,
        step: 5,
      });
    }
    const clear = await postForm(board.url, 'clear=');
    const saved = await readDataFile(file);
    const left = saved.ok ? posted.filter((t) => saved.strings.includes(t)) : posted;
    check(answered(clear.status) && saved.ok && left.length === 0, {
      expected: 'as soon as the Clear is answered, a data file that is valid JSON and holds none of the messages',
      sent: describePost('clear='),
      got: `status ${clear.status}; the data file ${saved.ok ? `still holds ${JSON.stringify(left)}` : saved.problem}`,
      step: 5,
      note: 'Clear is a change like any other: save it too, or the messages come back after a restart.',
    });
  });
});

describe('restarts and crashes', () => {
  it('brings every message back, in order and with its time, after a restart', async () => {
    const file = path.join(await dataFolder(), 'messages.json');
    let board = await startBoard(file);
    for (let i = 0; i < 3; i++) await timedPost(board, randomSentence());
    const before = await messagesOn(board, 'before the restart', 8);
    await board.stop();
    board = await startBoard(file, board.port);
    const after = await messagesOn(board, 'after the restart', 8);
    const show = (messages: ShownMessage[]) => messages.map((m) => `${m.posted ?? '(no time)'}  ${m.text}`).join('\n  ');
    check(before.length === 3 && JSON.stringify(after) === JSON.stringify(before), {
      expected: 'the same 3 messages after the restart, in the same order, each with the time it was first posted',
      sent: `3 posts; then the server stopped (SIGTERM) and started again with the same DATA_FILE (${file})`,
      got: `before:\n  ${show(before)}\nafter:\n  ${show(after) || '(no messages)'}`,
      step: 8,
      note: 'Load the file when the server starts, and keep each message\'s "posted" as it was saved: never take a new time when loading.',
    });
  });

  it('keeps a cleared board empty after a restart', async () => {
    const file = path.join(await dataFolder(), 'messages.json');
    let board = await startBoard(file);
    await timedPost(board, randomSentence());
    await timedPost(board, randomSentence());
    const clear = await postForm(board.url, 'clear=');
    await board.stop();
    board = await startBoard(file, board.port);
    const after = await messagesOn(board, 'after Clear and a restart', 5);
    check(answered(clear.status) && after.length === 0, {
      expected: 'an empty board: Clear was answered before the restart',
      sent: `2 posts, then ${describePost('clear=')}\nthen the server stopped and started again`,
      got: `status ${clear.status} for Clear; after the restart, a board with ${listMessages(after)}`,
      step: 5,
      note: 'Clear is a change like any other: save it before answering.',
    });
  });

  it('loses no message when it is killed (SIGKILL) right after answering the POST', async () => {
    const file = path.join(await dataFolder(), 'messages.json');
    let board = await startBoard(file);
    await fillWithBigMessages(board, file, 3);
    let before = await messagesOn(board, 'before the first crash', 5);
    for (let round = 1; round <= 2; round++) {
      const text = randomSentence();
      const body = `message=${formValue(text)}`;
      const head = requestHead('POST', '/', board.port, ['Content-Type: application/x-www-form-urlencoded', `Content-Length: ${body.length}`]);
      const start = Date.now();
      const exchange = await rawExchange([head + body], { port: board.port, until: 'response' });
      const end = Date.now();
      await board.kill(); // the moment the answer is in: no time to save after it
      const status = parseResponse(exchange.received).status;
      board = await startBoard(file, board.port);
      const after = await messagesOn(board, 'after the crash', 5);
      const last = after.at(-1);
      const kept = JSON.stringify(after.slice(0, -1)) === JSON.stringify(before);
      check(answered(status) && kept && last?.text === text && last.posted !== undefined && postedWithin(last.posted, start, end), {
        expected: `after the crash, the ${before.length} earlier messages as they were (times included), then ${JSON.stringify(text)}, posted between ${new Date(start).toISOString()} and ${new Date(end).toISOString()}`,
        sent: `${describePost(body)}\n(then, the moment its answer arrived, SIGKILL, and a restart with the same DATA_FILE)`,
        got: `${parseResponse(exchange.received).statusLine || 'no answer'}; after the restart, a board with ${listMessages(after.map((m) => ({ ...m, text: short(m.text) })), 4)}`,
        step: 5,
        note: 'A crash gives no warning: save before you answer, so that "303" means "it is on disk".',
      });
      before = after;
    }
  });

  it('keeps the data file whole, with every answered message, when killed at random moments of a burst of posts', async () => {
    const file = path.join(await dataFolder(), 'messages.json');
    let board = await startBoard(file);
    const acknowledged = await fillWithBigMessages(board, file, 3);
    const tag = kata.random.word(6);
    const deadline = Date.now() + 3000;
    for (let round = 1; round <= 6 && Date.now() < deadline; round++) {
      if (round > 1) board = await startBoard(file);
      const killAfter = kata.random.int(5, 80);
      const running = board;
      const killing = sleep(killAfter).then(() => running.kill());
      // A burst: four clients posting at once, each as fast as it is answered, so that the server
      // is saving most of the time when the kill comes.
      let posts = 0;
      const client = async (name: number) => {
        for (let n = 1; running.running && n <= 100; n++) {
          const text = `${tag} ${round}.${name}.${n}`;
          posts++;
          const status = await postForm(running.url, `message=${formValue(text)}`).then(
            (res) => res.status,
            () => 0, // the server died while answering: this one was not acknowledged
          );
          if (answered(status)) acknowledged.push(text);
        }
      };
      await Promise.all([1, 2, 3, 4].map(client));
      await killing;
      const saved = await readDataFile(file);
      const missing = missingFrom(saved, acknowledged);
      check(saved.ok && missing.length === 0, {
        expected: `after a SIGKILL at a random moment, a data file that is valid JSON and holds every one of the ${acknowledged.length} messages answered with a 303`,
        sent: `round ${round}: four clients posting at once (${posts} posts sent), and SIGKILL ${killAfter} ms in`,
        got: saved.ok ? `a file without ${missing.length} answered message(s): ${JSON.stringify(missing.slice(-3).map(short))}` : `a file that ${saved.problem}`,
        step: 6,
        note: saved.ok
          ? 'An answered message must already be on disk: save before you answer.'
          : 'writeFile empties the file first and fills it after: a crash in between leaves it half written. Write a temp file, then rename it over the data file.',
      });
    }
  });

  it('never lets a reader find the data file half written while posts come in', async () => {
    const file = path.join(await dataFolder(), 'messages.json');
    const board = await startBoard(file);
    await fillWithBigMessages(board, file, 3);
    // A reader that looks at the file as often as it can while the posts go on; a whole JSON
    // board ends with "]" or "}", and a file still being written ends anywhere.
    let reading = true;
    let seen = 0;
    let torn: string | undefined;
    const reader = (async () => {
      while (reading && torn === undefined) {
        const handle = await open(file, 'r').catch(() => undefined);
        if (!handle) {
          torn = 'not there at all';
          break;
        }
        try {
          const { size } = await handle.stat();
          const tail = Buffer.alloc(Math.min(size, 40));
          await handle.read(tail, 0, tail.length, size - tail.length);
          seen++;
          if (!/[\]}]\s*$/.test(tail.toString('latin1'))) torn = size === 0 ? 'empty (0 bytes)' : `${size} bytes, ending with ${JSON.stringify(tail.toString('latin1'))}`;
        } finally {
          await handle.close();
        }
      }
    })();
    const statuses: number[] = [];
    for (let i = 0; i < 12 && torn === undefined; i++) statuses.push((await timedPost(board, randomSentence())).status);
    reading = false;
    await reader;
    check(torn === undefined && statuses.every(answered), {
      expected: 'the data file to be a whole JSON document every time it is read, even while a save is under way',
      sent: `${statuses.length} post(s), one after another, to a board of about ${Math.round((3 * BIG_MESSAGE_CHARS) / 1e6)} MB, while reading the data file over and over (${seen} reads)`,
      got: torn ? `at one read, the file was ${torn}` : `statuses ${statuses.join(', ')}`,
      step: 6,
      note: 'Writing straight into the data file shows every reader (and every crash) a file half written. Write a temp file beside it, then rename it over the data file: the rename swaps the whole file at once.',
    });
  });
});

describe('a data file it cannot use', () => {
  const rows: [string, () => Buffer][] = [
    ['random bytes', () => kata.random.bytes(600)],
    ['JSON cut off in the middle', () => Buffer.from(JSON.stringify([{ text: randomSentence(), posted: new Date().toISOString() }, { text: randomSentence(), posted: new Date().toISOString() }]).slice(0, -12))],
    ['nothing at all (an empty file)', () => Buffer.alloc(0)],
    ['JSON that is not a list of messages', () => Buffer.from(JSON.stringify({ [kata.random.word()]: kata.random.int(1, 99) }))],
  ];
  it.each(rows)('never writes over a data file that holds %s: it refuses to start, or moves the file aside and says where', async (_name, make) => {
    await expectKeptSafe(make());
  });


  async function expectKeptSafe(original: Buffer): Promise<void> {
    const folder = await dataFolder();
    const file = path.join(folder, 'messages.json');
    await writeFile(file, original);
    let board: RunningServer | undefined;
    let refusal: string | undefined;
    try {
      board = await startBoard(file);
    } catch (error) {
      if (!(error instanceof ServerStartError)) throw error;
      refusal = error.message;
    }

    if (!board) {
      // It refused to start: the file must be untouched, and the message must name it.
      const kept = await readFile(file).catch(() => undefined);
      check(kept?.equals(original) && refusal?.includes(file), {
        expected: `a server that will not start to say so naming the data file (${file}) and what to do, and to leave the file as it was`,
        sent: `DATA_FILE=${file}, a file of ${original.length} bytes that is not a board`,
        got: `the file is ${kept === undefined ? 'gone' : kept.equals(original) ? 'unchanged' : 'changed'}; ${refusal}`,
        step: 7,
      });
      return;
    }
    // It started: then it must have put the file aside, said where, and started empty.
    const text = randomSentence();
    const res = await postForm(board.url, `message=${formValue(text)}`);
    const messages = readMessages((await request(board.url).get('/')).text ?? '');
    await board.stop();
    const stillThere = (await readFile(file).catch(() => undefined))?.equals(original) === true;
    const copies = (await filesHolding(folder, original)).filter((f) => f !== file);
    const told = copies.filter((f) => board.printed.includes(f) || board.printed.includes(path.basename(f)));
    const where = stillThere
      ? 'the data file still holds them, but the server neither refused to start nor moved it aside'
      : copies.length
        ? `they were moved to ${copies.join(', ')}${told.length ? '' : ', but stdout does not say where'}`
        : 'they are gone: no file in the folder holds them any more';
    check(told.length > 0 && answered(res.status) && messages.length === 1 && messages[0]?.text === text, {
      expected: 'either a refusal to start, or: the file moved aside (its bytes kept in another file), a line on stdout saying where, and a fresh board',
      sent: `DATA_FILE=${file}, a file of ${original.length} bytes that is not a board; then ${describePost(`message=${formValue(text)}`)}`,
      got: `the server started. The file's original bytes: ${where}. Status ${res.status} for the post, then a board with ${listMessages(messages)}. It printed:\n${printedBy(board)}`,
      step: 7,
      note:
        copies.length === 0 && !stillThere
          ? 'Catching every error and starting with an empty list means the next save writes over the file: every old message is gone. Only a missing file means "no messages yet".'
          : 'Only a missing file means "no messages yet". Any other problem: stop with a message that names the file and what to do (process.exit(1)), or move the file aside and say where.',
    });
  }
});

describeBoardInBrowser(
  'saves a message typed into the form, does not post it twice on reload, keeps it through a restart, and clears it',
  { post: 1, redirect: 1, clear: 5, restart: 8 },
  async () => {
    const file = path.join(await dataFolder(), 'messages.json');
    let board = await startBoard(file);
    return {
      url: board.url,
      restart: async () => {
        await board.stop();
        board = await startBoard(file, board.port);
      },
    };
  },
);
