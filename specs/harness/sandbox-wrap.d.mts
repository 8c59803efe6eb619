// The types of sandbox-wrap.mjs. The plan itself is part of the grader's settings for servers
// (tooling/core/server-settings.d.mts).
import type { SandboxPlan } from '../../tooling/core/server-settings.d.mts';

export type { SandboxPlan };

export declare function sandboxed(
  plan: SandboxPlan,
  server: { file: string; argv: string[]; env: NodeJS.ProcessEnv; cwd: string; bundle?: string },
): { file: string; argv: string[] };
