import type { ApiPromise } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { hashMessage, toHex } from 'viem';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { startDevnet, type RunningDevnet } from '../../../devnet/launch';
import { connectChain, submitAndWaitInBlock } from '../../chain';
import { recoverSigner } from '../../ethereum/signature';
import { decodeKeyShare } from '../../protocol';
import { createAccounts } from '../accounts/accounts';
import type { AccountRegistration } from '../accounts/types';
import { createRegistrationService } from '../registration/service';
import { runRegistration } from '../registration/session';
import { createSigningService } from '../signing/service';
import { createSessionViews } from '../signing/sessions';
import { createVault } from '../vault/vault';
import { createRestoreService, type RestoreProgress } from './restore';

const PASSWORD = 'correct horse battery staple';
const SMALL_KDF = { N: 2 ** 10, r: 1, p: 1 };
const hold = () => () => {};

/** One device's worker services over the current (fake) extension storage. */
async function device(
  api: ApiPromise,
  opts: { chainTimeoutMs?: number; apiOverride?: () => Promise<ApiPromise> } = {},
) {
  const vault = createVault({ kdfCost: SMALL_KDF });
  if (!(await vault.isInitialised())) await vault.create(PASSWORD);
  const accounts = createAccounts(vault);
  const apiOf = opts.apiOverride ?? (async () => api);
  return {
    accounts,
    registration: createRegistrationService({ accounts, api: apiOf, hold }),
    signing: createSigningService({ accounts, api: apiOf, views: createSessionViews(), hold }),
    recovery: createRestoreService({
      accounts,
      api: apiOf,
      hold,
      chainTimeoutMs: opts.chainTimeoutMs,
      protocolTimeoutMs: 20_000,
    }),
  };
}

async function sign(d: Awaited<ReturnType<typeof device>>, address: string, text: string) {
  const message = toHex(text);
  const sigHash = hashMessage({ raw: message });
  const signature = await d.signing.signHash(
    { requestId: text, account: address, sigHash, delivery: { arch: 'message', message } },
    () => {},
  );
  return recoverSigner(sigHash, signature);
}

describe('restoring the threshold key from the recovery phrase, against a devnet', () => {
  let devnet: RunningDevnet;
  let api: ApiPromise;
  const alice = new Keyring({ type: 'sr25519' }).addFromUri('//Alice');
  let mnemonic: string;
  let address: string;
  let ethAddress: string;
  let secretShare: bigint;
  /** Device A's stored share and registration, to rebuild A after B restored the account. */
  let shareA: Uint8Array;
  let registrationA: AccountRegistration;

  beforeAll(async () => {
    await cryptoWaitReady();
    devnet = await startDevnet({
      groups: 2,
      groupSize: 2,
      blockTime: 300,
      chainPort: 0,
      tssBasePort: 0,
      // RESTORE_TEST_LOG=1 shows the chain's and the servers' logs.
      log: (line: string) => (process.env.RESTORE_TEST_LOG ? console.info(line) : undefined),
    });
    api = await connectChain({ endpoint: devnet.chainUrl });
    // Device A: a new account, registered (its share derived from the phrase).
    fakeBrowser.reset();
    const a = await device(api);
    mnemonic = a.accounts.generateMnemonic();
    address = (await a.accounts.create({ name: 'Main', mnemonic })).address;
    await submitAndWaitInBlock(api, api.tx.balances!.transferKeepAlive!(address, 10n ** 13n), alice);
    const registered = await a.registration.register({ address }, () => {});
    expect(registered.registration?.keyRecovery).toBe('phrase');
    ethAddress = registered.registration!.ethAddress;
    shareA = (await a.accounts.getKeyShare(address))!;
    registrationA = registered.registration!;
    secretShare = decodeKeyShare(shareA).secretShare;
  });
  afterAll(async () => {
    await api?.disconnect();
    await devnet?.stop();
  });
  beforeEach(() => fakeBrowser.reset()); // every test starts as a fresh browser profile

  it('shows what a phrase restores, then restores account and key on a fresh device, which signs', async () => {
    const b = await device(api);
    expect(await b.recovery.preview(mnemonic)).toEqual({
      address,
      registration: expect.objectContaining({ ethAddress, groups: [0, 1], fromPhrase: true }),
    });
    const steps: RestoreProgress[] = [];
    const account = await b.recovery.restorePhrase({ name: 'Restored', mnemonic }, (p) => {
      steps.push(p);
      if (process.env.RESTORE_TEST_LOG) console.info(JSON.stringify(p));
    });
    expect(account).toMatchObject({ address, registration: { ethAddress, keyRecovery: 'phrase' } });
    // The same share as the registering device derived, linked again with every group.
    const share = decodeKeyShare((await b.accounts.getKeyShare(address))!);
    expect(share.secretShare).toBe(secretShare);
    expect([...share.ot.keys()].sort()).toEqual(['group-0', 'group-1']);
    expect(steps.map((s) => s.step)).toEqual(expect.arrayContaining(['discover', 'link', 'store', 'done']));
    expect(steps.find((s) => s.step === 'store')?.preview?.registration?.ethAddress).toBe(ethAddress);
    const last = steps.filter((s) => s.groups).at(-1)!;
    expect(last.groups!.map((g) => g.state)).toEqual(['done', 'done']);
    expect(await sign(b, address, 'signed on the restored device')).toBe(ethAddress);

    // Device A still holds the older pairs: a clear error at once, no retries with other committees.
    fakeBrowser.reset();
    const a = await device(api);
    await a.accounts.create({ name: 'Main', mnemonic });
    await a.accounts.putKeyShare(address, shareA);
    await a.accounts.setRegistration(address, registrationA);
    const stale = await sign(a, address, 'signed with the old copy').catch((e: unknown) => e);
    expect(stale).toMatchObject({
      code: 'SHARE_RESTORED_ELSEWHERE',
      message: expect.stringContaining('restored on another device; restore it here again to sign'),
    });
    // Restoring it there again makes A the live device.
    await a.recovery.restoreAccount(address, () => {});
    expect(await sign(a, address, 'signed after restoring here again')).toBe(ethAddress);
  });

  it('a wrong phrase and an unregistered account get clear errors and write nothing', async () => {
    const b = await device(api);
    const wrong = await b.recovery
      .restorePhrase({ name: 'X', mnemonic: 'these are not twelve valid words at all' }, () => {})
      .catch((e: unknown) => e);
    expect(wrong).toMatchObject({ code: 'INVALID_MNEMONIC' });
    const other = b.accounts.generateMnemonic();
    expect(await b.recovery.preview(other)).toEqual({ address: expect.any(String) });
    const unregistered = await b.recovery
      .restorePhrase({ name: 'X', mnemonic: other }, () => {})
      .catch((e: unknown) => e);
    expect(unregistered).toMatchObject({
      code: 'NOT_REGISTERED',
      message: expect.stringContaining('not registered'),
    });
    expect(await b.accounts.list()).toEqual([]);
  });

  it('a chain that does not answer is a clear error, within the configured bound', async () => {
    const b = await device(api, {
      chainTimeoutMs: 500,
      apiOverride: () => new Promise<ApiPromise>(() => undefined),
    });
    const error = await b.recovery.restorePhrase({ name: 'X', mnemonic }, () => {}).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'CHAIN_UNAVAILABLE' });
    expect(await b.accounts.list()).toEqual([]);
  });

  it('a signing group that refuses the OT setup fails the restore, naming the group; nothing is written', async () => {
    const b = await device(api);
    const group1 = devnet.validators.flatMap((v, i) => (v.group === 1 ? [i] : []));
    await Promise.all(group1.map((i) => devnet.stopValidator(i)));
    try {
      const steps: RestoreProgress[] = [];
      const error = await b.recovery
        .restorePhrase({ name: 'X', mnemonic }, (p) => steps.push(p))
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'RESTORE_FAILED', details: { group: 1 } });
      expect(
        steps
          .filter((s) => s.groups)
          .at(-1)
          ?.groups?.find((g) => g.group === 1)?.state,
      ).toBe('failed');
      expect(await b.accounts.list()).toEqual([]);
    } finally {
      await Promise.all(group1.map((i) => devnet.startValidator(i)));
    }
  });

  it('an account registered with a random share (before phrase recovery) is found but not restorable', async () => {
    const legacy = await device(api);
    const phrase = legacy.accounts.generateMnemonic();
    const account = await legacy.accounts.create({ name: 'Old', mnemonic: phrase });
    await submitAndWaitInBlock(api, api.tx.balances!.transferKeepAlive!(account.address, 10n ** 13n), alice);
    const [pair, x25519] = await Promise.all([
      legacy.accounts.pair(account.address),
      legacy.accounts.x25519(account.address),
    ]);
    await runRegistration({ api, pair, x25519SecretKey: x25519.secretKey });
    fakeBrowser.reset();
    const b = await device(api);
    const preview = await b.recovery.preview(phrase);
    expect(preview.registration).toMatchObject({ fromPhrase: false });
    const error = await b.recovery
      .restorePhrase({ name: 'Old', mnemonic: phrase }, () => {})
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'KEY_NOT_FROM_PHRASE',
      message: expect.stringContaining('backup file'),
    });
    expect(await b.accounts.list()).toEqual([]);
  });
});
