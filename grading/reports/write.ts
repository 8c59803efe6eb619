// Writes the reports asked for on the command line, each from the same GradeReport.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../../tooling/core/args.ts';
import type { GradeOptions } from '../options.ts';
import type { GradeReport } from '../types.ts';
import { writeClassroom } from './classroom.ts';
import { csvReport } from './csv.ts';
import { writeExercism, type SpecFileResolver } from './exercism.ts';
import { jsonReport } from './json.ts';
import { junitReport } from './junit.ts';
import { markdownReport } from './markdown.ts';

async function write(file: string, text: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, text);
}

export async function writeReports(report: GradeReport, options: GradeOptions, resolve?: SpecFileResolver): Promise<void> {
  if (options.json) await write(options.json, jsonReport(report));
  if (options.csv) await write(options.csv, csvReport(report));
  if (options.junit) await write(options.junit, junitReport(report));
  if (options.markdown) await write(options.markdown, markdownReport(report));
  if (options.exercism) await writeExercism(report, options.exercism, resolve);
  if (options.classroom) {
    const [only, ...more] = report.submissions;
    if (!only || more.length > 0) throw new UsageError('--classroom reports one submission (a learner\'s repository), not a class');
    await writeClassroom(only);
  }
}
