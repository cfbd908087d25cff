/**
 * The devnet's EVM node: anvil from the `@foundry-rs/anvil` npm package, whose Linux (and macOS, Windows)
 * binary ships in a platform package npm installs beside it. The binary is run directly, not through the
 * package's wrapper script, so signals reach it and nothing is ever downloaded.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createPublicClient, http } from 'viem';
import { DEVNET_EVM_CHAIN_ID } from './accounts';

const require = createRequire(import.meta.url);

const PLATFORM_PACKAGES: Record<string, string> = {
  'linux-x64': '@foundry-rs/anvil-linux-amd64',
  'linux-arm64': '@foundry-rs/anvil-linux-arm64',
  'darwin-x64': '@foundry-rs/anvil-darwin-amd64',
  'darwin-arm64': '@foundry-rs/anvil-darwin-arm64',
  'win32-x64': '@foundry-rs/anvil-win32-amd64',
};

/** The anvil binary of this platform's package; a clear error when npm did not install one. */
export function anvilBinary(): string {
  const name = PLATFORM_PACKAGES[`${process.platform}-${process.arch}`];
  if (!name) throw new Error(`anvil has no binary for ${process.platform}-${process.arch}`);
  let path: string;
  try {
    path = require.resolve(`${name}/bin/anvil${process.platform === 'win32' ? '.exe' : ''}`);
  } catch {
    throw new Error(
      `${name} is not installed: run npm install (it is an optional dependency of @foundry-rs/anvil)`,
    );
  }
  if (!existsSync(path)) throw new Error(`${path} is missing`);
  return path;
}

export interface AnvilOptions {
  /** 0: a free one, which anvil picks and names (see `url`). */
  port: number;
  host?: string;
  chainId?: number;
  /** Seconds between blocks; absent: a block for every transaction as it arrives (anvil's automine). */
  blockTime?: number;
  /** How long to wait for the node to answer (generous: a loaded machine starts it slowly). */
  readyTimeoutMs?: number;
  log?: (line: string) => void;
}

export interface RunningAnvil {
  url: string;
  chainId: number;
  stop(): Promise<void>;
}

export async function startAnvil(options: AnvilOptions): Promise<RunningAnvil> {
  const host = options.host ?? '127.0.0.1';
  const chainId = options.chainId ?? DEVNET_EVM_CHAIN_ID;
  let url = `http://${host}:${options.port}`;
  const args = ['--host', host, '--port', String(options.port), '--chain-id', String(chainId)];
  if (options.blockTime) args.push('--block-time', String(options.blockTime));
  const child: ChildProcess = spawn(anvilBinary(), args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const collect = (chunk: Buffer) => {
    const text = chunk.toString();
    output = (output + text).slice(-4000);
    for (const line of text.split('\n')) if (line.trim()) options.log?.(line);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  };

  const deadline = Date.now() + (options.readyTimeoutMs ?? 60_000);
  // Port 0: anvil binds a free port itself and says which (a port picked for it could be taken meanwhile).
  while (options.port === 0) {
    const listening = /Listening on ([\d.]+:\d+)/.exec(output);
    if (listening) {
      url = `http://${listening[1]}`;
      break;
    }
    if (child.exitCode !== null) throw new Error(`anvil exited (${child.exitCode}):\n${output}`);
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`anvil did not say which port it listens on in time:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const client = createPublicClient({ transport: http(url, { retryCount: 0, timeout: 2_000 }) });
  for (;;) {
    if (child.exitCode !== null) throw new Error(`anvil exited (${child.exitCode}):\n${output}`);
    try {
      const answered = await client.getChainId();
      if (answered !== chainId) {
        await stop();
        throw new Error(`${url} answers chain id ${answered}, not ${chainId}: is another node on that port?`);
      }
      return { url, chainId, stop };
    } catch (error) {
      if ((error as Error).message.includes('answers chain id')) throw error;
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`anvil did not answer on ${url} in time:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}
