/**
 * A devnet in its own process (`devnet/launch.ts`, as `npm start` runs it): the chain node and the
 * launcher get an event loop of their own instead of sharing the caller's — a benchmark's hundreds of
 * user parties would otherwise delay its blocks. Resolves once the launcher says the devnet is up;
 * `stop()` (and the caller's exit, Ctrl-C or failure) stops it and everything it started.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  DEVNET_READY_LINE,
  PROFILING_STOP_GRACE_MS,
  healthTimeoutFrom,
  type DevnetReadyFile,
} from './launch';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const LOG_TAIL_CHARS = 4_000;

export interface ChildDevnetOptions {
  /** `npm run devnet` flags (`--chain-port 0 --base-port 0 --no-evm` are added unless given). */
  args?: string[];
  /** Node flags for the launcher's own process (the chain), e.g. `--cpu-prof`. */
  nodeArgs?: string[];
  /**
   * How long the launcher may take to say it is up: its own per-server health bound
   * (`$ENTROPY_DEVNET_HEALTH_TIMEOUT_MS`, 5 min by default) plus two minutes for the chain and the bundle.
   */
  readyTimeoutMs?: number;
  /** Where the launcher's output goes (default: kept, and its tail shown if the start fails). */
  log?: (line: string) => void;
}

export interface ChildDevnet extends DevnetReadyFile {
  /** CPU time the launcher's process (the chain node) has used so far, ms; undefined where /proc is missing. */
  chainCpuMs(): number | undefined;
  stop(): Promise<void>;
}

/** Clock ticks per second of /proc/<pid>/stat's times (USER_HZ: 100 on every Linux we run on). */
const USER_HZ = 100;

function processCpuMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / USER_HZ;
  } catch {
    return undefined;
  }
}

export async function spawnDevnet(options: ChildDevnetOptions = {}): Promise<ChildDevnet> {
  const dataDir = await mkdtemp(join(tmpdir(), 'entropy-devnet-'));
  const readyFile = join(dataDir, 'ready.json');
  const args = [...(options.args ?? [])];
  const defaults: [string, string?][] = [['--chain-port', '0'], ['--base-port', '0'], ['--no-evm']];
  for (const [flag, value] of defaults) if (!args.includes(flag)) args.push(flag, ...(value ? [value] : []));
  const readyTimeoutMs = options.readyTimeoutMs ?? healthTimeoutFrom(process.env) + 120_000;

  const child = spawn(
    process.execPath,
    [
      ...(options.nodeArgs ?? []),
      '--import',
      'tsx',
      join(ROOT, 'devnet', 'launch.ts'),
      ...args,
      '--data-dir',
      join(dataDir, 'devnet'),
      '--ready-file',
      readyFile,
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  // However the caller ends, the devnet goes with it (the launcher stops its servers on SIGTERM).
  const killOnExit = () => child.kill('SIGTERM');
  process.once('exit', killOnExit);
  let output = '';
  const collect = (chunk: Buffer) => {
    const text = chunk.toString();
    output = (output + text).slice(-LOG_TAIL_CHARS);
    if (options.log) for (const line of text.split('\n')) if (line.trim()) options.log(line);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise<void>((r) => child.once('exit', () => r()));

  const stop = async (): Promise<void> => {
    process.removeListener('exit', killOnExit);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      // The launcher gives each server 5 s before SIGKILL (a minute when they write CPU profiles);
      // then it is killed too.
      const profiling = args.includes('--tss-cpu-prof') || options.nodeArgs?.includes('--cpu-prof');
      const timer = setTimeout(
        () => child.kill('SIGKILL'),
        profiling ? PROFILING_STOP_GRACE_MS + 30_000 : 20_000,
      );
      await exited;
      clearTimeout(timer);
    }
    await rm(dataDir, { recursive: true, force: true });
  };

  try {
    await new Promise<void>((ready, fail) => {
      const timer = setTimeout(
        () => fail(new Error(`The devnet was not up within ${readyTimeoutMs} ms; its log:\n${output}`)),
        readyTimeoutMs,
      );
      const watch = () => {
        if (output.includes(DEVNET_READY_LINE)) {
          clearTimeout(timer);
          child.stdout.off('data', watch);
          ready();
        }
      };
      child.stdout.on('data', watch);
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        fail(new Error(`The devnet exited (${code ?? signal}) before it was up; its log:\n${output}`));
      });
    });
    const info = JSON.parse(await readFile(readyFile, 'utf8')) as DevnetReadyFile;
    return { ...info, chainCpuMs: () => processCpuMs(info.pid), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
