// Broken variants of solutions/05-persistent-board/server.ts. Each must fail at least one spec.
// The persistent board is still exercise 04's board, so it gets 04's mutants too (with edits of
// its own where its code reads differently), then the bugs of keeping the board in a file.
import board04 from './04-message-board.ts';
import { defineMutants, type Edit } from './index.ts';

const SAVE_THEN_ANSWER = '  saveMessages();\n  redirectToBoard(res);';
const PUSH = 'messages.push({ text, posted: new Date().toISOString() });';

const rewritten: Record<string, Edit[]> = {
  'shared-body': [
    { find: '    const chunks: Buffer[] = [];\n', replace: '' },
    { find: 'const messages: Message[] = loadMessages(DATA_FILE);', replace: 'const messages: Message[] = loadMessages(DATA_FILE);\nlet chunks: Buffer[] = [];' },
    {
      find: "req.on('end', () => resolve(Buffer.concat(chunks)));",
      replace: "req.on('end', () => {\n      resolve(Buffer.concat(chunks));\n      chunks = [];\n    });",
    },
  ],
  'newest-first': [{ find: PUSH, replace: 'messages.unshift({ text, posted: new Date().toISOString() });' }],
  'blank-accepted': [{ find: "if (text.trim() !== '') messages.push(", replace: "if (form.has('message')) messages.push(" }],
};

// Exercise 04's bugs are caught by 04's specs, which run first here and point at "1. Start from
// your board" (which sends the learner on to the step of 04's lesson that explains each).
const FROM_04 = 1;

export default defineMutants([
  ...board04.map((mutant) => ({ ...mutant, step: FROM_04, edits: rewritten[mutant.name] ?? mutant.edits })),
  // The source chapter's persistent board.
  {
    name: 'bare-except',
    step: 7,
    reason: "treats any error while loading as a missing file and starts empty, so the next save writes over a corrupt file (the source chapter's board)",
    edits: [
      {
        find: 'function loadMessages(file: string): Message[] {\n',
        replace:
          'function loadMessages(file: string): Message[] {\n' +
          '  try {\n' +
          "    return JSON.parse(readFileSync(file, 'utf8')) as Message[];\n" +
          '  } catch {\n' +
          '    console.log(`Data file ${file} missing: starting a new board.`);\n' +
          '    return [];\n' +
          '  }\n',
      },
    ],
  },
  {
    name: 'saves-on-exit-only',
    step: 5,
    reason: 'saves the board only when the server is stopped, which a crash never does',
    edits: [
      { find: SAVE_THEN_ANSWER, replace: '  redirectToBoard(res);' },
      {
        find: 'const messages: Message[] = loadMessages(DATA_FILE);',
        replace: "const messages: Message[] = loadMessages(DATA_FILE);\nprocess.once('SIGTERM', () => {\n  saveMessages();\n  process.exit(0);\n});",
      },
    ],
  },
  // When and how it saves.
  {
    name: 'save-after-response',
    step: 5,
    reason: 'answers first and saves once the answer is out, so a crash in between loses an answered message',
    edits: [{ find: SAVE_THEN_ANSWER, replace: "  redirectToBoard(res);\n  res.once('finish', () => saveMessages());" }],
  },
  {
    name: 'non-atomic-write',
    step: 6,
    reason: 'awaits writeFile straight into the data file, which is half written while it is being saved',
    edits: [
      { find: "import { readFileSync, renameSync, writeFileSync } from 'node:fs';", replace: "import { readFileSync, renameSync, writeFileSync } from 'node:fs';\nimport { writeFile } from 'node:fs/promises';" },
      { find: 'function saveMessages(): void {', replace: 'async function saveMessages(): Promise<void> {' },
      { find: 'writeFileSync(temp, ', replace: 'void temp;\n  await writeFile(DATA_FILE, ' },
      { find: 'renameSync(temp, DATA_FILE);', replace: '' },
      { find: SAVE_THEN_ANSWER, replace: '  await saveMessages();\n  redirectToBoard(res);' },
    ],
  },
  {
    name: 'non-atomic-write-sync',
    step: 6,
    reason: 'writes straight into the data file with writeFileSync, which is half written while it is being saved',
    edits: [
      { find: 'writeFileSync(temp, ', replace: 'writeFileSync(DATA_FILE, ' },
      { find: 'renameSync(temp, DATA_FILE);', replace: 'void temp;' },
    ],
  },
  {
    name: 'saves-before-change',
    step: 5,
    reason: 'saves the board before adding the message, so each answered message reaches the file only with the next post',
    edits: [
      { find: SAVE_THEN_ANSWER, replace: '  redirectToBoard(res);' },
      { find: '  const form = parseForm(await readBody(req));\n', replace: '  saveMessages();\n  const form = parseForm(await readBody(req));\n' },
    ],
  },
  {
    name: 'clear-not-saved',
    step: 5,
    reason: 'empties the board on Clear but does not save it, so the messages come back after a restart',
    edits: [{ find: '    messages.length = 0;\n', replace: '    messages.length = 0;\n    redirectToBoard(res);\n    return;\n' }],
  },
  {
    name: 'empty-board-refused',
    step: 8,
    reason: 'takes a data file holding an empty list for a broken one, so a board that was cleared will not start again',
    edits: [{ find: 'if (!Array.isArray(data) || !data.every(isMessage))', replace: 'if (!Array.isArray(data) || data.length === 0 || !data.every(isMessage))' }],
  },
  {
    name: 'ignores-data-file-env',
    step: 3,
    reason: 'always keeps the board in messages.json beside server.ts, whatever DATA_FILE says',
    edits: [{ find: 'process.env.DATA_FILE ?? ', replace: '' }],
  },
  // Loading.
  {
    name: 'silent-when-missing',
    step: 4,
    reason: 'starts an empty board without saying that the data file was missing',
    edits: [{ find: '    console.log(`No data file at ${file} yet: starting with an empty board. The first post creates it.`);\n', replace: '' }],
  },
  {
    name: 'never-loads',
    step: 4,
    reason: 'reads and checks the data file at start, but starts with an empty board all the same',
    edits: [{ find: '  return data;\n}', replace: '  return [];\n}' }],
  },
  {
    name: 'no-shape-check',
    step: 7,
    reason: 'loads any JSON as the board, even one that is not a list of messages',
    edits: [{ find: "  if (!Array.isArray(data) || !data.every(isMessage)) refuseToStart(file, 'is JSON, but not a list of messages');\n", replace: '' }],
  },
  {
    name: 'shape-check-list-only',
    step: 7,
    reason: 'checks that the data file holds a list, but not that the list holds messages',
    edits: [{ find: 'if (!Array.isArray(data) || !data.every(isMessage))', replace: 'if (!Array.isArray(data))' }],
  },
  // Timestamps.
  {
    name: 'timestamp-at-render',
    step: 2,
    reason: 'shows the time the page was made instead of the time the message was posted',
    edits: [{ find: 'function renderMessage({ text, posted }: Message): string {', replace: 'function renderMessage({ text }: Message): string {\n  const posted = new Date().toISOString();' }],
  },
  {
    name: 'timestamp-at-load',
    step: 2,
    reason: 'gives every message a new time when the board is loaded',
    edits: [{ find: '  return data;\n}', replace: '  return data.map((message) => ({ ...message, posted: new Date().toISOString() }));\n}' }],
  },
  {
    name: 'not-iso-timestamp',
    step: 2,
    reason: 'shows the time as Date#toString() writes it, not in ISO 8601',
    edits: [{ find: PUSH, replace: 'messages.push({ text, posted: new Date().toString() });' }],
  },
  {
    name: 'no-time-zone',
    step: 2,
    reason: "writes the time without its time zone (as the source chapter's datetime.now() does)",
    edits: [{ find: PUSH, replace: 'messages.push({ text, posted: new Date().toISOString().slice(0, 19) });' }],
  },
]);
