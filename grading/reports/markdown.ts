// --markdown: a summary that reads well as a GitHub job summary ($GITHUB_STEP_SUMMARY): the class
// at a glance (one row per submission), then per submission a table of its exercises and, folded,
// the specs that fail with the first lines of what they say.
import path from 'node:path';
import { idOf, KATA_ROOT } from '../../tooling/core/curriculum.ts';
import { UNTOUCHED } from '../score.ts';
import type { GradedSubmission, GradeReport } from '../types.ts';
import { formatDuration } from './table.ts';
import { firstLine, firstLines, pct, pts } from './text.ts';

/** GitHub refuses a job summary over 1 MiB: keep well under it. */
const MAX_BYTES = 900 * 1024;

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function classTable(report: GradeReport): string[] {
  const exercises = report.submissions[0]?.exercises ?? [];
  return [
    `| submission | ${exercises.map((ex) => idOf(ex.exercise)).join(' | ')} | total |`,
    `| --- | ${exercises.map(() => '---:').join(' | ')} | ---: |`,
    ...report.submissions.map((s) => `| ${cell(s.name)} | ${s.exercises.map((ex) => pts(ex.score)).join(' | ')} | **${pts(s.score)}** / ${pts(s.max)} |`),
    '',
  ];
}

function submissionSection(s: GradedSubmission, heading: string): string[] {
  const out = [
    `${heading} ${s.name}: ${pts(s.score)} / ${pts(s.max)} (${pts(s.percent)}%)`,
    '',
    '| exercise | score | specs passed | lines | branches |',
    '| --- | ---: | ---: | ---: | ---: |',
  ];
  for (const ex of s.exercises) {
    const mark = ex.zeroBecause ? ' ⚠️' : ex.behaviour.passed === ex.behaviour.specs ? ' ✅' : '';
    out.push(`| ${idOf(ex.exercise)} ${cell(ex.title)}${mark} | ${pts(ex.score)} / ${pts(ex.max)} | ${ex.behaviour.passed} / ${ex.behaviour.specs} | ${pct(ex.coverage.lines)} | ${pct(ex.coverage.branches)} |`);
  }
  out.push('');
  for (const error of s.errors) out.push(`> **Grading problem:** ${cell(firstLine(error))}`, '');
  if (s.ignored.length > 0) {
    out.push(`Ignored ${s.ignored.length} file${s.ignored.length === 1 ? '' : 's'} of the submission (the grader uses its own): ${s.ignored.slice(0, 8).map((f) => `\`${f}\``).join(', ')}${s.ignored.length > 8 ? ', …' : ''}`, '');
  }
  for (const ex of s.exercises) {
    if (ex.problems.includes(UNTOUCHED)) {
      out.push(`- ${ex.exercise}: the untouched stub, not run (0 points)`, '');
      continue;
    }
    const failing = ex.specs.filter((spec) => !spec.passed);
    if (failing.length === 0 && !ex.zeroBecause) continue;
    const summary = ex.zeroBecause ? `${ex.exercise}: scores 0 (${ex.zeroBecause})` : `${ex.exercise}: ${failing.length} spec${failing.length === 1 ? '' : 's'} fail`;
    out.push('<details>', `<summary>${cell(summary).replace(/</g, '&lt;')}</summary>`, '');
    for (const problem of ex.problems.filter((p) => !p.startsWith('scores 0:')).slice(0, 1)) out.push('```text', firstLines(problem, 12), '```', '');
    // Specs that did not run (the server did not start) are said once, above: list the others.
    const notRun = failing.filter((spec) => spec.message?.startsWith('not run'));
    for (const spec of failing.filter((f) => !notRun.includes(f))) {
      out.push(`- **${cell(spec.name)}**`, '', '  ```text', ...firstLines(spec.message, 8).split('\n').map((l) => `  ${l}`), '  ```', '');
    }
    if (notRun.length > 0) out.push(`${notRun.length} spec${notRun.length === 1 ? '' : 's'} did not run.`, '');
    out.push('</details>', '');
  }
  return out;
}

export function markdownReport(report: GradeReport): string {
  const rubric = path.relative(KATA_ROOT, report.rubric) || report.rubric;
  const out = [
    '## netkata grade',
    '',
    `${report.submissions.length} submission${report.submissions.length === 1 ? '' : 's'} in ${formatDuration(report.durationMs)} · seed \`${report.seed}\` · rubric \`${rubric}\` · ${report.timeoutSeconds} s per exercise`,
    '',
  ];
  for (const note of report.notes) out.push(`> Note: ${cell(note)}`, '');
  if (report.submissions.length > 1) out.push(...classTable(report));
  const heading = report.submissions.length > 1 ? '####' : '###';
  let text = out.join('\n');
  for (const s of report.submissions) {
    const section = `\n${submissionSection(s, heading).join('\n')}`;
    if (Buffer.byteLength(text + section) > MAX_BYTES) {
      text += `\n_The rest is left out to keep this summary under GitHub's size limit: see the JSON report._\n`;
      break;
    }
    text += section;
  }
  return text;
}
