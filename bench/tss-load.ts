/**
 * Load benchmark of the TSS servers: starts a local devnet (3 groups × 2 validators), registers one
 * account, then for each concurrency level asks for that many signatures at once and runs them all in
 * parallel. Timing starts for a session once every committee member has accepted its `/user/tx` (so
 * the request is on chain and the off-chain worker has told the servers): block time is excluded, what
 * is measured is subscription, protocol and transport. Prints a table.
 *
 *   npm run bench:tss -- [--levels 10,50,100] [--block-time 500]
 */
import { parseArgs } from 'node:util';
import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import type { ApiPromise } from '@polkadot/api';
import type { Codec } from '@polkadot/types/types';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { u8aToHex } from '@polkadot/util';
import { hexToBytes } from '@noble/hashes/utils.js';
import { keccak256, parseEther, serializeTransaction, type Hex } from 'viem';
import { connectChain, relayerMessageFromCodec } from '../lib/chain';
import { createSigning, type KeyShare } from '../lib/protocol';
import { groupPartyId, postUserTx, runUserParty, signingSessionId } from '../lib/tss';
import { randomX25519SecretKey, sealEnvelope } from '../lib/wire';
import type { RelayerMessage } from '../lib/wire/ocw';
import { startDevnet } from '../devnet/launch';
import { registerAccount } from '../devnet/tss/e2e-client';

function evmTx(nonce: number): Hex {
  return serializeTransaction({
    chainId: 1,
    to: '0x000000000000000000000000000000000000dEaD',
    value: parseEther('0.001'),
    nonce,
    gas: 21_000n,
    maxFeePerGas: 1_000_000_000n,
    maxPriorityFeePerGas: 1_000_000n,
  });
}

/** Submits `prepTransaction` for every hash at once (explicit nonces) and returns each committee. */
async function requestAll(api: ApiPromise, pair: KeyringPair, hashes: Hex[]) {
  const base = (await api.rpc.system.accountNextIndex(pair.address)).toNumber();
  return Promise.all(
    hashes.map(
      (sigHash, i) =>
        new Promise<{ message: RelayerMessage; blockNumber: number }>((resolve, reject) => {
          void api.tx.relayer
            .prepTransaction({ sigHash })
            .signAndSend(pair, { nonce: base + i }, (result) => {
              if (result.status.isInvalid || result.status.isDropped)
                reject(new Error(`prepTransaction ${result.status.type}`));
              if (!result.status.isInBlock) return;
              const event = result.events.find(({ event }) =>
                api.events.relayer.SignatureRequested.is(event),
              );
              if (!event) return reject(new Error('no SignatureRequested'));
              void api.rpc.chain.getHeader(result.status.asInBlock).then((h) =>
                resolve({
                  message: relayerMessageFromCodec(event.event.data[0] as Codec),
                  blockNumber: h.number.toNumber(),
                }),
              );
            })
            .catch(reject);
        }),
    ),
  );
}

async function signOne(
  pair: KeyringPair,
  share: KeyShare,
  tx: Hex,
  request: { message: RelayerMessage; blockNumber: number },
) {
  const x25519SecretKey = randomX25519SecretKey();
  await Promise.all(
    request.message.committee.map((m) =>
      postUserTx(
        m.endpoint,
        sealEnvelope({
          plaintext: new TextEncoder().encode(JSON.stringify({ arch: 'evm', transactionRequest: tx })),
          signer: pair,
          senderX25519SecretKey: x25519SecretKey,
          recipientX25519PublicKey: m.x25519PublicKey,
        }),
      ),
    ),
  );
  const start = performance.now();
  const sigHash = hexToBytes(keccak256(tx).slice(2));
  const sessionId = signingSessionId(pair.publicKey, sigHash, request.blockNumber);
  await runUserParty({
    sessionId,
    partyId: pair.address,
    signer: pair,
    x25519SecretKey,
    committee: request.message.committee.map((m) => ({
      partyId: groupPartyId(m.signingGroup),
      endpoint: m.endpoint,
      tssAccount: m.tssAccount,
      x25519PublicKey: m.x25519PublicKey,
    })),
    machine: createSigning({ sessionId, share, parties: share.parties, messageHash: sigHash }),
    timeoutMs: 120_000,
  });
  return { start, end: performance.now() };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { levels: { type: 'string' }, 'block-time': { type: 'string' }, log: { type: 'boolean' } },
    strict: true,
  });
  const levels = (values.levels ?? '10,50,100').split(',').map(Number);
  await cryptoWaitReady();
  console.info('starting the devnet…');
  const devnet = await startDevnet({
    blockTime: Number(values['block-time'] ?? 500),
    chainPort: 0,
    tssBasePort: 0,
    sessionTimeoutMs: 120_000,
    ...(values.log ? { log: (line: string) => console.info(line) } : {}),
  });
  const api = await connectChain({ endpoint: devnet.chainUrl });
  try {
    const alice = new Keyring({ type: 'sr25519', ss58Format: 42 }).addFromUri('//Alice');
    console.info('registering //Alice…');
    const share = await registerAccount(api, alice);
    const rows: string[][] = [];
    let txNonce = 0;
    // One signature first, so the servers' code is warm before anything is measured.
    const warmup = evmTx(txNonce++);
    const [warmupRequest] = await requestAll(api, alice, [keccak256(warmup)]);
    await signOne(alice, share, warmup, warmupRequest!);
    for (const level of levels) {
      const txs = Array.from({ length: level }, () => evmTx(txNonce++));
      const requests = await requestAll(
        api,
        alice,
        txs.map((tx) => keccak256(tx)),
      );
      const timings = await Promise.all(txs.map((tx, i) => signOne(alice, share, tx, requests[i]!)));
      const latencies = timings.map((t) => t.end - t.start).sort((a, b) => a - b);
      const wall = Math.max(...timings.map((t) => t.end)) - Math.min(...timings.map((t) => t.start));
      rows.push([
        String(level),
        (level / (wall / 1000)).toFixed(1),
        percentile(latencies, 50).toFixed(0),
        percentile(latencies, 95).toFixed(0),
        wall.toFixed(0),
      ]);
      console.info(`  ${level} in flight: done`);
    }
    const header = ['in flight', 'signatures/s', 'p50 ms', 'p95 ms', 'wall ms'];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const line = (cells: string[]) => `| ${cells.map((c, i) => c.padStart(widths[i]!)).join(' | ')} |`;
    console.info(
      `\nTSS signing load (${devnet.validators.length} servers, committee of 3 + user, block time excluded)`,
    );
    console.info(line(header));
    console.info(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
    for (const row of rows) console.info(line(row));
    console.info(
      `account ${u8aToHex(alice.publicKey).slice(0, 10)}…, machine: ${process.arch}, node ${process.version}`,
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
