/**
 * User parties in Node that sign through a devnet's TSS servers the way the wallet does (`prepTransaction`,
 * `/user/tx` to every member, the protocol), for the benchmarks: `bench:tss`'s load, and the servers'
 * warm-up before `bench:e2e` measures the wallet.
 */
import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import type { ApiPromise } from '@polkadot/api';
import { blake2AsU8a, sr25519PairFromSeed } from '@polkadot/util-crypto';
import { hexToBytes } from '@noble/hashes/utils.js';
import { keccak256, parseEther, serializeTransaction, type Hex } from 'viem';
import { prepTransaction } from '../lib/chain';
import { createSigning, type KeyShare } from '../lib/protocol';
import { groupPartyId, postUserTxWhenFree, runUserParty, signingSessionId } from '../lib/tss';
import { randomX25519SecretKey, sealEnvelope, sr25519Signer, type Sr25519Signer } from '../lib/wire';
import { registerAccount } from '../devnet/tss/e2e-client';
import { nodeFetch, nodeTransport } from '../devnet/tss/node-transport';

/** Registrations (DKGs) run this many at a time: each is seconds of CPU for every party, and a server busy with
 * several for long enough answers requests late (HTTP 408) on a loaded machine. */
export const REGISTRATION_BATCH = 2;

export function evmTx(nonce: number): Hex {
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

/** Sends every account tokens for its fees from //Alice, all in one go (explicit nonces). */
export async function fund(api: ApiPromise, accounts: KeyringPair[]): Promise<void> {
  const alice = new Keyring({ type: 'sr25519', ss58Format: 42 }).addFromUri('//Alice');
  const base = (await api.rpc.system.accountNextIndex(alice.address)).toNumber();
  await Promise.all(
    accounts.map(
      (account, i) =>
        new Promise<void>((resolve, reject) => {
          void api.tx.balances!.transferKeepAlive!(account.address, 1_000n * 10n ** 10n)
            .signAndSend(alice, { nonce: base + i }, (result) => {
              if (result.status.isInvalid || result.status.isDropped)
                reject(new Error(`transfer ${result.status.type}`));
              if (result.status.isInBlock || result.status.isFinalized) resolve();
            })
            .catch(reject);
        }),
    ),
  );
}

export interface Account {
  pair: KeyringPair;
  /** The same key as the wallet signs frames and envelopes with (schnorrkel's WASM, `Accounts.signer`). */
  signer: Sr25519Signer;
  share: KeyShare;
  txNonce: number;
}

export interface Timing {
  /** Every member accepted the transaction. */
  start: number;
  end: number;
  /** `prepTransaction` submitted. */
  requested: number;
}

/** One signature for `account`, the way the wallet gets it. */
export async function signOne(api: ApiPromise, account: Account): Promise<Timing> {
  const { pair, signer, share } = account;
  const tx = evmTx(account.txNonce++);
  const sigHash = hexToBytes(keccak256(tx).slice(2));
  const requested = performance.now();
  const request = await prepTransaction(api, pair, sigHash);
  const x25519SecretKey = randomX25519SecretKey();
  await Promise.all(
    request.message.committee.map((m) =>
      // As the wallet does: a server may still be finishing the account's previous run.
      postUserTxWhenFree(
        m.endpoint,
        sealEnvelope({
          plaintext: new TextEncoder().encode(JSON.stringify({ arch: 'evm', transactionRequest: tx })),
          signer,
          senderX25519SecretKey: x25519SecretKey,
          recipientX25519PublicKey: m.x25519PublicKey,
        }),
        // node:http, as the frames below: undici's fetch is not what the wallet's browser pays.
        { waitMs: 60_000, fetch: nodeFetch },
      ),
    ),
  );
  const start = performance.now();
  const sessionId = signingSessionId(pair.publicKey, sigHash, request.blockNumber);
  await runUserParty({
    sessionId,
    partyId: pair.address,
    signer,
    x25519SecretKey,
    committee: request.message.committee.map((m) => ({
      partyId: groupPartyId(m.signingGroup),
      endpoint: m.endpoint,
      tssAccount: m.tssAccount,
      x25519PublicKey: m.x25519PublicKey,
    })),
    machine: createSigning({ sessionId, share, parties: share.parties, messageHash: sigHash }),
    timeoutMs: 120_000,
    // Streams and frames over node:http, as the servers follow each other: undici's fetch is not what a
    // wallet's browser pays for its requests.
    transport: nodeTransport,
  });
  return { requested, start, end: performance.now() };
}

/**
 * `count` signatures, not measured: every account at once, each asking in turn, as a level does. Returns
 * how many failed, by reason (a warm-up goes on past a failure, as a level does).
 */
export async function warmUp(
  api: ApiPromise,
  accounts: Account[],
  count: number,
): Promise<Map<string, number>> {
  let next = 0;
  const failures = new Map<string, number>();
  await Promise.all(
    accounts.map(async (account) => {
      while (next < count) {
        next++;
        await signOne(api, account).catch((error: unknown) => {
          const reason = failureReason(error);
          failures.set(reason, (failures.get(reason) ?? 0) + 1);
        });
      }
    }),
  );
  return failures;
}

/** A failure's kind for the table: the typed error's code (and a server's status and code), or its class name. */
export function failureReason(error: unknown): string {
  if (error instanceof Error) {
    const { code, details } = error as Error & {
      code?: unknown;
      details?: { path?: unknown; status?: unknown; reason?: { code?: unknown } };
    };
    const answer =
      typeof details?.status === 'number'
        ? ` (${String(details.path ?? '')} ${details.status} ${String(details.reason?.code ?? '')})`
        : '';
    return typeof code === 'string' ? `${error.name} ${code}${answer}` : error.name;
  }
  return String(error);
}

/**
 * `count` accounts funded from //Alice and registered (`REGISTRATION_BATCH` DKGs at a time), their keys
 * from `${tag}-${i}`: a tag per benchmark keeps its accounts apart from the others'.
 */
export async function registerAccounts(
  api: ApiPromise,
  count: number,
  tag: string,
  progress: (line: string) => void = () => undefined,
): Promise<Account[]> {
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
  const seeds = Array.from({ length: count }, (_, i) => blake2AsU8a(`${tag}-${i}`));
  const pairs = seeds.map((seed) => keyring.addFromSeed(seed));
  progress(`funding and registering ${count} accounts (${REGISTRATION_BATCH} at a time)…`);
  await fund(api, pairs);
  const accounts: Account[] = [];
  for (let i = 0; i < pairs.length; i += REGISTRATION_BATCH) {
    const batch = pairs.slice(i, i + REGISTRATION_BATCH);
    const shares = await Promise.all(batch.map((pair) => registerAccount(api, pair, {}, 300_000)));
    batch.forEach((pair, j) =>
      accounts.push({
        pair,
        signer: sr25519Signer(sr25519PairFromSeed(seeds[i + j]!)),
        share: shares[j]!,
        txNonce: 0,
      }),
    );
    progress(`  ${accounts.length} registered`);
  }
  return accounts;
}
