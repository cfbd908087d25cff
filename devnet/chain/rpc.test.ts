import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { Keyring } from '@polkadot/keyring';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { defaultGenesis } from '../genesis';
import { startChain, type RunningChain } from './index';
import { tx as extrinsic } from './testing';

let node: RunningChain;
let ws: WebSocket;
const inbox: unknown[] = [];
const waiters: (() => void)[] = [];

beforeAll(async () => {
  const genesis = await defaultGenesis({ groups: 1, groupSize: 1 });
  // Timer mode with finality one block behind, fast enough for a test.
  node = await startChain({
    port: 0,
    blockTime: 150,
    finalityLag: 1,
    genesis: genesis.config,
    log: () => undefined,
  });
  ws = new WebSocket(node.url);
  ws.on('message', (d) => {
    inbox.push(JSON.parse(d.toString()));
    waiters.splice(0).forEach((w) => w());
  });
  await new Promise((r) => ws.once('open', r));
});

afterAll(async () => {
  ws?.close();
  await node?.stop();
});

/** Waits for the first inbox message matching `pred` and removes it. */
async function take(pred: (m: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
  for (;;) {
    const i = inbox.findIndex((m) => pred(m as Record<string, unknown>));
    if (i >= 0) return inbox.splice(i, 1)[0] as Record<string, unknown>;
    await new Promise<void>((r) => waiters.push(r));
  }
}

let nextId = 1;
async function call(method: string, params: unknown[] = []): Promise<Record<string, unknown>> {
  const id = nextId++;
  ws.send(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
  return take((m) => m.id === id);
}

describe('JSON-RPC transport', () => {
  it('answers an unknown method with -32601', async () => {
    const r = await call('system_doesNotExist');
    expect(r.error).toEqual({ code: -32601, message: 'Method not found' });
  });

  it('answers malformed JSON with -32700 and a non-request with -32600, and keeps serving', async () => {
    ws.send('{"jsonrpc":"2.0", "id": 1, "method": ');
    expect((await take((m) => m.id === null && (m.error as { code: number }).code === -32700)).error).toEqual(
      {
        code: -32700,
        message: 'Parse error',
      },
    );
    ws.send(JSON.stringify({ jsonrpc: '1.0', id: 'x', method: 'system_name' }));
    expect((await take((m) => m.id === 'x')).error).toEqual({ code: -32600, message: 'Invalid Request' });
    ws.send(JSON.stringify({ id: 7, params: [] }));
    expect(((await take((m) => m.id === 7)).error as { code: number }).code).toBe(-32600);
    ws.send('[]');
    expect(((await take((m) => m.id === null)).error as { code: number }).code).toBe(-32600);
    expect((await call('system_name')).result).toBe('Entropy devnet node');
  });

  it('answers bad params with -32602 and undecodable extrinsics with 1001', async () => {
    expect(((await call('state_getStorage', [42])).error as { code: number }).code).toBe(-32602);
    expect(((await call('chain_getBlockHash', ['minus one'])).error as { code: number }).code).toBe(-32602);
    const hashes = (await call('chain_getBlockHash', [[0, '0x0', 10 ** 9]])).result as (string | null)[];
    expect(hashes).toEqual([node.genesisHash, node.genesisHash, null]);
    const bad = (await call('author_submitAndWatchExtrinsic', ['0x1234'])).error as { code: number };
    expect(bad.code).toBe(1001);
    const unknown = (await call('chain_getHeader', [`0x${'ee'.repeat(32)}`])).error as { code: number };
    expect(unknown.code).toBe(4003);
  });

  it('serves batches', async () => {
    ws.send(
      JSON.stringify([
        { jsonrpc: '2.0', id: 'b1', method: 'system_chain' },
        { jsonrpc: '2.0', id: 'b2', method: 'nope' },
      ]),
    );
    const batch = (await take((m) => Array.isArray(m))) as unknown as {
      id: string;
      result?: unknown;
      error?: unknown;
    }[];
    expect(batch.find((r) => r.id === 'b1')?.result).toBe('Entropy Devnet');
    expect(batch.find((r) => r.id === 'b2')?.error).toEqual({ code: -32601, message: 'Method not found' });
  });

  it('lists its methods, including the ones @polkadot/api needs', async () => {
    const { methods } = (await call('rpc_methods')).result as { methods: string[] };
    for (const m of [
      'chain_subscribeNewHeads',
      'state_subscribeStorage',
      'author_submitAndWatchExtrinsic',
      'payment_queryInfo',
    ]) {
      expect(methods).toContain(m);
    }
  });

  it('reports ready, inBlock and finalized for a watched extrinsic in timer mode', async () => {
    const api = await ApiPromise.create({ provider: new WsProvider(node.url), noInitWarn: true });
    try {
      const alice = new Keyring({ type: 'sr25519' }).addFromUri('//Alice');
      const tx = await extrinsic(api, 'system', 'remark')('0x42').signAsync(alice);
      const { result: subId } = await call('author_submitAndWatchExtrinsic', [tx.toHex()]);
      expect(typeof subId).toBe('string');
      const statuses: unknown[] = [];
      for (;;) {
        const note = await take((m) => m.method === 'author_extrinsicUpdate');
        const status = (note.params as { subscription: string; result: unknown }).result;
        expect((note.params as { subscription: string }).subscription).toBe(subId);
        statuses.push(status);
        if (typeof status === 'object' && status !== null && 'finalized' in status) break;
      }
      expect(statuses[0]).toBe('ready');
      const inBlock = (statuses[1] as { inBlock: string }).inBlock;
      expect(statuses[2]).toEqual({ finalized: inBlock });
      const block = await call('chain_getBlock', [inBlock]);
      expect((block.result as { block: { extrinsics: string[] } }).block.extrinsics).toContain(tx.toHex());
      const finalized = (await call('chain_getFinalizedHead')).result as string;
      const best = (await call('chain_getHeader')).result as { number: string };
      const fin = (await call('chain_getHeader', [finalized])).result as { number: string };
      expect(Number(best.number) - Number(fin.number)).toBeLessThanOrEqual(1);
    } finally {
      await api.disconnect();
    }
  });

  it('notifies new heads with increasing numbers and ends the subscription on request', async () => {
    const { result: id } = await call('chain_subscribeNewHeads');
    const a = await take((m) => m.method === 'chain_newHead');
    const b = await take((m) => m.method === 'chain_newHead');
    const num = (m: Record<string, unknown>) =>
      Number((m.params as { result: { number: string } }).result.number);
    expect(num(b)).toBe(num(a) + 1);
    expect((await call('chain_unsubscribeNewHeads', [id])).result).toBe(true);
    expect((await call('chain_unsubscribeNewHeads', [id])).result).toBe(false);
  });
});
