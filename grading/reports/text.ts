// How the reports show numbers. (Text helpers they share with every layer: tooling/core/text.ts.)
import { round2 } from '../../tooling/core/text.ts';

export { firstLine, firstLines, plain } from '../../tooling/core/text.ts';

/** Points as reports show them: at most two decimals, no trailing zeros. */
export function pts(n: number): string {
  return String(round2(n));
}

export function pct(n: number | null): string {
  return n === null ? '—' : `${Math.round(n)}%`;
}
