// The report formats, each written from one made-up but realistic report (exercise 01's real spec
// names and lines): what each consumer needs is there, in the shape it reads.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { KATA_ROOT } from '../tooling/core/curriculum.ts';
import { loadRubric } from './rubric.ts';
import { scoreSubmission } from './score.ts';
import type { StartingPoint } from './starting-point.ts';
import type { ExerciseRun, GradeReport, SpecOutcome } from './types.ts';
import { classroomResult, encodeClassroom, type ClassroomResult } from './reports/classroom.ts';
import { csvReport } from './reports/csv.ts';
import { exercismResults } from './reports/exercism.ts';
import { junitReport } from './reports/junit.ts';
import { markdownReport } from './reports/markdown.ts';
import { table } from './reports/table.ts';

const EX = '01-raw-socket';
const FILE = 'specs/01-raw-socket.spec.ts';
const source = readFileSync(path.join(KATA_ROOT, FILE), 'utf8').split('\n');
const lineOf = (text: string) => source.findIndex((line) => line.includes(text)) + 1;
const STATUS = 'the response to a request > starts with the status line "HTTP/1.1 200 OK" ended by CRLF';
const RULE = 'the code > uses node:net, not an HTTP library';
const specs = [
  { name: STATUS, file: FILE, line: lineOf("it('starts with the status line") },
  { name: RULE, file: FILE, line: lineOf("it('uses node:net, not an HTTP library'") },
];
const start: StartingPoint = { [EX]: { specs: specs.map(({ name, file }) => ({ name, file })), passed: [{ name: RULE, file: FILE }] } };
const FAILURE = 'Expected: the first line to be exactly "HTTP/1.1 200 OK" followed by \\r\\n\n\nGot back:\n  │ <html> & "more"\n\nRead: exercises/01-raw-socket/README.md#3-write-the-response';

function run(passedStatus: boolean, extra: Partial<ExerciseRun> = {}): ExerciseRun {
  const outcomes: SpecOutcome[] = specs.map((s) => ({ ...s, state: s.name === STATUS && !passedStatus ? 'failed' : 'passed', message: s.name === STATUS && !passedStatus ? FAILURE : undefined, durationMs: 12 }));
  return { exercise: EX, specs: outcomes, errors: [], timedOut: false, complete: true, durationMs: 50, coverage: { lines: { covered: 10, total: 10, pct: 100 }, branches: { covered: 6, total: 10, pct: 60 }, files: ['server.ts'] }, ...extra };
}

const submission = (name: string, exerciseRun: ExerciseRun, incidents = {}, mode = {}) =>
  scoreSubmission({ submission: { name, root: `/class/${name}`, exercisesDir: `/class/${name}/exercises`, self: false }, runs: { [EX]: exerciseRun }, missing: [], incidents, ignored: name.startsWith('bob') ? ['specs/01-raw-socket.spec.ts'] : [], errors: [], durationMs: 1000 }, start, loadRubric(), [EX], mode);

const report: GradeReport = {
  tool: 'netkata grade',
  startedAt: '2026-01-02T03:04:05.678Z',
  durationMs: 4321,
  seed: 42,
  rubric: path.join(KATA_ROOT, 'grading', 'rubric.json'),
  timeoutSeconds: 60,
  sandbox: true,
  notes: [],
  submissions: [
    submission('alice', run(true)),
    submission('bob, the second', run(false)),
    submission('carol', run(true), { [EX]: [{ kind: 'child-process', detail: 'child_process.spawn("sleep")', cwd: '/x' }] }),
  ],
};
const [alice, bob, carol] = report.submissions as [typeof report.submissions[0], typeof report.submissions[0], typeof report.submissions[0]];

describe('the terminal table', () => {
  it('has a row per submission with its total, and says why a submission scores 0', () => {
    const text = table(report);
    expect(text).toMatch(/alice\s+100\.0 100%\s+100\.0 \/ 100\.0/);
    expect(text).toMatch(/carol › 01-raw-socket: scores 0: it tried to start another program/);
  });
});

describe('--csv', () => {
  it('is a gradebook: a header, then one row per submission with each exercise, the total, the max and the percentage', () => {
    const rows = csvReport(report).trimEnd().split('\r\n');
    expect(rows[0]).toBe(`submission,${EX},total,max,percent`);
    expect(rows[1]).toBe('alice,100,100,100,100');
    expect(rows[2]).toBe('"bob, the second",0,0,100,0');
  });
});

describe('--junit', () => {
  const xml = junitReport(report);
  it('has a test case per spec, and one for the grading of each exercise', () => {
    expect(xml.match(/<testcase /g)).toHaveLength(3 * (specs.length + 1));
    expect(xml).toMatch(/<testsuites name="netkata grade" tests="9" failures="2"/);
  });
  it('carries the failure message, escaped', () => {
    expect(xml).toContain('&lt;html&gt; &amp; &quot;more&quot;');
    expect(xml).not.toMatch(/<failure[^>]*>[^<]*<html>/);
    expect(xml).toMatch(/name="grading"[^>]*>\s*<failure message="scores 0: it tried to start another program/);
  });
});

describe('--markdown', () => {
  const md = markdownReport(report);
  it('has the class table, then each submission with its exercises and its failing specs folded', () => {
    expect(md).toMatch(/^## netkata grade/);
    expect(md).toContain('| submission | 01 | total |');
    expect(md).toContain('| alice | 100 | **100** / 100 |');
    expect(md).toMatch(/<summary>01-raw-socket: 1 spec fail<\/summary>/);
    expect(md).toContain('Ignored 1 file of the submission');
  });
});

describe('--exercism', () => {
  it('writes version 3 results, each test with its code and its lesson step', () => {
    const results = exercismResults(alice.exercises[0]!);
    expect(results).toMatchObject({ version: 3, status: 'pass' });
    const test = results.tests.find((t) => t.name === STATUS)!;
    expect(test.test_code).toMatch(/^it\('starts with the status line/);
    expect(test.test_code).toContain('step: 3');
    expect(test).toMatchObject({ status: 'pass', message: null, task_id: 3 });
  });
  it('gives a failed test its message, and an exercise that scores 0 for a hostile act the status "error"', () => {
    expect(exercismResults(bob.exercises[0]!)).toMatchObject({ status: 'fail' });
    expect(exercismResults(bob.exercises[0]!).tests.find((t) => t.name === STATUS)!.message).toContain('Expected: the first line');
    expect(exercismResults(carol.exercises[0]!)).toMatchObject({ status: 'error', message: expect.stringMatching(/start another program/) as unknown });
  });
});

describe('--classroom', () => {
  const decode = (encoded: string) => JSON.parse(Buffer.from(encoded, 'base64').toString('utf8')) as ClassroomResult;
  it.each([alice, bob, carol])("is base64 JSON whose tests' scores add up to the submission's score", (s) => {
    const result = decode(encodeClassroom(classroomResult(s)));
    expect(result.version).toBe(1);
    expect(result.max_score).toBe(s.max);
    expect(result.tests.reduce((sum, t) => sum + t.score, 0)).toBeCloseTo(s.score, 1);
    for (const t of result.tests) expect(Object.keys(t)).toEqual(['name', 'status', 'score', 'message', 'test_code', 'filename', 'line_no', 'duration']);
  });
  it('passes only when every test does', () => {
    expect(classroomResult(alice).status).toBe('pass');
    expect(classroomResult(bob).status).toBe('fail');
    expect(classroomResult(bob).tests.find((t) => t.name.endsWith(STATUS))).toMatchObject({ status: 'fail', score: 0 });
  });
  it('has no coverage test when coverage is worth nothing (a --server run), and still adds up', () => {
    const python = submission('dana', run(true, { coverage: undefined }), {}, { serverCommand: true });
    const result = classroomResult(python);
    expect(result.tests.map((t) => t.name)).not.toContain('01 coverage');
    expect(result).toMatchObject({ status: 'pass', max_score: 100 });
    expect(result.tests.reduce((sum, t) => sum + t.score, 0)).toBeCloseTo(100, 1);
  });
});
