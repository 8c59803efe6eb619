// Links from a spec to the lesson step that explains it: step 3 of 01-raw-socket becomes
// "exercises/01-raw-socket/README.md#3-the-status-line", read from the lesson's own headings.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { KATA_ROOT } from '../../tooling/core/curriculum.ts';

/** GitHub's anchor for a heading: lowercase, punctuation dropped, spaces to hyphens. */
export function headingAnchor(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** The numbered steps of a lesson ("## 3. The status line"), by number. */
export function lessonSteps(markdown: string): Map<number, string> {
  const steps = new Map<number, string>();
  for (const match of markdown.matchAll(/^## (\d+)\. (.+)$/gm)) {
    steps.set(Number(match[1]), `${match[1]}. ${match[2]}`);
  }
  return steps;
}

const cache = new Map<string, Map<number, string>>();

/** "exercises/<slug>/README.md#<anchor>" for the step; throws if the lesson has no such step. */
export function stepLink(exercise: string, step: number): string {
  const file = path.join('exercises', exercise, 'README.md');
  let steps = cache.get(exercise);
  if (!steps) {
    steps = lessonSteps(readFileSync(path.join(KATA_ROOT, file), 'utf8'));
    cache.set(exercise, steps);
  }
  const heading = steps.get(step);
  if (!heading) throw new Error(`${file} has no step "## ${step}. ..." (a spec points at it)`);
  return `${file}#${headingAnchor(heading)}`;
}
