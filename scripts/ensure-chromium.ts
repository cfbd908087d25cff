/**
 * Makes sure Debian's Chromium is there for the e2e suite. Playwright cannot download its own browser on
 * this network, so we use the distribution's package and install it when we are root and it is missing.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromiumPath } from '../e2e/support/chromium';

const path = chromiumPath();
if (existsSync(path)) {
  console.info(`Chromium: ${path}`);
  process.exit(0);
}
if (process.env.CHROMIUM_PATH) {
  console.error(`CHROMIUM_PATH points at ${path}, which does not exist.`);
  process.exit(1);
}
if (process.getuid?.() !== 0) {
  console.error(
    'Chromium is missing. Install it with: sudo apt-get install -y chromium (or set CHROMIUM_PATH).',
  );
  process.exit(1);
}
console.info('Chromium is missing; installing Debian’s chromium package…');
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium'], {
  stdio: 'inherit',
  env,
});
if (!existsSync(path)) {
  console.error(`apt-get finished but ${path} is still missing.`);
  process.exit(1);
}
console.info(`Chromium installed: ${path}`);
