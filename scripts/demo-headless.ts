/**
 * `npm run demo:headless`: the main job, scripted, on a machine without a display. Starts a local Entropy
 * network, builds the extension, opens Debian's Chromium headless with it, goes through onboarding and
 * registration in the popup, connects the demo dApp, asks it for one personal_sign signature, approves it
 * in the wallet's window and prints the signature, the address it recovers to (checked in Node with viem
 * against the wallet's address) and how long each step took. Exit code 0 only when they match.
 *
 *   npm run demo:headless                       # a block every second
 *   npm run demo:headless -- --block-time 6000  # Entropy's real block time
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { isAddressEqual, recoverMessageAddress, type Hex } from 'viem';
import { startDevnet } from '../devnet/launch';
import { startDappServer } from '../e2e/dapp/server';
import { chromiumPath, EXTENSION_DIR } from '../e2e/support/chromium';
import { launchWithExtension } from '../e2e/support/extension';
import { connect, onboard, openPopup, register, requestSignature } from '../e2e/support/journey';

const ROOT = resolve(import.meta.dirname, '..');
/** What the demo dApp's personal_sign button signs (e2e/dapp/public/ethereum.ts). */
const DAPP_MESSAGE = 'Hello from the Entropy test dApp';

/** Things to undo, last started first; run once, on success, failure or Ctrl-C. */
const cleanups: { name: string; run: () => Promise<unknown> }[] = [];
let cleaning: Promise<void> | undefined;

function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    for (const { name, run } of cleanups.reverse()) {
      // A step that hangs (a process already killed by the terminal's Ctrl-C) must not keep us here.
      const limit = new Promise((r) => setTimeout(r, 15_000, 'timeout'));
      const outcome = await Promise.race([
        run().then(
          () => 'ok',
          (e: unknown) => e,
        ),
        limit,
      ]);
      if (outcome !== 'ok') console.error(`  could not stop the ${name}: ${String(outcome)}`);
    }
  })();
  return cleaning;
}

const timings: [string, number][] = [];
async function step<T>(name: string, run: () => Promise<T>): Promise<T> {
  process.stdout.write(`${name}… `);
  const started = performance.now();
  const result = await run();
  const ms = performance.now() - started;
  timings.push([name, ms]);
  console.info(`${(ms / 1000).toFixed(1)} s`);
  return result;
}

function options(): { blockTime: number; build: boolean } {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: { 'block-time': { type: 'string', default: '1000' }, 'no-build': { type: 'boolean' } },
  });
  const blockTime = Number(values['block-time']);
  if (!Number.isInteger(blockTime) || blockTime < 100)
    throw new Error('--block-time must be an integer ≥ 100 (ms)');
  return { blockTime, build: !values['no-build'] };
}

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} failed (${result.status}):\n${result.stdout}${result.stderr}`,
    );
  }
}

async function main(): Promise<void> {
  const { blockTime, build } = options();
  if (!existsSync(chromiumPath())) run('npx', ['tsx', 'scripts/ensure-chromium.ts']);

  const devnet = await step(`Starting the devnet (block time ${blockTime} ms)`, () =>
    startDevnet({ blockTime, chainPort: 0, tssBasePort: 0 }),
  );
  cleanups.push({ name: 'devnet', run: () => devnet.stop() });
  if (build)
    await step(`Building the extension into ${EXTENSION_DIR}`, async () => run('npx', ['wxt', 'build']));
  else if (!existsSync(EXTENSION_DIR))
    throw new Error(`--no-build, but there is no build in ${EXTENSION_DIR}`);
  const dapp = await startDappServer({ port: 0 });
  cleanups.push({ name: 'demo dApp server', run: () => dapp.close() });

  const browser = await step('Launching Chromium (headless) with the extension', () => launchWithExtension());
  cleanups.push({ name: 'browser', run: () => browser.close() });
  const popup = await step('Onboarding: password, account, recovery phrase', async () => {
    const page = await openPopup(browser.context, browser.extensionId, devnet.chainUrl);
    await onboard(page);
    return page;
  });
  const wallet = await step('Registration: faucet, DKG with the committee, on chain', () =>
    register(popup, devnet.chainUrl),
  );
  // From here on the user answers in the window the wallet opens for each request.
  await popup.close();
  const { page, approvals } = await step('Connecting the demo dApp', () =>
    connect(browser.context, browser.extensionId, dapp.url),
  );
  process.stdout.write('Signing: personal_sign from the dApp, approved in the wallet’s window… ');
  const signed = await requestSignature(page, approvals, 'personal-sign');
  console.info(`${((signed.shownAt - signed.approvedAt) / 1000).toFixed(1)} s after the approval`);
  timings.push(['Signing: approval → signature in the page', signed.shownAt - signed.approvedAt]);

  let answer: { verified?: boolean; signature?: Hex };
  try {
    answer = JSON.parse(signed.result) as typeof answer;
  } catch {
    throw new Error(`The page did not get a signature: ${signed.result}`);
  }
  if (!answer.signature) throw new Error(`The page did not get a signature: ${signed.result}`);
  const recovered = await recoverMessageAddress({ message: DAPP_MESSAGE, signature: answer.signature });
  const matches = isAddressEqual(recovered, wallet.ethAddress);

  console.info(`\nMessage     "${DAPP_MESSAGE}" (personal_sign from ${dapp.url})`);
  console.info(`Signature   ${answer.signature}`);
  console.info(`Recovers to ${recovered}`);
  console.info(`Wallet      ${wallet.ethAddress} (account ${wallet.address})`);
  console.info(
    `Committee   ${signed.session.members.map((m) => `group ${m.group} ${m.endpoint}`).join(', ')}`,
  );
  console.info(`             block ${signed.session.blockNumber}, attempt ${signed.session.attempt}\n`);
  const width = Math.max(...timings.map(([name]) => name.length));
  console.info(`| ${'step'.padEnd(width)} |  seconds |`);
  console.info(`|${'-'.repeat(width + 2)}|---------:|`);
  for (const [name, ms] of timings)
    console.info(`| ${name.padEnd(width)} | ${(ms / 1000).toFixed(2).padStart(8)} |`);
  if (!matches) {
    throw new Error(
      `The signature recovers to ${recovered}, not to the wallet's address ${wallet.ethAddress}`,
    );
  }
  console.info('\nOK: the signature recovers to the wallet’s address.');
}

let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    interrupted = true;
    console.error(`\n${signal}: stopping everything…`);
    void cleanUp().finally(() => process.exit(130));
  });
}

main().then(
  async () => {
    await cleanUp();
    process.exit(0);
  },
  async (error: unknown) => {
    if (interrupted) return;
    console.error(`\ndemo:headless failed: ${error instanceof Error ? error.message : String(error)}`);
    await cleanUp();
    process.exit(1);
  },
);
