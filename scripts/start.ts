/**
 * `npm start`: builds the extension, starts the local Entropy network and the demo dApp, and opens Chromium
 * with the extension loaded — or, without a display, prints how to load it by hand.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DEVNET_READY_LINE } from '../devnet/launch';
import { startDappServer } from '../e2e/dapp/server';
import { chromiumArgs, chromiumPath, EXTENSION_DIR } from '../e2e/support/chromium';

const root = resolve(import.meta.dirname, '..');
const CHAIN_PORT = Number(process.env.ENTROPY_CHAIN_PORT ?? 9944);
const DAPP_PORT = Number(process.env.ENTROPY_DAPP_PORT ?? 5173);
const launcherArgs = process.argv.slice(2);
/** The local EVM chain (anvil) the launcher starts unless told --no-evm; its port as the launcher reads it. */
const evmPortFlag = launcherArgs.indexOf('--evm-port');
const EVM_PORT = launcherArgs.includes('--no-evm')
  ? undefined
  : Number(
      (evmPortFlag >= 0 ? launcherArgs[evmPortFlag + 1] : undefined) ?? process.env.ENTROPY_EVM_PORT ?? 8545,
    );
const children: ChildProcess[] = [];

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed`);
}

/**
 * Passes the launcher's output through and resolves once it says the devnet is up — which it does only
 * after every server answered /health; rejects if it exits first (its own bound and message say which
 * server was slow and what it logged).
 */
function untilReady(child: ChildProcess): Promise<void> {
  return new Promise((resolveReady, reject) => {
    let seen = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      process.stdout.write(chunk);
      seen = (seen + chunk.toString()).slice(-200);
      if (seen.includes(DEVNET_READY_LINE)) resolveReady();
    });
    child.once('exit', (code) => reject(new Error(`The local network failed to start (exit code ${code}).`)));
  });
}

function stopAll(): void {
  for (const child of children) child.kill('SIGTERM');
}

async function main(): Promise<void> {
  console.info('Building the extension…');
  run('npx', ['wxt', 'build']);

  if (existsSync(join(root, 'devnet/launch.ts'))) {
    console.info('Starting the local Entropy network…');
    const devnet = spawn(process.execPath, ['--import', 'tsx', 'devnet/launch.ts', ...launcherArgs], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.push(devnet);
    await untilReady(devnet);
    devnet.once('exit', (code) => {
      if (code) console.error(`The local network stopped (exit code ${code}).`);
    });
  } else {
    console.warn('devnet/launch.ts does not exist yet: starting without a local network.');
  }

  const dapp = await startDappServer({ port: DAPP_PORT });
  const headed = Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
  console.info(`\nDemo dApp:        ${dapp.url}`);
  console.info(`Chain endpoint:   ws://127.0.0.1:${CHAIN_PORT}`);
  if (EVM_PORT) console.info(`EVM chain:        http://127.0.0.1:${EVM_PORT} (anvil, chain id 31337)`);
  console.info(`Built extension:  ${EXTENSION_DIR}`);

  if (headed) {
    run('npx', ['tsx', 'scripts/ensure-chromium.ts']);
    const profile = mkdtempSync(join(tmpdir(), 'entropy-wallet-start-'));
    const browser = spawn(
      chromiumPath(),
      [...chromiumArgs(EXTENSION_DIR, true), `--user-data-dir=${profile}`, dapp.url],
      {
        stdio: 'ignore',
      },
    );
    children.push(browser);
    console.info('\nChromium is open with the extension loaded. Press Ctrl-C to stop everything.');
  } else {
    console.info(
      [
        '',
        'No display found, so no browser was opened. To try the wallet in your own Chrome or Chromium:',
        '  1. open chrome://extensions and switch on "Developer mode";',
        `  2. click "Load unpacked" and choose ${EXTENSION_DIR};`,
        `  3. open ${dapp.url}.`,
        'Press Ctrl-C to stop everything.',
      ].join('\n'),
    );
  }

  const shutdown = () => {
    stopAll();
    void dapp.close().finally(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  stopAll();
  process.exit(1);
});
