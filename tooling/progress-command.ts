// `npm run progress`: every exercise with its state, a bar for the whole kata, and the next
// command to run. States come from the verdicts the last runs recorded; only the exercises whose
// folder (or specs) changed since run again (tooling/progress.ts).
import { parseCommandLine, usageText, type CommandLine } from './core/args.ts';
import type { Runtime } from './core/runtime.ts';
import { measureProgress, type ExerciseProgress } from './progress.ts';

const MARK: Record<ExerciseProgress['state'], string> = {
  passing: '✓',
  'in progress': '◐',
  'not started': '○',
  'does not start': '✗',
};

export function bar(done: number, total: number, width = 30): string {
  const filled = total === 0 ? 0 : Math.round((done / total) * width);
  return `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}]`;
}

export function formatProgress(progress: ExerciseProgress[]): string {
  const lines = ['netkata progress', ''];
  for (const p of progress) {
    const detail =
      p.state === 'passing'
        ? `passing (${p.passing}/${p.total})`
        : p.state === 'in progress'
          ? `${p.passing} of ${p.total} specs passing`
          : p.state === 'does not start'
            ? 'the server does not start'
            : 'not started';
    lines.push(`  ${MARK[p.state]} ${p.exercise.id}  ${p.exercise.title.padEnd(44)} ${detail}`);
  }
  const specs = progress.reduce((n, p) => n + p.total, 0);
  const passing = progress.reduce((n, p) => n + p.passing, 0);
  const done = progress.filter((p) => p.state === 'passing').length;
  const percent = specs === 0 ? 0 : Math.floor((passing / specs) * 100);
  lines.push('', `  ${bar(passing, specs)} ${passing} of ${specs} specs (${percent}%) · ${done} of ${progress.length} exercises done`, '');
  const next = progress.find((p) => p.state !== 'passing');
  lines.push(
    next
      ? `Next: npm test exercises/${next.exercise.id}   (run it: npm start ${next.exercise.id}; stuck? npm run hint ${next.exercise.id})`
      : 'Every exercise passes. Well done!',
  );
  return lines.join('\n');
}

export const PROGRESS_COMMAND_LINE: CommandLine = {
  command: 'npm run progress',
  synopsis: '',
  summary:
    'Shows every exercise with its state (passing, N of M specs passing, not started), a bar for the whole kata,\n' +
    'and the next command to run. It reads the verdicts your last runs recorded in .netkata/, and runs the specs\n' +
    'again only for the exercises you changed since.',
  positionals: [],
  options: {},
};

export async function progressCommand(args: string[], runtime: Runtime): Promise<number> {
  if (parseCommandLine(args, PROGRESS_COMMAND_LINE).help) {
    console.log(usageText(PROGRESS_COMMAND_LINE));
    return 0;
  }
  console.log(formatProgress(await measureProgress(runtime)));
  return 0;
}
