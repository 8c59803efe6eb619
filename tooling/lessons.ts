// Reads the kata's Markdown the way tooling/lessons.test.ts checks it: the links and #anchors in
// it, and the commands a lesson tells the learner to type, with what the lesson says they print.
// The conventions are in CONTRIBUTING.md, "Lessons". Everything here is pure: no files, no processes.
import { headingAnchor } from '../specs/harness/lesson.ts';
import { splitCommand } from './core/args.ts';

/** Stands for anything in a ```text block: alone on a line, any number of lines; inside a line, any text. */
export const ANYTHING = '…';

/** Put on the line before a ```text block: the block is what the server has printed since it started. */
export const SERVER_PRINTS = '<!-- server prints -->';

interface Fence {
  lang: string;
  /** 1-based line of the opening fence. */
  line: number;
  body: string[];
  /** The last non-blank line before the opening fence, trimmed ('' at the top of the file). */
  before: string;
  /** The fence that ends just before this one, with only blank lines between; undefined if there is none. */
  follows: Fence | undefined;
}

interface Heading {
  level: number;
  text: string;
  line: number;
}

interface Parsed {
  headings: Heading[];
  fences: Fence[];
  /** Lines outside fenced code blocks, with their 1-based numbers. */
  prose: { line: number; text: string }[];
}

/** Splits Markdown into headings, fenced code blocks, and the lines outside them. */
function parse(markdown: string): Parsed {
  const lines = markdown.split(/\r?\n/);
  const parsed: Parsed = { headings: [], fences: [], prose: [] };
  let open: { marker: string; fence: Fence } | undefined;
  let before = '';
  let lastClosed: Fence | undefined;
  lines.forEach((text, index) => {
    const line = index + 1;
    if (open) {
      if (text.trim().startsWith(open.marker) && text.trim().replace(/[`~]/g, '') === '') {
        lastClosed = open.fence;
        open = undefined;
        before = text.trim();
      } else open.fence.body.push(text);
      return;
    }
    const fence = /^\s{0,3}(`{3,}|~{3,})\s*([\w+-]*)/.exec(text);
    if (fence) {
      const follows = /^(`{3,}|~{3,})$/.test(before) ? lastClosed : undefined;
      const opened: Fence = { lang: fence[2] ?? '', line, body: [], before, follows };
      parsed.fences.push(opened);
      open = { marker: fence[1]!, fence: opened };
      return;
    }
    parsed.prose.push({ line, text });
    const heading = /^(#{1,6})\s+(.+?)\s*#*\s*$/.exec(text);
    if (heading) parsed.headings.push({ level: heading[1]!.length, text: heading[2]!, line });
    if (text.trim() !== '') {
      before = text.trim();
      lastClosed = undefined;
    }
  });
  return parsed;
}

/** A heading's text as GitHub reads it for its anchor: links become their text, code keeps its text. */
function plainHeading(text: string): string {
  return text.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1');
}

/** Every anchor a page has: one per heading (GitHub's rule, "-1", "-2" for repeats), and HTML ids. */
export function anchorsOf(markdown: string): Set<string> {
  const { headings, prose } = parse(markdown);
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const heading of headings) {
    const base = headingAnchor(plainHeading(heading.text));
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  for (const { text } of prose) {
    for (const match of text.matchAll(/\b(?:id|name)="([^"]+)"/g)) anchors.add(match[1]!);
  }
  return anchors;
}

export interface Link {
  line: number;
  /** As written: "../04-message-board/README.md#7-postredirectget", "#questions". */
  target: string;
  /** Whether the path is relative to the kata's root rather than to the page (a path written as text). */
  fromRoot: boolean;
}

/**
 * The links of a page that point inside the kata: Markdown links and images, reference
 * definitions and HTML href/src outside code, and, anywhere (code blocks included, since failure
 * messages shown in a lesson link this way), paths written as text with an anchor:
 * "exercises/01-raw-socket/README.md#3-...". Links with a scheme (https:, mailto:) are left out.
 */
export function linksOf(markdown: string): Link[] {
  const links: Link[] = [];
  const { prose } = parse(markdown);
  for (const { line, text } of prose) {
    const outsideCode = text.replace(/`+[^`]*`+/g, '');
    const targets = [
      ...[...outsideCode.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]!),
      ...[...outsideCode.matchAll(/^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/g)].map((m) => m[1]!),
      ...[...outsideCode.matchAll(/\b(?:href|src)="([^"]+)"/g)].map((m) => m[1]!),
    ];
    for (const target of targets) {
      if (!/^([a-z][a-z0-9+.-]*:|\/\/)/i.test(target)) links.push({ line, target, fromRoot: false });
    }
  }
  markdown.split(/\r?\n/).forEach((text, index) => {
    for (const match of text.matchAll(/(?<![\w./-])((?:exercises|hints|grading)\/[\w./-]+\.md#[\w-]+)/g)) {
      links.push({ line: index + 1, target: match[1]!, fromRoot: true });
    }
  });
  return links;
}

export interface LinkWorld {
  /** The page's path, relative to the kata's root ("exercises/05-persistent-board/README.md"). */
  page: string;
  /** Whether a path relative to the kata's root exists (a file or a folder). */
  exists: (relative: string) => boolean;
  /** The text of a Markdown file (a path relative to the kata's root). */
  read: (relative: string) => string;
}

/** The links of a page that lead nowhere, each with what is wrong. */
export function deadLinks(markdown: string, world: LinkWorld): { line: number; target: string; problem: string }[] {
  const dead: { line: number; target: string; problem: string }[] = [];
  for (const link of linksOf(markdown)) {
    const [pathPart = '', anchor] = link.target.split('#', 2);
    const file = decodeURI(pathPart);
    const relative = file === '' ? world.page : joinRelative(link.fromRoot ? '' : dirname(world.page), file);
    if (relative.startsWith('../')) {
      dead.push({ ...link, problem: 'it points outside the kata' });
    } else if (!world.exists(relative)) {
      dead.push({ ...link, problem: `there is no ${relative}` });
    } else if (anchor !== undefined) {
      if (!relative.endsWith('.md')) dead.push({ ...link, problem: `#${anchor} points into ${relative}, which is not a Markdown page` });
      else if (!anchorsOf(file === '' ? markdown : world.read(relative)).has(anchor)) {
        dead.push({ ...link, problem: `${relative} has no heading whose anchor is #${anchor}` });
      }
    }
  }
  return dead;
}

function dirname(relative: string): string {
  const at = relative.lastIndexOf('/');
  return at === -1 ? '' : relative.slice(0, at);
}

/** `dir` joined with a relative path, "." and ".." worked out; stays relative ("../x" when it leaves). */
function joinRelative(dir: string, file: string): string {
  const parts: string[] = [];
  for (const part of [...dir.split('/'), ...file.split('/')]) {
    if (part === '' || part === '.') continue;
    if (part === '..' && parts.length > 0 && parts.at(-1) !== '..') parts.pop();
    else parts.push(part);
  }
  return parts.join('/');
}

/** One ```sh block of a tested section: the lines to type, and what the lesson says they print. */
export interface CommandStep {
  kind: 'commands';
  line: number;
  /** The commands, one a line; blank lines and "# comments" left out, "\"-continued lines joined. */
  commands: string[];
  /** The ```text block right after it, if there is one. */
  prints?: string[];
}

/** A ```text block after the SERVER_PRINTS marker: what the server has printed since it started. */
export interface ServerOutputStep {
  kind: 'server-output';
  line: number;
  prints: string[];
}

export type LessonStep = CommandStep | ServerOutputStep;

export interface TestedSection {
  /** The heading's text: "Make something happen", "11. Try it: a browser and curl". */
  title: string;
  line: number;
  steps: LessonStep[];
}

/** Sections whose commands are run: "## Make something happen" and "## Try it..." (numbered or not). */
export const isTestedSection = (title: string) => /^(\d+\.\s+)?(Make something happen|Try it)\b/i.test(title);

/** The tested sections of a page, each with its steps in order. */
export function testedSections(markdown: string): TestedSection[] {
  const { headings, fences } = parse(markdown);
  const level2 = headings.filter((h) => h.level === 2);
  const sections: TestedSection[] = [];
  level2.forEach((heading, index) => {
    if (!isTestedSection(heading.text)) return;
    const end = level2[index + 1]?.line ?? Infinity;
    const steps: LessonStep[] = [];
    for (const fence of fences.filter((f) => f.line > heading.line && f.line < end)) {
      if (fence.lang === 'sh') {
        steps.push({ kind: 'commands', line: fence.line, commands: commandLines(fence.body) });
      } else if (fence.lang === 'text' && fence.before === SERVER_PRINTS) {
        steps.push({ kind: 'server-output', line: fence.line, prints: fence.body });
      } else if (fence.lang === 'text' && fence.follows?.lang === 'sh') {
        const step = steps.at(-1);
        if (step?.kind === 'commands' && step.line === fence.follows.line) step.prints = fence.body;
      }
    }
    sections.push({ title: heading.text, line: heading.line, steps });
  });
  return sections;
}

function commandLines(body: string[]): string[] {
  const commands: string[] = [];
  let pending = '';
  for (const raw of body) {
    const text = raw.trim();
    if (pending === '' && (text === '' || text.startsWith('#'))) continue;
    if (text.endsWith('\\')) {
      pending += `${text.slice(0, -1).trimEnd()} `;
      continue;
    }
    commands.push(pending + text);
    pending = '';
  }
  if (pending !== '') commands.push(pending.trim());
  return commands;
}

/** `npm start 05`, maybe after `NAME=value` words: which exercise, with which environment. */
export function npmStart(command: string): { id: string; env: Record<string, string> } | undefined {
  let words: string[];
  try {
    words = splitCommand(command.replace(/\s+#.*$/, ''));
  } catch {
    return undefined;
  }
  const env: Record<string, string> = {};
  while (words[0] !== undefined && /^[A-Za-z_]\w*=/.test(words[0])) {
    const word = words.shift()!;
    env[word.slice(0, word.indexOf('='))] = word.slice(word.indexOf('=') + 1);
  }
  const [npm, start, id, ...rest] = words;
  if (npm !== 'npm' || start !== 'start' || id === undefined || !/^\d{2}$/.test(id) || rest.length > 0) return undefined;
  return { id, env };
}

/** Commands a test cannot run for the learner, and why; the rest of their section still runs. */
const NOT_RUN: { pattern: RegExp; reason: string }[] = [
  { pattern: /^sudo\b/, reason: 'it needs root (sudo) to watch the network: run it by hand' },
  { pattern: /^(open|xdg-open)\b/, reason: 'it opens a browser' },
];

export function whyNotRun(command: string): string | undefined {
  return NOT_RUN.find(({ pattern }) => pattern.test(command))?.reason;
}

/** Commands a lesson must not tell the learner to type (nor the test run), with what to write instead. */
const REFUSED: { pattern: RegExp; reason: string }[] = [
  {
    pattern: /\b(pkill|killall)\b/,
    reason: 'it ends programs by name, which can hit others: end the server by its PID (kill -9 $(lsof -t -i TCP:8080 -s TCP:LISTEN))',
  },
  {
    pattern: /\b(tsx|node|python3?)\b.*\bserver\.\w+\b/,
    reason: 'it starts a server by hand: write npm start 0N (with NAME=value before it), which the test runs as the solution',
  },
];

export function whyRefused(command: string): string | undefined {
  return REFUSED.find(({ pattern }) => pattern.test(command))?.reason;
}

/** Output as lines, the way the lesson writes them: no CRs, no trailing spaces, no trailing blank lines. */
export function outputLines(text: string): string[] {
  const lines = text.split('\n').map((line) => line.replace(/\s+$/, ''));
  while (lines.length > 0 && lines.at(-1) === '') lines.pop();
  return lines;
}

function linePattern(expected: string): RegExp {
  const parts = expected.split(ANYTHING).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('.*')}$`, 'u');
}

/**
 * Whether output matches what a lesson says it prints, line for line from the first to the last,
 * where a line that is only "…" stands for any number of lines and "…" inside a line for any text.
 */
export function outputMatches(expected: string[], actual: string[]): boolean {
  const want = outputLines(expected.join('\n'));
  const got = outputLines(actual.join('\n'));
  const patterns = want.map((line) => (line.trim() === ANYTHING ? undefined : linePattern(line)));
  const memo = new Map<number, boolean>();
  const from = (i: number, j: number): boolean => {
    const key = i * (got.length + 1) + j;
    const known = memo.get(key);
    if (known !== undefined) return known;
    const pattern = patterns[i];
    let result: boolean;
    if (i === want.length) result = j === got.length;
    else if (pattern === undefined) result = from(i + 1, j) || (j < got.length && from(i, j + 1));
    else result = j < got.length && pattern.test(got[j]!) && from(i + 1, j + 1);
    memo.set(key, result);
    return result;
  };
  return from(0, 0);
}
