import type { ApiPromise } from '@polkadot/api';
import { hexToBytes, type Hex } from 'viem';
import { serializeError } from '../../errors';
import { encodeKeyShare } from '../../protocol';
import type { UserTxRequest } from '../../tss';
import type { Accounts } from '../accounts/accounts';
import { KeyShareMissing } from './errors';
import { runSigningSession } from './session';
import type { SessionViews } from './sessions';
import { SessionTracker, type SigningSessionView } from './view';

export interface SignHashInput {
  requestId: string;
  account: string;
  sigHash: Hex;
  /** What the committee receives to recompute the hash and check it against the constraints. */
  delivery: UserTxRequest;
  /**
   * The caller's own check of the request (the account's constraints, read from the chain): nothing is
   * submitted, and no session starts, unless it resolves; a rejection is the run's error. The keys and
   * the share are read meanwhile.
   */
  precheck?: Promise<unknown>;
}

export interface SigningServiceDeps {
  accounts: Pick<Accounts, 'signingKeys' | 'x25519' | 'keyShare' | 'putKeyShare' | 'recordRun'>;
  api(): Promise<ApiPromise>;
  views: SessionViews;
  /** Keeps the worker (and the vault's idle timer) alive while a session runs; returns the release. */
  hold(): () => void;
  maxAttempts?: number;
}

/** The threshold-signing orchestrator as the worker uses it: keys from the vault, progress to the popup. */
export function createSigningService(deps: SigningServiceDeps) {
  // Requests for the same hash by the same account share one session: the chain would give both the same
  // session id in one block (so their protocol messages would collide), and one signature answers both.
  const inflight = new Map<
    string,
    { result: Promise<Uint8Array>; followers: Set<(view: SigningSessionView) => void> }
  >();
  // One run per account at a time: its key share's OT pairs allow one run in flight, and each run reads
  // the share the previous one persisted (session ids used, a discarded pair) — one live state.
  const turns = new Map<string, Promise<void>>();
  function inTurn<T>(account: string, task: () => Promise<T>): Promise<T> {
    const result = (turns.get(account) ?? Promise.resolve()).then(task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    turns.set(account, tail);
    void tail.then(() => {
      if (turns.get(account) === tail) turns.delete(account);
    });
    return result;
  }

  async function run(input: SignHashInput, publish: (view: SigningSessionView) => void): Promise<Uint8Array> {
    const release = deps.hold();
    // Side by side: the share, the keys (one derivation), the chain and the caller's check, so the
    // request goes out sooner (the check and the keys came one after the other: 25-70 ms in bench:e2e).
    const reads = Promise.all([
      deps.accounts.keyShare(input.account),
      deps.accounts.signingKeys(input.account),
      deps.accounts.x25519(input.account),
      deps.api(),
    ]);
    reads.catch(() => undefined);
    try {
      await input.precheck;
    } catch (error) {
      release();
      throw error;
    }
    const tracker = new SessionTracker(
      {
        requestId: input.requestId,
        account: input.account,
        sigHash: input.sigHash,
        arch: input.delivery.arch,
        maxAttempts: deps.maxAttempts ?? 3,
      },
      publish,
    );
    try {
      const [share, { pair, signer }, x25519, api] = await reads;
      if (!share) {
        throw new KeyShareMissing(
          'This device holds no Entropy key share for the account; register it or import a backup',
          {
            details: { account: input.account },
          },
        );
      }
      return await runSigningSession({
        api,
        pair,
        signer,
        x25519SecretKey: x25519.secretKey,
        share,
        saveShare: (share) => deps.accounts.putKeyShare(input.account, encodeKeyShare(share)),
        recordRun: (record) => deps.accounts.recordRun(input.account, record),
        sigHash: hexToBytes(input.sigHash),
        delivery: input.delivery,
        tracker,
        maxAttempts: deps.maxAttempts,
      });
    } catch (error) {
      if (tracker.snapshot.status !== 'failed') tracker.failed(serializeError(error));
      throw error;
    } finally {
      release();
    }
  }

  return {
    signHash(input: SignHashInput, onProgress: (view: SigningSessionView) => void): Promise<Uint8Array> {
      const key = `${input.account}:${input.sigHash.toLowerCase()}`;
      const follow = (view: SigningSessionView) => {
        const own = { ...view, requestId: input.requestId };
        onProgress(own);
        void deps.views.put(own);
      };
      const running = inflight.get(key);
      if (running) {
        running.followers.add(follow);
        // The same account and hash, but this caller's own check still decides its answer.
        return Promise.all([running.result, input.precheck])
          .then(([signature]) => signature)
          .finally(() => running.followers.delete(follow));
      }
      const followers = new Set([follow]);
      const result = inTurn(input.account, () =>
        run(input, (view) => followers.forEach((f) => f(view))),
      ).finally(() => inflight.delete(key));
      inflight.set(key, { result, followers });
      return result;
    },
  };
}
