// --json: the whole report, as the scorer made it: per submission its totals, time taken, what was
// ignored or went wrong; per exercise its score, coverage and problems; per spec its name, outcome,
// points and failure message.
import type { GradeReport } from '../types.ts';

export function jsonReport(report: GradeReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
