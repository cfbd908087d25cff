import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEVNET_READY_LINE } from '../../devnet/launch';
import { alive } from './tally';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface AbuseDevnet {
  chainUrl: string;
  tssUrls: string[];
  /** The launcher's process: the chain runs in it. */
  chainPid: number;
  /** TSS server processes by URL. */
  tssPids: Map<string, number>;
  output(): string;
}

export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

/** Free ports `base .. base + count - 1` (the launcher numbers TSS servers from a base port). */
export async function freeRange(count: number): Promise<number> {
  for (;;) {
    const base = 20_000 + Math.floor(Math.random() * 30_000);
    const free = await Promise.all(
      Array.from(
        { length: count },
        (_, i) =>
          new Promise<boolean>((done) => {
            const server = createServer();
            server.once('error', () => done(false));
            server.listen(base + i, '127.0.0.1', () => server.close(() => done(true)));
          }),
      ),
    );
    if (free.every(Boolean)) return base;
  }
}

function children(pid: number): { pid: number; cmdline: string }[] {
  const found: { pid: number; cmdline: string }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid !== pid) continue;
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ');
      found.push({ pid: Number(entry), cmdline });
    } catch {
      // Gone meanwhile.
    }
  }
  return found;
}

export interface LaunchOptions {
  dataDir: string;
  chainPort: number;
  tssBasePort: number;
  blockTimeMs: number;
  readyTimeoutMs: number;
}

/**
 * Starts the devnet through the project's launcher (`devnet/launch.ts`, as `npm run devnet` does), in its
 * own process so the chain's memory can be read and the process killed; resolves once it printed that it
 * is up.
 */
export async function launch(options: LaunchOptions): Promise<AbuseDevnet & { child: ChildProcess }> {
  const args = [
    '--import',
    'tsx',
    join(ROOT, 'devnet', 'launch.ts'),
    '--groups',
    '2',
    '--group-size',
    '2',
    '--block-time',
    String(options.blockTimeMs),
    '--chain-port',
    String(options.chainPort),
    '--base-port',
    String(options.tssBasePort),
    '--no-evm',
    '--data-dir',
    options.dataDir,
    '--session-timeout-ms',
    '20000',
  ];
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  let ready = false;
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
    // The ready line is followed by every server's log: note it before it scrolls out of the tail.
    if (output.includes(DEVNET_READY_LINE)) ready = true;
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const started = Date.now();
  const deadline = started + options.readyTimeoutMs;
  let said = started;
  while (!ready) {
    if (Date.now() - said > 30_000) {
      said = Date.now();
      const last = output.trimEnd().split('\n').at(-1) ?? '';
      console.info(
        `abuse: the devnet is starting (${((said - started) / 1000).toFixed(0)} s): ${last.slice(0, 160)}`,
      );
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`The devnet did not come up:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const tssUrls = Array.from({ length: 4 }, (_, i) => `http://127.0.0.1:${options.tssBasePort + i}`);
  const tssPids = new Map<string, number>();
  for (const { pid, cmdline } of children(child.pid!)) {
    const port = /--port (\d+)/.exec(cmdline)?.[1];
    if (cmdline.includes('tss/main.ts') && port) tssPids.set(`http://127.0.0.1:${port}`, pid);
  }
  return {
    child,
    chainUrl: `ws://127.0.0.1:${options.chainPort}`,
    tssUrls,
    chainPid: child.pid!,
    tssPids,
    output: () => output,
  };
}

/** kill -9 of the chain (the launcher) and every TSS server, as a power cut would. */
export async function killAll(devnet: AbuseDevnet): Promise<void> {
  const pids = [devnet.chainPid, ...devnet.tssPids.values()];
  for (const pid of pids) if (alive(pid)) process.kill(pid, 'SIGKILL');
  const deadline = Date.now() + 30_000;
  while (pids.some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
}

/** Stops what `launch` started, gently (SIGTERM, then SIGKILL). */
export async function stop(devnet: AbuseDevnet & { child: ChildProcess }): Promise<void> {
  if (alive(devnet.chainPid)) devnet.child.kill('SIGTERM');
  const deadline = Date.now() + 20_000;
  const pids = [devnet.chainPid, ...devnet.tssPids.values()];
  while (pids.some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  await killAll(devnet);
}
