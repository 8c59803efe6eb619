// A real browser for the specs whose point is a page: headless Chromium (the system's, found at
// CHROMIUM_PATH or the usual places) driven by playwright-core. Without one, the browser specs are
// skipped with one line saying how to get it: they never fail a learner's run for that reason.
import type { Browser, Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, it, type TestContext } from 'vitest';
import { CHROMIUM_FLAGS, findChromium, loadPlaywright } from './chromium.ts';
import { kata } from './kata.ts';
import { fail, type HttpResult } from './teach.ts';
import { serverSettings } from '../../tooling/core/server-settings.mjs';

export { findChromium };

const HOW_TO_GET_IT = 'install Chromium (Debian: sudo apt-get install chromium-headless-shell; Ubuntu: sudo snap install chromium) or set CHROMIUM_PATH to a Chrome or Chromium binary';

export interface BrowserHandle {
  /** A fresh page (its own context: no cookies or cache from another spec), closed after the spec. */
  newPage(context: TestContext): Promise<Page>;
}

/**
 * `describe(title)` for specs that drive a real browser. One Chromium serves the whole block.
 * Skipped, with one line that says why, when there is no Chromium; also for mutants, whose bugs
 * the HTTP specs already catch (a browser start per mutant would double the self-check's time).
 */
export function describeInBrowser(title: string, body: (browser: BrowserHandle) => void): void {
  const executablePath = findChromium();
  if (!executablePath) {
    describe(title, () => {
      it(`(skipped: no Chromium on this machine; ${HOW_TO_GET_IT})`, (context) => context.skip());
    });
    return;
  }
  describe.skipIf(kata.role === 'mutant')(title, () => {
    let browser: Browser | undefined;
    beforeAll(async () => {
      // The grader (grading/) starts one Chromium for many spec files and gives its address:
      // each spec still gets a context of its own. Otherwise, one Chromium for this file.
      const shared = serverSettings().browserWsEndpoint;
      // Loaded here, not with the file (loadPlaywright says why): it was about a tenth of a
      // spec worker's CPU time.
      const { chromium } = loadPlaywright();
      browser = shared ? await chromium.connect(shared) : await chromium.launch({ executablePath, headless: true, args: CHROMIUM_FLAGS });
    });
    afterAll(async () => {
      await browser?.close();
    });
    body({
      async newPage(context) {
        if (!browser) throw new Error('Chromium did not start');
        const browserContext = await browser.newContext();
        context.onTestFinished(() => browserContext.close());
        return browserContext.newPage();
      },
    });
  });
}

export interface ServedPageExpectation {
  /** The lesson step a wrong answer points at. */
  step: number;
  /** What the page is, for the message: "public/page.html". */
  what: string;
  /** The bytes the server must have sent (the file on disk); undefined: any 200 page. */
  body?: Buffer;
  /** How long to wait for the navigation (ms). */
  timeoutMs?: number;
}

/** A browser's response, shown as a spec shows any response. */
async function shownResponse(response: Response): Promise<HttpResult> {
  const body = await response.body().catch(() => Buffer.alloc(0));
  const headers = response.headers();
  const readable = /^(text\/|image\/svg)/i.test(headers['content-type'] ?? '');
  return { status: response.status(), headers, text: readable ? body.toString('utf8') : undefined, body };
}

/**
 * Runs `navigate` (a page.goto, a click on a link) and proves that the page it leads to came from
 * the server under test: a navigation to exactly `url`, answered by HTTP with status 200 (and,
 * given `expected.body`, with exactly those bytes), and the page Chromium shows is that one.
 * Without this a browser spec can pass on Chromium's own error page, which it shows for a server
 * that is gone; that page has a title, text and an <img> of its own.
 */
export async function openServedPage(page: Page, url: string, navigate: () => Promise<unknown>, expected: ServedPageExpectation): Promise<Response> {
  const timeout = expected.timeoutMs ?? 5000;
  const answering = page.waitForResponse((r) => r.url() === url && r.request().isNavigationRequest(), { timeout });
  answering.catch(() => undefined); // awaited below, unless the navigation itself failed
  const failed = await navigate().then(
    () => undefined,
    (error: Error) => error,
  );
  // A goto that failed (connection refused, reset) got no response: no need to wait for one.
  const response = failed ?? (await answering.catch((error: Error) => error));
  if (response instanceof Error) {
    const at = page.url();
    fail({
      expected: `Chromium to load ${url} (${expected.what}) from your server`,
      got: `no HTTP response from your server for ${url}: ${response.message.split('\n')[0]}. Chromium is at ${at}${at.startsWith('chrome-error:') ? ", its own error page, not your server's" : ''}.`,
      step: expected.step,
    });
  }
  const status = response.status();
  if (status !== 200 || (expected.body && !(await response.body().catch(() => Buffer.alloc(0))).equals(expected.body))) {
    fail({
      expected: `status 200 and the bytes of ${expected.what} for ${url}, as Chromium loads it`,
      sent: `GET ${new URL(url).pathname} HTTP/1.1 (Chromium)`,
      got: await shownResponse(response),
      step: expected.step,
    });
  }
  // The navigation is done once Chromium shows the page: then its address is the one it loaded.
  await page.waitForURL(url, { timeout }).catch(() => undefined);
  if (page.url() !== url) {
    fail({
      expected: `Chromium to show ${url} (${expected.what}), which your server sent with status 200`,
      got: `Chromium shows ${page.url()} instead`,
      step: expected.step,
    });
  }
  return response;
}
