/**
 * The runtime: genesis, transaction validation (signature over the signing payload, era, nonce, fee),
 * and block execution (timestamp inherent, then each extrinsic with its fee, dispatch and events).
 */
import type { GenericExtrinsic } from '@polkadot/types';
import type { Codec } from '@polkadot/types/types';
import { compactAddLength, compactToU8a, hexToU8a, u8aConcat, u8aToHex } from '@polkadot/util';
import { blake2AsU8a, ed25519Verify, encodeAddress, sr25519Verify } from '@polkadot/util-crypto';
import { isReady as wasmReady, sr25519Verify as wasmSr25519Verify } from '@polkadot/wasm-crypto';
import type { GenesisConfig } from '../../genesis';
import type { RuntimeMetadata } from '../metadata';
import { u32Le } from '../scale';
import type { State } from '../state';
import { endow, getAccount, putAccount, spendable, transfer, withdrawFee } from './accounts';
import { updateConstraints } from './constraints';
import { Ctx, type RuntimeConfig } from './context';
import type { Constraints, Hex, PublicShares } from './entropy-types';
import { DispatchFailure, INVALID, TransactionRejected } from './errors';
import { confirmDone, confirmRegister, prepTransaction, register, reportFailure } from './relayer';
import { stakingGenesis } from './staking';
import { RUNTIME_VERSION } from './version';

export { RUNTIME_VERSION } from './version';
export type { RuntimeConfig } from './context';

/** Fee = BASE_FEE + BYTE_FEE × length + refTime / WEIGHT_FEE_DIVISOR, plus the tip; burned. */
export const FEES = { base: 100_000_000n, perByte: 1_000_000n, weightDivisor: 10n } as const;
const DEFAULT_WEIGHT = 200_000_000n;
const TIMESTAMP_WEIGHT = 10_000_000n;

export interface CheckedTx {
  hash: Hex;
  bytes: Uint8Array;
  signer: string;
  nonce: number;
  tip: bigint;
  fee: bigint;
  weight: bigint;
  /** First block number the transaction can no longer be included in (mortal era's end); null if immortal. */
  deathBlock: number | null;
  ext: GenericExtrinsic;
}

export interface ChainView {
  genesisHash: Hex;
  bestNumber: number;
  /** Hash of block `n` if it is known and not older than the block-hash window. */
  blockHash(n: number): Hex | null;
}

export interface AppliedTx {
  tx: CheckedTx;
  index: number;
  error?: string;
}

export interface BlockExecution {
  extrinsics: Uint8Array[];
  applied: AppliedTx[];
  /** Transactions that can no longer be included (stale nonce, cannot pay), with the reason. */
  dropped: { tx: CheckedTx; reason: string }[];
}

type CallHandler = (ctx: Ctx, origin: string, args: Codec[]) => void;

const json = <T>(c: Codec | undefined): T => (c ? c.toJSON() : null) as T;
const big = (c: Codec | undefined): bigint => (c as unknown as { toBigInt(): bigint }).toBigInt();

function lookup(address: Codec | undefined): string {
  // GenericMultiAddress is an Enum without generated `isId` accessors: go by `type`.
  const a = address as unknown as { type: string; value: Codec };
  if (a.type === 'Id' || a.type === 'Address32') return encodeAddress(a.value.toU8a(), 42);
  throw new DispatchFailure('CannotLookup', 'CannotLookup');
}

const CALLS: Record<string, CallHandler> = {
  'system.remark': () => undefined,
  'system.remarkWithEvent': (ctx, origin, [remark]) => {
    ctx.deposit('System', 'Remarked', [origin, blake2AsU8a(hexToU8a(json<Hex>(remark)), 256)]);
  },
  'balances.transferAllowDeath': (ctx, origin, [dest, value]) =>
    transfer(ctx, origin, lookup(dest), big(value), false),
  'balances.transferKeepAlive': (ctx, origin, [dest, value]) =>
    transfer(ctx, origin, lookup(dest), big(value), true),
  'balances.transferAll': (ctx, origin, [dest, keepAlive]) => {
    const keep = json<boolean>(keepAlive);
    const info = getAccount(ctx, origin);
    const amount = keep ? spendable(info) - ctx.config.existentialDeposit : spendable(info);
    if (amount > 0n) transfer(ctx, origin, lookup(dest), amount, keep);
  },
  'relayer.register': (ctx, origin, [constraintAccount, constraints]) =>
    register(ctx, origin, json<string>(constraintAccount), json<Constraints>(constraints)),
  'relayer.confirmRegister': (ctx, origin, [account, group, key, shares]) =>
    confirmRegister(
      ctx,
      origin,
      json<string>(account),
      json<number>(group),
      json<Hex>(key),
      json<PublicShares>(shares),
    ),
  'relayer.prepTransaction': (ctx, origin, [sigRequest]) =>
    prepTransaction(ctx, origin, json<{ sigHash: Hex }>(sigRequest).sigHash),
  'relayer.reportFailure': (ctx, origin, [blockNumber, sigHash, accused, reason, evidence]) =>
    reportFailure(
      ctx,
      origin,
      json<number>(blockNumber),
      json<Hex>(sigHash),
      json<string>(accused),
      json<Hex>(reason),
      json<Hex[]>(evidence),
    ),
  'relayer.confirmDone': (ctx, origin, [blockNumber, sigHash]) =>
    confirmDone(ctx, origin, json<number>(blockNumber), json<Hex>(sigHash)),
  'constraints.updateConstraints': (ctx, origin, [account, constraints]) =>
    updateConstraints(ctx, origin, json<string>(account), json<Constraints>(constraints)),
};

/** sr25519 or ed25519 over `message`; malformed keys or signatures (which make the verifiers throw) fail. */
function verifySignature(
  type: string,
  message: Uint8Array,
  signature: Uint8Array,
  publicKey: Uint8Array,
): boolean {
  try {
    // schnorrkel's WebAssembly build once loaded (startChain waits for it): several times the JavaScript's speed.
    if (type === 'Sr25519')
      return wasmReady()
        ? publicKey.length === 32 &&
            signature.length === 64 &&
            wasmSr25519Verify(signature, message, publicKey)
        : sr25519Verify(message, signature, publicKey);
    if (type === 'Ed25519') return ed25519Verify(message, signature, publicKey);
    return false;
  } catch {
    return false;
  }
}

export class Runtime {
  constructor(
    readonly md: RuntimeMetadata,
    readonly config: RuntimeConfig,
  ) {}

  /** Writes the genesis state. */
  genesis(state: State, genesis: GenesisConfig): void {
    const ctx = new Ctx(this.md, state, 0, this.config);
    for (const e of genesis.endowed) endow(ctx, e.account, BigInt(e.balance));
    stakingGenesis(ctx, genesis);
    ctx.put('Relayer', 'ExclusionPeriod', undefined, genesis.exclusionPeriod);
    ctx.put('System', 'Number', undefined, 0);
  }

  weightOf(ext: GenericExtrinsic): bigint {
    return ext.method.section === 'timestamp' ? TIMESTAMP_WEIGHT : DEFAULT_WEIGHT;
  }

  feeOf(length: number, weight: bigint): bigint {
    return FEES.base + FEES.perByte * BigInt(length) + weight / FEES.weightDivisor;
  }

  decode(bytes: Uint8Array): GenericExtrinsic {
    let ext: GenericExtrinsic;
    try {
      ext = this.md.registry.createType('Extrinsic', bytes);
    } catch (e) {
      throw TransactionRejected.other(
        1001,
        'Extrinsic has invalid format',
        `failed to decode: ${(e as Error).message}`,
      );
    }
    if (ext.encodedLength !== bytes.length) {
      throw TransactionRejected.other(
        1001,
        'Extrinsic has invalid format',
        'trailing bytes after the extrinsic',
      );
    }
    return ext;
  }

  /**
   * Pool validation against `state` (the best block's): decodes, checks the signature over the
   * signing payload, the era's birth block, the nonce (not stale) and that the fee can be paid.
   */
  check(state: State, view: ChainView, bytes: Uint8Array): CheckedTx {
    const ext = this.decode(bytes);
    if (ext.type !== 4 || !ext.isSigned) {
      throw TransactionRejected.unknown('Could not find an unsigned validator for the unsigned transaction');
    }
    const signerAddress = ext.signer as unknown as { type: string; value: Codec };
    if (signerAddress.type !== 'Id') throw TransactionRejected.invalid(INVALID.badSigner);
    const signerKey = signerAddress.value.toU8a();
    if (signerKey.every((b) => b === 0)) throw TransactionRejected.invalid(INVALID.badSigner);
    const signer = encodeAddress(signerKey, 42);

    // CheckMortality: the payload commits to the hash of the era's birth block (genesis if immortal).
    const current = view.bestNumber + 1;
    let blockHash: Hex = view.genesisHash;
    let deathBlock: number | null = null;
    if (ext.era.isMortalEra) {
      const birth = ext.era.asMortalEra.birth(current);
      const known = view.blockHash(birth);
      if (!known) throw TransactionRejected.invalid(INVALID.ancientBirthBlock);
      blockHash = known;
      deathBlock = ext.era.asMortalEra.death(current);
    }
    const payload = this.md.registry.createType(
      'ExtrinsicPayload',
      {
        method: ext.method.toHex(),
        era: ext.era,
        nonce: ext.nonce,
        tip: ext.tip,
        specVersion: RUNTIME_VERSION.specVersion,
        transactionVersion: RUNTIME_VERSION.transactionVersion,
        genesisHash: view.genesisHash,
        blockHash,
      },
      { version: 4 },
    );
    const signed = payload.toU8a({ method: true });
    const message = signed.length > 256 ? blake2AsU8a(signed, 256) : signed;
    const multi = (ext.inner.signature as unknown as { multiSignature: { type: string; value: Codec } })
      .multiSignature;
    const sig = multi.value.toU8a();
    if (!verifySignature(multi.type, message, sig, signerKey))
      throw TransactionRejected.invalid(INVALID.badProof);

    const nonce = ext.nonce.toNumber();
    const ctx = new Ctx(this.md, state, current, this.config);
    const info = getAccount(ctx, signer);
    if (nonce < info.nonce) throw TransactionRejected.invalid(INVALID.stale);
    const weight = this.weightOf(ext);
    const fee = this.feeOf(bytes.length, weight);
    const tip = ext.tip.toBigInt();
    if (spendable(info) < fee + tip || info.free - fee - tip < this.config.existentialDeposit) {
      throw TransactionRejected.invalid(INVALID.payment);
    }
    return {
      hash: u8aToHex(blake2AsU8a(bytes, 256)),
      bytes,
      signer,
      nonce,
      tip,
      fee,
      weight,
      deathBlock,
      ext,
    };
  }

  /** Fee estimate for `payment_queryInfo` / `TransactionPaymentApi_query_info`. */
  queryInfo(bytes: Uint8Array): { weight: bigint; fee: bigint } {
    const ext = this.decode(bytes);
    const weight = this.weightOf(ext);
    return { weight, fee: this.feeOf(bytes.length, weight) };
  }

  private dispatchInfo(weight: bigint, mandatory = false) {
    return {
      weight: { refTime: weight, proofSize: 0 },
      class: mandatory ? 'Mandatory' : 'Normal',
      paysFee: 'Yes',
    };
  }

  /**
   * Builds block `number` on `state`: the timestamp inherent, then `candidates` in order, taking each
   * whose nonce is due (possibly after earlier ones of the same sender).
   */
  execute(
    state: State,
    number: number,
    parentHash: Hex,
    timestamp: number,
    candidates: CheckedTx[],
  ): BlockExecution {
    const ctx = new Ctx(this.md, state, number, this.config);
    ctx.remove('System', 'Events');
    ctx.remove('System', 'EventCount');
    ctx.put('System', 'Number', undefined, number);
    ctx.put('System', 'ParentHash', undefined, parentHash);
    ctx.put('System', 'BlockHash', number - 1, parentHash);
    const expired = number - 1 - this.config.blockHashCount;
    if (expired > 0) ctx.remove('System', 'BlockHash', expired);

    const inherent = compactAddLength(u8aConcat(Uint8Array.of(0x04, 1, 0), compactToU8a(timestamp)));
    ctx.phase = { applyExtrinsic: 0 };
    ctx.put('Timestamp', 'Now', undefined, timestamp);
    ctx.deposit('System', 'ExtrinsicSuccess', [this.dispatchInfo(TIMESTAMP_WEIGHT, true)]);

    const extrinsics = [inherent];
    const applied: AppliedTx[] = [];
    const dropped: BlockExecution['dropped'] = [];
    let pending = candidates;
    for (let progress = true; progress;) {
      progress = false;
      const later: CheckedTx[] = [];
      for (const tx of pending) {
        const due = getAccount(ctx, tx.signer).nonce;
        if (tx.nonce > due) {
          later.push(tx);
          continue;
        }
        if (tx.nonce < due) {
          dropped.push({ tx, reason: INVALID.stale });
          continue;
        }
        const index = extrinsics.length;
        ctx.phase = { applyExtrinsic: index };
        const result = this.apply(ctx, tx);
        if (result === 'cannot-pay') {
          dropped.push({ tx, reason: INVALID.payment });
          continue;
        }
        extrinsics.push(tx.bytes);
        applied.push({ tx, index, ...(result ? { error: result } : {}) });
        progress = true;
      }
      pending = later;
    }
    ctx.phase = 'finalization';
    ctx.putRaw('System', 'ExtrinsicCount', undefined, u32Le(extrinsics.length));
    return { extrinsics, applied, dropped };
  }

  /** Applies a due transaction: nonce, fee, dispatch. Returns the dispatch error label, if any. */
  private apply(ctx: Ctx, tx: CheckedTx): string | undefined | 'cannot-pay' {
    const info = getAccount(ctx, tx.signer);
    if (!withdrawFee(ctx, tx.signer, tx.fee + tx.tip)) return 'cannot-pay';
    const paid = getAccount(ctx, tx.signer);
    paid.nonce = info.nonce + 1;
    putAccount(ctx, tx.signer, paid);
    const key = `${tx.ext.method.section}.${tx.ext.method.method}`;
    const handler = CALLS[key];
    const eventsBefore = ctx.eventCount();
    let error: string | undefined;
    try {
      if (!handler) throw new DispatchFailure('BadOrigin', 'BadOrigin');
      ctx.state.transaction(() => handler(ctx, tx.signer, tx.ext.method.args));
    } catch (e) {
      // Anything but a pallet's own failure is a bug in the call's code: fail the call, keep the node.
      const failure =
        e instanceof DispatchFailure ? e : new DispatchFailure('Other', `Other: ${(e as Error).message}`);
      if (!(e instanceof DispatchFailure)) console.error(`dispatch of ${key} threw:`, e);
      ctx.truncateEvents(eventsBefore);
      error = failure.label;
      ctx.deposit('TransactionPayment', 'TransactionFeePaid', [tx.signer, tx.fee + tx.tip, tx.tip]);
      ctx.deposit('System', 'ExtrinsicFailed', [failure.dispatchError, this.dispatchInfo(tx.weight)]);
      return error;
    }
    ctx.deposit('TransactionPayment', 'TransactionFeePaid', [tx.signer, tx.fee + tx.tip, tx.tip]);
    ctx.deposit('System', 'ExtrinsicSuccess', [this.dispatchInfo(tx.weight)]);
    return undefined;
  }
}
