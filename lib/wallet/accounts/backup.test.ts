import { cryptoWaitReady } from '@polkadot/util-crypto';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PRODUCTION_SCRYPT, VaultLocked, WeakPassword } from '../vault';
import { BACKUP_FORMAT, encryptBackup } from './backup';
import { BackupInvalid, WrongBackupPassword } from './errors';
import { DEV_ADDRESS, DEV_PHRASE, registrationFor, TEST_COST, unlockedServices } from './test-support';

const BACKUP_PASSWORD = 'backup password';
const SHARE = new Uint8Array([1, 2, 3, 250, 251, 252]);

beforeAll(async () => {
  await cryptoWaitReady();
});

beforeEach(() => {
  fakeBrowser.reset();
});

/** A wallet with a registered account (key share + registration) and a plain one; returns its backup. */
async function walletWithBackup() {
  const { accounts } = await unlockedServices();
  const plain = await accounts.create({ name: 'Plain', mnemonic: accounts.generateMnemonic() });
  await accounts.create({ name: 'Registered', mnemonic: DEV_PHRASE });
  await accounts.putKeyShare(DEV_ADDRESS, SHARE);
  const registration = registrationFor(DEV_ADDRESS);
  await accounts.setRegistration(DEV_ADDRESS, registration);
  const file = await accounts.exportBackup(BACKUP_PASSWORD);
  return { accounts, file, plain, registration, list: await accounts.list() };
}

function flipHex(hex: string): string {
  return hex.slice(0, -1) + (hex.endsWith('0') ? '1' : '0');
}

describe('backup', () => {
  it('round-trips accounts, key shares and registrations into a new wallet', async () => {
    const { file, list } = await walletWithBackup();
    expect(file).not.toContain('bottom');
    expect(JSON.parse(file)).toMatchObject({
      format: BACKUP_FORMAT,
      version: 1,
      kdf: { name: 'scrypt', ...TEST_COST },
    });

    fakeBrowser.reset(); // another browser profile
    const { accounts } = await unlockedServices('another wallet password');
    const imported = await accounts.importBackup(file, BACKUP_PASSWORD);
    // Accounts whose share the file held count as backed up (in both wallets); the others do not.
    const expected = list.map((a) =>
      a.address === DEV_ADDRESS ? { ...a, backedUpAt: expect.any(Number) } : a,
    );
    expect(list.find((a) => a.address === DEV_ADDRESS)?.backedUpAt).toEqual(expect.any(Number));
    expect(list.find((a) => a.address !== DEV_ADDRESS)?.backedUpAt).toBeUndefined();
    expect(imported).toEqual(expected);
    expect(await accounts.list()).toEqual(expected);
    expect(await accounts.getKeyShare(DEV_ADDRESS)).toEqual(SHARE);
    expect((await accounts.pair(DEV_ADDRESS)).address).toBe(DEV_ADDRESS);
    expect(await accounts.exportMnemonic(DEV_ADDRESS, 'another wallet password')).toBe(DEV_PHRASE);
    expect((await accounts.x25519(list[0]!.address)).secretKey).toHaveLength(32);
  });

  it('exports only the chosen accounts, once each', async () => {
    const { accounts } = await walletWithBackup();
    const file = await accounts.exportBackup(BACKUP_PASSWORD, [DEV_ADDRESS, DEV_ADDRESS]);
    fakeBrowser.reset();
    const fresh = await unlockedServices();
    expect((await fresh.accounts.importBackup(file, BACKUP_PASSWORD)).map((a) => a.address)).toEqual([
      DEV_ADDRESS,
    ]);
  });

  it('fills a missing key share into an existing account and leaves the rest alone', async () => {
    const { file } = await walletWithBackup();
    fakeBrowser.reset();
    const { accounts } = await unlockedServices();
    await accounts.create({ name: 'Mine', mnemonic: DEV_PHRASE });
    const changed = await accounts.importBackup(file, BACKUP_PASSWORD);
    expect(changed.find((a) => a.address === DEV_ADDRESS)?.name).toBe('Mine');
    expect(await accounts.getKeyShare(DEV_ADDRESS)).toEqual(SHARE);
    expect(await accounts.list()).toHaveLength(2);
    // Importing again changes nothing.
    expect(await accounts.importBackup(file, BACKUP_PASSWORD)).toEqual([]);
  });

  it('refuses a wrong backup password and changes nothing', async () => {
    const { file } = await walletWithBackup();
    fakeBrowser.reset();
    const { accounts } = await unlockedServices();
    await accounts.create({ name: 'Mine', mnemonic: DEV_PHRASE });
    const before = await fakeBrowser.storage.local.get();
    await expect(accounts.importBackup(file, 'wrong backup pw')).rejects.toBeInstanceOf(WrongBackupPassword);
    expect(await fakeBrowser.storage.local.get()).toEqual(before);
  });

  it.each([
    ['not JSON', () => 'garbage{'],
    ['another format', (f: string) => JSON.stringify({ ...JSON.parse(f), format: 'x' })],
    ['a future version', (f: string) => JSON.stringify({ ...JSON.parse(f), version: 2 })],
    ['a missing nonce', (f: string) => JSON.stringify({ ...JSON.parse(f), nonce: undefined })],
    [
      'an absurd KDF cost',
      (f: string) => JSON.stringify({ ...JSON.parse(f), kdf: { ...JSON.parse(f).kdf, N: 2 ** 30 } }),
    ],
    ['a JSON array', () => '[]'],
  ])('reports a corrupt file (%s) as BackupInvalid and changes nothing', async (_name, corrupt) => {
    const { file } = await walletWithBackup();
    fakeBrowser.reset();
    const { accounts } = await unlockedServices();
    await accounts.create({ name: 'Mine', mnemonic: DEV_PHRASE });
    const before = await fakeBrowser.storage.local.get();
    await expect(accounts.importBackup(corrupt(file), BACKUP_PASSWORD)).rejects.toBeInstanceOf(BackupInvalid);
    expect(await fakeBrowser.storage.local.get()).toEqual(before);
  });

  it.each(['ciphertext', 'nonce'] as const)('detects a modified %s', async (field) => {
    const { file } = await walletWithBackup();
    const parsed = JSON.parse(file);
    const tampered = JSON.stringify({ ...parsed, [field]: flipHex(parsed[field]) });
    await expect(
      (await unlockedServices()).accounts.importBackup(tampered, BACKUP_PASSWORD),
    ).rejects.toBeInstanceOf(WrongBackupPassword);
  });

  it('detects modified KDF parameters (bound as associated data)', async () => {
    const { file } = await walletWithBackup();
    const parsed = JSON.parse(file);
    const tampered = JSON.stringify({ ...parsed, kdf: { ...parsed.kdf, r: 4 } });
    await expect(
      (await unlockedServices()).accounts.importBackup(tampered, BACKUP_PASSWORD),
    ).rejects.toBeInstanceOf(WrongBackupPassword);
  });

  it('rejects a well-encrypted backup whose contents are invalid, importing none of it', async () => {
    const good = { name: 'ok', address: DEV_ADDRESS, mnemonic: DEV_PHRASE };
    const cases = [
      [good, { name: 'bad', address: DEV_ADDRESS, mnemonic: DEV_PHRASE.replace(/walk$/, 'word') }],
      [{ ...good, address: '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY' }],
      [good, good],
      [{ ...good, registration: { ...registrationFor(DEV_ADDRESS), ethAddress: '0x00' } }],
    ];
    const { accounts } = await unlockedServices();
    for (const entries of cases) {
      const file = await encryptBackup(entries as never, BACKUP_PASSWORD, TEST_COST);
      await expect(accounts.importBackup(file, BACKUP_PASSWORD)).rejects.toBeInstanceOf(BackupInvalid);
      expect(await accounts.list()).toEqual([]);
    }
  });

  it('needs an unlocked wallet and a long enough backup password', async () => {
    const { vault, accounts, file } = { ...(await walletWithBackup()), ...(await unlockedServices()) };
    await expect(accounts.exportBackup('short')).rejects.toBeInstanceOf(WeakPassword);
    await vault.lock();
    await expect(accounts.exportBackup(BACKUP_PASSWORD)).rejects.toBeInstanceOf(VaultLocked);
    await expect(accounts.importBackup(file, BACKUP_PASSWORD)).rejects.toBeInstanceOf(VaultLocked);
  });

  it('stores its own KDF parameters, so a backup from a stronger setting still opens', async () => {
    const file = await encryptBackup(
      [{ name: 'd', address: DEV_ADDRESS, mnemonic: DEV_PHRASE }],
      BACKUP_PASSWORD,
      { N: 2 ** 11, r: 4, p: 2 },
    );
    expect(JSON.parse(file).kdf).toMatchObject({ N: 2 ** 11, r: 4, p: 2 });
    expect(PRODUCTION_SCRYPT.N).toBeGreaterThan(2 ** 11);
    const { accounts } = await unlockedServices();
    expect(await accounts.importBackup(file, BACKUP_PASSWORD)).toHaveLength(1);
  });
});
