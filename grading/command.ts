// `npm run grade [-- submission... | --class <dir>] [options]` (grading/grade.mjs): grades
// submissions by the specs and c8 coverage, prints a table, writes the reports asked for. Exit
// status: 0, or 1 when a submission scores below --min-score, or 2 for a command line that cannot
// be carried out (its one-line message on stderr).
import path from 'node:path';
import { UsageError } from '../tooling/core/args.ts';
import { stopAllBatches } from './batch.ts';
import { removeWorkDirsNow } from './work-dir.ts';
import { discoverSubmissions, findPrivateSpecs } from './discover.ts';
import { grade, prepareRun, privateCopyName } from './grade.ts';
import { sandboxSupport } from './isolation.ts';
import { RECORD_FILE, updateStartingPoint } from './starting-point.ts';
import { parseGradeOptions, USAGE, type GradeOptions } from './options.ts';
import { kataSpecFiles, type SpecFileResolver } from './reports/exercism.ts';
import { writeReports } from './reports/write.ts';
import { progressLine, table } from './reports/table.ts';
import { mergeShardReports, sliceOf } from './shards.ts';
import type { GradeReport } from './types.ts';

const NO_SANDBOX_HELP =
  'Grading runs each submission as a program, and without the sandbox it runs with your rights: it could read your files and reach the network. ' +
  'Install bubblewrap (Debian, Ubuntu: apt-get install bubblewrap) on Linux with user namespaces enabled, or, for code you trust or on a throwaway machine, pass --no-sandbox (the reports then say so).';

/** Where each spec file of the reports is: the kata's own, or an instructor's private one. */
function specFiles(privateSpecs: Record<string, string[]>): SpecFileResolver {
  const byCopy = new Map<string, string>();
  for (const [exercise, files] of Object.entries(privateSpecs)) for (const file of files) byCopy.set(`private/${privateCopyName(exercise, file)}`, file);
  return (label) => byCopy.get(label) ?? kataSpecFiles(label);
}

export async function gradeCommand(args: string[]): Promise<number> {
  try {
    return await runGradeCommand(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(error.message);
    return 2;
  }
}

async function runGradeCommand(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  const options: GradeOptions = parseGradeOptions(args, process.env.INIT_CWD ?? process.cwd());
  if (options.updateStartingPoint) {
    const { run, dispose } = await prepareRun({ exercises: options.exercises, seed: 1, timeoutSeconds: options.timeoutSeconds, jobs: 1 });
    try {
      for (const line of await updateStartingPoint(run)) console.log(line);
      console.log(`recorded in ${path.relative(process.cwd(), RECORD_FILE)}`);
    } finally {
      await dispose();
    }
    return 0;
  }
  if (options.merge) {
    const report = mergeShardReports(options.submissions);
    return finish(report, options, specFiles({}));
  }
  if (options.sandbox) {
    const support = await sandboxSupport();
    if (!support.ok) {
      console.error(`netkata grade: no sandbox can be made here: ${support.why}.\n${NO_SANDBOX_HELP}`);
      return 2;
    }
  }
  const discovered = discoverSubmissions(options.submissions, options.classDir);
  const { skipped } = discovered;
  const submissions = options.shard ? sliceOf(discovered.submissions, options.shard) : discovered.submissions;
  const privateSpecs = options.privateSpecs ? findPrivateSpecs(options.privateSpecs, options.exercises) : undefined;
  for (const folder of skipped) console.error(`not graded: ${folder}`);
  if (options.classroom && submissions.length > 1) throw new UsageError("--classroom reports one submission (a learner's repository), not a class");

  // Ctrl-C: the grading children are in process groups of their own; end them and their servers.
  const interrupt = (name: NodeJS.Signals) => {
    stopAllBatches();
    removeWorkDirsNow();
    process.stderr.write(`\ngrading stopped (${name})\n`);
    process.exit(130);
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);

  const interactive = process.stderr.isTTY === true;
  const started = Date.now();
  let last = { done: 0, total: submissions.length };
  const show = () => process.stderr.write(`\r${progressLine(last, Date.now() - started)}`);
  const ticker = interactive ? setInterval(show, 1000) : undefined;
  const report = await grade(submissions, {
    exercises: options.exercises,
    rubric: options.rubric,
    privateSpecs,
    seed: options.seed,
    timeoutSeconds: options.timeoutSeconds,
    jobs: options.jobs,
    serverCommand: options.serverCommand,
    sandbox: options.sandbox,
    onProgress: (event) => {
      last = event;
      if (interactive) show();
      else process.stderr.write(`${progressLine(event, Date.now() - started)}\n`);
    },
  }).finally(() => {
    clearInterval(ticker);
    if (interactive) process.stderr.write('\n');
  });

  return finish(options.shard ? { ...report, shard: options.shard } : report, options, specFiles(privateSpecs ?? {}));
}

/** Prints the table, writes the reports asked for, and says who scored below --min-score. */
async function finish(report: GradeReport, options: GradeOptions, resolve: SpecFileResolver): Promise<number> {
  console.log(table(report));
  await writeReports(report, options, resolve);
  const below = options.minScore === undefined ? [] : report.submissions.filter((s) => s.percent < options.minScore!);
  for (const s of below) console.error(`${s.name} scores ${s.percent}%, below --min-score ${options.minScore}`);
  return below.length > 0 ? 1 : 0;
}
