// Specs for exercise 04: a message board that takes POSTed forms. Run: npm test exercises/04
// Its board specs are in ./message-board-specs.ts, because exercise 05's board must pass them too.
import { useServer } from './harness/kata.ts';
import { BOARD_STEPS, describeMessageBoard } from './message-board-specs.ts';
import { describeBoardInBrowser } from './harness/board-browser.ts';

const server = useServer({ staysUpStep: BOARD_STEPS.status }); // "9. ... a server that keeps going"

describeMessageBoard(server);

describeBoardInBrowser(
  'saves a message typed into the form, does not post it twice on reload, and clears it',
  { post: BOARD_STEPS.post, redirect: BOARD_STEPS.redirect, clear: BOARD_STEPS.clear },
  () => Promise.resolve({ url: server.current.url }),
);
