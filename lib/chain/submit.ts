import { SubmittableResult, type ApiPromise } from '@polkadot/api';
import type { SubmittableExtrinsic } from '@polkadot/api/types';
import type { KeyringPair } from '@polkadot/keyring/types';
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

/**
 * Signs, submits and waits until the extrinsic is in a block (not finalised: the Entropy flow reacts to
 * inclusion, and waiting for finality would add blocks to every signature).
 */
export function submitAndWaitInBlock(
  api: ApiPromise,
  tx: SubmittableExtrinsic<'promise'>,
  signer: KeyringPair,
  timeoutMs = 60_000,
): Promise<Inclusion> {
  const call = `${tx.method.section}.${tx.method.method}`;
  return watchSubscription<Inclusion>(
    `${call} to be included`,
    timeoutMs,
    (watch) =>
      inTurn(signer.address, () =>
        tx.signAndSend(signer, { nonce: -1 }, (result) => {
          const { status } = result;
          if (status.isInvalid || status.isDropped || status.isUsurped) {
            watch.reject(
              new TransactionInvalid(`The chain refused ${call} (${status.type})`, { details: { call } }),
            );
            return;
          }
          // Finalized counts too: @polkadot/api maps statuses with switchMap, so a Finalized that comes while
          // it still reads the block for InBlock's events replaces the InBlock result (a busy client).
          if (!status.isInBlock && !status.isFinalized) return;
          const blockHash = (status.isInBlock ? status.asInBlock : status.asFinalized).toHex();
          // The API read the block to find our events, so it knows its number; ask only when it does not.
          const known = result instanceof SubmittableResult ? result.blockNumber?.toNumber() : undefined;
          void (
            known === undefined
              ? api.rpc.chain.getHeader(blockHash).then((header) => header.number.toNumber())
              : Promise.resolve(known)
          )
            .then((blockNumber) => {
              if (!result.dispatchError) {
                watch.resolve({ blockHash, blockNumber, events: result.events });
                return;
              }
              const { name, message } = describeDispatchError(api, result.dispatchError);
              const words = dispatchErrorInWords(name, api.registry.chainTokens[0]);
              watch.reject(
                new ExtrinsicFailed(words ?? `${call} failed: ${name}`, {
                  details: { call, error: name, reason: message, blockNumber },
                }),
              );
            })
            .catch((error: unknown) => watch.reject(error));
        }),
      ).catch((error: unknown) => {
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
