import { resolve } from 'node:path';

/** The built extension: `wxt build` writes it to `.output`, or to `$ENTROPY_BUILD_DIR` when set. */
export const EXTENSION_DIR = resolve(
  import.meta.dirname,
  '../..',
  process.env.ENTROPY_BUILD_DIR || '.output',
  'chrome-mv3',
);

export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH || '/usr/bin/chromium';
}

/** Flags that work on a machine without network or GPU; headed only when asked for and a display exists. */
export function chromiumArgs(extensionDir: string, headed = false): string[] {
  return [
    ...(headed ? [] : ['--headless=new']),
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-quic',
    `--disable-extensions-except=${extensionDir}`,
    `--load-extension=${extensionDir}`,
  ];
}
