// Where Chromium is and how to start it, for browser.ts, and one Chromium for many spec files,
// which the grader (grading/child.ts) and the self-check (tooling/test-command.ts) start and give
// to the spec workers (ServerSettings.browserWsEndpoint). No vitest here: the grader imports it.
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import type * as Playwright from 'playwright-core';
import { useCompileCache } from '../../tooling/core/compile-cache.mjs';

// Chromium's headless shell first (Debian's chromium-headless-shell; what Playwright itself runs
// for headless pages): the same Blink, V8 and network stack, without the desktop browser around
// them. Measured here, a fresh context and page cost 0.14 s of CPU in it and 0.53 s in
// /usr/bin/chromium, and the specs open one per browser spec.
const CANDIDATES = [
  '/usr/bin/chromium-headless-shell',
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
];

export function findChromium(): string | undefined {
  const configured = process.env.CHROMIUM_PATH;
  if (configured) return existsSync(configured) ? configured : undefined;
  return CANDIDATES.find((candidate) => existsSync(candidate));
}

// The flags of a quiet, self-contained headless Chromium: no sandbox (CI runs as root), no GPU,
// and none of the background traffic to Google's servers that a closed network refuses.
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * playwright-core, loaded when first asked for: it is 7 MB of CommonJS, and most runs (a mutant's, a
 * learner's whose earlier specs fail) never reach a browser spec. Loaded with require, not
 * import(): an import of CommonJS has node scan the source for its exports first, a fifth of the
 * load here (0.38 → 0.29 s in a bare node, medians of 3).
 */
export function loadPlaywright(): typeof Playwright {
  // A third of its load is compiling it: where node keeps compiled code (Node 22.8 and later),
  // this thread reuses it (0.26-0.31 → 0.18-0.19 s on Node 24).
  useCompileCache();
  return createRequire(import.meta.url)('playwright-core') as typeof Playwright;
}

/** Whether any of these spec files drives a browser: describeInBrowser(...), describeBoardInBrowser(...). */
export function specsUseBrowser(files: string[]): boolean {
  return files.some((file) => existsSync(file) && /\w*InBrowser\(/.test(readFileSync(file, 'utf8')));
}

export interface SharedChromium {
  /** The address spec workers connect to (playwright's chromium.connect). */
  wsEndpoint: string;
  /** Closes Chromium and removes its temp folder. */
  close(): Promise<void>;
}

/**
 * One Chromium for many spec files: starting the desktop browser cost about 0.9 s of CPU here
 * (with a page), more than most spec files; each spec still gets a browser context of its own.
 * Undefined without Chromium.
 * `tmp` is its temp folder, made here (never taken over: a folder of that name that is already
 * there fails the start) and removed by close(). Keep its path short: Chromium makes a Unix
 * socket in it, whose path must fit in 107 bytes.
 */
export async function startSharedChromium(tmp: string): Promise<SharedChromium | undefined> {
  const executablePath = findChromium();
  if (!executablePath) return undefined;
  const { chromium } = loadPlaywright();
  mkdirSync(tmp, { mode: 0o700 });
  const remove = () => rmSync(tmp, { recursive: true, force: true });
  try {
    const browser = await chromium.launchServer({
      executablePath,
      headless: true,
      args: CHROMIUM_FLAGS,
      env: { ...process.env, TMPDIR: tmp },
      // The command's own handlers end it on a signal (tooling/temp-root.ts, grading/child.ts):
      // Playwright's would only close Chromium and keep the command running (a SIGHUP when the
      // terminal closes). Its exit handler, always there, still ends Chromium with the process.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
    return {
      wsEndpoint: browser.wsEndpoint(),
      close: async () => {
        await browser.close();
        remove();
      },
    };
  } catch (error) {
    remove();
    throw error;
  }
}
