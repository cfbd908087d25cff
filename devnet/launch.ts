/**
 * One-command local Entropy network: writes the genesis (or reuses the data dir's), starts the dev chain
 * in this process with its state in `<data dir>/chain` and one TSS server per validator as child
 * processes, waits until all are healthy and prints the endpoints. A relaunch with the same data dir
 * continues the same chain. `npm run devnet -- --help` lists the flags; `startDevnet()` does the same
 * for tests and the e2e suite.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { access, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { bundleServer, type ServerBundle } from './bundle';
import { startChain, type RunningChain, type StartChainOptions } from './chain';
import { startEvm, type RunningEvm } from './evm';
import { defaultGenesis, loadGenesis, type GenesisConfig } from './genesis';
import { LISTENER_MESSAGE, LISTENER_REQUEST, MISBEHAVIOURS, type Misbehaviour } from './tss/options';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const TSS_MAIN = join(ROOT, 'devnet', 'tss', 'main.ts');

/** Printed (then the endpoints) once the chain and every server are up and healthy. */
export const DEVNET_READY_LINE = 'Entropy devnet is up';

/** How long a TSS server may take to answer `/health`: minutes, as on a loaded 2-core machine. */
export const DEFAULT_HEALTH_TIMEOUT_MS = 5 * 60_000;
/** How long a stopping TSS server that writes a CPU profile (`--cpu-prof`) may take before SIGKILL. */
export const PROFILING_STOP_GRACE_MS = 60_000;
const HEALTH_ENV = 'ENTROPY_DEVNET_HEALTH_TIMEOUT_MS';
const LOG_TAIL_LINES = 20;

/** The health bound from `ENTROPY_DEVNET_HEALTH_TIMEOUT_MS`, else the default. */
export function healthTimeoutFrom(env: Record<string, string | undefined>): number {
  const v = env[HEALTH_ENV];
  if (v === undefined || v === '') return DEFAULT_HEALTH_TIMEOUT_MS;
  if (!/^[0-9]+$/.test(v) || Number(v) < 1) throw new Error(`${HEALTH_ENV} must be a positive integer (ms)`);
  return Number(v);
}

export interface DevnetOptions {
  /** Signing groups (default 3). */
  groups?: number;
  /** Validators per group (default 2). */
  groupSize?: number;
  /** Milliseconds between blocks; 0 = instant seal (default 6000). */
  blockTime?: number;
  /** Chain WebSocket port (default 9944; 0 = a free one). */
  chainPort?: number;
  /** First TSS server port (default 3001; 0 = free ports). */
  tssBasePort?: number;
  host?: string;
  /**
   * Where the genesis, the chain's state, the servers' stores and password files live (default: a fresh
   * temp dir, removed on stop). One that already holds a devnet is continued: its genesis.json (with
   * its TSS ports) is reused, and must have `groups` × `groupSize` validators.
   */
  dataDir?: string;
  /** How long each TSS server may take to answer `/health` (default `$ENTROPY_DEVNET_HEALTH_TIMEOUT_MS`, else 5 min). */
  healthTimeoutMs?: number;
  /** The chain node's transaction pool and RPC limits (docs/devnet.md). */
  chainLimits?: Pick<StartChainOptions, 'pool' | 'rpc'>;
  /** Fault injection by flat validator index (`group * groupSize + member`). */
  misbehave?: Record<number, Misbehaviour>;
  sessionTimeoutMs?: number;
  pruneAfterBlocks?: number;
  /** Blocks an accused validator stays out of committees (chain genesis; default 20). */
  exclusionPeriod?: number;
  /**
   * Also start the local EVM chain (anvil, chain id 31337, with the devnet ERC-20) on this port (8545 is
   * anvil's default; 0 = a free one). Absent: no EVM chain (the command line starts it unless --no-evm).
   */
  evmPort?: number;
  /** Extra Node flags for the TSS server processes (e.g. `--cpu-prof`, as `npm run bench:tss -- --cpu-prof DIR` does). */
  tssNodeArgs?: string[];
  /** Where the chain's and the servers' log lines go (default: nowhere). */
  log?: (line: string) => void;
}

export interface DevnetValidator {
  name: string;
  group: number;
  member: number;
  url: string;
  port: number;
  misbehave?: Misbehaviour;
}

export interface RunningDevnet {
  chainUrl: string;
  chain: RunningChain;
  genesis: GenesisConfig;
  dataDir: string;
  validators: DevnetValidator[];
  /** The local EVM chain, when `evmPort` was given. */
  evm?: RunningEvm;
  /** Stops one validator's server (SIGTERM) and waits until it exited. */
  stopValidator(index: number): Promise<void>;
  /**
   * Starts a stopped validator again with the same data dir and password; `misbehave` changes its fault
   * injection from now on (`null`: honest).
   */
  startValidator(index: number, change?: { misbehave: Misbehaviour | null }): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Binds a TSS server's port (0: a free one) and holds it until the server's process takes the socket over
 * IPC: a port picked, released and bound later could meanwhile go to another process (another devnet's
 * server answered our wallet once). Connections reaching the holder before that are dropped; the client
 * retries against the server proper.
 */
function holdPort(host: string, port: number, who: string): Promise<Server> {
  return new Promise((resolveServer, reject) => {
    const server = createServer((socket) => socket.destroy());
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new Error(
          `${who} cannot listen on ${host}:${port}${error.code === 'EADDRINUSE' ? ': the port is in use' : ''} (${error.message})`,
        ),
      ),
    );
    server.listen(port, host, () => resolveServer(server));
  });
}

function portOf(server: Server): number {
  const address = server.address();
  return typeof address === 'object' && address ? address.port : 0;
}

/** Hands the held socket to the server when it asks for it, and closes our copy once it is sent. */
function handOver(child: ChildProcess, held: Server): void {
  child.on('message', (message) => {
    if (message !== LISTENER_REQUEST) return;
    child.send(LISTENER_MESSAGE, held, () => held.close());
  });
  child.once('exit', () => held.close());
}

async function waitHealthy(
  name: string,
  url: string,
  child: ChildProcess,
  output: () => string,
  timeoutMs: number,
): Promise<void> {
  const tail = () => {
    const lines = output().trimEnd().split('\n').slice(-LOG_TAIL_LINES).join('\n');
    return lines ? `; its log:\n${lines}` : '; its log is empty';
  };
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `TSS server ${name} (${url}) exited (${child.exitCode ?? child.signalCode}) before it was healthy${tail()}`,
      );
    }
    try {
      const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(5_000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(
    `TSS server ${name} (${url}) was not healthy within ${timeoutMs} ms (raise it with --health-timeout-ms or ${HEALTH_ENV})${tail()}`,
  );
}

/**
 * The data dir's genesis.json if it has one (checked against the requested shape), else a new one with
 * the given TSS ports (free ones for 0, held from now on: `held[i]` for validator i).
 */
async function devnetGenesis(
  dataDir: string,
  o: { groups: number; groupSize: number; host: string; basePort: number; exclusionPeriod?: number },
  log: (line: string) => void,
): Promise<{ genesis: GenesisConfig; held: Map<number, Server> }> {
  const file = join(dataDir, 'genesis.json');
  const exists = await access(file).then(
    () => true,
    () => false,
  );
  if (exists) {
    const genesis = await loadGenesis(file);
    const shape = genesis.signingGroups.map((g) => g.length);
    if (shape.length !== o.groups || shape.some((n) => n !== o.groupSize)) {
      throw new Error(
        `${dataDir} holds a devnet with ${shape.length} group(s) of ${shape.join('/')} validator(s), not ${o.groups} of ${o.groupSize}: use its shape, another --data-dir, or remove it`,
      );
    }
    log(`[devnet] continuing the devnet in ${dataDir} (its genesis.json and TSS ports)`);
    return { genesis, held: new Map() };
  }
  const count = o.groups * o.groupSize;
  const held = new Map<number, Server>();
  const ports: number[] = [];
  for (let i = 0; i < count; i++) {
    if (o.basePort !== 0) {
      ports.push(o.basePort + i);
      continue;
    }
    const server = await holdPort(o.host, 0, `TSS server #${i}`);
    held.set(i, server);
    ports.push(portOf(server));
  }
  const { config } = await defaultGenesis({
    groups: o.groups,
    groupSize: o.groupSize,
    basePort: 1,
    host: o.host,
    exclusionPeriod: o.exclusionPeriod,
  });
  // defaultGenesis numbers ports consecutively; free ports are not, so set each endpoint.
  const genesis: GenesisConfig = {
    ...config,
    signingGroups: config.signingGroups.map((group, g) =>
      group.map((v, i) => ({ ...v, endpoint: `http://${o.host}:${ports[g * o.groupSize + i]}` })),
    ),
  };
  await writeFile(file, `${JSON.stringify(genesis, null, 2)}\n`);
  return { genesis, held };
}

/**
 * V8 flags of every TSS server. A session's state lives for seconds, so it is promoted and dies in the
 * old generation, and V8's own heap growth then ran a full mark-compact of a busy server's ~65 MB heap
 * about once a second under load: with the marking threads' work, a fifth of the servers' CPU. Letting
 * the old generation double between collections (up to ~130 MB a server) ran 4 of them in a
 * `bench:tss` level where there had been 36 (docs/benchmarks.md).
 */
export const TSS_V8_FLAGS = ['--heap-growing-percent=100'];

/** Starts the chain and every TSS server; resolves once all answer `/health`. */
export async function startDevnet(options: DevnetOptions = {}): Promise<RunningDevnet> {
  const host = options.host ?? '127.0.0.1';
  const groups = options.groups ?? 3;
  const groupSize = options.groupSize ?? 2;
  const log = options.log ?? (() => undefined);
  const dataDir = options.dataDir
    ? resolve(options.dataDir)
    : await mkdtemp(join(tmpdir(), 'entropy-devnet-'));
  await mkdir(dataDir, { recursive: true });
  const healthTimeoutMs = options.healthTimeoutMs ?? healthTimeoutFrom(process.env);

  const { genesis, held } = await devnetGenesis(
    dataDir,
    {
      groups,
      groupSize,
      host,
      basePort: options.tssBasePort ?? 3001,
      exclusionPeriod: options.exclusionPeriod,
    },
    log,
  );
  const ports = genesis.signingGroups.flat().map((v) => Number(new URL(v.endpoint).port));

  let serverBundle: ServerBundle;
  let chain: RunningChain;
  try {
    serverBundle = await bundleServer(ROOT, TSS_MAIN, 'tss');
    chain = await startChain({
      port: options.chainPort ?? 9944,
      host,
      blockTime: options.blockTime ?? 6000,
      genesis,
      dataDir: join(dataDir, 'chain'),
      ...options.chainLimits,
      log: (line) => log(`[chain] ${line}`),
    });
  } catch (error) {
    for (const listener of held.values()) listener.close();
    throw error;
  }

  const validators: DevnetValidator[] = genesis.signingGroups.flatMap((group, g) =>
    group.map((v, member) => {
      const port = ports[g * groupSize + member]!;
      const misbehave = options.misbehave?.[g * groupSize + member];
      return {
        name: v.name,
        group: g,
        member,
        port,
        url: `http://${host}:${port}`,
        ...(misbehave ? { misbehave } : {}),
      };
    }),
  );
  const children = new Map<number, ChildProcess>();

  const startValidator = async (
    index: number,
    change?: { misbehave: Misbehaviour | null },
  ): Promise<void> => {
    const v = validators[index];
    if (!v) throw new Error(`No validator ${index}`);
    if (change) {
      if (change.misbehave) v.misbehave = change.misbehave;
      else delete v.misbehave;
    }
    const dir = join(dataDir, v.name);
    await mkdir(dir, { recursive: true });
    const passwordFile = join(dir, 'password');
    // Keep the first password: a restarted server must open the shares it sealed before.
    await readFile(passwordFile).catch(() =>
      writeFile(passwordFile, randomBytes(24).toString('base64url'), { mode: 0o600 }),
    );
    const args = [
      ...TSS_V8_FLAGS,
      ...(options.tssNodeArgs ?? []),
      '--enable-source-maps',
      await serverBundle.ensure(),
      '--seed',
      v.name,
      '--port',
      String(v.port),
      '--listen-from-parent',
      '--host',
      host,
      '--chain',
      chain.url,
      '--data-dir',
      dir,
      '--password-file',
      passwordFile,
      ...(options.sessionTimeoutMs ? ['--session-timeout-ms', String(options.sessionTimeoutMs)] : []),
      ...(options.pruneAfterBlocks ? ['--prune-after-blocks', String(options.pruneAfterBlocks)] : []),
      ...(v.misbehave ? ['--misbehave', v.misbehave] : []),
    ];
    const listener = held.get(index) ?? (await holdPort(host, v.port, `TSS server ${v.name}`));
    held.delete(index);
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    handOver(child, listener);
    children.set(index, child);
    let output = '';
    const collect = (chunk: Buffer) => {
      const text = chunk.toString();
      output = (output + text).slice(-4000);
      for (const line of text.split('\n')) if (line.trim()) log(`[${v.name}] ${line}`);
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    await waitHealthy(v.name, v.url, child, () => output, healthTimeoutMs);
  };

  // A server that writes a CPU profile on exit needs longer: a run's profile is tens of MB of JSON.
  const stopGraceMs = options.tssNodeArgs?.includes('--cpu-prof') ? PROFILING_STOP_GRACE_MS : 5_000;
  const stopValidator = async (index: number): Promise<void> => {
    const child = children.get(index);
    children.delete(index);
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), stopGraceMs);
    await exited;
    clearTimeout(timer);
  };

  let evm: RunningEvm | undefined;
  const stop = async (): Promise<void> => {
    for (const listener of held.values()) listener.close();
    held.clear();
    await Promise.all([...children.keys()].map(stopValidator));
    await evm?.stop();
    await chain.stop();
    if (!options.dataDir) await rm(dataDir, { recursive: true, force: true });
  };

  const startLocalEvm = async (port: number): Promise<void> => {
    evm = await startEvm({
      port,
      host,
      log: (line) => log(`[anvil] ${line}`),
    });
  };
  try {
    await Promise.all([
      ...validators.map((_, i) => startValidator(i)),
      ...(options.evmPort === undefined ? [] : [startLocalEvm(options.evmPort)]),
    ]);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    chainUrl: chain.url,
    chain,
    genesis,
    dataDir,
    validators,
    ...(evm ? { evm } : {}),
    stopValidator,
    startValidator,
    stop,
  };
}

const USAGE = `Usage: npm run devnet -- [options]
  --groups N            signing groups (default 3)
  --group-size N        validators per group (default 2)
  --block-time MS       block interval, 0 = instant seal (default 6000)
  --chain-port N        chain WebSocket port (default 9944)
  --base-port N         first TSS server port (default 3001)
  --evm-port N          local EVM chain (anvil, chain id 31337) port (default 8545, or $ENTROPY_EVM_PORT)
  --no-evm              do not start the local EVM chain
  --data-dir DIR        genesis, chain state, stores and passwords (default .devnet); a relaunch with
                        the same dir continues the same chain (remove the dir to start afresh)
  --health-timeout-ms N how long each TSS server may take to become healthy (default 300000, or
                        $ENTROPY_DEVNET_HEALTH_TIMEOUT_MS)
  --misbehave I=MODE    validator I (0-based, group by group) misbehaves: ${MISBEHAVIOURS.join(' | ')} (repeatable)
  --session-timeout-ms N protocol session timeout of every server (default 20000)
  --tss-cpu-prof DIR    write a V8 CPU profile of every TSS server into DIR when it stops
  --ready-file FILE     once up, also write the endpoints as JSON to FILE (for scripts: DevnetReadyFile)`;

/** What `--ready-file` holds once the devnet is up: enough for a script in another process to use it. */
export interface DevnetReadyFile {
  chainUrl: string;
  /** The launcher's process id: it runs the chain node. */
  pid: number;
  dataDir: string;
  validators: DevnetValidator[];
}

function positive(name: string, value: string | undefined, fallback: number, min = 1): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer >= ${min}`);
  return n;
}

async function main(): Promise<void> {
  let options: DevnetOptions;
  let readyFile: string | undefined;
  try {
    const { values } = parseArgs({
      args: process.argv.slice(2),
      strict: true,
      options: {
        groups: { type: 'string' },
        'group-size': { type: 'string' },
        'block-time': { type: 'string' },
        'chain-port': { type: 'string' },
        'base-port': { type: 'string' },
        'evm-port': { type: 'string' },
        'no-evm': { type: 'boolean' },
        'data-dir': { type: 'string' },
        misbehave: { type: 'string', multiple: true },
        'session-timeout-ms': { type: 'string' },
        'health-timeout-ms': { type: 'string' },
        'tss-cpu-prof': { type: 'string' },
        'ready-file': { type: 'string' },
        help: { type: 'boolean' },
      },
    });
    if (values.help) {
      console.info(USAGE);
      return;
    }
    const groups = positive('groups', values.groups, 3);
    const groupSize = positive('group-size', values['group-size'], 2);
    const misbehave: Record<number, Misbehaviour> = {};
    for (const spec of values.misbehave ?? []) {
      const [index, mode] = spec.split('=');
      const i = Number(index);
      if (
        !Number.isInteger(i) ||
        i < 0 ||
        i >= groups * groupSize ||
        !(MISBEHAVIOURS as readonly string[]).includes(mode ?? '')
      ) {
        throw new Error(
          `--misbehave ${spec}: expected INDEX=MODE with INDEX < ${groups * groupSize}, MODE one of ${MISBEHAVIOURS.join(', ')}`,
        );
      }
      misbehave[i] = mode as Misbehaviour;
    }
    options = {
      groups,
      groupSize,
      blockTime: positive('block-time', values['block-time'], 6000, 0),
      chainPort: positive('chain-port', values['chain-port'], 9944, 0),
      tssBasePort: positive('base-port', values['base-port'], 3001, 0),
      ...(values['no-evm']
        ? {}
        : { evmPort: positive('evm-port', values['evm-port'] ?? process.env.ENTROPY_EVM_PORT, 8545, 0) }),
      dataDir: values['data-dir'] ?? join(ROOT, '.devnet'),
      healthTimeoutMs: positive(
        'health-timeout-ms',
        values['health-timeout-ms'],
        healthTimeoutFrom(process.env),
      ),
      misbehave,
      ...(values['session-timeout-ms']
        ? { sessionTimeoutMs: positive('session-timeout-ms', values['session-timeout-ms'], 20_000, 100) }
        : {}),
      ...(values['tss-cpu-prof']
        ? { tssNodeArgs: ['--cpu-prof', '--cpu-prof-dir', resolve(values['tss-cpu-prof'])] }
        : {}),
      log: (line) => console.info(line),
    };
    readyFile = values['ready-file'];
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  let devnet: RunningDevnet;
  try {
    devnet = await startDevnet(options);
  } catch (error) {
    console.error(`devnet failed to start: ${(error as Error).message}`);
    process.exit(1);
  }
  if (readyFile) {
    const ready: DevnetReadyFile = {
      chainUrl: devnet.chainUrl,
      pid: process.pid,
      dataDir: devnet.dataDir,
      validators: devnet.validators,
    };
    await writeFile(readyFile, `${JSON.stringify(ready, null, 2)}\n`);
  }
  console.info(`\n${DEVNET_READY_LINE}`);
  console.info(`  chain       ${devnet.chainUrl}`);
  for (const v of devnet.validators) {
    console.info(
      `  group ${v.group}.${v.member}   ${v.url}  (${v.name}${v.misbehave ? `, misbehaving: ${v.misbehave}` : ''})`,
    );
  }
  if (devnet.evm) {
    const { evm } = devnet;
    console.info(`  EVM chain   ${evm.url}  (anvil, chain id ${evm.chainId})`);
    console.info(`  ERC-20      ${evm.token.address}  (${evm.token.symbol}, ${evm.token.decimals} decimals)`);
  }
  console.info(`  genesis     ${join(devnet.dataDir, 'genesis.json')}\nPress Ctrl-C to stop.`);
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    console.info('stopping the devnet…');
    void devnet.stop().finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) void main();
