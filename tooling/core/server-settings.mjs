// What the grader tells the spec harness about the servers it starts: one environment variable,
// KATA_SERVER_SETTINGS, holding JSON. The grader encodes it (grading/child.ts); the harness decodes
// it (specs/harness/server-process.ts, server-group.ts, browser.ts). Unset, as when a learner runs
// npm test, every server runs as it is. Its types are in server-settings.d.mts.

export const SERVER_SETTINGS_VARIABLE = 'KATA_SERVER_SETTINGS';

/** @typedef {import('./server-settings.d.mts').ServerSettings} ServerSettings */

/**
 * @param {ServerSettings} settings
 * @returns {Record<string, string>} the environment entry to set
 */
export function encodeServerSettings(settings) {
  return { [SERVER_SETTINGS_VARIABLE]: JSON.stringify(settings) };
}

/**
 * @param {NodeJS.ProcessEnv} [env]
 * @returns {ServerSettings}
 */
export function serverSettings(env = process.env) {
  const text = env[SERVER_SETTINGS_VARIABLE];
  if (!text) return {};
  /** @type {ServerSettings} */
  let settings;
  try {
    // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- JSON.parse gives any; the grader wrote a ServerSettings
    settings = /** @type {ServerSettings} */ (JSON.parse(text));
  } catch (error) {
    throw new Error(
      `${SERVER_SETTINGS_VARIABLE} is not JSON (${/** @type {Error} */ (error).message}): the grader sets it for its own runs; unset it to run the specs as npm test does`,
      { cause: error },
    );
  }
  return settings;
}
