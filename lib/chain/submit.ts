import type { ApiPromise } from '@polkadot/api';
import { blake2AsHex } from '@polkadot/util-crypto';
import type { SubmittableExtrinsic } from '@polkadot/api/types';
import type { KeyringPair } from '@polkadot/keyring/types';
import type { Vec } from '@polkadot/types';
import type { EventRecord, DispatchError } from '@polkadot/types/interfaces';
import { signingOptions } from './era';
import { ChainTimeout, ExtrinsicFailed, TransactionInvalid } from './errors';
import { watchSubscription } from './watch';
import { dispatchErrorInWords, refusalInWords } from './words';

export interface Inclusion {
  blockHash: string;
  blockNumber: number;
  /** This extrinsic's events only. */
  events: readonly EventRecord[];
}

/** The pallet error behind a failed dispatch, in words. */
export function describeDispatchError(
  api: ApiPromise,
  error: DispatchError,
): { name: string; message: string } {
  if (error.isModule) {
    const meta = api.registry.findMetaError(error.asModule);
    return { name: `${meta.section}.${meta.name}`, message: meta.docs.join(' ') || meta.name };
  }
  return { name: error.type, message: error.toString() };
}

// The last submission per signer: the next one waits for it to reach the pool, so the node's next index
// (pool included, `signingOptions`) never hands two concurrent submissions the same nonce.
const submitting = new Map<string, Promise<unknown>>();

function inTurn<T>(signer: string, submit: () => Promise<T>): Promise<T> {
  const previous = submitting.get(signer) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(submit);
  const settled = next.catch(() => undefined);
  submitting.set(signer, settled);
  void settled.then(() => {
    if (submitting.get(signer) === settled) submitting.delete(signer);
  });
  return next;
}

/** What `state_getRuntimeVersion` and `chain_getBlock` answer, undecoded. */
interface RawRuntimeVersion {
  specVersion: number;
}
interface RawSignedBlock {
  block: { header: { number: string }; extrinsics: string[] };
}

/** One block as `readInclusion` read it: its number, its extrinsics' positions, its events and runtime. */
interface BlockReading {
  blockNumber: number;
  /** Each extrinsic's hash to its index in the block. */
  indexOf: Map<string, number>;
  specVersion: number;
  rawEvents: string | null;
  /** `rawEvents` decoded with the current registry, once, when a reader needs them. */
  records?: EventRecord[];
}

/**
 * The last blocks read, per API: submissions included in the same block (tens at a time under load, all
 * sharing one API) read and decode it once, not once each (a block's whole event list per submission
 * was a twelfth of a user party's CPU under `bench:tss`). A block's content never changes under its hash.
 */
const MAX_BLOCKS_READ = 8;
const blocksRead = new WeakMap<ApiPromise, Map<string, Promise<BlockReading>>>();

function readBlock(api: ApiPromise, blockHash: string): Promise<BlockReading> {
  let blocks = blocksRead.get(api);
  if (!blocks) blocksRead.set(api, (blocks = new Map()));
  const cached = blocks.get(blockHash);
  if (cached) return cached;
  const reading = (
    Promise.all([
      api.rpc.chain.getBlock.raw(blockHash),
      api.rpc.state.getStorage.raw(api.query.system.events.key(), blockHash),
      api.rpc.state.getRuntimeVersion.raw(blockHash),
    ]) as unknown as Promise<[RawSignedBlock, string | null, RawRuntimeVersion]>
  ).then(([block, rawEvents, version]) => ({
    blockNumber: Number(block.block.header.number),
    indexOf: new Map(block.block.extrinsics.map((ext, i) => [blake2AsHex(ext), i])),
    specVersion: version.specVersion,
    rawEvents,
  }));
  // A failed read is not remembered: the next submission in that block asks again.
  reading.catch(() => blocks.delete(blockHash));
  if (blocks.size >= MAX_BLOCKS_READ) blocks.delete(blocks.keys().next().value as string);
  blocks.set(blockHash, reading);
  return reading;
}

/**
 * The block's number and our extrinsic's events, in one round of reads made side by side: the block (to
 * find our extrinsic's index), `System.Events` and the runtime version at that block, all undecoded, and
 * shared with the other submissions in that block (`readBlock`).
 * This replaces `@polkadot/api`'s own read (`derive.tx.events`), which first asks for the header and then
 * the parent's runtime version, one after the other, to pick a registry: three round trips just as the
 * chain is busiest. The events are decoded with the current registry only if the block runs the runtime
 * we signed under (spec versions only grow, so its parent ran it too); otherwise the API's read decides.
 */
async function readInclusion(
  api: ApiPromise,
  blockHash: string,
  txHash: string,
  specVersion: number,
  call: string,
): Promise<{ blockNumber: number; events: EventRecord[] }> {
  const block = await readBlock(api, blockHash);
  const index = block.indexOf.get(txHash);
  if (index === undefined) {
    throw new TransactionInvalid(`The node announced ${call} in a block that does not hold it`, {
      details: { call, blockHash },
    });
  }
  const sameRuntime =
    block.specVersion === specVersion && api.runtimeVersion.specVersion.toNumber() === specVersion;
  let records: EventRecord[];
  if (sameRuntime && block.rawEvents !== null) {
    block.records ??= [...api.createType<Vec<EventRecord>>('Vec<EventRecord>', block.rawEvents)];
    records = block.records;
  } else {
    records = [...(await api.derive.tx.events(api.createType('Hash', blockHash))).events];
  }
  return {
    blockNumber: block.blockNumber,
    events: records.filter(
      ({ phase }) => phase.isApplyExtrinsic && phase.asApplyExtrinsic.toNumber() === index,
    ),
  };
}

/**
 * Signs, submits and waits until the extrinsic is in a block (not finalised: the Entropy flow reacts to
 * inclusion, and waiting for finality would add blocks to every signature). The first status naming a
 * block (`InBlock`, or `Finalized` should it come first) is read at once with `readInclusion`.
 */
export function submitAndWaitInBlock(
  api: ApiPromise,
  tx: SubmittableExtrinsic<'promise'>,
  signer: KeyringPair,
  timeoutMs = 60_000,
): Promise<Inclusion> {
  const call = `${tx.method.section}.${tx.method.method}`;
  let reading = false;
  return watchSubscription<Inclusion>(
    `${call} to be included`,
    timeoutMs,
    (watch) =>
      inTurn(signer.address, async () => {
        await tx.signAsync(signer, await signingOptions(api, signer.address));
        const specVersion = api.runtimeVersion.specVersion.toNumber();
        const txHash = tx.hash.toHex();
        return api.rpc.author.submitAndWatchExtrinsic(tx, (status) => {
          if (status.isInvalid || status.isDropped || status.isUsurped) {
            watch.reject(
              new TransactionInvalid(`The chain refused ${call} (${status.type})`, { details: { call } }),
            );
            return;
          }
          if ((!status.isInBlock && !status.isFinalized) || reading) return;
          reading = true;
          const blockHash = (status.isInBlock ? status.asInBlock : status.asFinalized).toHex();
          readInclusion(api, blockHash, txHash, specVersion, call)
            .then(({ blockNumber, events }) => {
              const failed = events.find(({ event }) => api.events.system!.ExtrinsicFailed!.is(event));
              if (!failed) {
                watch.resolve({ blockHash, blockNumber, events });
                return;
              }
              const { name, message } = describeDispatchError(api, failed.event.data[0] as DispatchError);
              const words = dispatchErrorInWords(name, api.registry.chainTokens[0]);
              watch.reject(
                new ExtrinsicFailed(words ?? `${call} failed: ${name}`, {
                  details: { call, error: name, reason: message, blockNumber },
                }),
              );
            })
            .catch((error: unknown) => watch.reject(error));
        });
      }).catch((error: unknown) => {
        // Refused before any status (bad signature, stale nonce, no funds): the node's reason, typed.
        const message = error instanceof Error ? error.message : String(error);
        const words = refusalInWords(message, api.registry.chainTokens[0]);
        throw new TransactionInvalid(words ?? `The chain refused ${call}: ${message}`, {
          details: { call, reason: message },
        });
      }),
    () => new ChainTimeout(`${call} was not included in time`, { details: { call } }),
  );
}
