// How the grader reads node's fatal-error report of a server whose JavaScript heap ran out: whole,
// and cut short (the server killed while it wrote it, as seen on a loaded CI machine).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readIncident } from './batch.ts';

let dir: string;
let report: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'netkata-incidents-'));
  // A real report from a real out-of-memory death, as the grader's servers are started.
  spawnSync(process.execPath, ['--max-old-space-size=16', '--report-on-fatalerror', `--report-directory=${dir}`, '-e', 'const a = []; for (;;) a.push({ n: a.length })'], { cwd: dir, stdio: 'ignore' });
  report = readFileSync(path.join(dir, readdirSync(dir)[0]!), 'utf8');
}, 30_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('an out-of-memory report', () => {
  it('says where the server ran and that its heap ran out', () => {
    const file = path.join(dir, 'whole.json');
    writeFileSync(file, report);
    const incident = readIncident(file);
    expect(incident).toMatchObject({ kind: 'memory', cwd: dir });
    expect(incident?.detail).toMatch(/^ran out of memory \(.*heap out of memory\)$/);
  });

  it('still counts when it was cut short after its header', () => {
    const file = path.join(dir, 'cut.json');
    writeFileSync(file, report.slice(0, report.indexOf('"nodejsVersion"')));
    const incident = readIncident(file);
    expect(incident).toMatchObject({ kind: 'memory', cwd: dir });
    expect(incident?.detail).toMatch(/heap out of memory/);
  });

  it('is not counted when cut before it said where the server ran', () => {
    const file = path.join(dir, 'early.json');
    writeFileSync(file, report.slice(0, report.indexOf('"cwd"')));
    expect(readIncident(file)).toBeUndefined();
  });

  it('leaves a half-written record of the guard alone', () => {
    const file = path.join(dir, 'guard.json');
    writeFileSync(file, '{"kind":"write-outside","detail":"writeFile /etc/x","cwd":"/x"');
    expect(readIncident(file)).toBeUndefined();
  });
});
