import { cryptoWaitReady, signatureVerify } from '@polkadot/util-crypto';
import { isReady as wasmReady } from '@polkadot/wasm-crypto';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createVault, DEFAULT_AUTO_LOCK_MINUTES, VaultLocked, WrongPassword } from '../vault';
import { randomBytes } from '@noble/hashes/utils.js';
import { decodeKeyShare, encodeKeyShare, encodeRunRecord, type KeyShare } from '../../protocol';
import { runDigest } from '../../protocol/pairState';
import { partyIds, syntheticShare } from '../../protocol/testHarness';
import { createAccounts, MAX_RUN_RECORD_BYTES } from './accounts';
import { decryptBackup } from './backup';
import { AccountExists, AccountNotFound, InvalidAccountData, InvalidMnemonic } from './errors';
import {
  DEV_ADDRESS,
  DEV_PHRASE,
  PASSWORD,
  registrationFor,
  TEST_COST,
  unlockedServices,
} from './test-support';

beforeAll(async () => {
  await cryptoWaitReady();
});

beforeEach(() => {
  fakeBrowser.reset();
});

describe('accounts', () => {
  it('imports a mnemonic as the sr25519 account polkadot.js derives', async () => {
    const { accounts } = await unlockedServices();
    const info = await accounts.create({ name: ' Dev ', mnemonic: `  ${DEV_PHRASE.toUpperCase()} ` });
    expect(info).toMatchObject({ address: DEV_ADDRESS, name: 'Dev' });
    const pair = await accounts.pair(DEV_ADDRESS);
    expect(pair.type).toBe('sr25519');
    const message = new TextEncoder().encode('hello');
    expect(signatureVerify(message, pair.sign(message), DEV_ADDRESS).isValid).toBe(true);
  });

  it('gives the same key as a keyring pair and a frame signer from one derivation, signing with schnorrkel’s WASM (loaded by then); locked, none', async () => {
    const { accounts, vault } = await unlockedServices();
    await accounts.create({ name: 'Dev', mnemonic: DEV_PHRASE });
    const { pair: keysPair, signer } = await accounts.signingKeys(DEV_ADDRESS);
    expect(wasmReady()).toBe(true);
    expect(signer.publicKey).toEqual((await accounts.pair(DEV_ADDRESS)).publicKey);
    // The keyring pair derived with it is the account's, named, and signs for its address.
    expect(keysPair.address).toBe(DEV_ADDRESS);
    expect(keysPair.meta.name).toBe('Dev');
    const extrinsic = new TextEncoder().encode('an extrinsic');
    expect(signatureVerify(extrinsic, keysPair.sign(extrinsic), DEV_ADDRESS).isValid).toBe(true);
    const message = new TextEncoder().encode('a protocol frame');
    const signature = signer.sign(message);
    expect(signatureVerify(message, signature, DEV_ADDRESS).isValid).toBe(true);
    // sr25519 signatures are randomised: a second one differs and verifies too.
    expect(signer.sign(message)).not.toEqual(signature);
    await vault.lock();
    await expect(accounts.signingKeys(DEV_ADDRESS)).rejects.toBeInstanceOf(VaultLocked);
  });

  it('derives the keys once per unlock: a lock drops them, a vault whose time ran out gives none, a rename renews them', async () => {
    let now = Date.now();
    const vault = createVault({ kdfCost: TEST_COST, now: () => now });
    await vault.create(PASSWORD);
    const accounts = createAccounts(vault);
    await accounts.create({ name: 'Dev', mnemonic: DEV_PHRASE });
    const getSecret = vi.spyOn(vault, 'getSecret');
    const phraseReads = () => getSecret.mock.calls.filter(([name]) => name.endsWith('/mnemonic')).length;
    const first = await accounts.signingKeys(DEV_ADDRESS);
    expect(await accounts.signingKeys(DEV_ADDRESS)).toBe(first);
    expect(phraseReads()).toBe(1);
    await vault.lock();
    await expect(accounts.signingKeys(DEV_ADDRESS)).rejects.toBeInstanceOf(VaultLocked);
    await vault.unlock(PASSWORD);
    const again = await accounts.signingKeys(DEV_ADDRESS);
    expect(again).not.toBe(first);
    expect(again.signer.publicKey).toEqual(first.signer.publicKey);
    expect(phraseReads()).toBe(2);
    await accounts.rename(DEV_ADDRESS, 'Renamed');
    expect((await accounts.signingKeys(DEV_ADDRESS)).pair.meta.name).toBe('Renamed');
    // Past the auto-lock time, with no alarm run: locked all the same.
    now += (DEFAULT_AUTO_LOCK_MINUTES + 1) * 60_000;
    await expect(accounts.signingKeys(DEV_ADDRESS)).rejects.toBeInstanceOf(VaultLocked);
  });

  it('creates from a generated mnemonic and lists accounts without secrets, even when locked', async () => {
    const { vault, accounts } = await unlockedServices();
    const mnemonic = accounts.generateMnemonic();
    expect(mnemonic.split(' ')).toHaveLength(12);
    const a = await accounts.create({ name: 'A', mnemonic });
    const b = await accounts.create({ name: 'B', mnemonic: DEV_PHRASE });
    await vault.lock();
    const list = await accounts.list();
    expect(list.map((x) => x.address)).toEqual([a.address, b.address]);
    expect(list[0]).toEqual({ address: a.address, name: 'A', publicKey: a.publicKey });
    const everythingStored = JSON.stringify(await fakeBrowser.storage.local.get());
    expect(everythingStored).not.toContain(mnemonic.split(' ').slice(0, 3).join(' '));
    expect(everythingStored).not.toContain('bottom drive');
    await expect(accounts.pair(a.address)).rejects.toBeInstanceOf(VaultLocked);
  });

  it('refuses invalid mnemonics, duplicates, empty names and a locked vault', async () => {
    const { vault, accounts } = await unlockedServices();
    const badChecksum = DEV_PHRASE.replace(/walk$/, 'word');
    await expect(accounts.create({ name: 'x', mnemonic: badChecksum })).rejects.toBeInstanceOf(
      InvalidMnemonic,
    );
    await expect(accounts.create({ name: '  ', mnemonic: DEV_PHRASE })).rejects.toBeInstanceOf(
      InvalidAccountData,
    );
    await accounts.create({ name: 'x', mnemonic: DEV_PHRASE });
    await expect(accounts.create({ name: 'y', mnemonic: DEV_PHRASE })).rejects.toBeInstanceOf(AccountExists);
    await vault.lock();
    await expect(
      accounts.create({ name: 'z', mnemonic: accounts.generateMnemonic() }),
    ).rejects.toBeInstanceOf(VaultLocked);
  });

  it('derives a per-account x25519 key that a mnemonic re-import reproduces', async () => {
    const { accounts } = await unlockedServices();
    const other = await accounts.create({ name: 'o', mnemonic: accounts.generateMnemonic() });
    await accounts.create({ name: 'd', mnemonic: DEV_PHRASE });
    const first = await accounts.x25519(DEV_ADDRESS);
    expect(first.secretKey).toHaveLength(32);
    expect(first.publicKey).not.toEqual((await accounts.x25519(other.address)).publicKey);
    await accounts.remove(DEV_ADDRESS);
    await accounts.create({ name: 'd', mnemonic: DEV_PHRASE });
    expect((await accounts.x25519(DEV_ADDRESS)).publicKey).toEqual(first.publicKey);
  });

  it('reads the x25519 key once per unlock, the same object for every use (the wire caches its agreements by it); a lock or a removal drops it', async () => {
    const { vault, accounts } = await unlockedServices();
    await accounts.create({ name: 'd', mnemonic: DEV_PHRASE });
    const getSecret = vi.spyOn(vault, 'getSecret');
    const reads = () => getSecret.mock.calls.filter(([name]) => name.endsWith('/x25519')).length;
    const first = await accounts.x25519(DEV_ADDRESS);
    const second = await accounts.x25519(DEV_ADDRESS);
    expect(second.secretKey).toBe(first.secretKey);
    expect(second.publicKey).toBe(first.publicKey);
    expect(reads()).toBe(1);
    await vault.lock();
    await expect(accounts.x25519(DEV_ADDRESS)).rejects.toBeInstanceOf(VaultLocked);
    await vault.unlock(PASSWORD);
    const again = await accounts.x25519(DEV_ADDRESS);
    expect(again.secretKey).not.toBe(first.secretKey);
    expect(again.secretKey).toEqual(first.secretKey);
    expect(reads()).toBe(2);
    await accounts.remove(DEV_ADDRESS);
    await expect(accounts.x25519(DEV_ADDRESS)).rejects.toBeInstanceOf(AccountNotFound);
    await accounts.create({ name: 'd', mnemonic: DEV_PHRASE });
    await accounts.x25519(DEV_ADDRESS);
    expect(reads()).toBe(3);
  });

  it('removes an account with its secrets', async () => {
    const { vault, accounts } = await unlockedServices();
    await accounts.create({ name: 'd', mnemonic: DEV_PHRASE });
    await accounts.putKeyShare(DEV_ADDRESS, new Uint8Array([1, 2]));
    await accounts.remove(DEV_ADDRESS);
    expect(await accounts.list()).toEqual([]);
    expect(await vault.getSecret(`account/${DEV_ADDRESS}/mnemonic`)).toBeUndefined();
    expect(await vault.getSecret(`account/${DEV_ADDRESS}/keyShare`)).toBeUndefined();
    await expect(accounts.remove(DEV_ADDRESS)).rejects.toBeInstanceOf(AccountNotFound);
    await expect(accounts.pair('not an address')).rejects.toBeInstanceOf(AccountNotFound);
  });

  it('stores key shares in the vault and registrations in the public list', async () => {
    const { vault, accounts } = await unlockedServices();
    await accounts.create({ name: 'd', mnemonic: DEV_PHRASE });
    await accounts.putKeyShare(DEV_ADDRESS, new Uint8Array([7, 7, 7]));
    expect(await accounts.getKeyShare(DEV_ADDRESS)).toEqual(new Uint8Array([7, 7, 7]));
    const registration = registrationFor(DEV_ADDRESS);
    await accounts.setRegistration(DEV_ADDRESS, registration);
    await vault.lock();
    expect((await accounts.list())[0]?.registration).toEqual(registration);
    await expect(accounts.getKeyShare(DEV_ADDRESS)).rejects.toBeInstanceOf(VaultLocked);
  });

  it('rejects a registration whose Ethereum address is not the verifying key’s', async () => {
    const { accounts } = await unlockedServices();
    await accounts.create({ name: 'd', mnemonic: DEV_PHRASE });
    const registration = {
      ...registrationFor(DEV_ADDRESS),
      ethAddress: registrationFor(DEV_ADDRESS).ethAddress,
    };
    await expect(accounts.setRegistration(DEV_ADDRESS, registration)).rejects.toMatchObject({
      details: { field: 'ethAddress' },
    });
    await expect(
      accounts.setRegistration(DEV_ADDRESS, { ...registrationFor(DEV_ADDRESS), constraintAccount: 'nope' }),
    ).rejects.toMatchObject({ details: { field: 'constraintAccount' } });
    expect((await accounts.list())[0]?.registration).toBeUndefined();
  });

  it('exports the mnemonic only with the wallet password', async () => {
    const { accounts } = await unlockedServices();
    await accounts.create({ name: 'd', mnemonic: DEV_PHRASE });
    await expect(accounts.exportMnemonic(DEV_ADDRESS, 'not the password')).rejects.toBeInstanceOf(
      WrongPassword,
    );
  });

  it('exports the mnemonic with the right password', async () => {
    const { accounts } = await unlockedServices();
    await accounts.create({ name: 'd', mnemonic: DEV_PHRASE });
    expect(await accounts.exportMnemonic(DEV_ADDRESS, PASSWORD)).toBe(DEV_PHRASE);
  });

  it('survives a worker restart (new services over the same storage)', async () => {
    const { accounts } = await unlockedServices();
    await accounts.create({ name: 'd', mnemonic: DEV_PHRASE });
    const restarted = await unlockedServices();
    expect((await restarted.accounts.pair(DEV_ADDRESS)).address).toBe(DEV_ADDRESS);
    await fakeBrowser.storage.session.clear();
    const afterBrowserRestart = await unlockedServices();
    expect(await afterBrowserRestart.accounts.list()).toHaveLength(1);
    await expect(afterBrowserRestart.accounts.pair(DEV_ADDRESS)).rejects.toBeInstanceOf(VaultLocked);
  });
});

describe('a key share’s run records', () => {
  const parties = partyIds(4);
  const peers = parties.slice(1);
  const runsOf = (share: KeyShare) => peers.map((p) => [...share.ot.get(p)!.runs].sort());

  it('keeps a run’s start beside the share without rewriting it: read back after a restart, in a backup, dropped by a put and a removal', async () => {
    const { vault, accounts } = await unlockedServices();
    await accounts.create({ name: 'd', mnemonic: DEV_PHRASE });
    const share = syntheticShare(parties);
    const stored = encodeKeyShare(share);
    await accounts.putKeyShare(DEV_ADDRESS, stored);
    const sessionId = randomBytes(32);
    await accounts.recordRun(DEV_ADDRESS, encodeRunRecord(share, peers, sessionId));

    expect(await vault.getSecret(`account/${DEV_ADDRESS}/keyShare`)).toEqual(stored);
    const restarted = (await unlockedServices()).accounts;
    const expected = peers.map(() => [runDigest(sessionId)]);
    expect(runsOf((await restarted.keyShare(DEV_ADDRESS))!)).toEqual(expected);
    expect(runsOf(decodeKeyShare((await restarted.getKeyShare(DEV_ADDRESS))!))).toEqual(expected);
    const [entry] = await decryptBackup(await restarted.exportBackup('backup password'), 'backup password');
    expect(runsOf(decodeKeyShare(entry!.keyShare!))).toEqual(expected);

    await restarted.putKeyShare(DEV_ADDRESS, stored);
    expect(await vault.getSecret(`account/${DEV_ADDRESS}/keyShare/runs`)).toBeUndefined();
    expect(runsOf((await restarted.keyShare(DEV_ADDRESS))!)).toEqual(peers.map(() => []));
    await restarted.recordRun(DEV_ADDRESS, encodeRunRecord(share, peers, sessionId));
    await restarted.remove(DEV_ADDRESS);
    expect(await vault.getSecret(`account/${DEV_ADDRESS}/keyShare/runs`)).toBeUndefined();
  });

  it(`folds the records into the share past ${MAX_RUN_RECORD_BYTES} bytes, losing none`, async () => {
    const { vault, accounts } = await unlockedServices();
    await accounts.create({ name: 'd', mnemonic: DEV_PHRASE });
    const share = syntheticShare(parties);
    await accounts.putKeyShare(DEV_ADDRESS, encodeKeyShare(share));
    const record = (id: Uint8Array) => encodeRunRecord(share, peers, id);
    const ids: Uint8Array[] = [];
    const kept = async () => (await vault.getSecret(`account/${DEV_ADDRESS}/keyShare/runs`))?.length ?? 0;
    while ((await kept()) + record(new Uint8Array(32)).length <= MAX_RUN_RECORD_BYTES) {
      ids.push(randomBytes(32));
      await accounts.recordRun(DEV_ADDRESS, record(ids.at(-1)!));
    }
    const before = await vault.getSecret(`account/${DEV_ADDRESS}/keyShare`);
    ids.push(randomBytes(32));
    await accounts.recordRun(DEV_ADDRESS, record(ids.at(-1)!));
    expect(await kept()).toBe(0);
    expect(await vault.getSecret(`account/${DEV_ADDRESS}/keyShare`)).not.toEqual(before);
    const folded = (await accounts.keyShare(DEV_ADDRESS))!;
    expect(runsOf(folded)).toEqual(peers.map(() => ids.map(runDigest).sort()));
  });

  it('decodes the share once per unlock: one object for every run, dropped by a write and a lock', async () => {
    const { vault, accounts } = await unlockedServices();
    await accounts.create({ name: 'd', mnemonic: DEV_PHRASE });
    const share = syntheticShare(parties);
    await accounts.putKeyShare(DEV_ADDRESS, encodeKeyShare(share));
    const live = (await accounts.keyShare(DEV_ADDRESS))!;
    expect(await accounts.keyShare(DEV_ADDRESS)).toBe(live);
    // A run's record is written before its start(), which records the id in the live object itself.
    const sessionId = randomBytes(32);
    await accounts.recordRun(DEV_ADDRESS, encodeRunRecord(share, peers, sessionId));
    expect(runsOf(live)).toEqual(peers.map(() => []));

    // A write replaces it with what was written (a run's discarded pair, a new setup).
    live.ot.get(peers[0]!)!.discarded = true;
    await accounts.putKeyShare(DEV_ADDRESS, encodeKeyShare(live));
    const written = (await accounts.keyShare(DEV_ADDRESS))!;
    expect(written).not.toBe(live);
    expect(written.ot.get(peers[0]!)!.discarded).toBe(true);

    await vault.lock();
    await expect(accounts.keyShare(DEV_ADDRESS)).rejects.toBeInstanceOf(VaultLocked);
    await vault.unlock(PASSWORD);
    const afterUnlock = (await accounts.keyShare(DEV_ADDRESS))!;
    expect(afterUnlock).not.toBe(written);
    expect(encodeKeyShare(afterUnlock)).toEqual(encodeKeyShare(written));
  });

  it('appends a record without reading the kept ones back, until a lock', async () => {
    const { vault, accounts } = await unlockedServices();
    await accounts.create({ name: 'd', mnemonic: DEV_PHRASE });
    const share = syntheticShare(parties);
    await accounts.putKeyShare(DEV_ADDRESS, encodeKeyShare(share));
    const getSecret = vi.spyOn(vault, 'getSecret');
    const readsOfRuns = () =>
      getSecret.mock.calls.filter(([name]) => name === `account/${DEV_ADDRESS}/keyShare/runs`).length;
    const ids = [randomBytes(32), randomBytes(32), randomBytes(32)];
    await accounts.recordRun(DEV_ADDRESS, encodeRunRecord(share, peers, ids[0]!));
    await accounts.recordRun(DEV_ADDRESS, encodeRunRecord(share, peers, ids[1]!));
    expect(readsOfRuns()).toBe(1);
    await vault.lock();
    await vault.unlock(PASSWORD);
    await accounts.recordRun(DEV_ADDRESS, encodeRunRecord(share, peers, ids[2]!));
    expect(readsOfRuns()).toBe(2);
    const restarted = (await unlockedServices()).accounts;
    expect(runsOf((await restarted.keyShare(DEV_ADDRESS))!)).toEqual(
      peers.map(() => ids.map(runDigest).sort()),
    );
  });
});
