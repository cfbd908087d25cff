import type { ApiPromise } from '@polkadot/api';
import type { IKeyringPair } from '@polkadot/types/types';
import { compactToU8a, u8aConcat, u8aEq } from '@polkadot/util';
import { blake2AsU8a } from '@polkadot/util-crypto';
import { TssError } from './errors';

/** The devnet chain's signed extensions, in order: the layout `signedExtrinsic` encodes. */
const SIGNED_EXTENSIONS = [
  'CheckNonZeroSender',
  'CheckSpecVersion',
  'CheckTxVersion',
  'CheckGenesis',
  'CheckMortality',
  'CheckNonce',
  'CheckWeight',
  'ChargeTransactionPayment',
];

/** Version 4, signed. */
const SIGNED_V4 = 0x84;
/** `MultiAddress::Id`. */
const ADDRESS_ID = 0x00;
/** `Era::Immortal`: the nonce alone keeps our extrinsics from being replayed (see chain.ts). */
const IMMORTAL = 0x00;
/** A signing payload longer than this is signed as its BLAKE2b-256 hash (Substrate's rule). */
const MAX_UNHASHED_PAYLOAD = 256;

const u32Le = (n: number): Uint8Array => {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, n, true);
  return out;
};

/**
 * Our own signed extrinsics, encoded here rather than through `@polkadot/api`'s decorated call,
 * `signAsync` and `submitExtrinsic` (which built the call, the payload and the extrinsic as
 * `@polkadot/types` objects and decoded the extrinsic once more to send it: 3 % of a server's CPU under
 * `bench:tss`, a `relayer.confirmDone` per signature). `forChain` checks, once per connection, that the
 * chain's extrinsic format is the one encoded here and that a call encodes as the API encodes it.
 */
export class ExtrinsicEncoder {
  private constructor(
    private readonly signer: IKeyringPair,
    /** What the signed extensions add to the payload: spec and transaction version, genesis hash twice. */
    private readonly additional: Uint8Array,
  ) {}

  static forChain(api: ApiPromise, signer: IKeyringPair): ExtrinsicEncoder {
    const extensions = api.registry.signedExtensions;
    if (
      api.extrinsicVersion !== 4 ||
      extensions.length !== SIGNED_EXTENSIONS.length ||
      extensions.some((e, i) => e !== SIGNED_EXTENSIONS[i]) ||
      signer.publicKey.length !== 32
    ) {
      throw new TssError(
        `The chain's extrinsics (version ${api.extrinsicVersion}, extensions ${extensions.join(', ')}) are not the format this server signs`,
        { code: 'CHAIN' },
      );
    }
    const genesis = api.genesisHash.toU8a();
    const version = api.runtimeVersion;
    return new ExtrinsicEncoder(
      signer,
      u8aConcat(
        u32Le(version.specVersion.toNumber()),
        u32Le(version.transactionVersion.toNumber()),
        genesis,
        // CheckMortality: an immortal extrinsic's birth block is the genesis block.
        genesis,
      ),
    );
  }

  /**
   * The extrinsic of `call` (its SCALE encoding, pallet and call index first) signed by our account with
   * `nonce`, immortal, no tip: what `author_submitExtrinsic` takes.
   */
  sign(call: Uint8Array, nonce: number): Uint8Array {
    const extra = u8aConcat([IMMORTAL], compactToU8a(nonce), compactToU8a(0));
    const payload = u8aConcat(call, extra, this.additional);
    const signature = this.signer.sign(
      payload.length > MAX_UNHASHED_PAYLOAD ? blake2AsU8a(payload, 256) : payload,
      { withType: true },
    );
    const body = u8aConcat([SIGNED_V4, ADDRESS_ID], this.signer.publicKey, signature, extra, call);
    return u8aConcat(compactToU8a(body.length), body);
  }
}

/**
 * `relayer.confirmDone(blockNumber, sigHash)`'s call bytes, checked once against the API's own encoding
 * of it (the call's index and argument types come from the chain's metadata).
 */
export function confirmDoneCall(api: ApiPromise): (blockNumber: number, sigHash: Uint8Array) => Uint8Array {
  const index = api.tx.relayer.confirmDone.callIndex;
  const encode = (blockNumber: number, sigHash: Uint8Array) => u8aConcat(index, u32Le(blockNumber), sigHash);
  const sample = { blockNumber: 0x01020304, sigHash: new Uint8Array(32).map((_, i) => i) };
  const expected = api.tx.relayer.confirmDone(sample.blockNumber, sample.sigHash).method.toU8a();
  if (!u8aEq(encode(sample.blockNumber, sample.sigHash), expected)) {
    throw new TssError("The chain's relayer.confirmDone is not the call this server encodes", {
      code: 'CHAIN',
    });
  }
  return (blockNumber, sigHash) => {
    if (sigHash.length !== 32)
      throw new TssError('A signature hash is 32 bytes', { details: { field: 'sigHash' } });
    return encode(blockNumber, sigHash);
  };
}
