import fs from 'node:fs'

/** Where Debian's `chromium` (what `.ci/run` installs) and its kin put the browser; CHROMIUM_PATH first. */
const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable']

/** The browser binary playwright-core drives, or undefined when none is installed (the test then skips, saying so). */
export function findChromium(): string | undefined {
  return CANDIDATES.find((p): p is string => p !== undefined && p !== '' && fs.existsSync(p))
}

export const NO_BROWSER = 'no Chromium found (looked at $CHROMIUM_PATH, /usr/bin/chromium, chromium-browser, google-chrome): install it with `apt-get install -y chromium` (.ci/run does) to run the report in a real browser'
