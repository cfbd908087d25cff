/**
 * The abuse suite (`npm run test:abuse`, not part of `npm test`): a devnet started through the project's
 * launcher in its own process, then every boundary fed malformed, oversized, flooding and slow input, and
 * finally kill -9 of every process mid-session and a relaunch on the same data dir. Prints the table of
 * docs/benchmarks.md and fails on any crash, hang, internal error or lost data. Loopback only.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApiPromise } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { hexToBytes } from '@noble/hashes/utils.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import WebSocket from 'ws';
import { parseEther, serializeTransaction, type Hex } from 'viem';
import { installServices } from '../../lib/background/services';
import { handlers } from '../../lib/background/handlers';
import { connectChain } from '../../lib/chain';
import { createRouter, type RequestContext } from '../../lib/messaging';
import type { KeyShare } from '../../lib/protocol';
import { testBackground } from '../../lib/requests/test-support';
import { envelopeToJson, randomX25519SecretKey, sealEnvelope } from '../../lib/wire';
import { registerAccount, signTransaction } from '../../devnet/tss/e2e-client';
import type { GenesisConfig } from '../../devnet/genesis';
import { freePort, freeRange, killAll, launch, stop, type AbuseDevnet } from './devnet';
import { deep, deepJson, junkBodies, junkJson, rng } from './inputs';
import { Progress } from './progress';
import { openBrowser, pageRun, type PageInput } from './browser';
import { Tally, alive, peakRssKib } from './tally';

/** A request without an answer in this long is a hang. */
const HANG_MS = Number(process.env.ABUSE_HANG_MS ?? 30_000);
/** How long the devnet may take to come up on a loaded machine. */
const READY_MS = Number(process.env.ABUSE_READY_MS ?? 600_000);
const BLOCK_MS = 1_000;

const tally = new Tally();
const peaks = new Map<string, number>();
let devnet: (AbuseDevnet & { child: import('node:child_process').ChildProcess }) | undefined;
let dataDir: string;
let genesis: GenesisConfig;
let api: ApiPromise | undefined;
const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
const alice = keyring.addFromUri('//Alice');
let share: KeyShare;
let nonce = 0;

function recordPeaks(label: string): void {
  if (!devnet) return;
  const chain = peakRssKib(devnet.chainPid);
  if (chain) peaks.set(`chain + launcher (${label})`, chain);
  for (const [url, pid] of devnet.tssPids) {
    const peak = peakRssKib(pid);
    if (peak) peaks.set(`TSS ${url.split(':').at(-1)} (${label})`, peak);
  }
}

/** Crash check for a boundary: every devnet process must still be alive. */
function checkAlive(boundary: string): void {
  if (!devnet) return;
  if (!alive(devnet.chainPid)) tally.note(boundary, 'crashes', 'the chain process died');
  for (const [url, pid] of devnet.tssPids) if (!alive(pid)) tally.note(boundary, 'crashes', `${url} died`);
}

async function freeBalance(chain: ApiPromise): Promise<string> {
  const query = chain.query as unknown as Record<string, Record<string, (a: string) => Promise<unknown>>>;
  const account = (await query.system!.account!(alice.address)) as { data: { free: { toString(): string } } };
  return account.data.free.toString();
}

function evmTx(n: number): Hex {
  return serializeTransaction({
    chainId: 1,
    to: '0x000000000000000000000000000000000000dEaD',
    value: parseEther('0.001'),
    nonce: n,
    gas: 21_000n,
    maxFeePerGas: 1_000_000_000n,
    maxPriorityFeePerGas: 1_000_000n,
  });
}

/**
 * `work` bounded in time: past `ms` it counts as a hang of `boundary` and rejects, so a step that never
 * settles names itself instead of stalling the run.
 */
async function within<T>(boundary: string, ms: number, what: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, fail) => {
    timer = setTimeout(() => {
      tally.note(boundary, 'hangs', `${what}: nothing within ${ms / 1000} s`);
      fail(new Error(`${what}: nothing within ${ms / 1000} s`));
    }, ms);
  });
  const started = performance.now();
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
    tally.took(boundary, performance.now() - started, what);
  }
}

/** Runs `tasks` with at most `width` at once. */
async function pool<T>(items: T[], width: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await task(items[next++]!);
    }),
  );
}

/**
 * Sends `calls` over WebSocket connections to the chain, a few in flight at a time, noting -32603 answers
 * and calls without an answer. A connection the server closes (a limit) is opened again for the rest: its
 * unanswered calls were refused, not hung. Then `frames` (not JSON-RPC at all) on a last connection.
 */
async function rpcRun(
  boundary: string,
  calls: string[],
  frames: string[],
  progress: Progress,
): Promise<void> {
  let next = 0;
  while (next < calls.length) {
    const ws = new WebSocket(devnet!.chainUrl, { maxPayload: 64 * 1024 * 1024 });
    ws.on('error', () => undefined);
    const opened = await new Promise<boolean>((resolve) => {
      ws.once('open', () => resolve(true));
      ws.once('close', () => resolve(false));
    });
    if (!opened) {
      await new Promise((r) => setTimeout(r, 1_000));
      continue;
    }
    const waiting = new Map<number, NodeJS.Timeout>();
    const ends = new Map<number, () => void>();
    const settle = (callId: number) => {
      clearTimeout(waiting.get(callId));
      waiting.delete(callId);
      ends.get(callId)?.();
      ends.delete(callId);
    };
    let closed = false;
    ws.on('close', () => {
      closed = true;
      for (const callId of [...waiting.keys()]) settle(callId);
    });
    ws.on('message', (data) => {
      let answers: unknown;
      try {
        answers = JSON.parse(data.toString());
      } catch {
        tally.note(boundary, 'internal', 'an answer that is not JSON');
        return;
      }
      for (const answer of Array.isArray(answers) ? answers : [answers]) {
        const { id: answered, error } = answer as { id?: number; error?: { code: number; message: string } };
        if (error?.code === -32603) tally.note(boundary, 'internal', error.message);
        if (typeof answered === 'number') settle(answered);
      }
    });
    while (next < calls.length && !closed) {
      const call = calls[next++]!;
      const callId = (JSON.parse(call) as { id: number }).id;
      tally.row(boundary).inputs++;
      const sent = performance.now();
      const end = progress.begin(call.slice(0, 160));
      ends.set(callId, () => {
        tally.took(boundary, performance.now() - sent, call);
        end();
      });
      waiting.set(
        callId,
        setTimeout(() => {
          settle(callId);
          tally.note(boundary, 'hangs', `no answer to ${call.slice(0, 120)}`);
        }, HANG_MS),
      );
      ws.send(call);
      // A little backpressure: the server drops a client that does not read its answers.
      while (waiting.size > 32 && !closed) await new Promise((r) => setTimeout(r, 5));
    }
    while (waiting.size > 0 && !closed) await new Promise((r) => setTimeout(r, 50));
    ws.close();
  }
  if (frames.length === 0) return;
  const ws = new WebSocket(devnet!.chainUrl, { maxPayload: 64 * 1024 * 1024 });
  ws.on('error', () => undefined);
  await new Promise((resolve) => (ws.once('open', resolve), ws.once('close', resolve)));
  for (const frame of frames) {
    tally.row(boundary).inputs++;
    if (ws.readyState === WebSocket.OPEN) ws.send(frame);
  }
  await new Promise((r) => setTimeout(r, 2_000));
  ws.terminate();
}

type ProbeInit = { method?: string; body?: string | Uint8Array; type?: string };

/** One HTTP request to a TSS server, classified. */
async function probe(boundary: string, url: string, init: ProbeInit, progress?: Progress): Promise<number> {
  tally.row(boundary).inputs++;
  const end = progress?.begin(
    `${init.method ?? 'POST'} ${url} ${typeof init.body === 'string' ? init.body.slice(0, 80) : `${init.body?.length ?? 0} bytes`}`,
  );
  const started = performance.now();
  try {
    const response = await fetch(url, {
      method: init.method ?? 'POST',
      headers: init.type ? { 'content-type': init.type } : {},
      ...(init.body === undefined
        ? {}
        : { body: typeof init.body === 'string' ? init.body : Buffer.from(init.body) }),
      signal: AbortSignal.timeout(HANG_MS),
    });
    const text = await response.text();
    tally.took(
      boundary,
      performance.now() - started,
      `${init.method ?? 'POST'} ${url} → ${response.status} ${text}`,
    );
    if (response.status >= 500) tally.note(boundary, 'internal', `${url} → ${response.status} ${text}`);
    return response.status;
  } catch (error) {
    const name = (error as Error).name;
    if (name === 'TimeoutError') tally.note(boundary, 'hangs', `${url}: no answer in ${HANG_MS} ms`);
    // A connection refused or reset is checked as a crash by checkAlive.
    return 0;
  } finally {
    end?.();
  }
}

beforeAll(async () => {
  await cryptoWaitReady();
  dataDir = await mkdtemp(join(tmpdir(), 'entropy-abuse-'));
  devnet = await launch({
    dataDir,
    chainPort: await freePort(),
    tssBasePort: await freeRange(4),
    blockTimeMs: BLOCK_MS,
    readyTimeoutMs: READY_MS,
  });
  console.info('abuse: the devnet is up');
  genesis = JSON.parse(await readFile(join(dataDir, 'genesis.json'), 'utf8')) as GenesisConfig;
  api = await connectChain({ endpoint: devnet.chainUrl });
  console.info('abuse: connected to the chain');
}, READY_MS * 2);

afterAll(async () => {
  recordPeaks('relaunched');
  peaks.set('abuse runner (wallet handlers, clients)', process.resourceUsage().maxRSS);
  await api?.disconnect().catch(() => undefined);
  if (devnet) await stop(devnet);
  await rm(dataDir, { recursive: true, force: true });
  const table = tally.table(peaks);
  console.info(`\n${table}\n`);
  for (const row of tally.rows.values()) {
    for (const example of row.examples) console.info(`  ${row.boundary}: ${example}`);
    if (row.slowest.ms > 0) console.info(`  ${row.boundary}: slowest ${row.slowest.what}`);
  }
  await writeFile('reports/abuse.md', `${table}\n`).catch(() => undefined);
}, 120_000);

describe('the abuse run', () => {
  it('TSS HTTP: malformed and oversized input on every route of every server', async () => {
    const boundary = 'TSS servers: HTTP routes';
    const random = rng(1);
    const routes = [
      '/user/new',
      '/user/tx',
      '/validator/replicate_share',
      '/signer/ot_setup',
      '/signer/new_party',
      '/signer/subscribe_to_me',
      '/signer/message',
      '/signer/signature',
    ];
    const jobs: { url: string; init: ProbeInit | (() => ProbeInit) }[] = [];
    const servers = genesis.signingGroups.flat();
    // Accounts nobody registered; derived from one pair (a derivation from the phrase runs PBKDF2 each time).
    const strangerRoot = keyring.addFromUri('//abuse');
    const strangers = Array.from({ length: 8 }, (_, i) => strangerRoot.derive(`//${i}`));
    for (const [i, server] of servers.entries()) {
      const base = devnet!.tssUrls[i]!;
      for (const route of routes) {
        for (const body of junkBodies(random)) jobs.push({ url: base + route, init: body });
        for (const value of junkJson(random)) {
          jobs.push({ url: base + route, init: { body: value, type: 'application/json' } });
          // Right shape, wrong content: every field of the route's body set to junk.
          const fields = ['message', 'account', 'frame', 'partyId', 'sessionId', 'timestamp', 'signature'];
          const shaped = `{${fields.map((f) => `"${f}":${value}`).join(',')}}`;
          jobs.push({ url: base + route, init: { body: shaped, type: 'application/json' } });
        }
        jobs.push({ url: base + route, init: { method: 'GET' } });
        jobs.push({ url: base + route, init: { method: 'PUT', body: '{}', type: 'application/json' } });
      }
      // Envelopes that open (sealed to this server by strangers): the node's own checks see junk plaintext.
      const plaintexts: string[] = [
        ...[
          {},
          { blockNumber: -1 },
          { blockNumber: 1 },
          { account: 'not-an-address', share: '0x00' },
          { account: alice.address, share: '0x00' },
          { account: `0x${'00'.repeat(32)}`, share: '0x01' },
          { account: alice.address, context: `0x${'ab'.repeat(32)}` },
          { account: 'x', context: `0x${'ab'.repeat(32)}` },
          { arch: 'evm', transactionRequest: '0x1234' },
          { arch: 'message', message: `0x${'ff'.repeat(100_000)}` },
          { arch: 'hash', hash: `0x${'00'.repeat(32)}` },
        ].map((p) => JSON.stringify(p)),
        `{"arch":"typed-data","typedData":${deepJson(3_000)}}`,
        ...junkJson(random),
      ];
      for (const route of ['/user/new', '/user/tx', '/validator/replicate_share', '/signer/ot_setup']) {
        for (const plaintext of plaintexts) {
          const signer = random() < 0.5 ? alice : strangers[Math.floor(random() * strangers.length)]!;
          // Sealed when sent: sealing them all up front kept the runner's event loop busy for seconds.
          const init = () => {
            const envelope = sealEnvelope({
              plaintext: new TextEncoder().encode(plaintext),
              signer,
              senderX25519SecretKey: randomX25519SecretKey(),
              recipientX25519PublicKey: hexToBytes(server.x25519PublicKey.slice(2)),
            });
            return { body: JSON.stringify(envelopeToJson(envelope)), type: 'application/json' };
          };
          jobs.push({ url: base + route, init });
        }
      }
      jobs.push({ url: `${base}/health`, init: { method: 'GET' } });
      jobs.push({
        url: `${base}/no/such/route`,
        init: { method: 'POST', body: '{}', type: 'application/json' },
      });
    }
    const progress = new Progress(boundary, jobs.length);
    await pool(jobs, 8, (job) =>
      probe(boundary, job.url, typeof job.init === 'function' ? job.init() : job.init, progress).then(
        () => undefined,
      ),
    );
    progress.end();
    checkAlive(boundary);
    recordPeaks('first run');
    expect(tally.row(boundary).inputs).toBeGreaterThan(2_000);
  }, 1_800_000);

  it('chain JSON-RPC: every method with malformed params, bad frames and batches', async () => {
    const boundary = 'chain: JSON-RPC methods';
    const random = rng(2);
    const methods = (await api!.rpc.rpc.methods()).methods.map((m) => m.toString());
    const calls: string[] = [];
    let id = 0;
    for (const method of methods) {
      for (const value of junkJson(random)) {
        calls.push(`{"jsonrpc":"2.0","id":${++id},"method":"${method}","params":[${value}]}`);
        calls.push(
          `{"jsonrpc":"2.0","id":${++id},"method":"${method}","params":[${value},${value},${value}]}`,
        );
      }
      calls.push(JSON.stringify({ jsonrpc: '2.0', id: ++id, method, params: { named: 1 } }));
      calls.push(JSON.stringify({ jsonrpc: '2.0', id: ++id, method }));
    }
    const frames = [
      '{not json',
      '[]',
      JSON.stringify(
        Array.from({ length: 1_000 }, (_, i) => ({ jsonrpc: '2.0', id: i, method: 'state_getMetadata' })),
      ),
      JSON.stringify({ jsonrpc: '1.0', id: 1, method: 'system_health' }),
      JSON.stringify({ jsonrpc: '2.0', id: { obj: 1 }, method: 'system_health' }),
      JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'x'.repeat(100_000) }),
      deepJson(10_000),
    ];
    // Several connections, so the per-connection rate limit is exercised but does not answer everything.
    const sockets = 4;
    const chunks = Array.from({ length: sockets }, (_, s) => calls.filter((_, i) => i % sockets === s));
    const progress = new Progress(boundary, calls.length + frames.length);
    await Promise.all(chunks.map((chunk, s) => rpcRun(boundary, chunk, s === 0 ? frames : [], progress)));
    progress.end();
    // Still serving.
    tally.row(boundary).inputs++;
    const health = await Promise.race([
      api!.rpc.system.health(),
      new Promise((r) => setTimeout(() => r(undefined), HANG_MS)),
    ]);
    if (!health) tally.note(boundary, 'hangs', 'system_health after the run');
    checkAlive(boundary);
    recordPeaks('first run');
  }, 1_800_000);

  it('page-facing requests: every pub() method through the background handlers, from any origin', async () => {
    const boundary = 'wallet: page-facing requests';
    const random = rng(3);
    fakeBrowser.reset();
    // The fake browser has no manifest: give it the one fields the status handler reads.
    vi.spyOn(fakeBrowser.runtime, 'getManifest').mockReturnValue({
      manifest_version: 3,
      name: 'Entropy Wallet',
      version: '0.0.0-abuse',
    });
    const background = await testBackground({ answer: 'reject' });
    installServices(background.services);
    const router = createRouter(handlers);
    const trusted = 'https://dapp.example';
    await background.services.permissions.allow(trusted);
    const methods = Object.keys(handlers).filter((m) => m.startsWith('pub('));
    const ethMethods = [
      'eth_accounts',
      'eth_requestAccounts',
      'personal_sign',
      'eth_sign',
      'eth_signTypedData_v4',
      'eth_signTransaction',
      'wallet_switchEthereumChain',
      'eth_chainId',
      'nope',
    ];
    let n = 0;
    const progress = new Progress(boundary, undefined);
    const send = async (origin: string, method: string, params: unknown) => {
      tally.row(boundary).inputs++;
      const closers: (() => void)[] = [];
      const context: RequestContext = {
        sender: 'page',
        origin,
        tabId: 1,
        emit: () => {},
        onClose: (l) => closers.push(l),
      };
      const answer = router.handle({ id: `a${++n}`, method, params }, context);
      let closed = false;
      const close = () => {
        if (closed) return;
        closed = true;
        for (const listener of closers) listener();
      };
      // A subscription stays open by design: the page goes away soon after, and that must end it.
      if (method === 'pub(page.events)') setTimeout(close, 50);
      let timeout: NodeJS.Timeout | undefined;
      const timer = new Promise<'hang'>((r) => (timeout = setTimeout(() => r('hang'), HANG_MS)));
      const end = progress.begin(`${method} from ${origin}`);
      const started = performance.now();
      const response = await Promise.race([answer, timer]);
      tally.took(boundary, performance.now() - started, `${method} from ${origin}`);
      end();
      clearTimeout(timeout);
      close();
      if (response === 'hang') {
        tally.note(boundary, 'hangs', `${method} from ${origin}`);
        return;
      }
      const error = response && 'error' in response ? response.error : undefined;
      if (error?.code === 'INTERNAL') tally.note(boundary, 'internal', `${method}: ${error.message}`);
    };
    const values = junkJson(random).map((text) => JSON.parse(text) as unknown);
    for (const origin of [trusted, 'https://evil.example']) {
      for (const method of methods) {
        for (const value of values) await send(origin, method, value);
        for (const value of values) {
          await send(origin, method, { address: value, data: value, type: value, transaction: value });
        }
      }
      for (const method of ethMethods) {
        for (const value of values) {
          await send(origin, 'pub(eth.request)', { method, params: [value, value] });
          await send(origin, 'pub(eth.request)', { method, params: value });
        }
      }
      const typed = {
        types: { EIP712Domain: [] },
        primaryType: 'EIP712Domain',
        domain: {},
        message: deep(3_000),
      };
      await send(origin, 'pub(eth.request)', {
        method: 'eth_signTypedData_v4',
        params: [background.fake.ethAddress, typed],
      });
      await send(origin, 'pub(eth.request)', {
        method: 'eth_signTypedData_v4',
        params: [background.fake.ethAddress, { ...typed, message: { big: 'x'.repeat(30 * 1024 * 1024) } }],
      });
    }
    await send(trusted, 'pub(no.such.method)', {});
    progress.end();
    expect(tally.row(boundary).inputs).toBeGreaterThan(1_000);
  }, 1_800_000);

  it('page-facing requests through the built extension in Chromium, from an authorised and a stranger page', async () => {
    const boundary = 'extension in Chromium: page requests';
    const random = rng(4);
    const values = junkJson(random);
    const methods = Object.keys(handlers).filter((m) => m.startsWith('pub(') && m !== 'pub(page.events)');
    const inputs: PageInput[] = [];
    const add = (json: string) => inputs.push({ json });
    for (const method of methods) {
      for (const value of values) {
        add(`{"method":${JSON.stringify(method)},"params":${value}}`);
        add(
          `{"method":${JSON.stringify(method)},"params":{"address":${value},"data":${value},"type":${value},"transaction":${value},"message":${value},"payload":${value}}}`,
        );
      }
    }
    for (const method of [
      'eth_accounts',
      'eth_requestAccounts',
      'eth_chainId',
      'personal_sign',
      'eth_sign',
      'eth_signTypedData_v4',
      'eth_signTransaction',
      'eth_sendTransaction',
      'eth_sendRawTransaction',
      'eth_call',
      'eth_getBalance',
      'wallet_switchEthereumChain',
      'wallet_addEthereumChain',
      'wallet_requestPermissions',
      'nope',
    ]) {
      for (const value of values) {
        add(`{"method":"pub(eth.request)","params":{"method":"${method}","params":[${value},${value}]}}`);
        add(`{"method":"pub(eth.request)","params":{"method":"${method}","params":${value}}}`);
      }
    }
    // Not requests at all: no method, a method of the wrong type or the popup's, raw junk.
    for (const value of values) {
      add(`{"method":${value}}`);
      add(`{"params":${value}}`);
      add(`{"method":"pri(vault.unlock)","params":${value}}`);
      add(`{"method":"pri(accounts.export)","params":${value}}`);
    }
    add(
      `{"method":"pub(eth.request)","params":{"method":"eth_signTypedData_v4","params":["0x0",${JSON.stringify(deepJson(3_000))}]}}`,
    );
    add(
      `{"method":"pub(eth.request)","params":{"method":"eth_signTypedData_v4","params":["0x0",{"big":"${'x'.repeat(2 * 1024 * 1024)}"}]}}`,
    );
    add('{"method":"pub(page.events)"}');
    const browser = await openBrowser();
    const progress = new Progress(boundary, undefined);
    try {
      for (const page of [browser.trusted, browser.untrusted]) {
        await pageRun(
          browser,
          page,
          inputs,
          tally,
          boundary,
          { pendingMs: 5_000, hangMs: HANG_MS },
          progress,
        );
      }
      // Still serving: the authorised page gets its accounts.
      tally.row(boundary).inputs++;
      const accounts = await browser.trusted.evaluate(
        () =>
          new Promise<unknown>((resolve) => {
            setTimeout(() => resolve('hang'), 30_000);
            window.addEventListener('message', (event) => {
              const data = event.data as { source?: string; id?: string; result?: unknown };
              if (data?.source === 'entropy-wallet:content' && data.id === 'after') resolve(data.result);
            });
            window.postMessage(
              { source: 'entropy-wallet:page', id: 'after', method: 'pub(substrate.accounts)' },
              '*',
            );
          }),
      );
      if (!Array.isArray(accounts) || accounts.length !== 1) {
        tally.note(
          boundary,
          'dataLost',
          `the authorised page's accounts after the run: ${JSON.stringify(accounts)}`,
        );
      }
    } finally {
      progress.end();
      peaks.set('Chromium with the extension (largest process)', browser.peakKib());
      await browser.close();
    }
  }, 1_800_000);

  it('floods: concurrent requests to every TSS server, connections to the chain', async () => {
    const boundary = 'floods (HTTP, WebSocket connections)';
    const jobs: { url: string; init: Parameters<typeof probe>[2] }[] = [];
    for (const base of devnet!.tssUrls) {
      for (let i = 0; i < 500; i++) {
        jobs.push(
          i % 2
            ? { url: `${base}/health`, init: { method: 'GET' } }
            : {
                url: `${base}/signer/signature`,
                init: {
                  body: JSON.stringify({ message: `0x${'00'.repeat(32)}`, account: `0x${'11'.repeat(32)}` }),
                  type: 'application/json',
                },
              },
        );
      }
    }
    const progress = new Progress(boundary, jobs.length);
    await pool(jobs, 64, (job) => probe(boundary, job.url, job.init, progress).then(() => undefined));
    progress.end();
    // More connections than the chain allows: the extra ones are refused, the chain keeps serving.
    const sockets: WebSocket[] = [];
    for (let i = 0; i < 300; i++) {
      tally.row(boundary).inputs++;
      const ws = new WebSocket(devnet!.chainUrl);
      ws.on('error', () => undefined);
      sockets.push(ws);
    }
    await new Promise((r) => setTimeout(r, 5_000));
    for (const ws of sockets) ws.terminate();
    tally.row(boundary).inputs++;
    const health = await Promise.race([
      api!.rpc.system.health(),
      new Promise((r) => setTimeout(() => r(undefined), HANG_MS)),
    ]);
    if (!health) tally.note(boundary, 'hangs', 'system_health after the connection flood');
    checkAlive(boundary);
    recordPeaks('first run');
  }, 1_800_000);

  it('slow clients: half-sent HTTP requests and WebSocket upgrades do not starve others', async () => {
    const boundary = 'slow clients (slowloris HTTP, WebSocket)';
    const open: Socket[] = [];
    const targets = [
      ...devnet!.tssUrls.map((u) => ({
        port: Number(u.split(':').at(-1)),
        head: 'POST /signer/signature HTTP/1.1\r\nHost: x\r\n',
      })),
      {
        port: Number(devnet!.chainUrl.split(':').at(-1)),
        head: 'GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n',
      },
    ];
    for (const target of targets) {
      for (let i = 0; i < 100; i++) {
        tally.row(boundary).inputs++;
        const socket = connect(target.port, '127.0.0.1');
        socket.on('error', () => undefined);
        socket.write(target.head);
        open.push(socket);
      }
    }
    // Trickle one header byte per second for 15 s, while honest clients must still be served.
    const trickle = setInterval(() => {
      for (const socket of open) if (!socket.destroyed) socket.write('X');
    }, 1_000);
    await new Promise((r) => setTimeout(r, 5_000));
    for (const base of devnet!.tssUrls) await probe(boundary, `${base}/health`, { method: 'GET' });
    tally.row(boundary).inputs++;
    const health = await Promise.race([
      api!.rpc.system.health(),
      new Promise((r) => setTimeout(() => r(undefined), HANG_MS)),
    ]);
    if (!health) tally.note(boundary, 'hangs', 'system_health during slowloris');
    await new Promise((r) => setTimeout(r, 10_000));
    clearInterval(trickle);
    for (const socket of open) socket.destroy();
    checkAlive(boundary);
    recordPeaks('first run');
  }, 600_000);

  it('kill -9 of a TSS server mid-session, then of everything, and a relaunch on the same data dir', async () => {
    const boundary = 'kill -9 mid-session + relaunch';
    const progress = new Progress(boundary, undefined);
    const step = <T>(what: string, ms: number, work: () => Promise<T>) =>
      progress.step(what, () => within(boundary, ms, what, work()));
    try {
      tally.row(boundary).inputs++;
      share = await step('registering Alice', 360_000, () => registerAccount(api!, alice, {}, 300_000));
      const signed = await step('signing before the kills', 180_000, () =>
        signTransaction(api!, alice, share, evmTx(nonce++), { timeoutMs: 120_000 }),
      );
      expect(signed.signature.bytes).toHaveLength(65);
      const state = (chain: ApiPromise) =>
        step('reading the chain state', HANG_MS, async () => ({
          registered: (await chain.query.relayer.registered(alice.address)).toHex(),
          block: (await chain.rpc.chain.getHeader()).number.toNumber(),
          nonce: (await chain.rpc.system.accountNextIndex(alice.address)).toNumber(),
          free: await freeBalance(chain),
        }));
      const before = await state(api!);

      // A TSS server of the committee dies mid-session: the signing must end (signed by a retry, or with
      // an error naming it), not hang.
      tally.row(boundary).inputs++;
      const outcome = await step('signing while a committee member is killed', 180_000, () =>
        signTransaction(api!, alice, share, evmTx(nonce++), {
          timeoutMs: 60_000,
          afterRequest: (_block, committee) => {
            const pid = devnet!.tssPids.get(committee[0]!.endpoint);
            if (pid) setTimeout(() => process.kill(pid, 'SIGKILL'), 200);
          },
        }).then(
          () => 'signed',
          (error: Error) => `failed: ${error.message}`,
        ),
      );
      console.info(`abuse: ${boundary}: signing with a killed member ${outcome.slice(0, 200)}`);
      recordPeaks('first run');

      // Power cut: every process at once, then the launcher again on the same data dir.
      tally.row(boundary).inputs++;
      await api!.disconnect().catch(() => undefined);
      await killAll(devnet!);
      devnet = await step('relaunching on the same data dir', READY_MS, () =>
        launch({
          dataDir,
          chainPort: Number(devnet!.chainUrl.split(':').at(-1)),
          tssBasePort: Number(devnet!.tssUrls[0]!.split(':').at(-1)),
          blockTimeMs: BLOCK_MS,
          readyTimeoutMs: READY_MS,
        }),
      );
      api = await step('connecting to the relaunched chain', HANG_MS * 2, () =>
        connectChain({ endpoint: devnet!.chainUrl }),
      );
      const after = await state(api);
      if (after.block < before.block)
        tally.note(boundary, 'dataLost', `blocks: ${before.block} → ${after.block}`);
      if (after.nonce < before.nonce)
        tally.note(boundary, 'dataLost', `Alice's nonce: ${before.nonce} → ${after.nonce}`);
      if (after.nonce === before.nonce && after.free !== before.free) {
        tally.note(boundary, 'dataLost', `Alice's balance: ${before.free} → ${after.free}`);
      }
      if (after.registered !== before.registered)
        tally.note(boundary, 'dataLost', "Alice's registration is gone");
      // The servers still hold her shares: a new signing works with the same key.
      tally.row(boundary).inputs++;
      await step('signing after the relaunch', 180_000, () =>
        signTransaction(api!, alice, share, evmTx(nonce++), { timeoutMs: 120_000 }),
      ).then(
        (s) => {
          if (s.signature.bytes.length !== 65)
            tally.note(boundary, 'dataLost', 'a malformed signature after the relaunch');
        },
        (error: Error) => {
          // A hang is already noted as one by `within`.
          if (!error.message.includes('nothing within'))
            tally.note(boundary, 'dataLost', `signing after the relaunch: ${error.message}`);
        },
      );
      checkAlive(boundary);
    } finally {
      progress.end();
    }
  }, 1_800_000);

  it('totals: at least 10,000 inputs, no crash, hang, internal error or lost data', () => {
    const rows = [...tally.rows.values()];
    expect(tally.totalInputs).toBeGreaterThanOrEqual(10_000);
    expect(
      rows.filter((r) => r.crashes + r.hangs + r.internal + r.dataLost > 0).map((r) => r.examples),
    ).toEqual([]);
  });
});
