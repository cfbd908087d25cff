/**
 * What a pallet sees while a block is built: typed storage access over the state, the block number,
 * and the event log of the current block.
 */
import { u8aConcat } from '@polkadot/util';
import type { Frozen, RuntimeMetadata } from '../metadata';
import { u32Le, encodeVec } from '../scale';
import type { State } from '../state';
import { DispatchFailure } from './errors';

export type Phase = { applyExtrinsic: number } | 'finalization' | 'initialization';

export interface RuntimeConfig {
  existentialDeposit: bigint;
  blockHashCount: number;
  maxAclLength: number;
  maxReasonLength: number;
  maxEvidenceBytes: number;
}

export class Ctx {
  private readonly events: Uint8Array[] = [];
  phase: Phase = 'initialization';

  constructor(
    readonly md: RuntimeMetadata,
    readonly state: State,
    readonly blockNumber: number,
    readonly config: RuntimeConfig,
  ) {}

  raw(pallet: string, item: string, key?: unknown): Uint8Array | null {
    return this.state.get(this.md.storageKey(pallet, item, key));
  }

  /** The stored value as @polkadot/types JSON (accounts as SS58, byte arrays as hex). */
  json<T>(pallet: string, item: string, key?: unknown): T | null {
    const bytes = this.raw(pallet, item, key);
    return bytes ? this.md.json<T>(this.md.storageSpec(pallet, item).value, bytes) : null;
  }

  /** Like `json`, but an absent `Default` item reads as its fallback. */
  jsonOrDefault<T>(pallet: string, item: string, key?: unknown): T {
    const spec = this.md.storageSpec(pallet, item);
    const bytes = this.raw(pallet, item, key) ?? spec.fallback;
    return this.md.json<T>(spec.value, bytes);
  }

  /** Like `jsonOrDefault`, but read-only and shared with other readers (`RuntimeMetadata.view`). */
  viewOrDefault<T>(pallet: string, item: string, key?: unknown): Frozen<T> {
    const spec = this.md.storageSpec(pallet, item);
    return this.md.view<T>(spec.value, this.raw(pallet, item, key) ?? spec.fallback);
  }

  put(pallet: string, item: string, key: unknown, value: unknown): void {
    const spec = this.md.storageSpec(pallet, item);
    this.state.set(this.md.storageKey(pallet, item, key), this.md.encode(spec.value, value));
  }

  /** Adds `element` at the end of a stored `Vec` without decoding it (`RuntimeMetadata.append`). */
  append(pallet: string, item: string, key: unknown, element: unknown): void {
    const spec = this.md.storageSpec(pallet, item);
    const storageKey = this.md.storageKey(pallet, item, key);
    this.state.set(storageKey, this.md.append(spec.value, this.state.get(storageKey), element));
  }

  putRaw(pallet: string, item: string, key: unknown, bytes: Uint8Array): void {
    this.state.set(this.md.storageKey(pallet, item, key), bytes);
  }

  remove(pallet: string, item: string, key?: unknown): void {
    this.state.delete(this.md.storageKey(pallet, item, key));
  }

  deposit(pallet: string, name: string, args: unknown[]): void {
    const phase =
      this.phase === 'initialization'
        ? Uint8Array.of(2)
        : this.phase === 'finalization'
          ? Uint8Array.of(1)
          : u8aConcat(Uint8Array.of(0), u32Le(this.phase.applyExtrinsic));
    // EventRecord { phase, event, topics: [] }
    this.events.push(u8aConcat(phase, this.md.event(pallet, name, args), Uint8Array.of(0)));
    this.putRaw('System', 'Events', undefined, encodeVec(this.events));
    this.putRaw('System', 'EventCount', undefined, u32Le(this.events.length));
  }

  /** Events deposited so far (a dispatch that fails drops its own through the state layer). */
  eventCount(): number {
    return this.events.length;
  }

  truncateEvents(count: number): void {
    this.events.length = count;
    this.putRaw('System', 'Events', undefined, encodeVec(this.events));
    this.putRaw('System', 'EventCount', undefined, u32Le(this.events.length));
  }

  fail(pallet: string, name: string): never {
    const { index, error } = this.md.moduleError(pallet, name);
    throw new DispatchFailure({ Module: { index, error } }, `${pallet}.${name}`);
  }
}
