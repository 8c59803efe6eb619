// The message board in a real browser (exercises 04 and 05): type a message, press Save, see it;
// reload without posting it twice; (05: restart the server and see it still there;) press Clear.
import type { Page } from 'playwright-core';
import { it, type TestContext } from 'vitest';
import { describeInBrowser } from './browser.ts';
import { listMessages, randomSentence, readMessages } from './board.ts';
import { check } from './teach.ts';

export interface BoardUnderTest {
  url: string;
  /** Stops the server and starts it again on the same port and data file (exercise 05). */
  restart?: () => Promise<void>;
}

export interface BoardSteps {
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
  return readMessages(await page.content());
}

export function describeBoardInBrowser(title: string, steps: BoardSteps, startBoard: (context: TestContext) => Promise<BoardUnderTest>): void {
  describeInBrowser('in a browser', (browser) => {
    it(title, async (context) => {
      const board = await startBoard(context);
      const page = await browser.newPage(context);
      const text = randomSentence(4);
      const count = async () => (await messagesIn(page)).filter((m) => m.text === text).length;
      const seen = async () => listMessages(await messagesIn(page));

      await page.goto(`${board.url}/`);
      const typed = await page
        .fill('textarea[name="message"]', text, { timeout: 2000 })
        .then(() => page.click('form:has(textarea[name="message"]) [type="submit"]', { timeout: 2000 }))
        .then(() => page.waitForLoadState('load'))
        .then(
          () => '',
          (error: Error) => error.message.split('\n')[0] ?? '',
        );
      check(typed === '' && (await count()) === 1, {
        expected: `Chromium to type "${text}" into the textarea named "message", press the form's Save button, and then see the message once on the page`,
        got: typed ? `it could not: ${typed}` : `a page at ${page.url()} with ${await seen()}`,
        step: steps.post,
      });

      await page.reload();
      check((await count()) === 1, {
        expected: 'the message still shown once after the browser reloads the page: a reload must not send the POST again',
        got: `after the reload, "${text}" is shown ${await count()} times; the page is ${page.url()}`,
        step: steps.redirect,
        note: 'Answer the POST with 303 See Other and Location: /, so the page the browser reloads is a GET.',
      });

      if (board.restart) {
        await board.restart();
        await page.goto(`${board.url}/`);
        check((await count()) === 1, {
          expected: 'the message still on the board after the server stopped and started again',
          got: `after the restart, a board with ${await seen()}`,
          step: steps.restart ?? steps.post,
        });
      }

      const cleared = await page
        .click('button[name="clear"]', { timeout: 2000 })
        .then(() => page.waitForLoadState('load'))
        .then(
          () => '',
          (error: Error) => error.message.split('\n')[0] ?? '',
        );
      const left = await messagesIn(page);
      check(cleared === '' && left.length === 0, {
        expected: 'Chromium to press the button named "clear", and then see an empty board',
        got: cleared ? `it could not: ${cleared}` : `a board with ${listMessages(left)}`,
        step: steps.clear,
      });
    });
  });
}
