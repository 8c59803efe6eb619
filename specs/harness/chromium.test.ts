// The one Chromium that the self-check and the grader start for many spec files (chromium.ts).
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findChromium, startSharedChromium } from './chromium.ts';

describe('startSharedChromium', () => {
  it.skipIf(!findChromium())("leaves signals to the command's own handlers, and removes its temp folder when closed", async () => {
    const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
    const before = signals.map((s) => process.listenerCount(s));
    const tmp = path.join(tmpdir(), `netkata-chromium-test-${process.pid}`);
    const chromium = await startSharedChromium(tmp);
    try {
      expect(chromium?.wsEndpoint).toMatch(/^ws:\/\//);
      // Playwright's own would only close Chromium on SIGTERM or SIGHUP, and keep the command running.
      expect(signals.map((s) => process.listenerCount(s))).toEqual(before);
    } finally {
      await chromium?.close();
    }
    expect(existsSync(tmp)).toBe(false);
  });
});
