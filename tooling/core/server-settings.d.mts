// The types of server-settings.mjs: what the grader tells the harness about the servers it starts.

export declare const SERVER_SETTINGS_VARIABLE: 'KATA_SERVER_SETTINGS';

export interface ServerSettings {
  /** node flags for a server built from server.ts: the guard, the heap cap, fatal-error reports. */
  nodeArgs?: string[];
  /** Variables for the server process alone: NODE_V8_COVERAGE, and the guard's own (KATA_GRADE_*). */
  env?: Record<string, string>;
  /** The server's address space, in MB (ulimit -v, by specs/harness/server-group.ts). */
  memoryMb?: number;
  /** What the harness keeps of a server's output, in bytes (default 4 MiB). */
  outputLimit?: number;
  /** The bubblewrap sandbox every server runs in (made by grading/isolation.ts, applied by specs/harness/sandbox-wrap.mjs). */
  sandbox?: SandboxPlan;
  /** One Chromium for many spec files: the address of the grader's (specs/harness/browser.ts). */
  browserWsEndpoint?: string;
}

export interface SandboxPlan {
  /** Absolute paths of the programs the wrapper runs. */
  bwrap: string;
  prlimit: string;
  env: string;
  /** Set when the grader is root: each server runs as a uid of its own (setpriv). */
  setpriv?: string;
  /** processes: RLIMIT_NPROC, only with a uid of its own (it counts per uid). */
  limits: { processes?: number; fileBytes: number; cpuSeconds: number };
  /** Bound read-only at the same path. */
  readOnly: string[];
  /** [target, link]: /bin -> usr/bin on a merged /usr. */
  symlinks: [target: string, link: string][];
  /** Shared folders (NODE_V8_COVERAGE, KATA_GRADE_INCIDENTS) under which each server gets its own. */
  coverage?: string;
  incidents?: string;
  /** The variables a server keeps; every other is cleared. */
  keep: string[];
}

export declare function encodeServerSettings(settings: ServerSettings): Record<string, string>;

export declare function serverSettings(env?: NodeJS.ProcessEnv): ServerSettings;
