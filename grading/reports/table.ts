// The terminal's report: a progress line while grading, then one row per submission and one
// column per exercise (points, and line coverage), the totals, and what went wrong where.
import path from 'node:path';
import { idOf, KATA_ROOT } from '../../tooling/core/curriculum.ts';
import { UNTOUCHED } from '../score.ts';
import type { GradeReport } from '../types.ts';

const useColor = process.stdout.isTTY === true && !process.env.NO_COLOR;
const paint = (code: number) => (text: string) => (useColor ? `\x1b[${code}m${text}\x1b[0m` : text);
const dim = paint(2);
const red = paint(31);

export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  return seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, '0')} s`;
}

export function progressLine(state: { done: number; total: number }, elapsedMs: number): string {
  return `grading: ${state.done} of ${state.total} submission${state.total === 1 ? '' : 's'} done, ${formatDuration(elapsedMs)}`;
}

const points = (n: number) => n.toFixed(1);

export function table(report: GradeReport): string {
  const exercises = report.submissions[0]?.exercises.map((ex) => ex.exercise) ?? [];
  const header = ['submission', ...exercises.map((ex) => idOf(ex)), 'total'];
  const rows = report.submissions.map((s) => [
    s.name,
    ...s.exercises.map((ex) => (ex.coverage.lines === null ? `${points(ex.score)} —` : `${points(ex.score)} ${Math.round(ex.coverage.lines)}%`)),
    `${points(s.score)} / ${points(s.max)}`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');

  const rubric = path.relative(KATA_ROOT, report.rubric) || report.rubric;
  const out = [
    '',
    `netkata grade: ${report.submissions.length} submission${report.submissions.length === 1 ? '' : 's'} in ${formatDuration(report.durationMs)} · seed ${report.seed} · rubric ${rubric}`,
    '',
    line(header),
    ...rows.map(line),
    dim(`each exercise: points (line coverage while its specs ran); ${exercises.map((ex) => ex).join(', ')}`),
  ];
  const problems: string[] = [];
  let untouched = 0;
  for (const s of report.submissions) {
    for (const error of s.errors) problems.push(`${s.name}: ${error.split('\n')[0]}`);
    for (const ex of s.exercises) {
      if (ex.problems.includes(UNTOUCHED)) untouched++;
      const problem = ex.problems.find((p) => p !== UNTOUCHED);
      if (ex.zeroBecause) problems.push(`${s.name} › ${ex.exercise}: scores 0: ${ex.zeroBecause}`);
      else if (problem && ex.behaviour.score === 0) problems.push(`${s.name} › ${ex.exercise}: ${problem.split('\n')[0]}`);
    }
    if (s.ignored.length > 0) problems.push(dim(`${s.name}: ignored ${s.ignored.length} file${s.ignored.length === 1 ? '' : 's'} (the grader uses its own): ${s.ignored.slice(0, 3).join(', ')}${s.ignored.length > 3 ? ', …' : ''}`));
  }
  if (untouched > 0) problems.push(dim(`${untouched} exercise folder${untouched === 1 ? ' was an untouched stub' : 's were untouched stubs'}: not run, 0 points`));
  for (const note of report.notes) problems.push(dim(`note: ${note}`));
  if (problems.length > 0) out.push('', ...problems.map((p) => (p.includes('scores 0') ? red(p) : p)));
  return out.join('\n');
}
