// Command-line arguments for the kata's commands: options with values, the positional
// arguments around them, and a learner's --server command split into words.

/** A command line that cannot be carried out: its message is shown alone, with exit status 2. */
export class UsageError extends Error {}

/** One option of a command: `--step <n>` takes a value, `--verbose` does not. */
export interface OptionSpec {
  /** For an option that takes a value, its placeholder in the usage: "<n>", "<command>". */
  value?: string;
  /** What it does, for --help: one line (more lines go under it, indented). */
  help: string;
  /** What to say when its value is missing; by default "--step needs a value: --step <n>". */
  missing?: string;
}

/** A command's words, declared once: parseCommandLine reads them, usageText shows them. */
export interface CommandLine {
  /** How a learner types the command itself: "npm start", "npm run hint". */
  command: string;
  /** The rest of the usage line: "[exercise] [-- --server \"<command>\"]". */
  synopsis: string;
  /** What it does, in a sentence or two. */
  summary: string;
  /** Its positional arguments, for --help; more than listed are refused, unless the last is `many`. */
  positionals: { name: string; help: string; many?: boolean }[];
  /** Its options by name ("--step"); --help (and -h) come with every command. */
  options: Record<string, OptionSpec>;
  /** Lines after the options: another way to call it, say. */
  footer?: string;
}

export interface ParsedCommandLine {
  positionals: string[];
  /** The values of the options given that take one, by name; the last one given wins. */
  values: Map<string, string>;
  /** The options given that take none ("--verbose"). */
  flags: Set<string>;
  /** --help or -h: show usageText(line), and do nothing else. */
  help: boolean;
}

const usageLine = (line: CommandLine) => `usage: ${[line.command, line.synopsis].filter(Boolean).join(' ')}`;

/** The one line a mistake gets: the usage, and where to read more. */
function shortUsage(line: CommandLine): string {
  return `${usageLine(line)} (${line.command} -- --help says more)`;
}

/**
 * Reads a command line by its declaration: options anywhere (`--step 4` or `--step=4`), the rest
 * positional. An unknown option, a missing value or an extra argument is a UsageError of one line
 * that ends with the usage (exit status 2), so that a mistyped flag never starts a long run.
 */
export function parseCommandLine(args: string[], line: CommandLine): ParsedCommandLine {
  const parsed: ParsedCommandLine = { positionals: [], values: new Map(), flags: new Set(), help: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--help' || arg === '-h') parsed.help = true;
    else if (arg === '--') continue; // `npm test -- dir -- --verbose`: a second "--" that npm passed on
    else if (arg.startsWith('-')) {
      const equals = arg.indexOf('=');
      const name = arg.startsWith('--') && equals > 0 ? arg.slice(0, equals) : arg;
      const option = line.options[name];
      if (!option) throw new UsageError(`unknown option ${name}; ${shortUsage(line)}`);
      if (option.value === undefined) {
        if (name !== arg) throw new UsageError(`${name} takes no value; ${shortUsage(line)}`);
        parsed.flags.add(name);
        continue;
      }
      const value = name !== arg ? arg.slice(equals + 1) : args[i + 1];
      // A value that looks like the next option means this one's value was left out (or unquoted).
      if (value === undefined || value.startsWith('--')) throw new UsageError(option.missing ?? `${name} needs a value: ${name} ${option.value}`);
      if (name === arg) i++;
      parsed.values.set(name, value);
    } else parsed.positionals.push(arg);
  }
  const last = line.positionals.at(-1);
  if (!parsed.help && !last?.many && parsed.positionals.length > line.positionals.length) {
    throw new UsageError(`unexpected argument ${parsed.positionals[line.positionals.length]}; ${shortUsage(line)}`);
  }
  return parsed;
}

/** What --help prints: the usage line, what the command does, and each argument and option. */
export function usageText(line: CommandLine): string {
  const entries: [string, string][] = [
    ...line.positionals.map((p): [string, string] => [p.name, p.help]),
    ...Object.entries(line.options).map(([name, option]): [string, string] => [option.value ? `${name} ${option.value}` : name, option.help]),
    ['--help', 'show this text'],
  ];
  const width = Math.max(...entries.map(([name]) => name.length)) + 2;
  const rows = entries.map(([name, help]) => `  ${name.padEnd(width)}${help.split('\n').join(`\n  ${' '.repeat(width)}`)}`);
  return [usageLine(line), '', line.summary, '', ...rows, ...(line.footer ? ['', line.footer] : [])].join('\n');
}

const SERVER_NEEDS_COMMAND = '--server needs a command, e.g. --server "python3 server.py"';

/** `--server "<command>"`, as every command that starts a server takes it. */
export const SERVER_OPTION: OptionSpec = {
  value: '"<command>"',
  help: 'start this command in the exercise folder instead of server.ts: --server "python3 server.py"',
  missing: SERVER_NEEDS_COMMAND,
};

/** The --server command of a parsed command line, split into words; undefined when not given. */
export function serverCommandOf(parsed: ParsedCommandLine): string[] | undefined {
  const text = parsed.values.get('--server');
  return text === undefined ? undefined : parseServerCommand(text);
}

/** Options that take a value: `--server "python3 server.py"`, `--only 03`, ... */
const WITH_VALUE = new Set(['--server', '--only', '--step', '--runs', '--repeat']);

export function optionValue(args: string[], name: string): string | undefined {
  const index = args.indexOf(name);
  return index === -1 ? undefined : args[index + 1];
}

/** The arguments that are neither options nor their values. */
export function positionals(args: string[]): string[] {
  return args.filter((arg, i) => !arg.startsWith('-') && !WITH_VALUE.has(args[i - 1] ?? ''));
}

/** `--server "<command>"`, split into words; undefined when not given. */
export function serverCommandOption(args: string[]): string[] | undefined {
  if (!args.includes('--server')) return undefined;
  const text = optionValue(args, '--server');
  // `--server` last, or followed by another option: the command is missing (its quotes, say).
  return parseServerCommand(text === undefined || text.startsWith('--') ? '' : text);
}

/** The words of a --server command; a blank one is a mistake. */
export function parseServerCommand(text: string): string[] {
  const words = splitCommand(text);
  if (words.length === 0) throw new UsageError(SERVER_NEEDS_COMMAND);
  return words;
}

/** A word as a POSIX shell reads it back: as it is when it can be, else in single quotes. */
export function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** A command's words as one could type them again: `python3 'my server.py'`. */
export function showCommand(words: string[]): string {
  return words.map(shellWord).join(' ');
}

/** `--server "<command>"` as one could type it again in a shell, for the same words. */
export function serverFlag(words: string[]): string {
  // Inside double quotes a shell still reads $, `, " and \: escape them.
  return `--server "${showCommand(words).replace(/[$`"\\]/g, '\\$&')}"`;
}

/**
 * Splits a command as a shell would for simple cases: words separated by spaces, with '...' and
 * "..." quoting and backslash escapes. No variables, globs or pipes: the command runs without a
 * shell, as an argument array.
 */
export function splitCommand(text: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quote) {
      if (char === quote) quote = undefined;
      else if (char === '\\' && quote === '"' && i + 1 < text.length) word += text[++i];
      else word += char;
    } else if (char === '"' || char === "'") {
      quote = char;
      inWord = true;
    } else if (char === '\\' && i + 1 < text.length) {
      word += text[++i];
      inWord = true;
    } else if (/\s/.test(char)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += char;
      inWord = true;
    }
  }
  if (quote) throw new UsageError(`unclosed ${quote} in: ${text}`);
  if (inWord) words.push(word);
  return words;
}
