import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Keyring } from '@polkadot/keyring';
import { stringToHex, u8aConcat } from '@polkadot/util';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeOcwMessage } from '../../lib/wire/ocw';
import type { Block } from './block';
import type { Chain, ChainListener } from './chain';
import { RUNTIME_CONFIG_DEFAULTS } from './index';
import { RuntimeMetadata } from './metadata';
import { OffchainWorker, type OcwDelivery } from './ocw';
import type { Message } from './runtime/entropy-types';
import { u32Le } from './scale';

let md: RuntimeMetadata;
let accounts: string[];
const servers: Server[] = [];

beforeAll(async () => {
  await cryptoWaitReady();
  md = new RuntimeMetadata({ ...RUNTIME_CONFIG_DEFAULTS, existentialDeposit: 10n, minimumPeriod: 500n });
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
  accounts = ['//Alice', '//Bob', '//Charlie'].map((uri) => keyring.addFromUri(uri).address);
});

afterAll(async () => {
  for (const server of servers) {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
});

async function listen(
  handle: (req: IncomingMessage, res: ServerResponse, body: Buffer) => void,
): Promise<{ url: string; connections: () => number }> {
  let connections = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handle(req, res, Buffer.concat(chunks)));
  });
  server.on('connection', () => connections++);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    connections: () => connections,
  };
}

/** A chain of the worker's view: the servers' records and block `n`'s requests, blocks on demand. */
function fakeChain(endpoints: string[], n: number, messages: Message[]) {
  const values = new Map<string, Uint8Array>();
  endpoints.forEach((endpoint, i) =>
    values.set(
      md.storageKey('StakingExtension', 'ThresholdServers', accounts[i % accounts.length]),
      md.encode(md.ids.serverInfo, {
        tssAccount: accounts[i % accounts.length],
        x25519PublicKey: `0x${'11'.repeat(32)}`,
        endpoint: stringToHex(endpoint),
      }),
    ),
  );
  const stored = md.encode(md.storageSpec('Relayer', 'Messages').value, messages);
  values.set(md.storageKey('Relayer', 'Messages', n), stored);
  let listener: ChainListener | undefined;
  const chain = {
    md,
    listen: (l: ChainListener) => ((listener = l), () => (listener = undefined)),
    valueAt: (key: string) => values.get(key) ?? null,
    keysAt: (prefix: string) => [...values.keys()].filter((k) => k.startsWith(prefix)),
  } as unknown as Chain;
  return { chain, stored, seal: (number: number) => listener?.onBlock?.({ number } as Block) };
}

const request: Message = {
  account: '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty',
  sigRequest: { sigHash: `0x${'ab'.repeat(32)}` },
  committee: [],
};

describe("the chain's off-chain worker", () => {
  it("POSTs a block's requests to every server over kept-alive connections, and reports each outcome", async () => {
    const bodies: { path?: string; type?: string; body: Buffer }[] = [];
    const ok = await listen((req, res, body) => {
      bodies.push({ path: req.url, type: req.headers['content-type'], body });
      res.writeHead(200).end('{"sessions":1}');
    });
    const refusing = await listen((_req, res) => res.writeHead(409).end('{"error":{}}'));
    const silent = await listen(() => undefined);
    const log: string[] = [];
    const { chain, stored, seal } = fakeChain([ok.url, refusing.url, silent.url], 4, [request]);
    const ocw = new OffchainWorker(chain, { timeoutMs: 300, log: (line) => log.push(line) });
    const deliveries: OcwDelivery[] = [];
    ocw.onDelivery((d) => deliveries.push(d));
    try {
      const started = Date.now();
      seal(5);
      await expect.poll(() => deliveries.length, { timeout: 10_000 }).toBe(3);
      seal(5);
      await expect.poll(() => deliveries.length, { timeout: 10_000 }).toBe(6);
      const byEndpoint = (url: string) => deliveries.filter((d) => d.endpoint === url).map((d) => d.status);
      expect(byEndpoint(ok.url)).toEqual([200, 200]);
      expect(byEndpoint(refusing.url)).toEqual([409, 409]);
      expect(byEndpoint(silent.url)).toEqual(['error', 'error']);
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(deliveries.every((d) => d.blockNumber === 4)).toBe(true);
      expect(log.some((l) => l.includes(`${silent.url} for block 4: no answer within 300 ms`))).toBe(true);
      expect(log.some((l) => l.includes(`${refusing.url} answered 409 for block 4`))).toBe(true);
      // The body is relayer.messages(4) as stored, then the block number.
      expect(bodies.map((b) => b.path)).toEqual(['/signer/new_party', '/signer/new_party']);
      expect(bodies[0]!.type).toBe('application/octet-stream');
      expect(new Uint8Array(bodies[0]!.body)).toEqual(u8aConcat(stored, u32Le(4)));
      expect(decodeOcwMessage(new Uint8Array(bodies[0]!.body)).messages).toHaveLength(1);
      // The second block's POST went over the first one's connection.
      expect(ok.connections()).toBe(1);
    } finally {
      await ocw.stop();
    }
  });
});
