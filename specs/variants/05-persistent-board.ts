// Valid variants of solutions/05-persistent-board: correct boards unlike ours, which must pass
// every spec (see specs/variants/index.ts). Each follows the lesson's contract: PORT, HOST and
// DATA_FILE from the environment, the board kept as JSON, a list of { text, posted }.
import { defineVariants } from './index.ts';

export default defineVariants([
  {
    name: 'python-stdlib',
    reason:
      'CPython http.server (ThreadingHTTPServer and a lock), parse_qs (lenient, as WHATWG is), html.escape, json, tempfile.mkstemp + os.replace; times to the second with +00:00; refuses to start on a broken file (sys.exit); run through --server',
    server: ['python3', 'server.py'],
  },
  {
    name: 'ts-promise-queue',
    reason:
      'fs/promises saves, one after another through a queue, each to a hidden temp file with a random name; compact JSON; moves a broken data file aside instead of refusing; URLSearchParams; html/head/body tags left out, attributes unquoted, quotes left raw in text',
  },
]);
