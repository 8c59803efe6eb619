// The message board in a real browser (exercises 04 and 05): type a message, press Save, see it;
// reload without posting it twice; (05: restart the server and see it still there;) press Clear.
import type { Page } from 'playwright-core';
import { it, type TestContext } from 'vitest';
import { describeInBrowser, openServedPage } from './browser.ts';
import { listMessages, randomSentence, readMessages } from './board.ts';
import type { RandomData } from './random.ts';
import { check } from './teach.ts';

export interface BoardUnderTest {
  url: string;
  /** Stops the server and starts it again on the same port and data file (exercise 05). */
  restart?: () => Promise<void>;
  /** Where the message typed comes from: the spec file's stream unless given one of the spec's own (a spec run beside others). */
  random?: RandomData;
}

export interface BoardSteps {
  /** The lesson step on the board page (its forms); the post step when not given. */
  page?: number;
  /** The lesson step on forms and POST. */
  post: number;
  /** The step on Post/Redirect/Get. */
  redirect: number;
  /** The step on Clear. */
  clear: number;
  /** The step on restarts (exercise 05). */
  restart?: number;
}

async function messagesIn(page: Page) {
  // Read between navigations, the page has no content for a moment: then it shows no messages.
  return readMessages(await page.content().catch(() => ''));
}

/** What a browser action did: '' when it worked, else the first line of its error. */
const outcome = (action: Promise<unknown>) =>
  action.then(
    () => '',
    (error: Error) => error.message.split('\n')[0] ?? '',
  );

// The buttons that send a form: <button> unless its type is "button" or "reset", and <input type="submit">.
const SUBMITS = ':is(button:not([type="button" i]):not([type="reset" i]), input[type="submit" i], input[type="image" i])';

export function describeBoardInBrowser(title: string, steps: BoardSteps, startBoard: (context: TestContext) => Promise<BoardUnderTest>): void {
  describeInBrowser('in a browser', (browser) => {
    it(title, async (context) => {
      const board = await startBoard(context);
      const page = await browser.newPage(context);
      const text = randomSentence(4, board.random);
      const count = async () => (await messagesIn(page)).filter((m) => m.text === text).length;
      const seen = async () => listMessages(await messagesIn(page));

      // The board must come from the server under test, not be Chromium's own error page.
      await openServedPage(page, `${board.url}/`, () => page.goto(`${board.url}/`), { step: steps.page ?? steps.post, what: 'the board' });
      const typed = await outcome(
        page
          .fill('textarea[name="message"]', text, { timeout: 2000 })
          .then(() => page.click(`form:has(textarea[name="message"]) ${SUBMITS}`, { timeout: 2000 }))
          .then(() => page.waitForLoadState('load')),
      );
      check(typed === '' && (await count()) === 1, {
        expected: `Chromium to type "${text}" into the textarea named "message", press the form's Save button, and then see the message once on the page`,
        got: typed ? `it could not: ${typed}` : `a page at ${page.url()} with ${await seen()}`,
        step: steps.post,
      });

      const reloaded = await outcome(page.reload({ timeout: 5000 }));
      check(reloaded === '' && (await count()) === 1, {
        expected: 'the message still shown once after the browser reloads the page: a reload must not send the POST again',
        got: reloaded ? `the reload failed: ${reloaded}` : `after the reload, "${text}" is shown ${await count()} times; the page is ${page.url()}`,
        step: steps.redirect,
        note: 'Answer the POST with 303 See Other and Location: /, so the page the browser reloads is a GET.',
      });

      if (board.restart) {
        await board.restart();
        const loaded = await outcome(page.goto(`${board.url}/`, { timeout: 5000 }));
        check(loaded === '' && (await count()) === 1, {
          expected: 'the message still on the board after the server stopped and started again',
          got: loaded ? `Chromium could not load the board after the restart: ${loaded}` : `after the restart, a board with ${await seen()}`,
          step: steps.restart ?? steps.post,
        });
      }

      const cleared = await outcome(page.click(`${SUBMITS}[name="clear"]`, { timeout: 2000 }).then(() => page.waitForLoadState('load')));
      const left = await messagesIn(page);
      check(cleared === '' && left.length === 0, {
        expected: 'Chromium to press the button named "clear", and then see an empty board',
        got: cleared ? `it could not: ${cleared}` : `a board with ${listMessages(left)}`,
        step: steps.clear,
      });
    });
  });
}
