import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bytesToHex } from '@noble/hashes/utils.js';
import { hexToBytes, keccak256, type Hex } from 'viem';
import { envelopeToJson, randomX25519SecretKey, sealEnvelope } from '../../lib/wire';
import type { RelayerMessage } from '../../lib/wire/ocw';
import { deriveValidatorKeys, type ValidatorKeys } from '../genesis';
import type { TssChain } from './chain';
import { TssNode } from './node';
import { TssStore } from './store';
import { evmTx } from './test-support';

const hex = (bytes: Uint8Array) => `0x${bytesToHex(bytes)}`;

/** A peer's TSS server that records who subscribes to it and answers 404 (no such session yet). */
async function recordingPeer(): Promise<{ server: Server; endpoint: string; subscribers: string[] }> {
  const subscribers: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      if (req.url === '/signer/subscribe_to_me')
        subscribers.push((JSON.parse(body) as { partyId: string }).partyId);
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"no such session"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { server, endpoint: `http://127.0.0.1:${port}`, subscribers };
}

describe('a new head opens the sessions of its requests that name this server', () => {
  let keys: ValidatorKeys;
  let peerKeys: ValidatorKeys;
  let dir: string;
  let store: TssStore | undefined;
  let tss: TssNode | undefined;
  let peer: Awaited<ReturnType<typeof recordingPeer>> | undefined;
  const user = new Keyring({ type: 'sr25519' }).addFromUri('//Heads');

  beforeAll(async () => {
    await cryptoWaitReady();
    keys = await deriveValidatorKeys('validator-0-0');
    peerKeys = await deriveValidatorKeys('validator-1-0');
  });
  afterEach(async () => {
    tss?.close();
    await store?.close();
    await new Promise((resolve) => peer?.server.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });

  function request(sigHash: number | Uint8Array, members: ValidatorKeys[], endpoint: string): RelayerMessage {
    return {
      account: user.publicKey,
      sigRequest: { sigHash: typeof sigHash === 'number' ? new Uint8Array(32).fill(sigHash) : sigHash },
      committee: members.map((k, group) => ({
        signingGroup: group,
        stash: k.stash.publicKey,
        tssAccount: k.tss.publicKey,
        x25519PublicKey: k.x25519.publicKey,
        endpoint,
      })),
    };
  }

  /** A node over a chain whose block `n` holds `blocks.get(n)`; its rule reads go to `rulesRead`. */
  async function node(
    blocks: Map<number, RelayerMessage[]> | Error,
    rulesRead: string[] = [],
    logged: string[] = [],
  ) {
    dir = await mkdtemp(join(tmpdir(), 'heads-'));
    store = await TssStore.open(dir, 'pw', { logN: 4, r: 1, p: 1 });
    peer = await recordingPeer();
    const chain = {
      bestBlock: 7,
      messages: async (n: number) => {
        if (blocks instanceof Error) throw blocks;
        return blocks.get(n) ?? [];
      },
      constraints: async (account: string) => {
        rulesRead.push(account);
        return { evmAcl: undefined, btcAcl: undefined };
      },
    };
    tss = new TssNode({
      options: { pruneAfterBlocks: 100, sessionTimeoutMs: 5_000 },
      keys,
      group: 0,
      store,
      chain: chain as unknown as TssChain,
      log: (line) => logged.push(line),
    });
    return { tss, chain };
  }

  /** The user's `/user/tx` of `transaction` to the node. */
  function userTx(tss: TssNode, transaction: Hex) {
    const plaintext = new TextEncoder().encode(
      JSON.stringify({ arch: 'evm', transactionRequest: transaction }),
    );
    return tss.userTx(
      envelopeToJson(
        sealEnvelope({
          plaintext,
          signer: user,
          senderX25519SecretKey: randomX25519SecretKey(),
          recipientX25519PublicKey: keys.x25519.publicKey,
        }),
      ),
    );
  }

  it('before the off-chain worker or the user tells it: the request is stored and the peers followed', async () => {
    const blocks = new Map<number, RelayerMessage[]>();
    const { tss } = await node(blocks);
    const endpoint = peer!.endpoint;
    blocks.set(7, [request(0x11, [keys, peerKeys], endpoint), request(0x22, [peerKeys], endpoint)]);
    tss.headChanged(7);
    const account = hex(user.publicKey);
    await expect
      .poll(() => store!.getRequest(hex(new Uint8Array(32).fill(0x11)), account))
      .toMatchObject({ blockNumber: 7, account });
    // The session follows its other member at once, before any `/user/tx`.
    await expect.poll(() => peer!.subscribers).toContain('group-0');
    // A request whose committee leaves this server out opens nothing here.
    expect(await store!.getRequest(hex(new Uint8Array(32).fill(0x22)), account)).toBeUndefined();
  });

  it("reads its users' rules with it, and /user/tx uses them while that head is the newest", async () => {
    const blocks = new Map<number, RelayerMessage[]>();
    const rulesRead: string[] = [];
    const { tss, chain } = await node(blocks, rulesRead);
    const transaction = evmTx(0);
    blocks.set(7, [request(hexToBytes(keccak256(transaction)), [keys, peerKeys], peer!.endpoint)]);
    tss.headChanged(7);
    await expect.poll(() => rulesRead).toEqual([user.address]);
    expect(await userTx(tss, transaction)).toMatchObject({ accepted: true });
    expect(rulesRead).toEqual([user.address]);
    // A newer head may have changed them: read again.
    chain.bestBlock = 8;
    expect(await userTx(tss, transaction)).toMatchObject({ accepted: true });
    expect(rulesRead).toEqual([user.address, user.address]);
  });

  it('a head whose requests cannot be read leaves the server running', async () => {
    const logged: string[] = [];
    const { tss } = await node(new Error('connection reset'), [], logged);
    tss.headChanged(7);
    await expect.poll(() => logged).toContain('the requests of block 7: connection reset');
  });
});
