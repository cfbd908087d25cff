import type { KeyringPair } from '@polkadot/keyring/types';
import type { Sr25519Signer } from '../../wire';
import { u8aToHex } from '@polkadot/util';
import { cryptoWaitReady, mnemonicGenerate } from '@polkadot/util-crypto';
import { storage } from 'wxt/utils/storage';
import { concatBytes } from '@noble/hashes/utils.js';
import { applyRunRecords, decodeKeyShare, encodeKeyShare, type KeyShare } from '../../protocol';
import {
  createSerial,
  MIN_PASSWORD_LENGTH,
  VaultCorrupt,
  VaultLocked,
  WeakPassword,
  type WalletVault,
} from '../vault';
import { decryptBackup, encryptBackup, type BackupAccount } from './backup';
import { AccountExists, AccountNotFound, InvalidAccountData } from './errors';
import {
  canonicalAddress,
  checkMnemonic,
  checkName,
  checkRegistration,
  pairFromMnemonic,
  signingKeysFromMnemonic,
  x25519PublicFromSecret,
  x25519SecretFromMnemonic,
} from './keys';
import { deriveUserShare, type ShareContext } from '../recovery/derive';
import type { AccountInfo, AccountRegistration } from './types';

/** The agreed interface (wallet-api.md), plus `exportMnemonic`. */
export interface Accounts {
  /** Readable while locked; no secrets. */
  list(): Promise<AccountInfo[]>;
  /** A new 12-word mnemonic, not stored: the popup shows it once and passes it back to `create`. */
  generateMnemonic(): string;
  /** Create or import: the mnemonic is validated, its secrets go into the (unlocked) vault. */
  create(input: { name: string; mnemonic: string }): Promise<AccountInfo>;
  remove(address: string): Promise<void>;
  /** A new name; public data, so the vault may be locked. */
  rename(address: string, name: string): Promise<AccountInfo>;
  pair(address: string): Promise<KeyringPair>;
  /**
   * The account's key as a keyring pair and as the (faster) signer of frames: `signingKeysFromMnemonic`,
   * derived once per unlock.
   */
  signingKeys(address: string): Promise<{ pair: KeyringPair; signer: Sr25519Signer }>;
  /** The account's DKG share for a registration, derived from its phrase (which never leaves this module). */
  deriveShare(address: string, context: Omit<ShareContext, 'account'>): Promise<bigint>;
  /**
   * Stores an account restored from its phrase: secrets (when new), key share, then the listed
   * registration — written only once everything was recovered, so a failed restore leaves nothing.
   */
  restore(
    input: ({ name: string; mnemonic: string } | { address: string }) & {
      keyShare: Uint8Array;
      registration: AccountRegistration;
    },
  ): Promise<AccountInfo>;
  /** The account's X25519 key pair: the same objects while unlocked (callers must not change them). */
  x25519(address: string): Promise<{ secretKey: Uint8Array; publicKey: Uint8Array }>;
  setRegistration(address: string, registration: AccountRegistration): Promise<AccountInfo>;
  /**
   * Replaces the account's key share. It must hold every run the stored one recorded (a share read with
   * `keyShare` and changed since): the run records kept beside it are dropped.
   */
  putKeyShare(address: string, share: Uint8Array): Promise<void>;
  /** The stored key share with its run records applied, encoded (a backup's copy). */
  getKeyShare(address: string): Promise<Uint8Array | undefined>;
  /**
   * The same, decoded: the one object every signing run of the account uses, kept while the vault is
   * unlocked (a lock or a write of the share drops it).
   */
  keyShare(address: string): Promise<KeyShare | undefined>;
  /**
   * Persists a signing run's start (`encodeRunRecord`, a couple of hundred bytes) beside the key share,
   * in place of writing the whole share before the run's first message; `keyShare` applies it. Past
   * `MAX_RUN_RECORD_BYTES` the records are folded into the share.
   */
  recordRun(address: string, record: Uint8Array): Promise<void>;
  /** The mnemonic, after checking the wallet password again (with the unlock back-off). */
  exportMnemonic(address: string, walletPassword: string): Promise<string>;
  /** Encrypted backup file of `addresses` (default: all accounts) under `password`. */
  exportBackup(password: string, addresses?: string[]): Promise<string>;
  /** Adds the backup's accounts; existing ones only gain a missing key share or registration. */
  importBackup(file: string, password: string): Promise<AccountInfo[]>;
}

const listItem = storage.defineItem<AccountInfo[]>('local:accounts.list', { fallback: [] });
const MAX_KEY_SHARE_BYTES = 4 * 1024 * 1024;
/** Run records kept beside a key share before they are folded into it (about 70 signings at n = 4). */
export const MAX_RUN_RECORD_BYTES = 16 * 1024;

const secretName = {
  mnemonic: (address: string) => `account/${address}/mnemonic`,
  x25519: (address: string) => `account/${address}/x25519`,
  keyShare: (address: string) => `account/${address}/keyShare`,
  runs: (address: string) => `account/${address}/keyShare/runs`,
};

const utf8 = {
  encode: (s: string) => new TextEncoder().encode(s),
  decode: (b: Uint8Array) => new TextDecoder().decode(b),
};

export function createAccounts(vault: WalletVault): Accounts {
  const serial = createSerial();
  // Each account's keys derived from its phrase (PBKDF2, 7–20 ms, on the way from the approval to the
  // chain) once per unlock, not per signing. Memory only, and only while the vault is unlocked: a lock
  // drops them, and each use checks the vault first (it also locks when its time runs out, alarm or not).
  const derivedKeys = new Map<string, Promise<{ pair: KeyringPair; signer: Sr25519Signer }>>();
  // Each account's X25519 key pair, the same object for every signing while unlocked: the wire's key
  // cache is keyed by the secret's object, so a fresh copy per signing (from the vault) agreed anew with
  // every member and derived its public key again — eight scalar multiplications in the worker, three of
  // them between the inclusion and the first /user/tx. Same lifetime as `derivedKeys`.
  const x25519Keys = new Map<string, Promise<{ secretKey: Uint8Array; publicKey: Uint8Array }>>();
  // Each account's key share as its signing runs use it — the one live object docs/protocol.md asks for —
  // decoded once per unlock rather than before every signing's submission (decrypting and decoding
  // ~74 KB: 10–15 ms there in bench:e2e). Memory only, dropped on every lock; a write of the share drops
  // it (the next read decodes what was written). A run's record is not applied to it: it is written
  // before the run's start(), which refuses an id already recorded, and which records it there itself.
  const liveShares = new Map<string, Promise<KeyShare | undefined>>();
  // The run records this worker last wrote per account, so the next `recordRun` appends without reading
  // them back first (a storage read on the way to the run's first message). Dropped with the share.
  const keptRuns = new Map<string, Uint8Array>();
  vault.onLock(() => {
    derivedKeys.clear();
    x25519Keys.clear();
    liveShares.clear();
    keptRuns.clear();
  });

  async function readList(): Promise<AccountInfo[]> {
    const list = await listItem.getValue();
    if (!Array.isArray(list)) throw new VaultCorrupt('The stored account list is damaged');
    // A copy: with nothing stored, WXT hands out its shared fallback array.
    return [...list];
  }

  async function find(address: unknown): Promise<AccountInfo> {
    const canonical = canonicalAddress(address);
    const account = canonical && (await readList()).find((a) => a.address === canonical);
    if (!account) {
      throw new AccountNotFound(`No account ${String(address)} in this wallet`, { details: { address } });
    }
    return account;
  }

  async function requireUnlocked(): Promise<void> {
    if (!(await vault.isUnlocked())) throw new VaultLocked();
  }

  async function mnemonicOf(address: string): Promise<string> {
    const secret = await vault.getSecret(secretName.mnemonic(address));
    if (!secret)
      throw new VaultCorrupt(`The recovery phrase of ${address} is missing`, { details: { address } });
    return utf8.decode(secret);
  }

  /** Writes an account's secrets; the caller adds it to the list afterwards. */
  async function storeSecrets(address: string, mnemonic: string): Promise<void> {
    await vault.putSecret(secretName.mnemonic(address), utf8.encode(mnemonic));
    await vault.putSecret(secretName.x25519(address), x25519SecretFromMnemonic(mnemonic));
  }

  function readStored(address: string) {
    return Promise.all([
      vault.getSecret(secretName.keyShare(address)),
      vault.getSecret(secretName.runs(address)),
    ]);
  }

  /** The share with the runs recorded since it was written (see `recordRun`). */
  async function readShare(address: string): Promise<KeyShare | undefined> {
    const [bytes, runs] = await readStored(address);
    if (!bytes) return undefined;
    const share = decodeKeyShare(bytes);
    if (runs) applyRunRecords(share, runs);
    return share;
  }

  /** The same, encoded: the stored bytes themselves when no run was recorded since they were written. */
  async function readShareBytes(address: string): Promise<Uint8Array | undefined> {
    const [bytes, runs] = await readStored(address);
    if (!bytes || !runs) return bytes;
    const share = decodeKeyShare(bytes);
    applyRunRecords(share, runs);
    return encodeKeyShare(share);
  }

  /** The share first, then its records: a crash in between leaves records the new share holds or ignores. */
  async function writeShare(address: string, share: Uint8Array): Promise<void> {
    liveShares.delete(address);
    keptRuns.delete(address);
    await vault.putSecret(secretName.keyShare(address), share);
    await vault.deleteSecret(secretName.runs(address));
    // Again: a read begun during the writes may hold the share before them.
    liveShares.delete(address);
  }

  function checkShare(share: unknown): Uint8Array {
    if (!(share instanceof Uint8Array) || share.length === 0 || share.length > MAX_KEY_SHARE_BYTES) {
      throw new InvalidAccountData('A key share must be 1 byte to 4 MiB', { details: { field: 'keyShare' } });
    }
    return share;
  }

  function checkBackupPassword(password: unknown): string {
    if (typeof password !== 'string' || [...password].length < MIN_PASSWORD_LENGTH) {
      throw new WeakPassword(`The backup password must have at least ${MIN_PASSWORD_LENGTH} characters`, {
        details: { minLength: MIN_PASSWORD_LENGTH },
      });
    }
    return password;
  }

  const accounts: Accounts = {
    list: readList,

    generateMnemonic: () => mnemonicGenerate(12),

    create(input) {
      return serial(async () => {
        await cryptoWaitReady();
        const name = checkName(input?.name);
        const mnemonic = checkMnemonic(input?.mnemonic);
        await requireUnlocked();
        const pair = pairFromMnemonic(mnemonic);
        const list = await readList();
        if (list.some((a) => a.address === pair.address)) {
          throw new AccountExists(`Account ${pair.address} is already in this wallet`, {
            details: { address: pair.address },
          });
        }
        await storeSecrets(pair.address, mnemonic);
        const info: AccountInfo = { address: pair.address, name, publicKey: u8aToHex(pair.publicKey) };
        await listItem.setValue([...list, info]);
        return info;
      });
    },

    rename(address, name) {
      return serial(async () => {
        const account = await find(address);
        const updated = { ...account, name: checkName(name) };
        await listItem.setValue((await readList()).map((a) => (a.address === account.address ? updated : a)));
        // The keyring pair carries the name.
        derivedKeys.delete(account.address);
        return updated;
      });
    },

    remove(address) {
      return serial(async () => {
        const account = await find(address);
        await requireUnlocked();
        // The list first: a crash in between leaves unreachable ciphertext, never a listed account without keys.
        await listItem.setValue((await readList()).filter((a) => a.address !== account.address));
        derivedKeys.delete(account.address);
        liveShares.delete(account.address);
        keptRuns.delete(account.address);
        x25519Keys.delete(account.address);
        for (const name of Object.values(secretName)) await vault.deleteSecret(name(account.address));
      });
    },

    async pair(address) {
      const account = await find(address);
      await cryptoWaitReady();
      return pairFromMnemonic(await mnemonicOf(account.address), account.name);
    },

    async signingKeys(address) {
      const account = await find(address);
      if (!(await vault.isUnlocked())) {
        derivedKeys.clear();
        throw new VaultLocked();
      }
      let keys = derivedKeys.get(account.address);
      if (!keys) {
        keys = (async () => {
          await cryptoWaitReady();
          return signingKeysFromMnemonic(await mnemonicOf(account.address), account.name);
        })();
        derivedKeys.set(account.address, keys);
        keys.catch(() => derivedKeys.delete(account.address));
      }
      return keys;
    },

    async deriveShare(address, context) {
      const account = await find(address);
      await cryptoWaitReady();
      const mnemonic = await mnemonicOf(account.address);
      return deriveUserShare(mnemonic, { ...context, account: pairFromMnemonic(mnemonic).publicKey });
    },

    restore(input) {
      return serial(async () => {
        await cryptoWaitReady();
        const registration = checkRegistration(input?.registration);
        const keyShare = checkShare(input?.keyShare);
        const known = 'address' in input ? await find(input.address) : undefined;
        const fresh =
          'mnemonic' in input
            ? { name: checkName(input.name), mnemonic: checkMnemonic(input.mnemonic) }
            : undefined;
        await requireUnlocked();
        const list = await readList();
        const address = known?.address ?? pairFromMnemonic(fresh!.mnemonic).address;
        const existing = list.find((a) => a.address === address);
        if (!existing) await storeSecrets(address, fresh!.mnemonic);
        await writeShare(address, keyShare);
        const info: AccountInfo = existing
          ? { ...existing, registration }
          : {
              address,
              name: fresh!.name,
              publicKey: u8aToHex(pairFromMnemonic(fresh!.mnemonic).publicKey),
              registration,
            };
        await listItem.setValue(
          existing ? list.map((a) => (a.address === address ? info : a)) : [...list, info],
        );
        return info;
      });
    },

    async x25519(address) {
      const account = await find(address);
      if (!(await vault.isUnlocked())) {
        x25519Keys.clear();
        throw new VaultLocked();
      }
      let keys = x25519Keys.get(account.address);
      if (!keys) {
        keys = vault.getSecret(secretName.x25519(account.address)).then((secretKey) => {
          if (!secretKey) {
            throw new VaultCorrupt(`The X25519 key of ${account.address} is missing`, {
              details: { address: account.address },
            });
          }
          return { secretKey, publicKey: x25519PublicFromSecret(secretKey) };
        });
        x25519Keys.set(account.address, keys);
        keys.catch(() => x25519Keys.delete(account.address));
      }
      return keys;
    },

    setRegistration(address, registration) {
      return serial(async () => {
        const account = await find(address);
        const updated = { ...account, registration: checkRegistration(registration) };
        await listItem.setValue((await readList()).map((a) => (a.address === account.address ? updated : a)));
        return updated;
      });
    },

    putKeyShare(address, share) {
      return serial(async () => {
        const account = await find(address);
        await writeShare(account.address, checkShare(share));
      });
    },

    async getKeyShare(address) {
      return readShareBytes((await find(address)).address);
    },

    async keyShare(address) {
      const account = await find(address);
      if (!(await vault.isUnlocked())) {
        liveShares.clear();
        throw new VaultLocked();
      }
      let share = liveShares.get(account.address);
      if (!share) {
        share = readShare(account.address);
        liveShares.set(account.address, share);
        share.catch(() => liveShares.delete(account.address));
      }
      return share;
    },

    recordRun(address, record) {
      return serial(async () => {
        const account = await find(address);
        const kept =
          keptRuns.get(account.address) ??
          (await vault.getSecret(secretName.runs(account.address))) ??
          new Uint8Array(0);
        if (kept.length + record.length <= MAX_RUN_RECORD_BYTES) {
          const runs = concatBytes(kept, record);
          await vault.putSecret(secretName.runs(account.address), runs);
          keptRuns.set(account.address, runs);
          return;
        }
        const share = await readShare(account.address);
        if (!share) {
          throw new VaultCorrupt(`The key share of ${account.address} is missing`, {
            details: { address: account.address },
          });
        }
        applyRunRecords(share, record);
        await writeShare(account.address, encodeKeyShare(share));
      });
    },

    async exportMnemonic(address, walletPassword) {
      const account = await find(address);
      await vault.verifyPassword(walletPassword);
      return mnemonicOf(account.address);
    },

    async exportBackup(password, addresses) {
      const backupPassword = checkBackupPassword(password);
      const all = await readList();
      const wanted = addresses === undefined ? undefined : await Promise.all(addresses.map((a) => find(a)));
      // In list order and once each, whatever order or repetitions the caller asked for.
      const chosen =
        wanted === undefined ? all : all.filter((a) => wanted.some((w) => w.address === a.address));
      await requireUnlocked();
      const entries: BackupAccount[] = [];
      for (const account of chosen) {
        const keyShare = await readShareBytes(account.address);
        entries.push({
          name: account.name,
          address: account.address,
          mnemonic: await mnemonicOf(account.address),
          ...(keyShare ? { keyShare } : {}),
          ...(account.registration ? { registration: account.registration } : {}),
        });
      }
      const file = await encryptBackup(entries, backupPassword, vault.kdfCost);
      // Remembered so the popup stops asking to back up accounts whose share the phrase cannot restore.
      const at = Date.now();
      const withShare = new Set(entries.filter((e) => e.keyShare).map((e) => e.address));
      if (withShare.size > 0) {
        await serial(async () =>
          listItem.setValue(
            (await readList()).map((a) => (withShare.has(a.address) ? { ...a, backedUpAt: at } : a)),
          ),
        );
      }
      return file;
    },

    importBackup(file, password) {
      return serial(async () => {
        await cryptoWaitReady();
        await requireUnlocked();
        // Everything is decrypted and checked before the first write: a bad file changes nothing.
        const entries = await decryptBackup(file, typeof password === 'string' ? password : '');
        const list = await readList();
        const changed: AccountInfo[] = [];
        for (const entry of entries) {
          const index = list.findIndex((a) => a.address === entry.address);
          const existing = list[index];
          if (!existing) {
            await storeSecrets(entry.address, entry.mnemonic);
            if (entry.keyShare) await writeShare(entry.address, entry.keyShare);
            const info: AccountInfo = {
              address: entry.address,
              name: entry.name,
              publicKey: u8aToHex(pairFromMnemonic(entry.mnemonic).publicKey),
              ...(entry.registration ? { registration: entry.registration } : {}),
              // Its share came from a backup file, which the user therefore has.
              ...(entry.keyShare ? { backedUpAt: Date.now() } : {}),
            };
            list.push(info);
            changed.push(info);
            continue;
          }
          let gainsShare = false;
          if (entry.keyShare && (await vault.getSecret(secretName.keyShare(entry.address))) === undefined) {
            await writeShare(entry.address, entry.keyShare);
            gainsShare = true;
          }
          const withRegistration =
            entry.registration && !existing.registration
              ? { ...existing, registration: entry.registration }
              : existing;
          const updated = gainsShare ? { ...withRegistration, backedUpAt: Date.now() } : withRegistration;
          list[index] = updated;
          if (gainsShare || updated !== existing) changed.push(updated);
        }
        await listItem.setValue(list);
        return changed;
      });
    },
  };
  return accounts;
}
