// Whether this machine has Python 3: the tests of `--server` run a Python server with it. The
// kata's own CI installs it (.ci/run); on a machine without it those tests are skipped.
import { spawn } from 'node:child_process';

export const hasPython = await new Promise<boolean>((resolve) => {
  const probe = spawn('python3', ['--version'], { stdio: 'ignore' });
  probe.on('error', () => resolve(false));
  probe.on('close', (status) => resolve(status === 0));
});
