// Who may import whom (CONTRIBUTING's "Where things live" table). Each layer imports only those
// below it, and a wrong arrow fails `npm run lint`:
//
//   tooling/core/    the curriculum, command-line words, /proc helpers, spec-run types, results
//        ^
//   specs/harness/   the spec harness (with specs/mutants/ and specs/variants/, the servers it builds)
//        ^
//   specs/*.spec.ts  the specs          tooling/  the learner's commands      grading/  the grader
//
// The learner's commands never import the grader and the grader never imports them: a learner's
// `npm test` loads no grader module, and the grader can change without touching the loop.
// tooling/bench.ts alone sits above both: it times the learner's commands and the grader's.

const outsideCore = { regex: '^\\.\\./', message: 'tooling/core/ imports nothing of the kata outside tooling/core/.' };
const learnerCommands = { regex: '(^|/)tooling/(?!core/)', message: 'only tooling/core/ may be imported from here, not the learner\'s commands.' };
const grader = { regex: '(^|/)grading/', message: 'the grader (grading/) is imported by nothing but its own files.' };
const specFiles = { regex: '^\\.\\./\\d\\d-[^/]*\\.spec\\.ts$', message: 'the harness is imported by the specs, not the other way round.' };

/** @param {string[]} files @param {{ regex: string, message: string }[]} patterns */
const forbid = (files, ...patterns) => ({ files, rules: { 'no-restricted-imports': ['error', { patterns }] } });

export default [
  forbid(['tooling/**'], grader),
  forbid(['grading/**'], learnerCommands),
  forbid(['specs/**'], learnerCommands, grader),
  forbid(['specs/harness/**', 'specs/mutants/**', 'specs/variants/**'], learnerCommands, grader, specFiles),
  forbid(['tooling/core/**'], outsideCore),
  // Above both: see the top of this file.
  { files: ['tooling/bench.ts'], rules: { 'no-restricted-imports': 'off' } },
];
