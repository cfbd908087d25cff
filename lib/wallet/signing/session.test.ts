import type { ApiPromise } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { hexToBytes } from '@noble/hashes/utils.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keccak256, parseEther, recoverTransactionAddress, serializeTransaction, type Hex } from 'viem';
import { startDevnet, type RunningDevnet } from '../../../devnet/launch';
import { connectChain, updateConstraints } from '../../chain';
import { ethereumAddress, type KeyShare } from '../../protocol';
import { getSignature } from '../../tss';
import { randomX25519SecretKey } from '../../wire';
import { runRegistration, type RegistrationProgress } from '../registration/session';
import { ConstraintViolation } from './errors';
import { runSigningSession, type SigningSessionOptions } from './session';
import { SessionTracker, type SigningSessionView } from './view';

const DEAD = '0x000000000000000000000000000000000000dEaD';
/** A signed session's steps, in order, each begun once. */
const SIGNED_STEPS = ['submit', 'committee', 'deliver', 'subscribe', 'protocol', 'verify'];

function transaction(nonce: number, to: Hex = DEAD): Hex {
  return serializeTransaction({
    chainId: 1,
    to,
    value: parseEther('0.5'),
    nonce,
    gas: 21_000n,
    maxFeePerGas: 2_000_000_000n,
    maxPriorityFeePerGas: 1_000_000n,
  });
}

function tracked(requestId: string, account: string, sigHash: Hex) {
  const views: SigningSessionView[] = [];
  const tracker = new SessionTracker({ requestId, account, sigHash, maxAttempts: 3 }, (v) => views.push(v));
  return { tracker, views, last: () => views.at(-1)! };
}

describe('the wallet’s signing session against a local Entropy network', () => {
  let devnet: RunningDevnet;
  let api: ApiPromise;
  const charlie = new Keyring({ type: 'sr25519', ss58Format: 42 }).addFromUri('//Charlie');
  const x25519SecretKey = randomX25519SecretKey();
  let share: KeyShare;
  const registration: RegistrationProgress[] = [];

  beforeAll(async () => {
    devnet = await startDevnet({ groups: 2, groupSize: 2, blockTime: 300, chainPort: 0, tssBasePort: 0 });
    api = await connectChain({ endpoint: devnet.chainUrl });
    share = await runRegistration({
      api,
      pair: charlie,
      x25519SecretKey,
      constraints: { evmAcl: { addresses: [DEAD], kind: 'Allow', allowNullRecipient: false } },
      onProgress: (p) => registration.push(p),
    });
  });
  afterAll(async () => {
    await api?.disconnect();
    await devnet?.stop();
  });

  /** One request of Charlie's for `tx`, over the live share, and its views. */
  function request(requestId: string, tx: Hex, overrides: Partial<SigningSessionOptions> = {}) {
    const sigHash = keccak256(tx);
    const { tracker, last, views } = tracked(requestId, charlie.address, sigHash);
    const options: SigningSessionOptions = {
      api,
      pair: charlie,
      x25519SecretKey,
      share,
      saveShare: async (saved) => {
        share = saved;
      },
      // The live share holds every run's start, as the worker's share read back with the record applied.
      recordRun: async () => undefined,
      sigHash: hexToBytes(sigHash.slice(2)),
      delivery: { arch: 'evm', transactionRequest: tx },
      tracker,
      ...overrides,
    };
    return { options, last, views };
  }

  it('registers: the committee is announced, the DKG runs and the chain holds our verifying key', async () => {
    expect(registration.map((p) => p.step)).toEqual(
      expect.arrayContaining(['submit', 'committee', 'confirm', 'done']),
    );
    expect(registration.find((p) => p.step === 'committee')?.committee).toHaveLength(2);
    const onChain = await api.query.relayer.registered(charlie.address);
    expect(onChain.unwrap().toHex()).toBe(`0x${Buffer.from(share.verifyingKey).toString('hex')}`);
    expect(registration.at(-1)?.ethAddress).toBe(ethereumAddress(share.verifyingKey));
  });

  it('signs an allowed transaction: the signature recovers to the account’s Ethereum address', async () => {
    const { options, last } = request('r1', transaction(0));
    const signature = await runSigningSession(options);
    const r = `0x${Buffer.from(signature.subarray(0, 32)).toString('hex')}` as Hex;
    const s = `0x${Buffer.from(signature.subarray(32, 64)).toString('hex')}` as Hex;
    const signed = serializeTransaction(
      {
        chainId: 1,
        to: DEAD,
        value: parseEther('0.5'),
        nonce: 0,
        gas: 21_000n,
        maxFeePerGas: 2_000_000_000n,
        maxPriorityFeePerGas: 1_000_000n,
      },
      { r, s, yParity: signature[64]! },
    );
    expect(await recoverTransactionAddress({ serializedTransaction: signed as never })).toBe(
      ethereumAddress(share.verifyingKey),
    );

    const view = last();
    expect(view.status).toBe('done');
    expect(view.attempt).toBe(1);
    expect(view.members.map((m) => m.group)).toEqual([0, 1]);
    expect(view.members.every((m) => m.state === 'done')).toBe(true);
    expect(view.members.every((m) => m.constraintResults?.every((c) => c.passed))).toBe(true);
    expect(view.steps.map((s) => s.name)).toEqual(SIGNED_STEPS);
    expect(view.steps.every((s) => s.endedAt !== undefined && s.endedAt >= s.startedAt)).toBe(true);
    expect(view.signature).toBe(`0x${Buffer.from(signature).toString('hex')}`);
  });

  it('shows every step in order when the validators start among themselves before the last verdict reaches us', async () => {
    // One member's accepting verdict is held back: the other reports its run before we hear it.
    let slowEndpoint: string | undefined;
    const { options, last, views } = request('r-late-verdict', transaction(4), {
      fetch: async (input, init) => {
        const url = String(input instanceof Request ? input.url : input);
        const response = await fetch(input, init);
        if (url.endsWith('/user/tx')) {
          slowEndpoint ??= url;
          if (url === slowEndpoint) await new Promise((r) => setTimeout(r, 1_500));
        }
        return response;
      },
    });
    await runSigningSession(options);
    // The race this is about: a member's run was under way while we still awaited a verdict.
    expect(
      views.some(
        (v) => v.members.some((m) => m.state === 'running') && v.members.some((m) => !m.constraintResults),
      ),
    ).toBe(true);
    expect(last().steps.map((s) => s.name)).toEqual(SIGNED_STEPS);
  });

  it('sends nothing when the run’s start cannot be persisted: the storage’s error is the answer', async () => {
    const storageError = new Error('storage quota exceeded');
    let recordedAt = 0;
    const { options, last } = request('r-unrecorded', transaction(3), {
      recordRun: async () => {
        recordedAt = Date.now();
        throw storageError;
      },
    });
    const error = await runSigningSession(options).catch((e: unknown) => e);
    expect(error).toBe(storageError);
    expect(recordedAt).toBeGreaterThan(0);
    expect(last().status).toBe('failed');
    expect(last().attempt).toBe(1);
    // No member got our first round: none of them holds a signature for the request.
    const blockNumber = last().blockNumber;
    expect(blockNumber).toBeDefined();
    for (const member of devnet.validators) {
      const result = await getSignature(member.url, {
        account: charlie.publicKey,
        sigHash: options.sigHash,
        blockNumber,
      });
      expect(result?.status).not.toBe('done');
    }
  });

  it('refuses a transaction to a recipient outside the allow list, with every validator’s reason', async () => {
    const { options, last } = request('r2', transaction(1, '0x1111111111111111111111111111111111111111'));
    const error = await runSigningSession(options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConstraintViolation);
    const verdicts = (error as ConstraintViolation).details?.verdicts as {
      accepted: boolean;
      constraints: { ok: boolean; reason: string }[];
    }[];
    expect(verdicts).toHaveLength(2);
    expect(
      verdicts.every((v) => !v.accepted && v.constraints.some((c) => !c.ok && c.reason.length > 0)),
    ).toBe(true);
    const view = last();
    expect(view.status).toBe('failed');
    expect(view.error?.code).toBe('CONSTRAINT_VIOLATION');
    expect(view.members.every((m) => m.state === 'constraints-failed')).toBe(true);
  });

  it('lets the constraint account widen the list, after which the same recipient signs', async () => {
    const other = '0x1111111111111111111111111111111111111111';
    await updateConstraints(api, charlie, charlie.address, {
      evmAcl: { addresses: [DEAD, other], kind: 'Allow', allowNullRecipient: false },
    });
    const { options } = request('r3', transaction(2, other));
    const signature = await runSigningSession(options);
    expect(signature).toHaveLength(65);
  });
});
