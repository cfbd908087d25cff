import type { ApiPromise } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { hashMessage, toHex } from 'viem';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { startDevnet, type RunningDevnet } from '../../devnet/launch';
import { connectChain, submitAndWaitInBlock } from '../chain';
import { recoverSigner } from '../ethereum/signature';
import { decodeKeyShare } from '../protocol';
import { createAccounts } from './accounts/accounts';
import { createRegistrationService } from './registration/service';
import { createSigningService } from './signing/service';
import { createSessionViews } from './signing/sessions';
import { createVault } from './vault/vault';

const PASSWORD = 'correct horse battery staple';
const SMALL_KDF = { N: 2 ** 10, r: 1, p: 1 };

/** The worker's services over (fake) extension storage, as a freshly started worker builds them. */
function workerServices(api: ApiPromise) {
  const vault = createVault({ kdfCost: SMALL_KDF });
  const accounts = createAccounts(vault);
  const views = createSessionViews();
  const hold = () => () => {};
  return {
    vault,
    accounts,
    views,
    registration: createRegistrationService({ accounts, api: async () => api, hold }),
    signing: createSigningService({ accounts, api: async () => api, views, hold }),
  };
}

describe('the worker’s registration and signing services over extension storage, against a devnet', () => {
  let devnet: RunningDevnet;
  let api: ApiPromise;

  beforeAll(async () => {
    devnet = await startDevnet({ groups: 2, groupSize: 2, blockTime: 300, chainPort: 0, tssBasePort: 0 });
    api = await connectChain({ endpoint: devnet.chainUrl });
  });
  afterAll(async () => {
    await api?.disconnect();
    await devnet?.stop();
  });
  beforeEach(() => fakeBrowser.reset());

  it('registers a new account, stores its share, and signs with it again after a worker restart', async () => {
    const first = workerServices(api);
    await first.vault.create(PASSWORD);
    const account = await first.accounts.create({
      name: 'Main',
      mnemonic: first.accounts.generateMnemonic(),
    });
    const alice = new Keyring({ type: 'sr25519' }).addFromUri('//Alice');
    await submitAndWaitInBlock(api, api.tx.balances!.transferKeepAlive!(account.address, 10n ** 13n), alice);

    const steps: string[] = [];
    const registered = await first.registration.register({ address: account.address }, (p) =>
      steps.push(p.step),
    );
    expect(steps).toEqual(expect.arrayContaining(['submit', 'committee', 'confirm', 'done']));
    expect(registered.registration?.constraintAccount).toBe(account.address);
    expect((await first.accounts.list())[0]?.registration?.ethAddress).toBe(
      registered.registration?.ethAddress,
    );

    // A new worker: same storage, services built again; the vault stays unlocked via storage.session.
    const restarted = workerServices(api);
    const message = toHex('signed after a restart');
    const sigHash = hashMessage({ raw: message });
    const views: string[] = [];
    const signature = await restarted.signing.signHash(
      { requestId: 'req-1', account: account.address, sigHash, delivery: { arch: 'message', message } },
      (view) => views.push(view.status),
    );
    expect(recoverSigner(sigHash, signature)).toBe(registered.registration?.ethAddress);
    expect(views.at(-1)).toBe('done');
    expect((await restarted.views.list())[0]).toMatchObject({ requestId: 'req-1', status: 'done' });

    // Two requests for the same message at once share one session (one block would give both the same
    // session id) and both get its signature.
    const twice = toHex('asked twice at once');
    const twiceHash = hashMessage({ raw: twice });
    const [a, b] = await Promise.all(
      ['req-a', 'req-b'].map((requestId) =>
        restarted.signing.signHash(
          {
            requestId,
            account: account.address,
            sigHash: twiceHash,
            delivery: { arch: 'message', message: twice },
          },
          () => {},
        ),
      ),
    );
    expect(a).toEqual(b);
    expect(recoverSigner(twiceHash, a!)).toBe(registered.registration?.ethAddress);
    const listed = await restarted.views.list();
    expect(
      listed.filter((v) => v.requestId === 'req-a' || v.requestId === 'req-b').map((v) => v.status),
    ).toEqual(['done', 'done']);

    // Two different requests of one account at once: its OT pairs allow one run at a time, so the
    // second waits its turn (it is not refused), and both are signed.
    const pairOfMessages = ['first of two', 'second of two'].map((text) => toHex(text));
    const both = await Promise.all(
      pairOfMessages.map((message, i) =>
        restarted.signing.signHash(
          {
            requestId: `req-${i}-of-two`,
            account: account.address,
            sigHash: hashMessage({ raw: message }),
            delivery: { arch: 'message', message },
          },
          () => {},
        ),
      ),
    );
    both.forEach((signature, i) =>
      expect(recoverSigner(hashMessage({ raw: pairOfMessages[i]! }), signature)).toBe(
        registered.registration?.ethAddress,
      ),
    );
    // Every run's session id is in the stored share (persisted before the run sent anything): four
    // runs at least (retries add their own), none lost to a concurrent write.
    const stored = decodeKeyShare((await restarted.accounts.getKeyShare(account.address))!);
    for (const pair of stored.ot.values()) expect(pair.runs.size).toBeGreaterThanOrEqual(4);
  });

  it('refuses to sign for an account whose key share is not on this device, saying why', async () => {
    const services = workerServices(api);
    await services.vault.create(PASSWORD);
    const account = await services.accounts.create({
      name: 'Bare',
      mnemonic: services.accounts.generateMnemonic(),
    });
    const sigHash = hashMessage('x');
    const error = await services.signing
      .signHash(
        { requestId: 'req-2', account: account.address, sigHash, delivery: { arch: 'hash', hash: sigHash } },
        () => {},
      )
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'KEY_SHARE_MISSING' });
    expect((await services.views.list())[0]).toMatchObject({
      status: 'failed',
      error: { code: 'KEY_SHARE_MISSING' },
    });
  });
});
