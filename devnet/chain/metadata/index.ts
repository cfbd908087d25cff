/**
 * The runtime's metadata and a registry built from it: the node encodes and decodes storage values,
 * events and extrinsics with the very types it publishes, so `@polkadot/api` reads them back exactly.
 */
import { Metadata, TypeRegistry } from '@polkadot/types';
import type { Codec } from '@polkadot/types/types';
import { compactFromU8a, compactToU8a, u8aConcat, u8aToHex, stringToU8a } from '@polkadot/util';
import { blake2AsU8a, xxhashAsU8a } from '@polkadot/util-crypto';
import {
  buildRuntimeTypes,
  type Hasher,
  type PalletSpec,
  type RuntimeParams,
  type StorageSpec,
} from './runtime';

export type { RuntimeParams } from './runtime';

export const RUNTIME_PROPERTIES = { ss58Format: 42, tokenDecimals: 10, tokenSymbol: 'BITS' } as const;

/** Stored values whose JSON `RuntimeMetadata.json` keeps (the most recently read). */
const JSON_CACHE_ENTRIES = 512;
/** Storage keys `RuntimeMetadata.storageKey` keeps (the most recently used). */
const KEY_CACHE_ENTRIES = 4096;

/** A value `RuntimeMetadata.view` hands out: frozen all the way down. */
export type Frozen<T> = T extends readonly (infer U)[]
  ? readonly Frozen<U>[]
  : T extends object
    ? { readonly [K in keyof T]: Frozen<T[K]> }
    : T;

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

interface VariantInfo {
  index: number;
  fields: number[];
}

function hash(hasher: Hasher, data: Uint8Array): Uint8Array {
  switch (hasher) {
    case 'Blake2_128Concat':
      return u8aConcat(blake2AsU8a(data, 128), data);
    case 'Twox64Concat':
      return u8aConcat(xxhashAsU8a(data, 64), data);
    case 'Identity':
      return data;
  }
}

/** How `storageKey`'s cache tells map keys apart: by value for the plain ones, none for the rest. */
function cacheId(key: unknown): string | null {
  if (key === undefined) return 'u';
  if (typeof key === 'string') return `s${key}`;
  if (typeof key === 'number') return `n${key}`;
  return null;
}

export class RuntimeMetadata {
  readonly registry = new TypeRegistry();
  readonly metadata: Metadata;
  /** SCALE `RuntimeMetadataPrefixed` as `state_getMetadata` serves it. */
  readonly bytes: Uint8Array;
  readonly ids: ReturnType<typeof buildRuntimeTypes>['ids'];
  private readonly pallets = new Map<string, PalletSpec>();
  /** `json`'s results by the stored bytes they were decoded from, least recently read first. */
  private readonly jsonCache = new Map<Uint8Array, { typeId: number; json: unknown }>();
  /** `storageKey`'s results by pallet, item and map key, least recently used first. */
  private readonly keyCache = new Map<string, string>();

  constructor(params: RuntimeParams) {
    const built = buildRuntimeTypes(params);
    this.ids = built.ids;
    for (const p of built.pallets) this.pallets.set(p.name, p);
    const draft = new Metadata(this.registry, {
      magicNumber: 0x6174656d,
      metadata: { v14: built.metadataV14 },
    } as never);
    this.bytes = draft.toU8a();
    // Decode from bytes, as a client does, so the registry sees exactly what we publish.
    this.metadata = new Metadata(this.registry, this.bytes);
    this.registry.setMetadata(this.metadata);
    this.registry.setChainProperties(
      this.registry.createType('ChainProperties', RUNTIME_PROPERTIES) as never,
    );
  }

  pallet(name: string): PalletSpec {
    const p = this.pallets.get(name);
    if (!p) throw new Error(`Unknown pallet ${name}`);
    return p;
  }

  storageSpec(pallet: string, item: string): StorageSpec {
    const s = this.pallet(pallet).storage.find((x) => x.name === item);
    if (!s) throw new Error(`Unknown storage ${pallet}.${item}`);
    return s;
  }

  encode(typeId: number, value: unknown): Uint8Array {
    return this.registry.createTypeUnsafe(this.registry.createLookupType(typeId), [value]).toU8a();
  }

  decode(typeId: number, bytes: Uint8Array): Codec {
    return this.registry.createTypeUnsafe(this.registry.createLookupType(typeId), [bytes]);
  }

  /**
   * `decode(typeId, bytes).toJSON()`, a fresh copy on every call (callers change what they read and put
   * it back). Remembered by the bytes themselves: the state replaces a value, never changes its bytes in
   * place. Each `relayer.confirmDone` decoded its block's whole request list, every account in it
   * turned into SS58 (base58 with a checksum): 60 % of the chain's CPU under `bench:tss`.
   */
  json<T>(typeId: number, bytes: Uint8Array): T {
    return structuredClone(this.decoded(typeId, bytes)) as T;
  }

  /**
   * Like `json`, but the remembered value itself, deeply frozen, for readers that only look: copying a
   * block's request list for every `relayer.confirmDone` was 5 % of the chain's CPU under `bench:tss`.
   */
  view<T>(typeId: number, bytes: Uint8Array): Frozen<T> {
    return this.decoded(typeId, bytes) as Frozen<T>;
  }

  private decoded(typeId: number, bytes: Uint8Array): unknown {
    let entry = this.jsonCache.get(bytes);
    if (entry?.typeId === typeId) {
      this.jsonCache.delete(bytes);
    } else {
      entry = { typeId, json: deepFreeze(this.decode(typeId, bytes).toJSON()) };
      if (this.jsonCache.size >= JSON_CACHE_ENTRIES)
        this.jsonCache.delete(this.jsonCache.keys().next().value as Uint8Array);
    }
    this.jsonCache.set(bytes, entry);
    return entry.json;
  }

  /**
   * The SCALE `Vec` of type `typeId` in `bytes` (absent: empty) with `item` added at its end, the items
   * already there left as bytes (Substrate's `append`): decoding and re-encoding a block's whole request
   * list for each new request was 16 % of the chain's CPU under `bench:tss`.
   */
  append(typeId: number, bytes: Uint8Array | null, item: unknown): Uint8Array {
    const def = this.registry.lookup.getSiType(typeId).def;
    if (!def.isSequence) throw new Error(`Type ${typeId} is not a Vec`);
    const encoded = this.encode(def.asSequence.type.toNumber(), item);
    if (!bytes) return u8aConcat(compactToU8a(1), encoded);
    const [offset, length] = compactFromU8a(bytes);
    return u8aConcat(compactToU8a(length.addn(1)), bytes.subarray(offset), encoded);
  }

  /** twox128(pallet) ++ twox128(item), the prefix of every key of a storage item. */
  storagePrefix(pallet: string, item: string): Uint8Array {
    return u8aConcat(xxhashAsU8a(stringToU8a(pallet), 128), xxhashAsU8a(stringToU8a(item), 128));
  }

  /**
   * The full storage key, hashing the map key as the metadata says. Remembered: an account's key is
   * its SS58 address decoded (base58 and a checksum), encoded and hashed, and every extrinsic reads
   * and writes its sender's account several times while it is checked and applied.
   */
  storageKey(pallet: string, item: string, key?: unknown): string {
    const keyId = cacheId(key);
    if (keyId === null) return this.computeStorageKey(pallet, item, key);
    const id = `${pallet}\0${item}\0${keyId}`;
    let storageKey = this.keyCache.get(id);
    if (storageKey === undefined) {
      storageKey = this.computeStorageKey(pallet, item, key);
      if (this.keyCache.size >= KEY_CACHE_ENTRIES)
        this.keyCache.delete(this.keyCache.keys().next().value as string);
    } else {
      this.keyCache.delete(id);
    }
    this.keyCache.set(id, storageKey);
    return storageKey;
  }

  private computeStorageKey(pallet: string, item: string, key?: unknown): string {
    const spec = this.storageSpec(pallet, item);
    const prefix = this.storagePrefix(pallet, item);
    if (!spec.key) return u8aToHex(prefix);
    return u8aToHex(u8aConcat(prefix, hash(spec.key.hasher, this.encode(spec.key.type, key))));
  }

  private variant(typeId: number, name: string): VariantInfo {
    const def = this.registry.lookup.getSiType(typeId).def;
    const v = def.asVariant.variants.find((x) => x.name.toString() === name);
    if (!v) throw new Error(`Unknown variant ${name}`);
    return { index: v.index.toNumber(), fields: v.fields.map((f) => f.type.toNumber()) };
  }

  /** SCALE `RuntimeEvent`: pallet index, event index, then each field. */
  event(pallet: string, name: string, args: unknown[]): Uint8Array {
    const spec = this.pallet(pallet);
    if (spec.events === undefined) throw new Error(`${pallet} has no events`);
    const v = this.variant(spec.events, name);
    if (v.fields.length !== args.length) throw new Error(`${pallet}.${name} takes ${v.fields.length} fields`);
    return u8aConcat(Uint8Array.of(spec.index, v.index), ...v.fields.map((t, i) => this.encode(t, args[i])));
  }

  /** `DispatchError::Module` fields for a pallet error. */
  moduleError(pallet: string, name: string): { index: number; error: Uint8Array } {
    const spec = this.pallet(pallet);
    if (spec.errors === undefined) throw new Error(`${pallet} has no errors`);
    return { index: spec.index, error: Uint8Array.of(this.variant(spec.errors, name).index, 0, 0, 0) };
  }
}
