// The worker of tooling/type-errors.ts: type-checks the given files with the kata's tsconfig.json
// and posts back their errors. Plain JavaScript: a worker thread does not go through tsx.
import path from 'node:path';
import { parentPort } from 'node:worker_threads';
import ts from 'typescript';

// The kata's root, then the files to check (the worker's argv, as tooling/type-errors.ts passes them).
const [root = '.', ...files] = process.argv.slice(2);
const config = ts.getParsedCommandLineOfConfigFile(path.join(root, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
if (!config) throw new Error('tsconfig.json could not be read');
// A folder outside the kata (a submission anywhere on disk) has no package.json saying "type":
// "module", so nodenext would read its server.ts as CommonJS and fail every import. The harness
// bundles it as ESM with esbuild, so check it as a bundler reads it.
const outside = files.some((f) => path.relative(root, f).startsWith('..'));
const options = outside ? { ...config.options, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler } : config.options;
const program = ts.createProgram({ rootNames: files, options });
const wanted = new Set(files.map((f) => path.resolve(f)));
const errors = [...program.getSyntacticDiagnostics(), ...program.getSemanticDiagnostics()]
  // Only the learner's own files: an error inside a library is not theirs to fix.
  .filter((d) => d.file && wanted.has(path.resolve(d.file.fileName)) && d.category === ts.DiagnosticCategory.Error)
  .map((d) => {
    const file = /** @type {import('typescript').SourceFile} */ (d.file);
    const { line, character } = file.getLineAndCharacterOfPosition(d.start ?? 0);
    // As the learner would type it: relative to where they are, unless that means climbing out.
    const relative = path.relative(process.env.INIT_CWD ?? root, file.fileName);
    const where = relative.startsWith('..') ? file.fileName : relative;
    return { file: where, line: line + 1, column: character + 1, message: `TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}` };
  });
parentPort?.postMessage(errors);
