// Hints: hints/<exercise>.md holds, under "## N", the hints for lesson step N, from a nudge to
// nearly the answer. Which ones a learner has seen is kept in .netkata/hints-seen.json (ignored
// by git; KATA_STATE_DIR moves it), so `npm run hint` shows the next one each time.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { KATA_ROOT, type Exercise } from './core/curriculum.ts';
import { noteIgnored, oneLine, stateDir } from './verdicts.ts';

export const hintsFile = (ex: Exercise, root = KATA_ROOT) => path.join(root, 'hints', `${ex.slug}.md`);
const seenFile = () => path.join(stateDir(), 'hints-seen.json');

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

/** The hints seen so far; none yet, or a file that cannot be read (said in a note): start over. */
function readSeen(): Seen {
  let text: string;
  try {
    text = readFileSync(seenFile(), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') noteIgnored(seenFile(), (error as Error).message, 'starting the hints over');
    return {};
  }
  try {
    const seen = JSON.parse(text) as unknown;
    if (typeof seen === 'object' && seen !== null && !Array.isArray(seen)) return seen as Seen;
    noteIgnored(seenFile(), 'not a record of hints seen', 'starting the hints over');
  } catch (error) {
    noteIgnored(seenFile(), `not JSON: ${(error as Error).message}`, 'starting the hints over');
  }
  return {};
}

/** The next hint for a step (the last one again once all have been seen), and remembers it. */
export function nextHint(ex: Exercise, step: number): { text: string; index: number; count: number } | undefined {
  const hints = loadHints(ex).get(step);
  if (!hints?.length) return undefined;
  const seen = readSeen();
  const shown = Number(seen[ex.slug]?.[String(step)] ?? 0);
  const index = Number.isInteger(shown) && shown > 0 ? Math.min(shown, hints.length - 1) : 0;
  seen[ex.slug] = { ...seen[ex.slug], [String(step)]: index + 1 };
  try {
    mkdirSync(path.dirname(seenFile()), { recursive: true });
    writeFileSync(seenFile(), `${JSON.stringify(seen, null, 2)}\n`);
  } catch (error) {
    // The hint still helps; only the next one will be this one again.
    console.error(`note: could not remember this hint in ${seenFile()}: ${oneLine((error as Error).message)}`);
  }
  return { text: hints[index]!, index: index + 1, count: hints.length };
}
