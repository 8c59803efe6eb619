// The record of the starting point (grading/starting-point.json) is current: measured with the
// spec files and the stubs there are now. The grader would still be right without it when it can
// run the stubs, but not in a learner's clone, whose exercises/ holds their work.
import { describe, expect, it } from 'vitest';
import { loadCurriculum } from '../curriculum.ts';
import { readRecord, specsHash, stubHash } from './starting-point.ts';

const record = readRecord();
const AGAIN = 'a spec file or a stub changed since: run `npm run grade -- --update-starting-point` and commit grading/starting-point.json';

describe('grading/starting-point.json', () => {
  it.each(loadCurriculum().map((ex) => ex.slug))('records %s with its current specs and stub', (exercise) => {
    const entry = record[exercise];
    expect(entry, `no entry for ${exercise}: ${AGAIN}`).toBeDefined();
    expect(entry!.specsSha256, `${exercise}: ${AGAIN}`).toBe(specsHash(exercise));
    expect(entry!.stubSha256, `${exercise}: ${AGAIN}`).toBe(stubHash(exercise));
    expect(entry!.specs.length).toBeGreaterThan(0);
  });
});
