/**
 * End-to-end signing latency: from the user's click on Approve in the wallet's window to the signature in
 * the dApp's page, with the built extension in headless Chromium against a local network. Per block time
 * and committee size: one network, one browser, one wallet registered through the popup, then repeated
 * eth_signTransaction requests from the demo dApp (a new recipient each time, so every hash is new).
 *
 * Committee size n = one validator per signing group + the user, so n - 1 groups (of --group-size
 * validators each; default 1, which keeps the process count low on small machines). The wallet's session
 * view (`pri(sessions.list)`) splits each run into waiting for blocks (steps submit + committee), HTTP round
 * trips (deliver + subscribe), protocol (protocol step) and everything else (the rest of the
 * total: approval → session start, verify, the answer's way back to the page). The total ends when the
 * dApp's call resolves with the signature; the page's own check of it (viem's recovery of the signer)
 * comes after and is shown apart ("shown").
 * Target: 2 block times + 300 ms. The moment of each approval is spread evenly over the block interval
 * (run i of N clicks Approve (i + ½)/N of a block time after a block), as real clicks fall anywhere in it;
 * otherwise back-to-back runs lock onto one phase and the wait for the next block is the same every time.
 * Both ends are timestamped in the browser (see e2e/support/journey.ts), so the driver's polling adds nothing.
 * Before the browser starts, `--server-warmup` signatures (default 300) by Node user parties bring the
 * servers near the steady state of a network that has signed before; `--server-warmup 0` measures them cold.
 *
 *   npm run bench:e2e                                              # 1 s and 6 s blocks, n = 2..5, 5 runs
 *   npm run bench:e2e -- --runs 3 --block-times 1000 --sizes 2,3   # a quick look
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import type { ApiPromise } from '@polkadot/api';
import { spawnDevnet, type ChildDevnet } from '../devnet/child';
import { nativePrimitives } from '../devnet/tss/native-primitives';
import { connectChain } from '../lib/chain';
import { setWirePrimitives } from '../lib/wire';
import { startDappServer, type DappServer } from '../e2e/dapp/server';
import { DEFAULT_RATE_LIMIT } from '../lib/requests/limits';
import { chromiumPath, EXTENSION_DIR } from '../e2e/support/chromium';
import { launchWithExtension } from '../e2e/support/extension';
import { registerAccounts, warmUp } from './signers';
import { table } from './table';
import {
  connect,
  onboard,
  openPopup,
  register,
  requestSignature,
  stepDurations,
  type SignatureRun,
} from '../e2e/support/journey';

const ROOT = resolve(import.meta.dirname, '..');

/** What is running now, stopped on Ctrl-C as well as on the way out of each configuration. */
const running = new Set<() => Promise<unknown>>();

async function whileRunning<T extends object, R>(
  start: Promise<T>,
  stop: (it: T) => Promise<unknown>,
  body: (it: T) => Promise<R>,
): Promise<R> {
  const it = await start;
  const stopIt = () => stop(it);
  running.add(stopIt);
  try {
    return await body(it);
  } finally {
    running.delete(stopIt);
    await stopIt();
  }
}

interface Options {
  runs: number;
  warmup: number;
  serverWarmup: number;
  blockTimes: number[];
  sizes: number[];
  groupSize: number;
  build: boolean;
  inspectWorkerNetwork: boolean;
}

function integers(flag: string, text: string, min: number): number[] {
  const values = text.split(',').map(Number);
  if (values.some((v) => !Number.isInteger(v) || v < min)) {
    throw new Error(`--${flag} takes integers ≥ ${min}, comma-separated (got "${text}")`);
  }
  return values;
}

function options(): Options {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      runs: { type: 'string', default: '5' },
      warmup: { type: 'string', default: '1' },
      'server-warmup': { type: 'string', default: '300' },
      'block-times': { type: 'string', default: '1000,6000' },
      sizes: { type: 'string', default: '2,3,4,5' },
      'group-size': { type: 'string', default: '1' },
      'no-build': { type: 'boolean' },
      'inspect-worker-network': { type: 'boolean' },
    },
  });
  return {
    runs: integers('runs', values.runs, 1)[0]!,
    warmup: integers('warmup', values.warmup, 0)[0]!,
    serverWarmup: integers('server-warmup', values['server-warmup'], 0)[0]!,
    blockTimes: integers('block-times', values['block-times'], 100),
    sizes: integers('sizes', values.sizes, 2),
    groupSize: integers('group-size', values['group-size'], 1)[0]!,
    build: !values['no-build'],
    inspectWorkerNetwork: values['inspect-worker-network'] ?? false,
  };
}

/** One run split the way the table shows it (milliseconds). */
interface Sample {
  total: number;
  blocks: number;
  http: number;
  protocol: number;
  other: number;
  /** Parts of `other`: approval → session start, verify step, session end → signature in the page. */
  beforeSession: number;
  verify: number;
  afterSession: number;
  /** Approval → the page showing the signature after its own check of it (the dApp's recovery). */
  shown: number;
  /** Parts of `http`: deliver (+ constraints) and subscribe. */
  deliver: number;
  subscribe: number;
  attempts: number;
}

function sample(run: SignatureRun): Sample {
  const { session } = run;
  if (session.status !== 'done' || !run.result.includes('"verified":true')) {
    throw new Error(`The signature failed (${session.error?.message ?? session.status}): ${run.result}`);
  }
  if (run.answeredAt === undefined) throw new Error('The page did not stamp the moment it got the signature');
  const steps = stepDurations(session);
  // Up to the dApp's call resolving: what the page then does with the signature is its own work.
  const total = run.answeredAt - run.approvedAt;
  const blocks = steps.submit + steps.committee;
  const http = steps.deliver + steps.subscribe;
  return {
    total,
    blocks,
    http,
    protocol: steps.protocol,
    other: total - blocks - http - steps.protocol,
    beforeSession: session.startedAt - run.approvedAt,
    verify: steps.verify,
    afterSession: run.answeredAt - (session.endedAt ?? run.answeredAt),
    shown: run.shownAt - run.approvedAt,
    deliver: steps.deliver,
    subscribe: steps.subscribe,
    attempts: session.attempt,
  };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

/** `next()` resolves at the chain's next new head after the call. */
async function followHeads(api: ApiPromise): Promise<{ next(): Promise<void>; stop(): void }> {
  let waiting: (() => void)[] = [];
  // The first call comes at once, with the current head; each later one is a new block.
  const stop = await api.rpc.chain.subscribeNewHeads(() => {
    const due = waiting;
    waiting = [];
    for (const resolve of due) resolve();
  });
  return { next: () => new Promise((resolve) => waiting.push(resolve)), stop };
}

/**
 * The wallet takes at most `DEFAULT_RATE_LIMIT.max` new requests from one origin per window (the connect
 * request counts): a longer series waits until the oldest of them leaves the window.
 */
async function withinRateLimit(asked: number[]): Promise<void> {
  const { max, windowMs } = DEFAULT_RATE_LIMIT;
  const recent = asked.filter((t) => Date.now() - t < windowMs);
  if (recent.length < max) return;
  const wait = recent[recent.length - max]! + windowMs - Date.now() + 100;
  console.info(
    `  waiting ${(wait / 1000).toFixed(0)} s for the wallet's rate limit (${max} requests per origin per minute)`,
  );
  await sleep(wait);
}

/** Recipient number `i`: a fresh address, so each request has its own hash (the default rules allow all). */
const recipient = (i: number): string => `0x${'b0'.repeat(18)}${i.toString(16).padStart(4, '0')}`;

async function measure(o: Options, dapp: DappServer, blockTime: number, size: number): Promise<Sample[]> {
  const label = `block time ${blockTime} ms, committee ${size}`;
  // The devnet in its own process, as `npm start` runs it: its chain node does not share this process's
  // event loop with Playwright's client and the warm-up's user parties.
  const args = [
    '--groups',
    String(size - 1),
    '--group-size',
    String(o.groupSize),
    '--block-time',
    String(blockTime),
  ];
  return whileRunning(
    spawnDevnet({ args }),
    (devnet) => devnet.stop(),
    async (devnet) => {
      await warmServers(devnet, o.serverWarmup);
      const api = await connectChain({ endpoint: devnet.chainUrl });
      const heads = await followHeads(api);
      try {
        return await whileRunning(
          launchWithExtension(),
          (browser) => browser.close(),
          async (browser) => {
            const popup = await openPopup(browser.context, browser.extensionId, devnet.chainUrl);
            await onboard(popup);
            await register(popup, devnet.chainUrl);
            await popup.close();
            const { page, approvals } = await connect(browser.context, browser.extensionId, dapp.url);
            const asked = [Date.now()];
            const samples: Sample[] = [];
            for (let i = 0; i < o.warmup + o.runs; i++) {
              await withinRateLimit(asked);
              asked.push(Date.now());
              await page.locator('#recipient').fill(recipient(i));
              // Approvals spread evenly over the block interval, as users' clicks fall at any moment of it.
              const phase = i < o.warmup ? 0.5 : (i - o.warmup + 0.5) / o.runs;
              const beforeApprove = async () => {
                await heads.next();
                await sleep(phase * blockTime);
              };
              const s = sample(
                await requestSignature(page, approvals, 'sign-transaction', { beforeApprove }),
              );
              const kind = i < o.warmup ? 'warm-up' : `run ${i - o.warmup + 1}/${o.runs}`;
              console.info(
                `  ${label}, ${kind}: ${s.total.toFixed(0)} ms (blocks ${s.blocks.toFixed(0)}, http ${s.http.toFixed(0)}, ` +
                  `protocol ${s.protocol.toFixed(0)}, other ${s.other.toFixed(0)}; shown ${s.shown.toFixed(0)}` +
                  `${s.attempts > 1 ? `, ${s.attempts} attempts` : ''})`,
              );
              if (i >= o.warmup) samples.push(s);
            }
            return samples;
          },
        );
      } finally {
        heads.stop();
        await api.disconnect();
      }
    },
  );
}

/** Accounts the servers' warm-up signs with, at once (each asks in turn, as the wallet does). */
const WARMUP_ACCOUNTS = 10;

/**
 * `count` signatures through the devnet's servers by Node user parties, before the wallet's first: a
 * network's servers have signed many times, and V8 compiles a server's hot code only after hundreds of
 * signings (docs/benchmarks.md, "The servers' JIT"). The wallet stays as fresh as a user's browser.
 */
async function warmServers(devnet: ChildDevnet, count: number): Promise<void> {
  if (count === 0) return;
  const api = await connectChain({ endpoint: devnet.chainUrl });
  try {
    await cryptoWaitReady();
    setWirePrimitives(nativePrimitives);
    const accounts = await registerAccounts(api, Math.min(count, WARMUP_ACCOUNTS), 'e2e-warmup', (line) =>
      console.info(`  servers' warm-up: ${line.trim()}`),
    );
    const failures = await warmUp(api, accounts, count);
    const failed = [...failures.values()].reduce((a, b) => a + b, 0);
    console.info(
      `  servers' warm-up: ${count} signatures${failed ? `, ${failed} failed (${[...failures.keys()].join('; ')})` : ''}`,
    );
  } finally {
    await api.disconnect();
  }
}

async function main(): Promise<void> {
  const o = options();
  // Playwright enables DevTools' network inspection on every service worker it sees, which a user's browser
  // does not run: each of the worker's requests and streamed answers is then reported to Playwright, which
  // added 34–75 ms to the median (docs/benchmarks.md). Off unless asked for.
  if (!o.inspectWorkerNetwork) process.env.PLAYWRIGHT_DISABLE_SERVICE_WORKER_NETWORK = '1';
  if (!existsSync(chromiumPath())) run('npx', ['tsx', 'scripts/ensure-chromium.ts']);
  if (o.build) run('npx', ['wxt', 'build']);
  const results: { blockTime: number; size: number; samples: Sample[] }[] = [];
  await whileRunning(
    startDappServer({ port: 0 }),
    (dapp) => dapp.close(),
    async (dapp) => {
      for (const blockTime of o.blockTimes) {
        for (const size of o.sizes) {
          console.info(
            `block time ${blockTime} ms, committee ${size} (${size - 1} × ${o.groupSize} validators)…`,
          );
          results.push({ blockTime, size, samples: await measure(o, dapp, blockTime, size) });
        }
      }
    },
  );

  const ms = (x: number) => x.toFixed(0);
  const rows = results.map(({ blockTime, size, samples }) => {
    const m = (key: keyof Sample) => median(samples.map((s) => s[key]));
    const target = 2 * blockTime + 300;
    const totals = samples.map((s) => s.total);
    const retried = samples.filter((s) => s.attempts > 1).length;
    return [
      `${blockTime / 1000} s`,
      String(size),
      `${samples.length}${retried ? ` (${retried} retried)` : ''}`,
      ms(m('total')),
      `${ms(Math.min(...totals))}–${ms(Math.max(...totals))}`,
      ms(m('blocks')),
      ms(m('http')),
      ms(m('protocol')),
      ms(m('other')),
      ms(target),
      m('total') <= target ? 'yes' : `no (+${ms(m('total') - target)})`,
    ];
  });
  const detail = results.map(({ blockTime, size, samples }) => {
    const m = (key: keyof Sample) => ms(median(samples.map((s) => s[key])));
    return [
      `${blockTime / 1000} s`,
      String(size),
      m('deliver'),
      m('subscribe'),
      m('beforeSession'),
      m('verify'),
      m('afterSession'),
      m('shown'),
    ];
  });
  console.info(
    `\nApproval → signature in the page, headless Chromium ${chromiumVersion()} + local devnet, Node ${process.version}, ` +
      `${cpus().length} CPU cores; medians of ${o.runs} runs per row after ${o.warmup} warm-up, ` +
      `servers warmed up by ${o.serverWarmup} signatures (ms)\n`,
  );
  console.info(
    table(
      [
        'block',
        'committee',
        'runs',
        'total',
        'total min–max',
        'blocks',
        'http',
        'protocol',
        'other',
        'target',
        'met',
      ],
      rows,
    ),
  );
  console.info(
    '\nblocks = submit + committee steps, http = deliver + subscribe, protocol = protocol step, ' +
      'other = total − those; each column is its own median.\n\n"http" and "other", split (medians, ms):\n',
  );
  console.info(
    table(
      [
        'block',
        'committee',
        'deliver',
        'subscribe',
        'approval → session start',
        'verify',
        'session end → page',
        'approval → shown after the page’s check',
      ],
      detail,
    ),
  );
}

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} failed (${result.status}):\n${result.stdout}${result.stderr}`,
    );
  }
}

function chromiumVersion(): string {
  const out = spawnSync(chromiumPath(), ['--version'], { encoding: 'utf8' }).stdout ?? '';
  return out.match(/\d+(\.\d+)+/)?.[0] ?? '';
}

if (!existsSync(EXTENSION_DIR) && process.argv.includes('--no-build')) {
  console.error(`--no-build, but there is no build in ${EXTENSION_DIR}`);
  process.exit(2);
}
let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    interrupted = true;
    console.error(`\n${signal}: stopping the browser and the network…`);
    // A child the terminal's Ctrl-C already killed must not keep us waiting.
    const limit = new Promise((r) => setTimeout(r, 15_000));
    void Promise.race([Promise.allSettled([...running].map((stop) => stop())), limit]).finally(() =>
      process.exit(130),
    );
  });
}
main().then(
  () => process.exit(0),
  (error: unknown) => {
    if (interrupted) return;
    console.error(`\nbench:e2e failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
