import type { ApiPromise } from '@polkadot/api';
import { blake2AsHex } from '@polkadot/util-crypto';
import type { SubmittableExtrinsic } from '@polkadot/api/types';
import type { KeyringPair } from '@polkadot/keyring/types';
import type { Vec } from '@polkadot/types';
import type { EventRecord, DispatchError } from '@polkadot/types/interfaces';
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

// The last submission per signer: the next one waits for it to reach the pool, so `nonce: -1` (the node's
// next index, pool included) never hands two concurrent submissions the same nonce.
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

/**
 * The block's number and our extrinsic's events, in one round of reads made side by side: the block (to
 * find our extrinsic's index), `System.Events` and the runtime version at that block, all undecoded.
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
  const [block, rawEvents, version] = (await Promise.all([
    api.rpc.chain.getBlock.raw(blockHash),
    api.rpc.state.getStorage.raw(api.query.system.events.key(), blockHash),
    api.rpc.state.getRuntimeVersion.raw(blockHash),
  ])) as unknown as [RawSignedBlock, string | null, RawRuntimeVersion];
  const index = block.block.extrinsics.findIndex((ext) => blake2AsHex(ext) === txHash);
  if (index < 0) {
    throw new TransactionInvalid(`The node announced ${call} in a block that does not hold it`, {
      details: { call, blockHash },
    });
  }
  const sameRuntime =
    version.specVersion === specVersion && api.runtimeVersion.specVersion.toNumber() === specVersion;
  const records: EventRecord[] =
    sameRuntime && rawEvents !== null
      ? [...api.createType<Vec<EventRecord>>('Vec<EventRecord>', rawEvents)]
      : [...(await api.derive.tx.events(api.createType('Hash', blockHash))).events];
  return {
    blockNumber: Number(block.block.header.number),
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
        await tx.signAsync(signer, { nonce: -1 });
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
