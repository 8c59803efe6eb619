// --junit: JUnit XML for CI systems: a test suite per submission and exercise, a test case per
// spec (a failure carries the spec's message), and one more test case, "grading", that fails when
// the exercise scores 0 whatever its specs did (a hostile act, the time budget, no folder).
import type { GradedExercise, GradeReport } from '../types.ts';
import { firstLine, plain, pts } from './text.ts';

export function xml(text: string): string {
  return (
    plain(text)
      // Characters XML 1.0 cannot hold at all.
      // eslint-disable-next-line no-control-regex -- removing control characters is the point
      .replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
  );
}

const seconds = (ms: number | undefined) => ((ms ?? 0) / 1000).toFixed(3);

function suite(submission: string, ex: GradedExercise, timestamp: string): { text: string; tests: number; failures: number } {
  const cases: string[] = [];
  let failures = 0;
  const classname = xml(`${submission}.${ex.exercise}`);
  for (const spec of ex.specs) {
    const attributes = `classname="${classname}" name="${xml(spec.name)}" time="${seconds(spec.durationMs)}" file="${xml(spec.file)}"${spec.line ? ` line="${spec.line}"` : ''}`;
    if (spec.passed) cases.push(`    <testcase ${attributes}/>`);
    else {
      failures++;
      const message = spec.message ?? 'failed';
      cases.push(`    <testcase ${attributes}>\n      <failure message="${xml(firstLine(message))}">${xml(message)}</failure>\n    </testcase>`);
    }
  }
  const grading = `classname="${classname}" name="grading" time="0.000"`;
  if (ex.zeroBecause) {
    failures++;
    cases.push(`    <testcase ${grading}>\n      <failure message="${xml(`scores 0: ${ex.zeroBecause}`)}">${xml(ex.problems.join('\n\n'))}</failure>\n    </testcase>`);
  } else cases.push(`    <testcase ${grading}/>`);
  const properties = [
    ['score', pts(ex.score)],
    ['max', pts(ex.max)],
    ['lines', ex.coverage.lines === null ? '' : String(ex.coverage.lines)],
    ['branches', ex.coverage.branches === null ? '' : String(ex.coverage.branches)],
  ]
    .map(([name, value]) => `      <property name="${name}" value="${xml(value!)}"/>`)
    .join('\n');
  const tests = cases.length;
  const text =
    `  <testsuite name="${xml(`${submission} › ${ex.exercise}`)}" tests="${tests}" failures="${failures}" errors="0" skipped="0" time="${seconds(ex.durationMs)}" timestamp="${timestamp}">\n` +
    `    <properties>\n${properties}\n    </properties>\n${cases.join('\n')}\n  </testsuite>`;
  return { text, tests, failures };
}

export function junitReport(report: GradeReport): string {
  const suites = report.submissions.flatMap((s) => s.exercises.map((ex) => suite(s.name, ex, report.startedAt.replace(/\.\d+Z$/, ''))));
  const tests = suites.reduce((sum, s) => sum + s.tests, 0);
  const failures = suites.reduce((sum, s) => sum + s.failures, 0);
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<testsuites name="netkata grade" tests="${tests}" failures="${failures}" errors="0" time="${seconds(report.durationMs)}">\n` +
    `${suites.map((s) => s.text).join('\n')}\n</testsuites>\n`
  );
}
