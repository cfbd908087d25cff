import type { ApiPromise } from '@polkadot/api';
import { describe, expect, it, vi } from 'vitest';
import { WalletError } from '../../errors';
import { createSigningService, type SigningServiceDeps } from './service';
import type { SessionViews } from './sessions';

function deferred(): { promise: Promise<void>; resolve(): void; reject(error: unknown): void } {
  let resolve: () => void = () => {};
  let reject: (error: unknown) => void = () => {};
  const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

/** A service whose account has no key share here: a run that gets past its check fails on that. */
function service() {
  const accounts = {
    keyShare: vi.fn(async () => undefined),
    signingKeys: vi.fn(
      async () => ({}) as Awaited<ReturnType<SigningServiceDeps['accounts']['signingKeys']>>,
    ),
    x25519: vi.fn(async () => ({ secretKey: new Uint8Array(32), publicKey: new Uint8Array(32) })),
    putKeyShare: vi.fn(async () => {}),
    recordRun: vi.fn(async () => {}),
  };
  const views: SessionViews = { list: async () => [], put: vi.fn(async () => {}), subscribe: () => () => {} };
  const signing = createSigningService({
    accounts,
    api: async () => ({}) as ApiPromise,
    views,
    hold: () => () => {},
  });
  return { signing, accounts, views };
}

const input = (precheck: Promise<unknown>) => ({
  requestId: 'req-1',
  account: '5Alice',
  sigHash: `0x${'11'.repeat(32)}` as const,
  delivery: { arch: 'hash' as const, hash: `0x${'11'.repeat(32)}` as const },
  precheck,
});

const settled = () => new Promise((r) => setTimeout(r, 0));

describe('the caller’s check before a signing run', () => {
  it('reads the keys and the share meanwhile, but starts no session before the check passed', async () => {
    const { signing, accounts, views } = service();
    const check = deferred();
    const run = signing.signHash(input(check.promise), () => {});
    run.catch(() => undefined);
    await settled();
    expect(accounts.signingKeys).toHaveBeenCalledOnce();
    expect(accounts.keyShare).toHaveBeenCalledOnce();
    expect(views.put).not.toHaveBeenCalled();
    check.resolve();
    await expect(run).rejects.toMatchObject({ code: 'KEY_SHARE_MISSING' });
    expect(views.put).toHaveBeenCalled();
  });

  it('a refusing check is the answer: no session, nothing submitted', async () => {
    const { signing, views } = service();
    const refusal = new WalletError('recipient denied', { code: 'CONSTRAINT_VIOLATION' });
    await expect(signing.signHash(input(Promise.reject(refusal)), () => {})).rejects.toBe(refusal);
    expect(views.put).not.toHaveBeenCalled();
  });
});
