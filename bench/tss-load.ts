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
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { connectChain } from '../lib/chain';
import { sessionMeter, setMeterClock, type SessionMeter } from '../lib/tss';
import { setWirePrimitives } from '../lib/wire';
import { nativePrimitives } from '../devnet/tss/native-primitives';
import { METER_CLOCK_ENV, meterClockFrom, processCpuMs, threadCpuClock } from '../devnet/tss/cpu-clock';
import { spawnDevnet, type ChildDevnet } from '../devnet/child';
import { failureReason, registerAccounts, signOne, warmUp, type Timing } from './signers';
import { table } from './table';

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
    const accounts = await registerAccounts(api, accountCount, 'bench', (line) => console.info(line));
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
