// A real browser for the specs whose point is a page: headless Chromium (the system's, found at
// CHROMIUM_PATH or the usual places) driven by playwright-core. Without one, the browser specs are
// skipped with one line saying how to get it: they never fail a learner's run for that reason.
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, it, type TestContext } from 'vitest';
import { CHROMIUM_FLAGS, findChromium } from './chromium.ts';
import { kata } from './kata.ts';

export { findChromium };

const HOW_TO_GET_IT = 'install Chromium (Debian/Ubuntu: sudo apt-get install chromium) or set CHROMIUM_PATH to a Chrome or Chromium binary';

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
      // The grader (tooling/grade) starts one Chromium for many spec files and gives its address:
      // each spec still gets a context of its own. Otherwise, one Chromium for this file.
      const shared = process.env.KATA_BROWSER_WS_ENDPOINT;
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
