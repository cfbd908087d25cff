import type { ApiPromise, WsProvider } from '@polkadot/api';
import { compactFromU8a, hexToU8a, u8aConcat, u8aToHex } from '@polkadot/util';
import { blake2AsU8a, decodeAddress } from '@polkadot/util-crypto';
import type { Acl, Constraints, Hex } from '../../lib/chain';
import { TssError } from './errors';

/** Bytes of one address in each ACL (`pallet_constraints::Acl<[u8; 20]>` and `Acl<[u8; 32]>`). */
const ADDRESS_BYTES = { evmAcl: 20, btcAcl: 32 } as const;
const KINDS = ['Allow', 'Deny'] as const;

function malformed(which: string, why: string): TssError {
  return new TssError(`The chain's constraints.${which} value is malformed: ${why}`, {
    code: 'CHAIN',
    details: { storage: `constraints.${which}` },
  });
}

/** One stored `Acl` (SCALE: `Vec<[u8; N]>`, `AclKind`, `bool`), or undefined for an absent value. */
export function decodeAcl(which: keyof typeof ADDRESS_BYTES, value: Uint8Array | null): Acl | undefined {
  if (value === null) return undefined;
  const size = ADDRESS_BYTES[which];
  let offset: number;
  let count: number;
  try {
    const [read, length] = compactFromU8a(value);
    [offset, count] = [read, length.toNumber()];
  } catch {
    throw malformed(which, 'bad length');
  }
  if (value.length !== offset + count * size + 2) throw malformed(which, `${value.length} bytes`);
  const addresses: Hex[] = [];
  for (let i = 0; i < count; i++, offset += size)
    addresses.push(u8aToHex(value.subarray(offset, offset + size)));
  const kind = KINDS[value[offset]!];
  const flag = value[offset + 1]!;
  if (!kind) throw malformed(which, `kind ${value[offset]}`);
  if (flag > 1) throw malformed(which, `bool ${flag}`);
  return { addresses, kind, allowNullRecipient: flag === 1 };
}

/**
 * An account's two ACLs, read raw in one `state_queryStorageAt` and decoded here. `@polkadot/api`'s
 * query (the same one request: it batches a tick's reads) serialised each storage entry's metadata to
 * memoise the call and built its results as `@polkadot/types` objects: 2 % of a server's CPU under
 * `bench:tss`, where every `/user/tx` reads them.
 */
export class AclReader {
  /** Each map's key prefix (pallet and item hashes); the account goes after it, Blake2_128Concat. */
  private readonly prefixes: Record<keyof typeof ADDRESS_BYTES, Uint8Array>;

  constructor(
    api: ApiPromise,
    private readonly provider: WsProvider,
  ) {
    const prefix = (which: keyof typeof ADDRESS_BYTES) => {
      const entry = api.query.constraints[which];
      const { type } = entry.creator.meta;
      if (!type.isMap || type.asMap.hashers.length !== 1 || !type.asMap.hashers[0]!.isBlake2128Concat) {
        throw new TssError(`The chain's constraints.${which} is not the map this server reads`, {
          code: 'CHAIN',
        });
      }
      return hexToU8a(entry.keyPrefix());
    };
    this.prefixes = {
      evmAcl: prefix('evmAcl'),
      btcAcl: prefix('btcAcl'),
    };
  }

  async read(address: string): Promise<Constraints> {
    const id = decodeAddress(address);
    const suffix = u8aConcat(blake2AsU8a(id, 128), id);
    const keys = {
      evmAcl: u8aToHex(u8aConcat(this.prefixes.evmAcl, suffix)),
      btcAcl: u8aToHex(u8aConcat(this.prefixes.btcAcl, suffix)),
    };
    const sets = await this.provider.send<{ changes: [string, string | null][] }[]>('state_queryStorageAt', [
      [keys.evmAcl, keys.btcAcl],
    ]);
    const value = (which: keyof typeof keys): Uint8Array | null => {
      const raw = sets[0]?.changes.find(([key]) => key === keys[which])?.[1];
      return typeof raw === 'string' ? hexToU8a(raw) : null;
    };
    return { evmAcl: decodeAcl('evmAcl', value('evmAcl')), btcAcl: decodeAcl('btcAcl', value('btcAcl')) };
  }
}
