import type { ApiPromise } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import { hexToBytes } from '@noble/hashes/utils.js';
import { keccak256, parseEther, serializeTransaction, type Hex } from 'viem';
import { startDevnet, type DevnetOptions, type RunningDevnet } from '../../../devnet/launch';
import { applyRunRecords, decodeKeyShare, encodeKeyShare, type KeyShare } from '../../protocol';
import { randomX25519SecretKey } from '../../wire';
import { runSigningSession } from './session';
import { SessionTracker, type SigningSessionView } from './view';

/** The recipient the signing tests' constraints allow. */
export const DEAD = '0x000000000000000000000000000000000000dEaD';

/** 0.01 ETH to DEAD: each nonce gives a new hash, so each request is a new signature. */
export function transferTx(nonce: number): Hex {
  return serializeTransaction({
    chainId: 1,
    to: DEAD,
    value: parseEther('0.01'),
    nonce,
    gas: 21_000n,
    maxFeePerGas: 2_000_000_000n,
    maxPriorityFeePerGas: 1_000_000n,
  });
}

/**
 * Waits for a new head whose number has `parity`. The devnet picks a group's member by the inclusion block's
 * number (`selectCommittee`), and a request sent right after a head lands in the next block: alternating the
 * parity between requests alternates the member, where back-to-back requests (whose length the machine's
 * speed decides) could keep landing on blocks of one parity. The subscription's first head is the current
 * one, perhaps most of a block old (a request sent then may land one block later): it does not count.
 */
export async function afterHeadOfParity(api: ApiPromise, parity: number): Promise<void> {
  let seen!: () => void;
  const reached = new Promise<void>((resolve) => (seen = resolve));
  let current: number | undefined;
  const unsubscribe = await api.rpc.chain.subscribeNewHeads((header) => {
    const n = header.number.toNumber();
    current ??= n;
    if (n > current && n % 2 === parity) seen();
  });
  await reached;
  unsubscribe();
}

/**
 * Waits until no validator of the devnet is excluded (a blamed member is, for 20 blocks), bounded. Tests
 * that need every member of a group to be picked again wait for this after one was blamed.
 */
export async function noneExcluded(api: ApiPromise, devnet: RunningDevnet, timeoutMs = 120_000) {
  const stashes = devnet.genesis.signingGroups.flat().map((v) => v.stash);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const head = (await api.rpc.chain.getHeader()).number.toNumber();
    const excludedUntil = await Promise.all(stashes.map((s) => api.query.relayer.excludedUntil(s)));
    if (excludedUntil.every((u) => u.isNone || u.unwrap().toNumber() <= head)) return;
    if (Date.now() > deadline) throw new Error('timed out waiting for no validator to be excluded');
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * A key share as the worker's vault keeps it (`Accounts`): the encoded share, and the run records written
 * since; every read decodes it afresh with them applied, every put replaces both.
 */
export class StoredShare {
  private bytes: Uint8Array | undefined;
  private records: Uint8Array[] = [];

  put(share: KeyShare | Uint8Array): void {
    this.bytes = share instanceof Uint8Array ? share : encodeKeyShare(share);
    this.records = [];
  }

  record(record: Uint8Array): void {
    this.records.push(record);
  }

  load(): KeyShare {
    if (!this.bytes) throw new Error('no key share stored');
    const share = decodeKeyShare(this.bytes);
    for (const record of this.records) applyRunRecords(share, record);
    return share;
  }
}

/**
 * A signer for the devnet signing tests: each `sign()` is one request of the account, its share read
 * from `load`, every save handed to `save` and every run's start to `record`, as the worker's vault
 * does; it answers the session's final view (committee, attempts, blame).
 */
export function signer(opts: {
  api: () => ApiPromise;
  pair: KeyringPair;
  x25519SecretKey: Uint8Array;
  load: () => KeyShare;
  save: (share: KeyShare) => void;
  record: (record: Uint8Array) => void;
}): () => Promise<SigningSessionView> {
  let nonce = 0;
  return async () => {
    const tx = transferTx(nonce++);
    const sigHash = keccak256(tx);
    let view: SigningSessionView | undefined;
    const tracker = new SessionTracker(
      { requestId: `r${nonce}`, account: opts.pair.address, sigHash, maxAttempts: 3 },
      (v) => (view = v),
    );
    await runSigningSession({
      api: opts.api(),
      pair: opts.pair,
      x25519SecretKey: opts.x25519SecretKey,
      share: opts.load(),
      saveShare: async (share) => opts.save(share),
      recordRun: async (record) => opts.record(record),
      sigHash: hexToBytes(sigHash.slice(2)),
      delivery: { arch: 'evm', transactionRequest: tx },
      tracker,
    });
    return view!;
  };
}

/**
 * The devnet of the signing tests: two groups of two, 0.3 s blocks, free ports. Its log lines go to
 * `onLine`, and to the console when the environment variable `logVariable` is set (e.g. STALE_TEST_LOG=1).
 */
export function startSigningDevnet(
  logVariable: string,
  options: DevnetOptions = {},
  onLine: (line: string) => void = () => undefined,
): Promise<RunningDevnet> {
  return startDevnet({
    groups: 2,
    groupSize: 2,
    blockTime: 300,
    chainPort: 0,
    tssBasePort: 0,
    ...options,
    log: (line: string) => {
      onLine(line);
      if (process.env[logVariable]) console.info(line);
    },
  });
}

/**
 * An account as the worker holds it: its key pair, its X25519 key, and the vault's copy of its share
 * (`StoredShare`); `sign()` is one request.
 */
export function testAccount(uri: string, api: () => ApiPromise) {
  const pair = new Keyring({ type: 'sr25519', ss58Format: 42 }).addFromUri(uri);
  const x25519SecretKey = randomX25519SecretKey();
  const vault = new StoredShare();
  const sign = signer({
    api,
    pair,
    x25519SecretKey,
    load: () => vault.load(),
    save: (share) => vault.put(share),
    record: (record) => vault.record(record),
  });
  return { pair, x25519SecretKey, vault, sign, share: () => vault.load() };
}
