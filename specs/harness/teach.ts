// Failure messages that teach: what was sent, what came back, what was expected, which lesson
// step explains it, and a curl command to try the request by hand.
import { serverFlag, shellWord } from '../../tooling/core/args.ts';
import { stepLink } from './lesson.ts';

/** Which exercise and folder the failures are about; kata.ts sets it for the spec files. */
export interface Subject {
  exercise: string;
  /** The folder under test as the learner would type it: "exercises/01-raw-socket". */
  relativeDir: string;
  seed: number;
  /** The learner's own server command (--server), repeated in what to type next. */
  serverCommand?: string[];
}

let subject: Subject | undefined;

export function teachAbout(s: Subject): void {
  subject = s;
}

/** A response as a client library reports it (supertest's Response fits). */
export interface HttpResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text?: string;
  body?: unknown;
}

export interface Teaching {
  /** One sentence: what a working server does here. */
  expected: string;
  /** The request, as raw bytes or a one-line description. */
  sent?: string | Buffer;
  /** What came back: raw bytes, a parsed response, or a sentence. */
  got?: Buffer | HttpResult | string;
  /** The lesson step that explains it ("## 3. ..." in the exercise's README.md). */
  step: number;
  /** curl arguments that repeat the request by hand, e.g. "-i http://localhost:8080/". */
  curl?: string;
  /** Anything else worth knowing (a common cause). */
  note?: string;
}

const MAX_LINES = 16;
const MAX_LINE = 160;

/** Shows bytes line by line with their line ends visible: "HTTP/1.1 200 OK\r\n". */
export function showBytes(bytes: Buffer | string): string {
  const text = typeof bytes === 'string' ? bytes : bytes.toString('utf8');
  if (text.length === 0) return '  │ (nothing)';
  const lines = text.split(/(?<=\n)/);
  const shown = lines.slice(0, MAX_LINES).map((line) => {
    const escaped = line
      .replace(/\r/g, '\\r')
      .replace(/\n/g, '\\n')
      // eslint-disable-next-line no-control-regex -- control characters are what we want to make visible
      .replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
    return `  │ ${escaped.length > MAX_LINE ? `${escaped.slice(0, MAX_LINE)}…` : escaped}`;
  });
  if (lines.length > MAX_LINES) shown.push(`  │ … (${lines.length - MAX_LINES} more lines)`);
  return shown.join('\n');
}

export function showResult(res: HttpResult): string {
  const head = [`HTTP ${res.status}`];
  for (const [name, value] of Object.entries(res.headers)) {
    if (value !== undefined) head.push(`${name}: ${Array.isArray(value) ? value.join(', ') : value}`);
  }
  const body = typeof res.text === 'string' ? res.text : Buffer.isBuffer(res.body) ? `(${res.body.length} bytes of binary data)` : '';
  return showBytes(`${head.join('\n')}\n\n${body}`);
}

export function formatTeaching(t: Teaching, about: Subject | undefined = subject): string {
  if (!about) throw new Error('formatTeaching: no subject (import specs/harness/kata.ts first)');
  const parts = [`Expected: ${t.expected}`];
  if (t.sent !== undefined) parts.push(`Sent:\n${showBytes(t.sent)}`);
  if (t.got !== undefined) {
    const got = typeof t.got === 'string' ? `  ${t.got}` : Buffer.isBuffer(t.got) ? showBytes(t.got) : showResult(t.got);
    parts.push(`Got back:\n${got}`);
  }
  if (t.note) parts.push(t.note);
  parts.push(`Read: ${stepLink(about.exercise, t.step)}`);
  const dir = shellWord(about.relativeDir);
  const server = about.serverCommand ? ` -- ${serverFlag(about.serverCommand)}` : '';
  if (t.curl) parts.push(`Try it: curl ${t.curl}   (with your server running: npm start ${dir}${server})`);
  parts.push(`Reproduce: KATA_SEED=${about.seed} npm test ${dir}${server}`);
  return parts.join('\n\n');
}

/**
 * A failure written for the learner. `step` and `notRun` travel with it to the reporters (vitest
 * keeps an error's own properties), so the self-check can check which step a failure points at
 * without reading it back out of the message.
 */
export class KataFailure extends Error {
  override name = 'KataFailure';
  readonly step: number;
  /** The spec did not run at all: an earlier failure (the server is gone) says why. */
  readonly notRun: boolean;
  constructor(message: string, step: number, notRun = false) {
    super(message);
    this.step = step;
    this.notRun = notRun;
  }
}

/** Fails the spec with a teaching message. */
export function fail(t: Teaching): never {
  const error = new KataFailure(formatTeaching(t), t.step);
  // Point the reported location at the spec, not at this helper.
  Error.captureStackTrace(error, fail);
  throw error;
}

/** Fails the spec with a teaching message unless `ok`. */
export function check(ok: unknown, t: Teaching | (() => Teaching)): asserts ok {
  if (ok) return;
  const teaching = typeof t === 'function' ? t() : t;
  const error = new KataFailure(formatTeaching(teaching), teaching.step);
  Error.captureStackTrace(error, check);
  throw error;
}
