// The types of sandbox-wrap.mjs: the plan the grader (grading/isolation.ts) hands every
// server's supervisor, as JSON in KATA_SERVER_SANDBOX.
export declare const SANDBOX_VARIABLE: 'KATA_SERVER_SANDBOX';

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

export declare function sandboxPlan(text?: string): SandboxPlan | undefined;

export declare function sandboxed(
  plan: SandboxPlan,
  server: { file: string; argv: string[]; env: NodeJS.ProcessEnv; cwd: string; bundle?: string },
): { file: string; argv: string[] };
