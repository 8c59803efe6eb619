// Wraps one server's command in the grader's bubblewrap sandbox, for server-group.ts: the plan (the
// system's read-only folders, the limits, the names of the variables a server keeps) comes from the
// grader's settings for servers (tooling/core/server-settings.mjs; made by grading/isolation.ts);
// what is this server's own (its folder, its DATA_FILE's folder, its bundle) is added here. Its
// types are in sandbox-wrap.d.mts.
import { randomBytes, randomInt } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The sandbox's own home and temp folder, when the grader has none but /tmp: empty, private, gone
 * with it. Not /tmp (an empty one too), so that the guard still counts a write to /tmp as outside.
 */
const HOME = '/home/sandbox';
const TMPDIR = '/home/sandbox/tmp';

/** @typedef {import('./sandbox-wrap.d.mts').SandboxPlan} SandboxPlan */

/**
 * Every file and folder under these folders to `uid`. chown -R does not follow symbolic links, even
 * ones that a server still running swaps in while it walks (fts, fchownat): node's own walk would.
 * @param {string[]} dirs
 * @param {number} uid
 */
function chownTrees(dirs, uid) {
  const result = spawnSync('chown', ['-R', '-P', `${uid}:${uid}`, '--', ...dirs], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`could not give the server its folders: ${result.stderr || result.error?.message}`);
}

/**
 * A folder of its own under a shared one (coverage, incidents): inside its pid namespace every
 * server is pid 2, and node names its files by pid, so two servers would overwrite each other's.
 * Beside it, out of the server's reach, `<id>.owner` says whose it is: the grader reads that, not
 * what the server wrote, so that a server cannot put its incidents or its coverage on another's.
 * @param {string} shared
 * @param {string} id
 * @param {{ cwd: string; bundle?: string }} owner
 */
function ownFolder(shared, id, owner) {
  const dir = path.join(shared, id);
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}.owner`, JSON.stringify(owner));
  return dir;
}

/**
 * The mounts, outer ones first: `tmp`, an empty temp folder at the path of the grader's own (so
 * that the guard, which lets a server write in its temp folder, sees the same one); the folders
 * that lead to the bound ones, each 0755 (bwrap would make them 0700 as root, and the server's uid
 * could not get through them); the binds.
 * @param {{ readOnly: string[]; writable: string[]; tmp: string }} folders
 * @returns {string[]}
 */
function mounts({ readOnly, writable, tmp }) {
  /** @type {[path: string, order: number, args: string[]][]} */
  const mounts = [
    [tmp, 0, ['--perms', '1777', '--tmpfs', tmp]],
    ...readOnly.map((dir) => /** @type {[string, number, string[]]} */ ([dir, 2, ['--ro-bind', dir, dir]])),
    ...writable.map((dir) => /** @type {[string, number, string[]]} */ ([dir, 2, ['--bind', dir, dir]])),
  ];
  const targets = new Set(mounts.map(([dir]) => dir));
  /** @type {Set<string>} */
  const leading = new Set();
  for (const target of targets) {
    for (let dir = path.dirname(target); dir !== '/' && !targets.has(dir); dir = path.dirname(dir)) leading.add(dir);
  }
  for (const dir of leading) mounts.push([dir, 1, ['--perms', '0755', '--dir', dir]]);
  const depth = (/** @type {string} */ dir) => dir.split('/').length;
  mounts.sort((a, b) => depth(a[0]) - depth(b[0]) || a[1] - b[1]);
  return mounts.flatMap(([, , args]) => args);
}

/**
 * The command that runs `file argv` in the sandbox, from `cwd`, with only the plan's variables of
 * `env`. `bundle`: the server's bundle folder (read-only inside).
 * @param {SandboxPlan} plan
 * @param {{ file: string; argv: string[]; env: NodeJS.ProcessEnv; cwd: string; bundle?: string }} server
 * @returns {{ file: string; argv: string[] }}
 */
export function sandboxed(plan, { file, argv, env, cwd, bundle }) {
  const id = `server-${randomBytes(6).toString('hex')}`;
  const vars = { ...env };
  let args = argv;
  const writable = [cwd];
  // The specs give each server's DATA_FILE a folder of its own: that folder, never a broader one.
  const dataDir = vars.DATA_FILE && path.isAbsolute(vars.DATA_FILE) ? path.dirname(vars.DATA_FILE) : undefined;
  if (dataDir && dataDir !== '/' && dataDir !== vars.TMPDIR && existsSync(dataDir)) writable.push(dataDir);
  if (plan.coverage && vars.NODE_V8_COVERAGE === plan.coverage) writable.push((vars.NODE_V8_COVERAGE = ownFolder(plan.coverage, id, { cwd, bundle })));
  let ownIncidents = '';
  if (plan.incidents && vars.KATA_GRADE_INCIDENTS === plan.incidents) {
    const own = (ownIncidents = ownFolder(plan.incidents, id, { cwd, bundle }));
    writable.push((vars.KATA_GRADE_INCIDENTS = own));
    args = args.map((arg) => (arg === `--report-directory=${plan.incidents}` ? `--report-directory=${own}` : arg));
  }
  const readOnly = [...plan.readOnly, ...(bundle ? [bundle] : [])];
  const tmp = vars.TMPDIR && path.isAbsolute(vars.TMPDIR) && path.resolve(vars.TMPDIR) !== '/tmp' ? path.resolve(vars.TMPDIR) : TMPDIR;

  // As root, the server runs as a uid of its own, which nothing else on the machine has: its
  // process limit (counted per uid) is its alone, and it owns nothing outside its folders. bwrap
  // runs as root (it reads the grader's folders to bind them) and setpriv drops to the uid inside,
  // with no capabilities. Not root: a user namespace maps the grader's own uid to 1000.
  const uid = plan.setpriv ? randomInt(1 << 20, 1 << 30) : undefined;
  if (uid !== undefined) {
    chownTrees(writable, uid);
    if (bundle) chmodSync(bundle, 0o755);
  }

  // SIGXCPU at the soft limit, which the report can name; SIGKILL at the hard one, 5 s later.
  const limits = [`--fsize=${plan.limits.fileBytes}`, `--cpu=${plan.limits.cpuSeconds}:${plan.limits.cpuSeconds + 5}`, '--core=0'];
  if (uid !== undefined && plan.limits.processes) limits.push(`--nproc=${plan.limits.processes}`);
  const asUid = uid !== undefined ? [plan.setpriv, `--reuid=${uid}`, `--regid=${uid}`, '--clear-groups', '--inh-caps=-all', '--bounding-set=-all', '--no-new-privs', '--'] : [];
  const bwrap = [
    plan.bwrap,
    ...(uid === undefined ? ['--unshare-user', '--uid', '1000', '--gid', '1000'] : []),
    ...['--unshare-pid', '--unshare-ipc', '--unshare-uts', '--unshare-cgroup-try'],
    '--die-with-parent',
    ...plan.symlinks.flatMap(([target, link]) => ['--symlink', target, link]),
    ...['--proc', '/proc', '--dev', '/dev', '--tmpfs', '/dev/shm', '--perms', '1777', '--tmpfs', '/tmp', '--perms', '0777', '--dir', HOME],
    ...mounts({ readOnly, writable, tmp }),
    ...['--chdir', cwd, '--clearenv'],
    ...plan.keep.flatMap((name) => (vars[name] === undefined ? [] : ['--setenv', name, vars[name]])),
    ...['--setenv', 'HOME', HOME, '--setenv', 'TMPDIR', tmp],
    '--',
  ];
  // bwrap dies of a SIGTERM at once, and its sandbox with it: the harness's SIGTERM (to the
  // server's whole group, bwrap included) must reach the server alone, which then ends in its own
  // time. So bwrap ignores it, and env gives the server back the default; and SIGXFSZ's, which
  // node (the harness that starts it) ignores, so that a program that writes past its limit is
  // killed for it.
  const inside = [...asUid, plan.env, '--default-signal=TERM,INT,HUP,XFSZ', file, ...args];
  const command = [plan.prlimit, ...limits, '--', ...bwrap, ...inside];
  // A server killed for a limit (bwrap exits with 128 + the signal) is recorded as an incident, as
  // the guard records its own: the exercise then scores 0 with the reason.
  const limit = (/** @type {string} */ detail) => JSON.stringify({ kind: 'limit', detail, cwd });
  const script = [
    'trap "" TERM INT HUP',
    'cpu=$1 size=$2 record=$3',
    'shift 3',
    '"$@"',
    's=$?',
    'if [ -n "$record" ]; then case $s in 152) printf %s "$cpu" >"$record" ;; 153) printf %s "$size" >"$record" ;; esac; fi',
    'exit $s',
  ].join('; ');
  return {
    file: '/bin/sh',
    argv: [
      '-c',
      script,
      'sandbox',
      limit(`used up the CPU time it may have (${plan.limits.cpuSeconds} s, SIGXCPU)`),
      limit(`wrote past the largest file it may write (${plan.limits.fileBytes / 1024 / 1024} MiB, SIGXFSZ)`),
      // Beside its folder, not in it: a link the server left there would take root's write elsewhere.
      ownIncidents ? `${ownIncidents}-limit.json` : '',
      ...command,
    ],
  };
}
