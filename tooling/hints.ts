// Hints: hints/<exercise>.md holds, under "## N", the hints for lesson step N, from a nudge to
// nearly the answer. Which ones a learner has seen is kept in .netkata/hints-seen.json (ignored
// by git; KATA_STATE_DIR moves it), so `npm run hint` shows the next one each time.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { KATA_ROOT, type Exercise } from './curriculum.ts';

export const hintsFile = (ex: Exercise, root = KATA_ROOT) => path.join(root, 'hints', `${ex.slug}.md`);
const seenFile = () => path.join(process.env.KATA_STATE_DIR ?? path.join(KATA_ROOT, '.netkata'), 'hints-seen.json');

/** Step number → its hints, in order. */
export function parseHints(markdown: string): Map<number, string[]> {
  const hints = new Map<number, string[]>();
  let step: number | undefined;
  for (const line of markdown.split('\n')) {
    const heading = /^## (\d+)\s*$/.exec(line);
    if (heading) {
      step = Number(heading[1]);
      hints.set(step, []);
    } else if (step !== undefined && line.startsWith('- ')) {
      hints.get(step)!.push(line.slice(2).trim());
    }
  }
  return hints;
}

export function loadHints(ex: Exercise): Map<number, string[]> {
  const file = hintsFile(ex);
  return existsSync(file) ? parseHints(readFileSync(file, 'utf8')) : new Map<number, string[]>();
}

type Seen = Record<string, Record<string, number>>;

function readSeen(): Seen {
  try {
    return JSON.parse(readFileSync(seenFile(), 'utf8')) as Seen;
  } catch {
    return {}; // none seen yet, or a file we cannot read: start over rather than fail a hint
  }
}

/** The next hint for a step (the last one again once all have been seen), and remembers it. */
export function nextHint(ex: Exercise, step: number): { text: string; index: number; count: number } | undefined {
  const hints = loadHints(ex).get(step);
  if (!hints?.length) return undefined;
  const seen = readSeen();
  const shown = seen[ex.slug]?.[String(step)] ?? 0;
  const index = Math.min(shown, hints.length - 1);
  seen[ex.slug] = { ...seen[ex.slug], [String(step)]: index + 1 };
  mkdirSync(path.dirname(seenFile()), { recursive: true });
  writeFileSync(seenFile(), `${JSON.stringify(seen, null, 2)}\n`);
  return { text: hints[index]!, index: index + 1, count: hints.length };
}
