// Records the kata's stubs in specs/stubs.json: `npx tsx tooling/record-stubs.ts`, after changing
// a stub (with `npm run grade -- --update-starting-point`), and commit it with the stub.
// It records the git blob id of each file of exercises/<slug>/ (README.md aside) as the folder is
// now: the self-check (`npm test`) then judges those files, whatever a learner's checkout holds.
// Run it in the kata's own repository, never in a learner's checkout: it would record their work.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { KATA_ROOT, exerciseDir, loadCurriculum } from './core/curriculum.ts';
import { recordOf, STUBS_RECORD, writeStubRecord, type StubRecord } from './core/pristine-stubs.ts';

const record: StubRecord = {};
const ignored: string[] = [];
for (const exercise of loadCurriculum()) {
  const files = recordOf(exerciseDir(exercise));
  // A file git ignores (05's messages.json, written by npm start) is no part of the stub, and no
  // clone would have its blob.
  const check = spawnSync('git', ['-C', KATA_ROOT, 'check-ignore', '--stdin'], {
    input: Object.keys(files).map((file) => path.join('exercises', exercise.slug, file)).join('\n'),
    encoding: 'utf8',
  });
  ignored.push(...(check.stdout ?? '').split('\n').filter(Boolean));
  record[exercise.slug] = files;
}
if (ignored.length > 0) {
  console.error(`not recorded: git ignores ${ignored.join(', ')}; remove ${ignored.length === 1 ? 'it' : 'them'} from the stub, then record again`);
  process.exit(1);
}
writeStubRecord(record);
for (const [slug, files] of Object.entries(record)) console.log(`${slug}: ${Object.keys(files).length} file${Object.keys(files).length === 1 ? '' : 's'}`);
console.log(`recorded in ${STUBS_RECORD}: commit it with the stubs`);
