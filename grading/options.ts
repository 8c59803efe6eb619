// The command line of `npm run grade`: which submissions, which rubric, which reports, and the
// bounds. Every mistake is a UsageError: one line that says what to type instead (exit status 2).
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { parseCommandLine, parseServerCommand, SERVER_OPTION, usageText, UsageError, type CommandLine } from '../tooling/core/args.ts';
import { findExercise, idRange, loadCurriculum } from '../tooling/core/curriculum.ts';
import { randomSeed } from '../tooling/core/spec-run.ts';
import { parseShard, type Shard } from './shards.ts';

export interface GradeOptions {
  submissions: string[];
  classDir?: string;
  rubric?: string;
  privateSpecs?: string;
  json?: string;
  csv?: string;
  junit?: string;
  markdown?: string;
  exercism?: string;
  classroom: boolean;
  /** Per exercise. */
  timeoutSeconds: number;
  jobs: number;
  /** Exit with 1 when a submission scores below this percentage. */
  minScore?: number;
  /** Exercise slugs to grade, in curriculum order (default: all). */
  exercises: string[];
  seed: number;
  /** Run this command in each exercise folder instead of its server.ts (a server in another language). */
  serverCommand?: string[];
  /** Measure the stubs and rewrite grading/starting-point.json instead of grading. */
  updateStartingPoint: boolean;
  /** Grade only this slice of the class (shards.ts). */
  shard?: Shard;
  /** Instead of grading: the positionals are shards' --json reports, to join into one. */
  merge: boolean;
  /** Run every server in the bubblewrap sandbox (false: --no-sandbox). */
  sandbox: boolean;
}

export const GRADE_COMMAND_LINE: CommandLine = {
  command: 'npm run grade',
  synopsis: '-- [submission...] [--class <dir>] [options]',
  summary: "Grades submissions by the specs and by c8 coverage of the learner's code. With no submission, this checkout's exercises/.",
  positionals: [{ name: '<submission>', help: 'a folder holding exercises/ (a clone of the kata), or an exercises/ folder', many: true }],
  options: {
    '--class': { value: '<dir>', help: 'grade every submission folder inside <dir>' },
    '--rubric': { value: '<file>', help: 'the rubric to score with (default grading/rubric.json)' },
    '--specs': { value: '<dir>', help: 'add your private specs: <dir>/NN-slug*.spec.ts, written like specs/NN-slug.spec.ts' },
    '--json': { value: '<file>', help: 'everything, as JSON' },
    '--csv': { value: '<file>', help: 'a gradebook: one row per submission, one column per exercise, and the total' },
    '--junit': { value: '<file>', help: 'JUnit XML, one test case per spec' },
    '--markdown': { value: '<file>', help: 'a summary for a GitHub job summary ($GITHUB_STEP_SUMMARY)' },
    '--exercism': { value: '<dir>', help: 'Exercism test-runner results.json (version 3) per submission and exercise' },
    '--classroom': { help: "GitHub Classroom's autograding result (to $GITHUB_OUTPUT as result=..., or stdout)" },
    '--timeout': { value: '<seconds>', help: 'time budget per exercise (default 60)' },
    '--jobs': { value: '<n>', help: 'submissions graded at once (default: the number of cores)' },
    '--min-score': { value: '<pct>', help: 'exit with status 1 if a submission scores below this percentage' },
    '--exercises': { value: '<ids>', help: 'grade only these exercises, e.g. 01,02' },
    '--seed': { value: '<n>', help: "the specs' random seed (default KATA_SEED, or a random one)" },
    '--server': {
      ...SERVER_OPTION,
      help:
        'start this command in each exercise folder instead of its server.ts, e.g.\n--server "python3 server.py": coverage is not measured, the specs carry all\nthe points, and the guard does not apply (grading/README.md)',
    },
    '--shard': { value: '<i/n>', help: 'grade only the i-th of n slices of the submissions (one job of a matrix);\nwrite its --json, then join the shards with --merge' },
    '--merge': { help: "instead of grading: join the shards' --json reports named as <submission>s\ninto one, and write the reports asked for: --merge shard-*.json --csv grades.csv" },
    '--no-sandbox': {
      help: 'grade even where no sandbox can be made (no bubblewrap, no user namespaces):\nonly for code you trust, or on a throwaway machine; the reports say so',
    },
    '--update-starting-point': {
      help: 'instead of grading: run the untouched stubs in exercises/ and record the specs each\npasses (grading/starting-point.json): after changing a spec file or a stub',
    },
  },
};

export const USAGE = usageText(GRADE_COMMAND_LINE);

function number(name: string, text: string, { min, integer }: { min: number; integer?: boolean }): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value < min || (integer && !Number.isInteger(value))) {
    throw new UsageError(`${name} needs ${integer ? 'a whole number' : 'a number'} of at least ${min}, not "${text}"`);
  }
  return value;
}

export function parseGradeOptions(args: string[], cwd: string): GradeOptions {
  const parsed = parseCommandLine(args, GRADE_COMMAND_LINE);
  const { values } = parsed;
  const submissions = parsed.positionals.map((arg) => path.resolve(cwd, arg));
  if (parsed.flags.has('--merge') && values.has('--shard')) throw new UsageError('--merge joins shards that were graded; it takes no --shard');
  const classroom = parsed.flags.has('--classroom');
  const updateStartingPoint = parsed.flags.has('--update-starting-point');
  const file = (name: string) => (values.has(name) ? path.resolve(cwd, values.get(name)!) : undefined);
  const curriculum = loadCurriculum();
  const only = values.get('--exercises');
  const exercises = only
    ? only.split(',').map((key) => {
        const exercise = findExercise(key.trim(), curriculum);
        if (!exercise) throw new UsageError(`--exercises: no exercise "${key}"; exercises are ${idRange(curriculum)}`);
        return exercise.slug;
      })
    : curriculum.map((ex) => ex.slug);
  const seedText = values.get('--seed') ?? process.env.KATA_SEED;
  return {
    submissions,
    classDir: file('--class'),
    rubric: file('--rubric'),
    privateSpecs: file('--specs'),
    json: file('--json'),
    csv: file('--csv'),
    junit: file('--junit'),
    markdown: file('--markdown'),
    exercism: file('--exercism'),
    classroom,
    timeoutSeconds: values.has('--timeout') ? number('--timeout', values.get('--timeout')!, { min: 1 }) : 60,
    jobs: values.has('--jobs') ? number('--jobs', values.get('--jobs')!, { min: 1, integer: true }) : availableParallelism(),
    minScore: values.has('--min-score') ? number('--min-score', values.get('--min-score')!, { min: 0 }) : undefined,
    exercises: curriculum.map((ex) => ex.slug).filter((slug) => exercises.includes(slug)),
    seed: seedText === undefined ? randomSeed() : number('--seed', seedText, { min: 0, integer: true }),
    serverCommand: values.has('--server') ? parseServerCommand(values.get('--server')!) : undefined,
    updateStartingPoint,
    shard: values.has('--shard') ? parseShard(values.get('--shard')!) : undefined,
    merge: parsed.flags.has('--merge'),
    sandbox: !parsed.flags.has('--no-sandbox'),
  };
}
