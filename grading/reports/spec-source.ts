// A spec's own code, read from its file at the line vitest gives (Exercism's test_code), and the
// lesson step it points at (Exercism's task_id).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type * as TypeScript from 'typescript';

// The TypeScript compiler takes a while to load: only --exercism needs it, so it loads on the
// first spec read, not with the grader (grading/startup.test.ts keeps it so).
let ts: typeof TypeScript;
const parsed = new Map<string, TypeScript.SourceFile | undefined>();

function sourceFile(file: string): TypeScript.SourceFile | undefined {
  ts ??= createRequire(import.meta.url)('typescript') as typeof TypeScript;
  if (!parsed.has(file)) {
    try {
      parsed.set(file, ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true));
    } catch {
      parsed.set(file, undefined);
    }
  }
  return parsed.get(file);
}

/** The name a call is made through: `it` for it(...), it.each(...)(...) and it.skipIf(...)(...). */
function calleeRoot(expression: TypeScript.Expression): string | undefined {
  let node: TypeScript.Expression = expression;
  while (ts.isCallExpression(node) || ts.isPropertyAccessExpression(node)) node = node.expression;
  return ts.isIdentifier(node) ? node.text : undefined;
}

/** The whole `it(...)` call that starts on `line` (1-based), as written. */
export function specCode(file: string, line: number | undefined): string | undefined {
  const source = sourceFile(file);
  if (!source || !line) return undefined;
  let found: TypeScript.CallExpression | undefined;
  const visit = (node: TypeScript.Node): void => {
    if (found) return;
    if (ts.isCallExpression(node) && ['it', 'test'].includes(calleeRoot(node.expression) ?? '')) {
      if (source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1 === line) {
        found = node; // the outermost call on that line: visited before the calls inside it
        return;
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found?.getText(source);
}

/** The lesson step a spec points at: the step its failure links to, or the first `step: N` in its code. */
export function specStep(code: string | undefined, message: string | undefined): number | undefined {
  const linked = /README\.md#(\d+)-/.exec(message ?? '');
  if (linked) return Number(linked[1]);
  const written = /\bstep:\s*(\d+)/.exec(code ?? '');
  return written ? Number(written[1]) : undefined;
}
