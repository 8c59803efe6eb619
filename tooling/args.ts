// Command-line arguments for the kata's commands: options with values, the positional
// arguments around them, and a learner's --server command split into words.

/** A command line that cannot be carried out: its message is shown alone, with exit status 2. */
export class UsageError extends Error {}

/** Options that take a value: `--server "python3 server.py"`, `--only 03`, ... */
const WITH_VALUE = new Set(['--server', '--only', '--step', '--runs']);

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
  if (words.length === 0) throw new UsageError('--server needs a command, e.g. --server "python3 server.py"');
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
