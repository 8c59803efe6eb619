// `npm run hint 03 [-- --step 4]`: prints the next hint for the lesson step your first failing
// spec points at (or for --step N). The step comes from the verdict the last run of exercise 03's
// specs recorded (tooling/verdicts.ts); only when your folder changed since do the specs run again.
import { readFileSync } from 'node:fs';
import { lessonFile, loadCurriculum } from './core/curriculum.ts';
import { resolveTarget } from './targets.ts';
import { parseCommandLine, usageText, UsageError, type CommandLine } from './core/args.ts';
import { nextHint } from './hints.ts';
import type { Runtime } from './core/runtime.ts';
import { measureProgress } from './progress.ts';
import { headingAnchor, lessonSteps } from '../specs/harness/lesson.ts';

export const HINT_COMMAND_LINE: CommandLine = {
  command: 'npm run hint',
  synopsis: '<exercise> [-- --step <n>]',
  summary:
    'Prints the next hint for the lesson step your first failing spec points at, from a nudge to nearly the\n' +
    'answer: one more each time you ask. Which hints you have seen is kept in .netkata/.',
  positionals: [{ name: '<exercise>', help: '03, exercises/03 or exercises/03-file-server' }],
  options: { '--step': { value: '<n>', help: 'a hint for lesson step <n> instead (the "## <n>. ..." heading of the lesson)' } },
};

export async function hintCommand(args: string[], runtime: Runtime): Promise<number> {
  const parsed = parseCommandLine(args, HINT_COMMAND_LINE);
  if (parsed.help) {
    console.log(usageText(HINT_COMMAND_LINE));
    return 0;
  }
  const [key] = parsed.positionals;
  if (!key) throw new UsageError('which exercise? npm run hint 03');
  // Read the exercise as npm test reads its target ("03", "exercises/03", "exercises/03-file-server/").
  const [run, ...more] = resolveTarget(key, process.env.INIT_CWD ?? process.cwd());
  const exercises = loadCurriculum();
  const exercise = exercises.find((ex) => ex.slug === run?.exercise);
  if (!exercise || more.length > 0) throw new UsageError('npm run hint takes one exercise: npm run hint 03');

  const stepText = parsed.values.get('--step');
  let step = stepText === undefined ? undefined : Number(stepText);
  if (step === undefined) {
    const [progress] = await measureProgress(runtime, [exercise]);
    if (progress?.state === 'passing') {
      const next = exercises[exercises.indexOf(exercise) + 1];
      console.log(`Every spec of ${exercise.id} passes: no hint needed.${next ? ` Next: npm test exercises/${next.id}` : ''}`);
      return 0;
    }
    step = progress?.step;
    if (step === undefined) {
      console.log(
        progress?.state === 'does not start'
          ? `Your server for ${exercise.id} does not start, so the specs cannot say which step you are on.`
          : `No failing spec of ${exercise.id} names a lesson step, so the specs cannot say which step you are on.`,
      );
      console.log(`Run npm test exercises/${exercise.id} to see why, or ask for a step: npm run hint ${exercise.id} -- --step 2`);
      return 1;
    }
  }
  const heading = lessonSteps(readFileSync(lessonFile(exercise), 'utf8')).get(step);
  if (!heading) throw new UsageError(`the lesson of ${exercise.id} has no step ${stepText ?? step}`);
  const hint = nextHint(exercise, step);
  console.log(`Step ${heading}`);
  console.log(`  (read: exercises/${exercise.slug}/README.md#${headingAnchor(heading)})\n`);
  if (!hint) {
    console.log('There is no hint for this step yet: the lesson step above is the place to read.');
    return 0;
  }
  console.log(`Hint ${hint.index} of ${hint.count}: ${hint.text}`);
  if (hint.index < hint.count) console.log(`\nStill stuck? Run it again for the next hint.`);
  return 0;
}
