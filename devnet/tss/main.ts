import { readFile } from 'node:fs/promises';
import type { Server as HttpServer } from 'node:http';
import { Server } from 'node:net';
import { join } from 'node:path';
import { protocolReady } from '../../lib/protocol';
import { sessionMeter, setMeterClock, type SessionMeter } from '../../lib/tss';
import { setWirePrimitives } from '../../lib/wire';
import { deriveValidatorKeys } from '../genesis';
import { TssChain } from './chain';
import { meterClockFrom, processCpuMs, threadCpuClock, type MeterClock } from './cpu-clock';
import { TssError } from './errors';
import { nativePrimitives } from './native-primitives';
import { TssNode } from './node';
import { LISTENER_MESSAGE, LISTENER_REQUEST, parseOptions, type TssOptions } from './options';
import { devUriSigner, extrinsicSigner } from './signer';
import { buildServer } from './server';
import { TssStore } from './store';

export interface RunningTssServer {
  url: string;
  partyId: string;
  close(): Promise<void>;
}

/**
 * This process's CPU time (all threads, and the main thread's alone: the rest is V8's garbage
 * collection and compiler threads and libuv's pool), the part its protocol sessions account for and
 * the clock they were counted on (for bench/tss-load.ts).
 */
function cpuMs(
  clock: MeterClock['name'],
  mainThread: (() => number) | null,
): SessionMeter & { process: number; mainThread: number | null; clock: MeterClock['name'] } {
  return { ...sessionMeter, process: processCpuMs(), mainThread: mainThread?.() ?? null, clock };
}

/**
 * Listens on the socket the launcher holds for this server (devnet/launch.ts), asked for over IPC. It
 * arrives wrapped in a listening net.Server; `server` takes its handle over in the same tick, before any
 * connection can reach the wrapper.
 */
function listenOnParentSocket(server: HttpServer): Promise<void> {
  const send = process.send?.bind(process);
  if (!send) {
    return Promise.reject(
      new TssError('--listen-from-parent needs an IPC channel to the launching process', { code: 'CONFIG' }),
    );
  }
  return new Promise((resolve, reject) => {
    const onMessage = (message: unknown, handle: unknown): void => {
      if (message !== LISTENER_MESSAGE) return;
      process.off('message', onMessage);
      if (!(handle instanceof Server)) {
        reject(new TssError('The launcher sent no listening socket', { code: 'CONFIG' }));
        return;
      }
      server.once('error', reject);
      server.listen(handle, () => resolve());
    };
    process.on('message', onMessage);
    send(LISTENER_REQUEST);
  });
}

/** Starts one validator's TSS server: store, chain connection, node logic and HTTP routes. */
export async function startTssServer(
  options: TssOptions,
  log = (line: string) => console.info(line),
): Promise<RunningTssServer> {
  let password: string;
  try {
    password = (await readFile(options.passwordFile, 'utf8')).replace(/\r?\n$/, '');
  } catch (cause) {
    throw new TssError(`Cannot read the password file ${options.passwordFile}`, { code: 'CONFIG', cause });
  }
  // The session meter counts CPU, not wall-clock time, so its figures hold on a busy machine.
  const meterClock = meterClockFrom(process.env);
  setMeterClock(meterClock.now);
  // Opened here, on the thread that serves: the clock is the opening thread's.
  const mainThreadCpuMs = threadCpuClock();
  const keys = await deriveValidatorKeys(options.seed);
  const store = await TssStore.open(join(options.dataDir, 'kv'), password);
  // The chain's head subscription starts before the node exists; the node hears of heads once it is there.
  const heads: { node?: TssNode } = {};
  let chain: TssChain;
  try {
    const signer = extrinsicSigner(keys.tss, devUriSigner(keys.tssUri, keys.tss.publicKey));
    chain = await TssChain.connect(options.chain, signer, (head) => {
      heads.node?.headChanged(head);
      if (head % 5 === 0)
        void heads.node?.prune(head).catch((error: Error) => log(`prune: ${error.message}`));
    });
  } catch (error) {
    await store.close();
    throw error;
  }
  const group = await chain.groupOfTssAccount(keys.tss.publicKey);
  if (group === undefined) {
    await chain.disconnect();
    await store.close();
    throw new TssError(`${options.seed}'s TSS account ${keys.tss.address} is in no signing group on chain`, {
      code: 'CONFIG',
    });
  }
  const node = new TssNode({ options, keys, group, store, chain, log });
  heads.node = node;
  const app = buildServer(node, () => ({
    ok: true,
    partyIds: [node.partyId],
    tssAccount: keys.tss.address,
    chainBlock: chain.bestBlock,
    cpuMs: cpuMs(meterClock.name, mainThreadCpuMs),
    // Node's and V8's flags (devnet/launch.ts sets the heap's growth), for benchmarks to report.
    nodeFlags: process.execArgv,
    ...(options.misbehave ? { misbehave: options.misbehave } : {}),
  }));
  if (options.listenFromParent) {
    await app.ready();
    await listenOnParentSocket(app.server);
  } else {
    await app.listen({ host: options.host, port: options.port });
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const url = `http://${options.host}:${port}`;
  log(
    `${options.seed} (${node.partyId}) listening on ${url}${options.misbehave ? ` misbehaving: ${options.misbehave}` : ''}`,
  );
  return {
    url,
    partyId: node.partyId,
    async close() {
      heads.node = undefined;
      node.close();
      await app.close();
      await chain.disconnect();
      await store.close();
    },
  };
}

async function main(): Promise<void> {
  let options: TssOptions;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    console.error((error as Error).message);
    process.exit(2);
  }
  process.on('unhandledRejection', (reason) => console.error(`unhandled: ${String(reason)}`));
  // Frames' SHA-256 and AEAD on OpenSSL: the same bytes as the wallet's noble, a fraction of the CPU.
  setWirePrimitives(nativePrimitives);
  // The protocol's WebAssembly SHA-256 compiles asynchronously: in place before the first session.
  await protocolReady;
  let server: RunningTssServer;
  try {
    server = await startTssServer(options);
  } catch (error) {
    console.error(`cannot start: ${(error as Error).message}`);
    process.exit(1);
  }
  const stop = (): void => {
    void server.close().finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) void main();
