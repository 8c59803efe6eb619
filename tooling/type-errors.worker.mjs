// The worker of tooling/type-errors.ts: type-checks the files it is sent with the kata's
// tsconfig.json and posts back their errors, for as many checks as it is sent. Each check after
// the first reuses what TypeScript has read and parsed (the libraries, @types/node, files that did
// not change): measured on 02's server.ts, ~35 ms instead of ~600 ms (npm run watch). Plain
// JavaScript: a worker thread does not go through tsx.
import path from 'node:path';
import { parentPort } from 'node:worker_threads';
import ts from 'typescript';

// The kata's root: the worker's argv, as tooling/type-errors.ts passes it.
const [root = '.'] = process.argv.slice(2);
const config = ts.getParsedCommandLineOfConfigFile(path.join(root, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
if (!config) throw new Error('tsconfig.json could not be read');
// A folder outside the kata (a submission anywhere on disk) has no package.json saying "type":
// "module", so nodenext would read its server.ts as CommonJS and fail every import. The harness
// bundles it as ESM with esbuild, so check it as a bundler reads it.
const outsideOptions = { ...config.options, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler };

/** Parsed files, kept while their text is the same: what makes a later check fast. */
/** @type {Map<string, { text: string | undefined, file: import('typescript').SourceFile }>} */
const parsed = new Map();
/** @param {import('typescript').CompilerOptions} options */
function cachingHost(options) {
  const host = ts.createCompilerHost(options);
  const parse = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    const text = ts.sys.readFile(fileName);
    const kept = parsed.get(fileName);
    if (kept && kept.text === text) return kept.file;
    const file = parse(fileName, languageVersion, onError, shouldCreate);
    if (file) parsed.set(fileName, { text, file });
    return file;
  };
  return host;
}
const hosts = { inside: cachingHost(config.options), outside: cachingHost(outsideOptions) };
/** @type {{ inside?: import('typescript').Program, outside?: import('typescript').Program }} */
const last = {};

/** @param {string[]} files */
function check(files) {
  const where = files.some((f) => path.relative(root, f).startsWith('..')) ? 'outside' : 'inside';
  const options = where === 'outside' ? outsideOptions : config.options;
  const program = ts.createProgram({ rootNames: files, options, host: hosts[where], oldProgram: last[where] });
  last[where] = program;
  // Only the learner's own files: an error inside a library is not theirs to fix (and checking
  // only these is what keeps a check short).
  const own = files.map((f) => program.getSourceFile(f)).filter((f) => f !== undefined);
  return own
    .flatMap((file) => [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)])
    .filter((d) => d.file && d.category === ts.DiagnosticCategory.Error)
    .map((d) => {
      const file = /** @type {import('typescript').SourceFile} */ (d.file);
      const { line, character } = file.getLineAndCharacterOfPosition(d.start ?? 0);
      // As the learner would type it: relative to where they are, unless that means climbing out.
      const relative = path.relative(process.env.INIT_CWD ?? root, file.fileName);
      const shown = relative.startsWith('..') ? file.fileName : relative;
      return { file: shown, line: line + 1, column: character + 1, message: `TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}` };
    });
}

parentPort?.on('message', (/** @type {{ id: number, files: string[] }} */ { id, files }) => {
  parentPort?.postMessage({ id, errors: check(files) });
});
