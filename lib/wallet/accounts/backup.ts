import { hexToU8a, isHex, u8aToHex } from '@polkadot/util';
import {
  associatedData,
  deriveKey,
  kdfLabel,
  newKdfParams,
  open,
  parseKdfParams,
  parseSealedBox,
  seal,
  type ScryptCost,
} from '../vault';
import { BackupInvalid, InvalidAccountData, InvalidMnemonic, WrongBackupPassword } from './errors';
import { checkMnemonic, checkName, checkRegistration, pairFromMnemonic } from './keys';
import type { AccountRegistration } from './types';

/** One account as a backup carries it (inside the encrypted part). */
export interface BackupAccount {
  name: string;
  address: string;
  mnemonic: string;
  keyShare?: Uint8Array;
  registration?: AccountRegistration;
}

/**
 * Backup file (JSON): `{ format, version, kdf, nonce, ciphertext }`. The ciphertext is XChaCha20-Poly1305
 * under scrypt(backup password, kdf) with associated data naming the format, version and KDF parameters;
 * it decrypts to `{ accounts: [{ name, address, mnemonic, keyShare?, registration? }] }`.
 */
export const BACKUP_FORMAT = 'entropy-wallet-backup';
export const BACKUP_VERSION = 1;
const MAX_FILE_CHARS = 16 * 1024 * 1024;
const MAX_KEY_SHARE_BYTES = 4 * 1024 * 1024;

function backupAd(kdfText: string): Uint8Array {
  return associatedData(BACKUP_FORMAT, `v${BACKUP_VERSION}`, kdfText);
}

export async function encryptBackup(
  accounts: BackupAccount[],
  password: string,
  cost: ScryptCost,
): Promise<string> {
  const kdf = newKdfParams(cost);
  const payload = {
    accounts: accounts.map((a) => ({
      name: a.name,
      address: a.address,
      mnemonic: a.mnemonic,
      ...(a.keyShare ? { keyShare: u8aToHex(a.keyShare) } : {}),
      ...(a.registration ? { registration: a.registration } : {}),
    })),
  };
  const plaintext = new TextEncoder().encode(JSON.stringify(payload));
  const box = seal(await deriveKey(password, kdf), plaintext, backupAd(kdfLabel(kdf)));
  return JSON.stringify({ format: BACKUP_FORMAT, version: BACKUP_VERSION, kdf, ...box }, null, 2);
}

/** Decrypts and fully checks a backup; throws `BackupInvalid` / `WrongBackupPassword` and nothing else. */
export async function decryptBackup(file: unknown, password: string): Promise<BackupAccount[]> {
  if (typeof file !== 'string' || file.length > MAX_FILE_CHARS) {
    throw new BackupInvalid('The backup must be a text file of at most 16 MiB');
  }
  let outer: Record<string, unknown>;
  try {
    outer = JSON.parse(file) as Record<string, unknown>;
  } catch {
    throw new BackupInvalid('The backup file is not valid JSON');
  }
  if (typeof outer !== 'object' || outer === null || outer.format !== BACKUP_FORMAT) {
    throw new BackupInvalid('This is not an Entropy Wallet backup file');
  }
  if (outer.version !== BACKUP_VERSION) {
    throw new BackupInvalid(`Unsupported backup version ${String(outer.version)}`, {
      details: { version: outer.version },
    });
  }
  const kdf = parseKdfParams(outer.kdf);
  const box = parseSealedBox(outer);
  if (!kdf || !box) throw new BackupInvalid('The backup file is damaged (KDF parameters or ciphertext)');
  const plaintext = open(await deriveKey(password, kdf), box, backupAd(kdfLabel(kdf)));
  if (!plaintext) throw new WrongBackupPassword();
  return parsePayload(plaintext);
}

function parsePayload(plaintext: Uint8Array): BackupAccount[] {
  let payload: unknown;
  try {
    payload = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(plaintext));
  } catch {
    throw new BackupInvalid('The backup contents are not readable');
  }
  const accounts = (payload as { accounts?: unknown } | null)?.accounts;
  if (!Array.isArray(accounts)) throw new BackupInvalid('The backup contains no account list');
  const seen = new Set<string>();
  return accounts.map((entry, index) => {
    const account = parseAccount(entry, index);
    if (seen.has(account.address)) {
      throw new BackupInvalid(`Account ${account.address} appears twice in the backup`, {
        details: { index },
      });
    }
    seen.add(account.address);
    return account;
  });
}

function parseAccount(entry: unknown, index: number): BackupAccount {
  const invalid = (reason: string) =>
    new BackupInvalid(`Account ${index + 1} in the backup is invalid: ${reason}`, { details: { index } });
  if (typeof entry !== 'object' || entry === null) throw invalid('not an object');
  const e = entry as Record<string, unknown>;
  try {
    const mnemonic = checkMnemonic(e.mnemonic);
    const address = pairFromMnemonic(mnemonic).address;
    if (e.address !== address) throw invalid('the address does not match the recovery phrase');
    let keyShare: Uint8Array | undefined;
    if (e.keyShare !== undefined) {
      if (
        typeof e.keyShare !== 'string' ||
        !isHex(e.keyShare) ||
        e.keyShare.length <= 2 ||
        e.keyShare.length > 2 + MAX_KEY_SHARE_BYTES * 2
      ) {
        throw invalid('the key share is not hex');
      }
      keyShare = hexToU8a(e.keyShare);
    }
    return {
      name: checkName(e.name),
      address,
      mnemonic,
      ...(keyShare ? { keyShare } : {}),
      ...(e.registration !== undefined ? { registration: checkRegistration(e.registration) } : {}),
    };
  } catch (error) {
    if (error instanceof InvalidMnemonic) throw invalid('the recovery phrase is not valid');
    if (error instanceof InvalidAccountData) throw invalid(error.message);
    throw error;
  }
}
