// The sandbox's plan and its check: what a server may read, whether this machine can make one, and
// that `npm run grade` refuses to grade without one unless told to (--no-sandbox), which the
// report then records. What the sandbox stops: hostile-sandbox.e2e.test.ts.
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync, readFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KATA_ROOT } from '../tooling/core/curriculum.ts';
import { serverCommandFor } from '../specs/harness/server-group.ts';
import type { Incident } from './guard.ts';
import { serverSandbox, sandboxSupport, type SandboxPlan } from './isolation.ts';
import { parseGradeOptions } from './options.ts';
import { WORK_ROOT } from './work-dir.ts';
import { writeSubmission } from './submissions.ts';
import type { GradeReport } from './types.ts';

const hasBwrap = spawnSync('sh', ['-c', 'command -v bwrap']).status === 0;
let dir: string;

beforeAll(async () => {
  await mkdir(WORK_ROOT, { recursive: true });
  dir = await mkdtemp(path.join(WORK_ROOT, 'test-isolation-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** `npm run grade` as a command, outside any vitest run. */
function gradeCli(args: string[], extra: Record<string, string>) {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', ...extra };
  for (const name of Object.keys(env)) if (/^(VITEST|KATA_PLAN$|TEST$)/.test(name)) delete env[name];
  return spawnSync(process.execPath, [path.join(import.meta.dirname, 'grade.mjs'), ...args], { cwd: KATA_ROOT, env, encoding: 'utf8', timeout: 120_000 });
}

describe('the sandbox plan', () => {
  it('gives a server the system read-only, and the folder of its runtime when that is elsewhere (a pyenv, an nvm)', async () => {
    const runtime = path.join(dir, 'runtime');
    await mkdir(path.join(runtime, 'bin'), { recursive: true });
    await writeFile(path.join(runtime, 'bin', 'interpreter'), '#!/bin/sh\n');
    await chmod(path.join(runtime, 'bin', 'interpreter'), 0o755);
    const plan = serverSandbox({ readOnly: ['/the/guard.mjs'], serverCommand: [path.join(runtime, 'bin', 'interpreter'), 'server.x'], timeoutMs: 60_000 });
    expect(plan.readOnly).toContain('/usr');
    expect(plan.readOnly).toContain(runtime);
    expect(plan.readOnly).toContain('/the/guard.mjs');
    expect(plan.readOnly).not.toContain(KATA_ROOT);
    expect(plan.keep).not.toContain('HOME');
    expect(plan.limits.cpuSeconds).toBe(130);
  });
});

/** Runs `script` as a server in the sandbox, with `limits`: its exit code and the incidents recorded. */
async function runSandboxed(script: string, limits: Partial<SandboxPlan['limits']>): Promise<{ code: number | null; incidents: Incident[] }> {
  const copy = await mkdtemp(path.join(dir, 'copy-'));
  const incidents = await mkdtemp(path.join(dir, 'incidents-'));
  const base = serverSandbox({ readOnly: [], incidents, timeoutMs: 10_000 });
  const plan: SandboxPlan = { ...base, limits: { ...base.limits, ...limits } };
  const server = serverCommandFor(['/bin/sh', '-c', script], { cwd: copy, env: { ...process.env, KATA_GRADE_INCIDENTS: incidents }, settings: { sandbox: plan } });
  const child = spawn(server.file, server.argv, { cwd: copy, env: server.env, stdio: ['ignore', 'ignore', 'ignore'] });
  const [code] = (await once(child, 'close')) as [number | null];
  const files = readdirSync(incidents, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.json'));
  return { code, incidents: files.map((name) => JSON.parse(readFileSync(path.join(incidents, name), 'utf8')) as Incident) };
}

describe.skipIf(process.platform !== 'linux' || !hasBwrap)('a server that hits a limit of the sandbox', () => {
  it('is killed when it has used its CPU time, and the incident says so', async () => {
    const { code, incidents } = await runSandboxed('while :; do :; done', { cpuSeconds: 1 });
    expect(code).toBe(128 + 24);
    expect(incidents).toEqual([expect.objectContaining({ kind: 'limit', detail: expect.stringContaining('SIGXCPU') as unknown })]);
  });

  it('is killed when it writes past the largest file it may write, and the incident says so', async () => {
    // At 2 MiB, past a limit of 1 MiB: a sparse file, whatever happens.
    const { code, incidents } = await runSandboxed('exec dd if=/dev/zero of=big bs=1M seek=2 count=1', { fileBytes: 1024 * 1024 });
    expect(code).toBe(128 + 25);
    expect(incidents).toEqual([expect.objectContaining({ kind: 'limit', detail: expect.stringContaining('SIGXFSZ') as unknown })]);
  });
});

describe('whether a sandbox can be made', () => {
  it.skipIf(process.platform !== 'linux' || !hasBwrap)('can be made here, where bwrap is installed', async () => {
    expect(await sandboxSupport()).toEqual({ ok: true });
  });

  it('is on by default, off with --no-sandbox', () => {
    expect(parseGradeOptions([], dir).sandbox).toBe(true);
    expect(parseGradeOptions(['--no-sandbox'], dir).sandbox).toBe(false);
  });
});

describe('npm run grade where no sandbox can be made', () => {
  const noBwrap = { NETKATA_BWRAP: '/nowhere/bwrap' };

  it('refuses to grade, says why and what to do, before grading anything', async () => {
    const submission = path.join(dir, 'alice');
    await writeSubmission(submission, {});
    const result = gradeCli([submission], noBwrap);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/no sandbox can be made here: bwrap not found[\s\S]*apt-get install bubblewrap[\s\S]*--no-sandbox/);
    expect(result.stdout).toBe('');
  });

  it('grades with --no-sandbox, and the report says so', async () => {
    const submission = path.join(dir, 'bob');
    await writeSubmission(submission, {});
    const json = path.join(dir, 'report.json');
    const result = gradeCli([submission, '--no-sandbox', '--json', json], noBwrap);
    expect(result.status, result.stderr).toBe(0);
    const report = JSON.parse(readFileSync(json, 'utf8')) as GradeReport;
    expect(report.sandbox).toBe(false);
    expect(report.notes.join('\n')).toMatch(/graded without the sandbox \(--no-sandbox\)/);
    expect(result.stdout).toMatch(/without the sandbox/);
  });
});
