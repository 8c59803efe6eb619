// Specs for exercise 04: a message board that takes POSTed forms. Run: npm test exercises/04
// They live in ./harness/board.ts, because exercise 05's board must pass them too.
import { useServer } from './harness/kata.ts';
import { describeMessageBoard } from './harness/board.ts';

const server = useServer();

describeMessageBoard(server);
