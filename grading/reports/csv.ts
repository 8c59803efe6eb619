// --csv: a gradebook, one row per submission, one column per exercise (its points), then the
// total, the most there was to score, and the percentage. RFC 4180 quoting.
import type { GradeReport } from '../types.ts';
import { pts } from './text.ts';

function cell(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvReport(report: GradeReport): string {
  const exercises = report.submissions[0]?.exercises.map((ex) => ex.exercise) ?? [];
  const rows = [['submission', ...exercises, 'total', 'max', 'percent']];
  for (const s of report.submissions) {
    rows.push([s.name, ...s.exercises.map((ex) => pts(ex.score)), pts(s.score), pts(s.max), pts(s.percent)]);
  }
  return `${rows.map((row) => row.map(cell).join(',')).join('\r\n')}\r\n`;
}
