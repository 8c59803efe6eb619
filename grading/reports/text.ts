// Small text helpers shared by the reports.

/** Without terminal colour codes. */
export function plain(text: string): string {
  // eslint-disable-next-line no-control-regex -- matching the escape character is the point
  return text.replace(/\x1b\[[0-9;]*m/g, '');
}

export function firstLine(text: string | undefined): string {
  return plain(text ?? '').split('\n').find((line) => line.trim() !== '')?.trim() ?? '';
}

export function firstLines(text: string | undefined, n: number): string {
  const lines = plain(text ?? '').trimEnd().split('\n');
  return lines.length > n ? `${lines.slice(0, n).join('\n')}\n…` : lines.join('\n');
}

/** Points as reports show them: at most two decimals, no trailing zeros. */
export function pts(n: number): string {
  return String(Math.round(n * 100) / 100);
}

export function pct(n: number | null): string {
  return n === null ? '—' : `${Math.round(n)}%`;
}
