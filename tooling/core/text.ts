// Small text helpers for messages and reports, shared by every layer.

/** Without terminal colour codes. */
export function plain(text: string): string {
  // eslint-disable-next-line no-control-regex -- matching the escape character is the point
  return text.replace(/\x1b\[[0-9;]*m/g, '');
}

/** The first line with something on it, trimmed, without colour codes. */
export function firstLine(text: string | undefined): string {
  return plain(text ?? '').split('\n').find((line) => line.trim() !== '')?.trim() ?? '';
}

/** The first `n` lines, without colour codes, and "…" under them when there were more. */
export function firstLines(text: string | undefined, n: number): string {
  const lines = plain(text ?? '').trimEnd().split('\n');
  return lines.length > n ? `${lines.slice(0, n).join('\n')}\n…` : lines.join('\n');
}

/** Rounded to two decimals, as points are shown and stored. */
export function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
