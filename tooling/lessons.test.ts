// Lessons are tested like code: `npx vitest run tooling/lessons.test.ts` (part of `npm test`).
// 1. Every relative link and #anchor in the kata's Markdown leads somewhere.
// 2. Every command a lesson tells the learner to type (the ```sh blocks of its "Make something
//    happen" and "Try it" sections) runs against the reference solution, and prints what the
//    lesson says it prints. The conventions are in CONTRIBUTING.md, "Lessons".
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, ServerStartError, startServer, type RunningServer } from '../specs/harness/server-process.ts';
import { KATA_ROOT, findExercise, loadCurriculum, loadReadings, solutionDir, type Exercise } from './core/curriculum.ts';
import { ANYTHING, deadLinks, npmStart, outputLines, outputMatches, SERVER_PRINTS, testedSections, whyNotRun, whyRefused, type CommandStep, type LinkWorld } from './lessons.ts';
import { exitedMessage, runningMessage } from './start-command.ts';

/** Every page a learner or a contributor reads, relative to the kata's root. */
function pages(): string[] {
  const below = (dir: string): string[] =>
    readdirSync(path.join(KATA_ROOT, dir)).flatMap((name) => {
      const relative = `${dir}/${name}`;
      if (statSync(path.join(KATA_ROOT, relative)).isDirectory()) return below(relative);
      return name.endsWith('.md') ? [relative] : [];
    });
  return [...below('exercises'), ...below('hints'), 'README.md', 'CONTRIBUTING.md', 'grading/README.md'];
}

const kataWorld = (page: string): LinkWorld => ({
  page,
  exists: (relative) => existsSync(path.join(KATA_ROOT, relative)),
  read: (relative) => readFileSync(path.join(KATA_ROOT, relative), 'utf8'),
});

describe('links', () => {
  it.each(pages())('%s: every relative link and #anchor resolves', (page) => {
    const dead = deadLinks(readFileSync(path.join(KATA_ROOT, page), 'utf8'), kataWorld(page));
    expect(
      dead.map((link) => `${page}:${link.line}: ${link.target}: ${link.problem}`),
      'fix these links (an anchor is the heading, lowercased, punctuation dropped, spaces as hyphens)',
    ).toEqual([]);
  });

  it('finds a dead file, a dead anchor and a dead anchor written as text, and passes the good ones', () => {
    const page = 'exercises/09-made-up/README.md';
    const files: Record<string, string> = {
      [page]: '',
      'exercises/04-message-board/README.md': '# 04\n## 7. Post/Redirect/Get\n## Questions\n',
    };
    const markdown = [
      '# Made up',
      '## Make something happen',
      '## Make something happen',
      'Good: [PRG](../04-message-board/README.md#7-postredirectget), [again](#make-something-happen-1), [top](#made-up).',
      'Dead file: [gone](../04-message-board/NOTES.md).',
      'Dead anchor: [old step](../04-message-board/README.md#7-post-redirect-get).',
      '`[not a link](nowhere.md)` is code, and [outside](https://example.com/x) is not ours.',
      '```text',
      'Read: exercises/04-message-board/README.md#8-blank-messages',
      '```',
    ].join('\n');
    const world: LinkWorld = { page, exists: (relative) => relative in files, read: (relative) => files[relative] ?? '' };
    expect(deadLinks(markdown, world)).toEqual([
      { line: 5, target: '../04-message-board/NOTES.md', fromRoot: false, problem: 'there is no exercises/04-message-board/NOTES.md' },
      { line: 6, target: '../04-message-board/README.md#7-post-redirect-get', fromRoot: false, problem: 'exercises/04-message-board/README.md has no heading whose anchor is #7-post-redirect-get' },
      { line: 9, target: 'exercises/04-message-board/README.md#8-blank-messages', fromRoot: true, problem: 'exercises/04-message-board/README.md has no heading whose anchor is #8-blank-messages' },
    ]);
  });
});

describe('output as a lesson writes it', () => {
  it.each([
    ['the same lines', ['HTTP/1.1 200 OK', 'Allow: GET'], ['HTTP/1.1 200 OK\r', 'Allow: GET  ', ''], true],
    ['a line of "…" for any lines', ['HTTP/1.1 303 See Other', ANYTHING, 'Location: /'], ['HTTP/1.1 303 See Other', 'Date: x', 'Keep: y', 'Location: /'], true],
    ['a line of "…" for no line', ['a', ANYTHING, 'b'], ['a', 'b'], true],
    ['"…" inside a line', [`Date: ${ANYTHING}`], ['Date: Tue, 01 Jul 2025 10:00:00 GMT'], true],
    ['a missing line', ['a', 'b'], ['a'], false],
    ['a line more than the lesson shows', ['a'], ['a', 'b'], false],
    ['another line', ['HTTP/1.1 303 See Other'], ['HTTP/1.1 200 OK'], false],
    ['regex characters, taken as they are', ['a.c (1+1)'], ['abc (11)'], false],
  ])('%s', (_name, expected, actual, matches) => {
    expect(outputMatches(expected, actual)).toBe(matches);
  });

  it('reads the commands, what they print, and what the server prints, from the tested sections only', () => {
    const markdown = [
      '## 1. Not tested',
      '```sh',
      'rm -rf /',
      '```',
      '## Make something happen',
      '```sh',
      'npm start 04',
      '```',
      'Then:',
      '```sh',
      '# a comment',
      'curl -i \\',
      '  http://localhost:8080/',
      '```',
      '',
      '```text',
      'HTTP/1.1 200 OK',
      '```',
      SERVER_PRINTS,
      '```text',
      '127.0.0.1 "GET / HTTP/1.1" 200',
      '```',
      '```text',
      'an illustration, not checked',
      '```',
      '## 9. Try it: more',
      '```sh',
      'DATA_FILE=/tmp/x.json npm start 05',
      '```',
    ].join('\n');
    expect(testedSections(markdown)).toEqual([
      {
        title: 'Make something happen',
        line: 5,
        steps: [
          { kind: 'commands', line: 6, commands: ['npm start 04'] },
          { kind: 'commands', line: 10, commands: ['curl -i http://localhost:8080/'], prints: ['HTTP/1.1 200 OK'] },
          { kind: 'server-output', line: 20, prints: ['127.0.0.1 "GET / HTTP/1.1" 200'] },
        ],
      },
      { title: '9. Try it: more', line: 26, steps: [{ kind: 'commands', line: 27, commands: ['DATA_FILE=/tmp/x.json npm start 05'] }] },
    ]);
    expect(npmStart('DATA_FILE=/tmp/x.json npm start 05')).toEqual({ id: '05', env: { DATA_FILE: '/tmp/x.json' } });
    expect(npmStart('npm start 05 && curl x')).toBeUndefined();
  });

  it('refuses to kill by name or start a server by hand, and does not run sudo', () => {
    expect(whyRefused('curl -s x && pkill -9 -f persistent-board/server.ts')).toMatch(/PID/);
    expect(whyRefused('DATA_FILE=/tmp/b.json npx tsx exercises/05-persistent-board/server.ts')).toMatch(/npm start/);
    expect(whyRefused('kill -9 $(lsof -t -i TCP:8080 -s TCP:LISTEN)')).toBeUndefined();
    expect(whyNotRun("sudo tcpdump -i lo -A 'tcp port 8080'")).toMatch(/root/);
    expect(whyNotRun('curl -i http://localhost:8080/')).toBeUndefined();
  });
});

// --- The commands of the lessons, run against the reference solutions -------------------------

const COMMAND_TIMEOUT_MS = 10_000;

/** Programs the lessons' commands use that a machine may lack; a command that needs a missing one is skipped. */
const TOOLS = ['curl', 'lsof'].filter((tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0);

/** What `npm start 0N` stands for, in a test: the solution running, and what its terminal shows. */
interface Section {
  exercise?: Exercise;
  server?: RunningServer;
  /** What npm start would have printed when the server could not start. */
  failedStart?: string;
  port?: number;
  /** Stands in for /tmp in the section's commands: a folder of its own, removed afterwards. */
  temp: string;
  /** Why a command was not run; later server-output checks cannot be made then. */
  notRun?: string;
  children: Set<ChildProcess>;
}

let curlHome = '';
beforeAll(async () => {
  // In a terminal, curl shows no progress meter when its output is the screen; in a pipe it does.
  // A .curlrc of our own makes it print what the learner sees.
  curlHome = await mkdtemp(path.join(tmpdir(), 'netkata-lessons-curl-'));
  await writeFile(path.join(curlHome, '.curlrc'), 'no-progress-meter\n');
});
afterAll(async () => {
  if (curlHome) await rm(curlHome, { recursive: true, force: true });
});

/**
 * The command as the test runs it: 8080 is the section's server's port (and localhost:8080 its
 * address, 127.0.0.1), /tmp is the section's own temp folder, and exercises/ is solutions/.
 */
function rewrite(command: string, section: Section, port: number): string {
  return command
    .replace(/\blocalhost:8080\b/g, `127.0.0.1:${port}`)
    .replace(/\b8080\b/g, String(port))
    .replace(/(?<![\w./-])\/tmp\//g, `${section.temp}/`)
    .replace(/(?<![\w./-])exercises\//g, 'solutions/');
}

/** Output as the learner would see it: the address, temp folder and folder names turned back. */
function unwrite(output: string, section: Section): string {
  const port = section.port ?? -1;
  return output
    .replace(new RegExp(`\\b(127\\.0\\.0\\.1|localhost):${port}\\b`, 'g'), 'localhost:8080')
    .replaceAll(`${section.temp}/`, '/tmp/')
    .replace(/\bsolutions\//g, 'exercises/');
}

/**
 * Runs one line in bash, stdout and stderr together, and resolves with its exit status and output.
 * bash, not an argument array: a lesson's line is what the learner types into a shell, with pipes,
 * `&&`, `$(...)`, redirections and NAME=value prefixes, and a word splitter would have to be a
 * shell to run it. What the test puts into the line is only a port number and a temp folder it
 * made itself (checked to hold no character a shell would read).
 */
function runLine(line: string, section: Section): Promise<{ status: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', `exec 2>&1\n${line}`], {
      cwd: KATA_ROOT,
      env: { ...process.env, CURL_HOME: curlHome },
      stdio: ['ignore', 'pipe', 'pipe'],
      // A group of its own, so that a timeout ends the whole pipeline, not only bash.
      detached: true,
    });
    section.children.add(child);
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
    const timer = setTimeout(() => killGroup(child), COMMAND_TIMEOUT_MS);
    child.on('error', reject);
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      section.children.delete(child);
      const output = Buffer.concat(chunks).toString('utf8');
      resolve({ status, output: signal ? `${output}\n(ended by ${signal} after ${COMMAND_TIMEOUT_MS / 1000} s)` : output });
    });
  });
}

function killGroup(child: ChildProcess): void {
  try {
    if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

/** What the learner's npm start terminal shows: its first line, an empty one, the server's output. */
function npmStartOutput(section: Section): string {
  if (section.failedStart !== undefined) return section.failedStart;
  const server = section.server;
  if (!server || !section.exercise) return '(no server: the lesson has no npm start before this)';
  const exited = server.exit ? exitedMessage(server.exit.code, server.exit.signal) : undefined;
  return [runningMessage(`exercises/${section.exercise.slug}`, 'localhost', 8080), '', server.printed.replace(/\n$/, ''), ...(exited ? ['', exited] : [])].join('\n');
}

/**
 * Starts the solution for `npm start 0N` (stopping the one before: the learner pressed Ctrl-C), on
 * the section's port. A server that refuses to start (05 with a broken data file) is no error
 * here: what it printed is what the lesson shows.
 */
async function start(section: Section, id: string, env: Record<string, string>): Promise<void> {
  const exercise = findExercise(id);
  if (!exercise) throw new Error(`npm start ${id}: there is no exercise ${id} in curriculum.json`);
  await section.server?.stop();
  section.server = undefined;
  section.failedStart = undefined;
  section.exercise = exercise;
  const withTemp = Object.fromEntries(Object.entries(env).map(([name, value]) => [name, value.replace(/^\/tmp\//, `${section.temp}/`)]));
  // DATA_FILE: the board's default file would be written into solutions/.
  const options = { dir: solutionDir(exercise), env: { DATA_FILE: path.join(section.temp, 'messages.json'), ...withTemp } };
  try {
    try {
      section.server = await startServer({ ...options, port: section.port });
    } catch (error) {
      // The section's port stands in for the learner's 8080. Between a stop and this start, a
      // server of another test (the self-check's, hundreds of them) can take it; then this one
      // gets a port of its own, or the lesson's next `kill -9 $(lsof -t -i TCP:8080 ...)` would
      // kill that other test's server.
      if (!(error instanceof ServerStartError) || !error.message.includes('EADDRINUSE') || section.port === undefined) throw error;
      section.server = await startServer(options);
    }
    section.port = section.server.port;
  } catch (error) {
    if (!(error instanceof ServerStartError) || !/before it listened/.test(error.message)) throw error;
    // The harness quotes what the server printed, each line after "│ ".
    const printed = [...error.message.matchAll(/^ {2}│ ?(.*)$/gm)].map((m) => m[1]!).filter((line) => line !== '(nothing)');
    const code = /exited with code (\d+)/.exec(error.message)?.[1];
    const exited = code === undefined ? undefined : exitedMessage(Number(code), null);
    section.failedStart = [runningMessage(`exercises/${exercise.slug}`, 'localhost', 8080), '', ...printed, ...(exited ? ['', exited] : [])].join('\n');
  }
}

function explain(what: string, expected: string[], actual: string): string {
  const show = (lines: string[]) => lines.map((line) => `  │ ${line}`).join('\n') || '  │ (nothing)';
  return `${what}\nThe lesson says:\n${show(outputLines(expected.join('\n')))}\nIt printed:\n${show(outputLines(actual))}\n` + `("${ANYTHING}" alone on a line stands for any lines; inside a line, for any text.)`;
}

async function runCommands(step: CommandStep, section: Section, where: string, skip: (note: string) => void): Promise<void> {
  const starts = step.commands.map(npmStart);
  if (starts.some(Boolean)) {
    expect(step.commands, `${where}: put npm start in a block of its own`).toHaveLength(1);
    await start(section, starts[0]!.id, starts[0]!.env);
    if (!step.prints) {
      expect(section.failedStart, `${where}: the solution did not start; npm start would show:\n${section.failedStart ?? ''}`).toBeUndefined();
      return;
    }
    // What it prints as it starts: lines that come later (requests, the harness's own readiness
    // probe connecting) belong to later steps.
    const expected = [...step.prints, ANYTHING];
    await section.server?.waitForOutput(() => outputMatches(expected, outputLines(unwrite(npmStartOutput(section), section))));
    const shown = unwrite(npmStartOutput(section), section);
    expect(outputMatches(expected, outputLines(shown)), explain(`${where}: npm start does not print what the lesson says.`, step.prints, shown)).toBe(true);
    return;
  }

  for (const command of step.commands) {
    const refused = whyRefused(command);
    expect(refused, `${where}: "${command}" is not run: ${refused}`).toBeUndefined();
  }
  const notRun = step.commands.map(whyNotRun).find(Boolean) ?? step.commands.flatMap((command) => TOOLS.filter((tool) => new RegExp(`\\b${tool}\\b`).test(command)).map((tool) => `it needs ${tool}, which is not installed here`))[0];
  if (notRun) {
    section.notRun = notRun;
    skip(`not run: ${notRun}`);
  }
  section.port ??= await freePort();
  let output = '';
  for (const command of step.commands) {
    const run = await runLine(rewrite(command, section, section.port), section);
    output += run.output;
    expect(run.status, explain(`${where}: "${command}" exited with status ${run.status}.`, step.prints ?? [], unwrite(output, section))).toBe(0);
  }
  if (step.prints) {
    const shown = unwrite(output, section);
    expect(outputMatches(step.prints, outputLines(shown)), explain(`${where}: the commands do not print what the lesson says.`, step.prints, shown)).toBe(true);
  }
}

const lessonPages = pages().filter((page) => page.startsWith('exercises/'));
const sectionsToRun = lessonPages.flatMap((page) => testedSections(readFileSync(path.join(KATA_ROOT, page), 'utf8')).map((section) => ({ page, section })));

// Sections run at the same time, each with its own server, port and temp folder; the steps of
// one section run one after another, as the learner types them.
describe.concurrent.each(sectionsToRun.map(({ page, section }) => [`${page} › ${section.title}`, page, section] as const))('%s', (_name, page, tested) => {
  const section: Section = { temp: '', children: new Set() };
  beforeAll(async () => {
    section.temp = await mkdtemp(path.join(tmpdir(), 'netkata-lessons-'));
    // The folder goes into bash command lines: it must hold nothing a shell would read.
    if (!/^[\w./-]+$/.test(section.temp)) throw new Error(`the temp folder ${section.temp} has characters a shell would read`);
  });
  afterAll(async () => {
    for (const child of section.children) killGroup(child);
    await section.server?.stop();
    if (section.temp) await rm(section.temp, { recursive: true, force: true });
  });

  it.sequential('has something to run', () => {
    expect(tested.steps.length, `${page}:${tested.line} "${tested.title}" has no \`\`\`sh block`).toBeGreaterThan(0);
  });

  for (const step of tested.steps) {
    const where = `${page}:${step.line}`;
    const title = step.kind === 'commands' ? `line ${step.line}: ${step.commands.join(' ; ')}` : `line ${step.line}: what the server prints`;
    it.sequential(title, async (context) => {
      if (step.kind === 'commands') return runCommands(step, section, where, (note) => context.skip(note));
      if (section.notRun) context.skip(`an earlier command was not run (${section.notRun})`);
      const matches = () => outputMatches(step.prints, outputLines(unwrite(npmStartOutput(section), section)));
      await section.server?.waitForOutput(() => matches());
      const shown = unwrite(npmStartOutput(section), section);
      expect(matches(), explain(`${where}: the server does not print what the lesson says.`, step.prints, shown)).toBe(true);
    });
  }
});

describe('the curriculum', () => {
  it('has its lessons and readings among the pages this file reads', () => {
    for (const exercise of loadCurriculum()) expect(lessonPages).toContain(`exercises/${exercise.slug}/README.md`);
    for (const reading of loadReadings()) expect(lessonPages).toContain(reading.path);
  });
});
