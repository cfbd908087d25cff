/**
 * Load benchmark of the TSS servers: starts a local devnet (3 signing groups × 2 validators, so a
 * committee of 4 with the user) in a process of its own (the chain there, each TSS server in its own, this
 * process holds only the user parties), registers one account per session in flight (the servers and the wallet
 * run one session per account at a time, so concurrency comes from accounts), then for each level runs
 * that many accounts at once, each asking for `--per-account` signatures in turn: `prepTransaction`, the
 * transaction to every member (`/user/tx`), the protocol. A signature's latency runs from the moment every
 * member accepted its `/user/tx` to the signature (block time excluded); signatures/s is all signatures
 * over the level's wall time (block time included: an account waits for its request's block while others
 * sign). Prints the table and where the CPU went per signature.
 *
 *   npm run bench:tss -- [--levels 10,50] [--per-account 2] [--warmup 1000] [--block-time 500] [--log]
 *                        [--cpu-prof DIR] [--meter-clock thread|process]
 *
 * Before the first level, `--warmup` signatures (over all accounts at once, not measured) bring the
 * servers and the user parties near a steady state: V8 goes on compiling a server's hot code through its
 * first hundreds of signings (docs/benchmarks.md). `--warmup 1` is the single warm-up signature of the
 * figures before 2026-11-29.
 *
 * The meters (protocol, transport crypto, encoding) count the main thread's CPU time by default;
 * `--meter-clock process` counts the whole process's, as the figures before 2026-11-28 15:00 UTC did.
 *
 * `--cpu-prof DIR` writes a V8 CPU profile of every TSS server and of the chain's process into DIR when
 * the run ends (for the user parties, run the benchmark itself with `node --cpu-prof --import tsx
 * bench/tss-load.ts`), and `DIR/levels.json`: each level's start and end on the profiles' clock (µs).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import type { ApiPromise } from '@polkadot/api';
import { blake2AsU8a, cryptoWaitReady, sr25519PairFromSeed } from '@polkadot/util-crypto';
import { hexToBytes } from '@noble/hashes/utils.js';
import { keccak256, parseEther, serializeTransaction, type Hex } from 'viem';
import { connectChain, prepTransaction } from '../lib/chain';
import { createSigning, type KeyShare } from '../lib/protocol';
import {
  groupPartyId,
  postUserTxWhenFree,
  runUserParty,
  sessionMeter,
  setMeterClock,
  signingSessionId,
  type SessionMeter,
} from '../lib/tss';
import {
  randomX25519SecretKey,
  sealEnvelope,
  setWirePrimitives,
  sr25519Signer,
  type Sr25519Signer,
} from '../lib/wire';
import { nativePrimitives } from '../devnet/tss/native-primitives';
import { METER_CLOCK_ENV, meterClockFrom, processCpuMs, threadCpuClock } from '../devnet/tss/cpu-clock';
import { spawnDevnet, type ChildDevnet } from '../devnet/child';
import { registerAccount } from '../devnet/tss/e2e-client';
import { nodeFetch, nodeTransport } from '../devnet/tss/node-transport';

/** Registrations (DKGs) run this many at a time: each is seconds of CPU for every party, and a server busy with
 * several for long enough answers requests late (HTTP 408) on a loaded machine. */
const REGISTRATION_BATCH = 2;

function evmTx(nonce: number): Hex {
  return serializeTransaction({
    chainId: 1,
    to: '0x000000000000000000000000000000000000dEaD',
    value: parseEther('0.001'),
    nonce,
    gas: 21_000n,
    maxFeePerGas: 1_000_000_000n,
    maxPriorityFeePerGas: 1_000_000n,
  });
}

/** Sends every account tokens for its fees from //Alice, all in one go (explicit nonces). */
async function fund(api: ApiPromise, accounts: KeyringPair[]): Promise<void> {
  const alice = new Keyring({ type: 'sr25519', ss58Format: 42 }).addFromUri('//Alice');
  const base = (await api.rpc.system.accountNextIndex(alice.address)).toNumber();
  await Promise.all(
    accounts.map(
      (account, i) =>
        new Promise<void>((resolve, reject) => {
          void api.tx.balances!.transferKeepAlive!(account.address, 1_000n * 10n ** 10n)
            .signAndSend(alice, { nonce: base + i }, (result) => {
              if (result.status.isInvalid || result.status.isDropped)
                reject(new Error(`transfer ${result.status.type}`));
              if (result.status.isInBlock || result.status.isFinalized) resolve();
            })
            .catch(reject);
        }),
    ),
  );
}

interface Account {
  pair: KeyringPair;
  /** The same key as the wallet signs frames and envelopes with (schnorrkel's WASM, `Accounts.signer`). */
  signer: Sr25519Signer;
  share: KeyShare;
  txNonce: number;
}

interface Timing {
  /** Every member accepted the transaction. */
  start: number;
  end: number;
  /** `prepTransaction` submitted. */
  requested: number;
}

/** One signature for `account`, the way the wallet gets it. */
async function signOne(api: ApiPromise, account: Account): Promise<Timing> {
  const { pair, signer, share } = account;
  const tx = evmTx(account.txNonce++);
  const sigHash = hexToBytes(keccak256(tx).slice(2));
  const requested = performance.now();
  const request = await prepTransaction(api, pair, sigHash);
  const x25519SecretKey = randomX25519SecretKey();
  await Promise.all(
    request.message.committee.map((m) =>
      // As the wallet does: a server may still be finishing the account's previous run.
      postUserTxWhenFree(
        m.endpoint,
        sealEnvelope({
          plaintext: new TextEncoder().encode(JSON.stringify({ arch: 'evm', transactionRequest: tx })),
          signer,
          senderX25519SecretKey: x25519SecretKey,
          recipientX25519PublicKey: m.x25519PublicKey,
        }),
        // node:http, as the frames below: undici's fetch is not what the wallet's browser pays.
        { waitMs: 60_000, fetch: nodeFetch },
      ),
    ),
  );
  const start = performance.now();
  const sessionId = signingSessionId(pair.publicKey, sigHash, request.blockNumber);
  await runUserParty({
    sessionId,
    partyId: pair.address,
    signer,
    x25519SecretKey,
    committee: request.message.committee.map((m) => ({
      partyId: groupPartyId(m.signingGroup),
      endpoint: m.endpoint,
      tssAccount: m.tssAccount,
      x25519PublicKey: m.x25519PublicKey,
    })),
    machine: createSigning({ sessionId, share, parties: share.parties, messageHash: sigHash }),
    timeoutMs: 120_000,
    // Streams and frames over node:http, as the servers follow each other: undici's fetch is not what a
    // wallet's browser pays for its requests.
    transport: nodeTransport,
  });
  return { requested, start, end: performance.now() };
}

/**
 * `count` signatures, not measured: every account at once, each asking in turn, as a level does. Returns
 * how many failed, by reason (a warm-up goes on past a failure, as a level does).
 */
async function warmUp(api: ApiPromise, accounts: Account[], count: number): Promise<Map<string, number>> {
  let next = 0;
  const failures = new Map<string, number>();
  await Promise.all(
    accounts.map(async (account) => {
      while (next < count) {
        next++;
        await signOne(api, account).catch((error: unknown) => {
          const reason = failureReason(error);
          failures.set(reason, (failures.get(reason) ?? 0) + 1);
        });
      }
    }),
  );
  return failures;
}

/** A failure's kind for the table: the typed error's code (and a server's status and code), or its class name. */
function failureReason(error: unknown): string {
  if (error instanceof Error) {
    const { code, details } = error as Error & {
      code?: unknown;
      details?: { path?: unknown; status?: unknown; reason?: { code?: unknown } };
    };
    const answer =
      typeof details?.status === 'number'
        ? ` (${String(details.path ?? '')} ${details.status} ${String(details.reason?.code ?? '')})`
        : '';
    return typeof code === 'string' ? `${error.name} ${code}${answer}` : error.name;
  }
  return String(error);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/** CPU so far, ms: the TSS servers' (from `/health`), this process's (the user parties) and the chain's. */
interface CpuSnapshot {
  at: number;
  servers: SessionMeter & { process: number; mainThread: number };
  local: SessionMeter & { process: number; mainThread: number };
  chain: number;
  /** The servers' Node and V8 flags (the heap's growth is one), as their `/health` says. */
  serverFlags: string[];
}

async function snapshot(
  devnet: ChildDevnet,
  clock: string,
  mainThreadCpuMs: (() => number) | null,
): Promise<CpuSnapshot> {
  const servers = { protocol: 0, crypto: 0, encoding: 0, process: 0, mainThread: 0 };
  const serverFlags = new Set<string>();
  for (const v of devnet.validators) {
    const health = (await (await fetch(new URL('/health', v.url))).json()) as {
      cpuMs: SessionMeter & { process: number; mainThread: number | null; clock: string };
      nodeFlags: string[];
    };
    for (const flag of health.nodeFlags) serverFlags.add(flag);
    if (health.cpuMs.clock !== clock) {
      throw new Error(`${v.url} meters on the ${health.cpuMs.clock} clock, this process on the ${clock} one`);
    }
    for (const key of Object.keys(servers) as (keyof typeof servers)[])
      servers[key] += health.cpuMs[key] ?? NaN;
  }
  return {
    at: performance.now(),
    servers,
    local: { ...sessionMeter, process: processCpuMs(), mainThread: mainThreadCpuMs?.() ?? NaN },
    chain: devnet.chainCpuMs() ?? NaN,
    serverFlags: [...serverFlags],
  };
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padStart(widths[i]!)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      levels: { type: 'string' },
      'per-account': { type: 'string' },
      warmup: { type: 'string' },
      'block-time': { type: 'string' },
      log: { type: 'boolean' },
      'cpu-prof': { type: 'string' },
      'meter-clock': { type: 'string' },
    },
    strict: true,
  });
  const levels = (values.levels ?? '10,50').split(',').map(Number);
  const perAccount = Number(values['per-account'] ?? 2);
  const warmup = Number(values.warmup ?? 1000);
  if (!Number.isInteger(warmup) || warmup < 0) throw new Error('--warmup takes a whole number of signatures');
  const accountCount = Math.max(...levels);
  await cryptoWaitReady();
  // The user parties are Node code here, like the servers: OpenSSL's SHA-256 and AEAD (the same bytes as
  // the wallet's noble; docs/benchmarks.md has both per frame).
  setWirePrimitives(nativePrimitives);
  // This process's (the user parties') meter counts CPU, as the servers' do: the machine may be busy.
  // The servers inherit the clock's choice through the environment.
  if (values['meter-clock'] !== undefined) process.env[METER_CLOCK_ENV] = values['meter-clock'];
  const meterClock = meterClockFrom(process.env);
  setMeterClock(meterClock.now);
  const mainThreadCpuMs = threadCpuClock();
  console.info('starting the devnet…');
  const profDir = values['cpu-prof'];
  const devnet = await spawnDevnet({
    args: [
      '--block-time',
      String(Number(values['block-time'] ?? 500)),
      '--session-timeout-ms',
      '120000',
      ...(profDir ? ['--tss-cpu-prof', profDir] : []),
    ],
    ...(profDir ? { nodeArgs: ['--cpu-prof', '--cpu-prof-dir', join(profDir, 'chain')] } : {}),
    ...(values.log ? { log: (line: string) => console.info(line) } : {}),
  });
  const api = await connectChain({ endpoint: devnet.chainUrl });
  try {
    const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
    const seeds = Array.from({ length: accountCount }, (_, i) => blake2AsU8a(`bench-${i}`));
    const pairs = seeds.map((seed) => keyring.addFromSeed(seed));
    console.info(`funding and registering ${accountCount} accounts (${REGISTRATION_BATCH} at a time)…`);
    await fund(api, pairs);
    const accounts: Account[] = [];
    for (let i = 0; i < pairs.length; i += REGISTRATION_BATCH) {
      const batch = pairs.slice(i, i + REGISTRATION_BATCH);
      const shares = await Promise.all(batch.map((pair) => registerAccount(api, pair, {}, 300_000)));
      batch.forEach((pair, j) =>
        accounts.push({
          pair,
          signer: sr25519Signer(sr25519PairFromSeed(seeds[i + j]!)),
          share: shares[j]!,
          txNonce: 0,
        }),
      );
      console.info(`  ${accounts.length} registered`);
    }
    const warmupFailures = await warmUp(api, accounts, warmup);
    const warmupFailed = [...warmupFailures.values()].reduce((a, b) => a + b, 0);
    console.info(`  warm-up: ${warmup} signatures${warmupFailed ? `, ${warmupFailed} failed` : ''}`);
    const rows: string[][] = [];
    const cpuRows: string[][] = [];
    const sideRows: string[][] = [];
    const failureRows: string[][] = [...warmupFailures].map(([reason, count]) => [
      'warm-up',
      String(count),
      reason,
    ]);
    // With --cpu-prof: each level's window on the monotonic clock the profiles' timestamps use (µs), so
    // a reader of the profiles can count only the level's samples.
    const windows: { level: number; startUs: number; endUs: number }[] = [];
    const monotonicUs = () => Number(process.hrtime.bigint() / 1000n);
    let serverFlags: string[] = [];
    for (const level of levels) {
      const startUs = monotonicUs();
      const before = await snapshot(devnet, meterClock.name, mainThreadCpuMs);
      const failures = new Map<string, number>();
      const timings = (
        await Promise.all(
          accounts.slice(0, level).map(async (account) => {
            const out: Timing[] = [];
            for (let i = 0; i < perAccount; i++) {
              // A failed signature is counted by its reason and the account goes on: the load is the point.
              const timing = await signOne(api, account).catch((error: unknown) => {
                const reason = failureReason(error);
                failures.set(reason, (failures.get(reason) ?? 0) + 1);
              });
              if (timing) out.push(timing);
            }
            return out;
          }),
        )
      ).flat();
      const after = await snapshot(devnet, meterClock.name, mainThreadCpuMs);
      serverFlags = after.serverFlags;
      windows.push({ level, startUs, endUs: monotonicUs() });
      if (profDir) {
        await mkdir(profDir, { recursive: true });
        await writeFile(join(profDir, 'levels.json'), JSON.stringify(windows));
      }
      const signatures = timings.length;
      const failed = [...failures.values()].reduce((a, b) => a + b, 0);
      failureRows.push(...[...failures].map(([reason, count]) => [String(level), String(count), reason]));
      if (signatures === 0) {
        rows.push([String(level), String(level), '0', String(failed), '-', '-', '-', '-', '-']);
        console.info(`  ${level} in flight: no signature`);
        continue;
      }
      const latencies = timings.map((t) => t.end - t.start).sort((a, b) => a - b);
      const requestLatencies = timings.map((t) => t.end - t.requested).sort((a, b) => a - b);
      const wall = after.at - before.at;
      rows.push([
        String(level),
        String(level),
        String(signatures),
        String(failed),
        (signatures / (wall / 1000)).toFixed(1),
        percentile(latencies, 50).toFixed(0),
        percentile(latencies, 95).toFixed(0),
        percentile(requestLatencies, 95).toFixed(0),
        wall.toFixed(0),
      ]);
      // Per signature, ms of CPU, all parties: the servers' meters and this process's (the user parties).
      const d = (key: keyof SessionMeter) =>
        after.servers[key] - before.servers[key] + (after.local[key] - before.local[key]);
      const protocol = d('protocol');
      const crypto = d('crypto');
      const encoding = d('encoding');
      const chain = after.chain - before.chain;
      const parties =
        after.servers.process - before.servers.process + (after.local.process - before.local.process);
      const processes = parties + chain;
      const http = parties - protocol - crypto - encoding;
      const per = (ms: number) => (ms / signatures).toFixed(1);
      // The same split per side: the six servers, and this process's user parties.
      const side = (s: 'servers' | 'local') => {
        const m = (key: keyof SessionMeter | 'process' | 'mainThread') => after[s][key] - before[s][key];
        return [
          m('protocol'),
          m('crypto'),
          m('encoding'),
          m('process') - m('protocol') - m('crypto') - m('encoding'),
          m('process') - m('mainThread'),
        ];
      };
      sideRows.push(
        ...(['servers', 'local'] as const).map((s) => [
          String(level),
          s === 'servers' ? `servers (${devnet.validators.length})` : 'user parties',
          ...side(s).map(per),
        ]),
      );
      cpuRows.push([
        String(level),
        per(protocol),
        per(crypto),
        per(encoding),
        per(http),
        per(chain),
        per(processes),
        `${(((crypto + encoding) / protocol) * 100).toFixed(0)} %`,
        (2000 / (processes / signatures)).toFixed(1),
      ]);
      console.info(`  ${level} in flight: done`);
    }
    console.info(
      `\nTSS signing load (${devnet.validators.length} servers in 3 groups, committee of 3 + user, ` +
        `${accountCount} registered accounts, ${perAccount} signatures each per level, one at a time per account, ` +
        `after ${warmup} warm-up signatures)`,
    );
    console.info(
      table(
        [
          'in flight',
          'accounts',
          'signatures',
          'failed',
          'signatures/s',
          'p50 ms',
          'p95 ms',
          'p95 from request ms',
          'wall ms',
        ],
        rows,
      ),
    );
    if (failureRows.length > 0) {
      console.info('\nFailed signatures (signatures/s counts only the signed ones)');
      console.info(table(['in flight', 'failed', 'reason'], failureRows));
    }
    console.info(
      `\nCPU per signature, ms, all parties (4) and the chain; meters on each process's ${meterClock.name === 'thread' ? 'main thread' : 'whole process'} clock`,
    );
    console.info(
      table(
        [
          'in flight',
          'protocol',
          'transport crypto',
          'encoding',
          'HTTP/SSE + other',
          'chain',
          'total',
          'transport / protocol',
          '2-core capacity sig/s',
        ],
        cpuRows,
      ),
    );
    console.info(
      'protocol: state machines; transport crypto: sealFrame/openFrame (signatures, X25519, AEAD, framing);\n' +
        'encoding: frames to/from base64 SSE text (none on binary streams); chain: the chain node’s process (blocks, extrinsics, RPC);\n' +
        'HTTP/SSE + other: the rest of the parties’ processes (HTTP, SSE, /user/tx envelopes, constraint\n' +
        'checks, their chain clients, GC); 2-core capacity: 2000 ms / total, the rate two cores of our\n' +
        'own would sustain (the figures are CPU time, so they hold on a shared machine).',
    );
    console.info('\nThe same per side, ms per signature');
    console.info(
      table(
        [
          'in flight',
          'processes',
          'protocol',
          'transport crypto',
          'encoding',
          'HTTP/SSE + other',
          'of which other threads',
        ],
        sideRows,
      ),
    );
    console.info(
      "other threads: a process's CPU outside its main thread (V8's garbage collector and compiler, libuv's pool)",
    );
    console.info(
      `machine: ${process.arch}, node ${process.version}; TSS servers' flags: ${serverFlags.join(' ')}`,
    );
  } finally {
    await api.disconnect();
    await devnet.stop();
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
