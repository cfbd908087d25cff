import { randomBytes } from '@noble/ciphers/utils.js';
import { hexToU8a, isHex, u8aToHex } from '@polkadot/util';
import { browser } from 'wxt/browser';
import { storage } from 'wxt/utils/storage';
import { InvalidRequest } from '../../messaging/errors';
import {
  UnlockThrottled,
  VaultAlreadyInitialised,
  VaultCorrupt,
  VaultLocked,
  VaultNotInitialised,
  WeakPassword,
  WrongPassword,
} from './errors';
import { deriveKey, kdfLabel, KEY_BYTES, newKdfParams, parseKdfParams, PRODUCTION_SCRYPT } from './kdf';
import type { KdfParams, ScryptCost } from './kdf';
import { associatedData, open, parseSealedBox, seal, type SealedBox } from './sealed';
import { createSerial } from './serial';
import { recordFailure, recordSuccess, retryAfterMs } from './throttle';

/** The agreed interface (docs: wallet-api.md). */
export interface Vault {
  isInitialised(): Promise<boolean>;
  isUnlocked(): Promise<boolean>;
  create(password: string): Promise<void>;
  unlock(password: string): Promise<void>;
  lock(): Promise<void>;
  touch(): Promise<void>;
  getSecret(name: string): Promise<Uint8Array | undefined>;
  putSecret(name: string, value: Uint8Array): Promise<void>;
  deleteSecret(name: string): Promise<void>;
}

export interface VaultStatus {
  initialised: boolean;
  unlocked: boolean;
  autoLockMinutes: number;
  /** Milliseconds until a password attempt is accepted again (0 = now). */
  retryAfterMs: number;
}

export interface WalletVault extends Vault {
  status(): Promise<VaultStatus>;
  /** Checks the wallet password (same back-off as unlock) without changing the lock state. */
  verifyPassword(password: string): Promise<void>;
  changePassword(current: string, next: string): Promise<void>;
  autoLockMinutes(): Promise<number>;
  setAutoLockMinutes(minutes: number): Promise<number>;
  /** The scrypt cost used for new keys; backups use it too. */
  readonly kdfCost: ScryptCost;
  /** Registers the auto-lock alarm listener; call once, synchronously, when the service worker starts. */
  listen(): void;
  /** Calls `listener` whenever the vault locks (by hand or by the auto-lock alarm), for memory kept while unlocked. */
  onLock(listener: () => void): void;
  handleAlarm(alarm: { name: string }): Promise<void>;
}

export interface VaultOptions {
  /** scrypt cost for new keys; tests inject a small one. Existing records always use their stored params. */
  kdfCost?: ScryptCost;
  now?: () => number;
}

export const AUTO_LOCK_ALARM = 'entropy-wallet.vault.autoLock';
export const DEFAULT_AUTO_LOCK_MINUTES = 15;
export const MAX_AUTO_LOCK_MINUTES = 24 * 60;
export const MIN_PASSWORD_LENGTH = 8;

const FORMAT = 'entropy-wallet/vault';
const VERSION = 1;

/**
 * The password wraps a random data key; the data key encrypts each secret. The data key is what an unlocked
 * wallet keeps, in storage.session only (in memory, cleared when the browser closes, not readable by content
 * scripts), so a restarted service worker is still unlocked.
 */
interface Header {
  format: typeof FORMAT;
  version: typeof VERSION;
  kdf: KdfParams;
  dataKey: SealedBox;
}

interface SecretRecord extends SealedBox {
  version: typeof VERSION;
}

interface Session {
  dataKey: `0x${string}`;
  /** Auto-lock time (ms since epoch); the alarm is set for it. */
  lockAt: number;
}

const headerItem = storage.defineItem<Header>('local:vault.header');
const autoLockItem = storage.defineItem<number>('local:vault.autoLockMinutes');
const sessionItem = storage.defineItem<Session>('session:vault.session');

const SECRET_NAME = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,199}$/;

function secretKey(name: string): `local:${string}` {
  if (!SECRET_NAME.test(name)) throw new InvalidRequest(`Invalid secret name "${name}"`);
  return `local:vault.secret.${name}`;
}

function dataKeyAd(kdf: KdfParams): Uint8Array {
  return associatedData(FORMAT, `v${VERSION}`, 'data-key', kdfLabel(kdf));
}

function secretAd(name: string): Uint8Array {
  return associatedData(FORMAT, `v${VERSION}`, 'secret', name);
}

function parseHeader(value: unknown): Header {
  const v = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  if (v.format !== FORMAT) throw new VaultCorrupt('The stored vault is not readable');
  if (v.version !== VERSION) {
    throw new VaultCorrupt(`Unsupported vault version ${String(v.version)}`, {
      details: { version: v.version },
    });
  }
  const kdf = parseKdfParams(v.kdf);
  const dataKey = parseSealedBox(v.dataKey);
  if (!kdf || !dataKey) throw new VaultCorrupt('The stored vault header is damaged');
  return { format: FORMAT, version: VERSION, kdf, dataKey };
}

function checkNewPassword(password: unknown): string {
  if (typeof password !== 'string' || [...password].length < MIN_PASSWORD_LENGTH) {
    throw new WeakPassword(`The password must have at least ${MIN_PASSWORD_LENGTH} characters`, {
      details: { minLength: MIN_PASSWORD_LENGTH },
    });
  }
  return password;
}

function checkMinutes(minutes: unknown): number {
  if (
    typeof minutes !== 'number' ||
    !Number.isInteger(minutes) ||
    minutes < 1 ||
    minutes > MAX_AUTO_LOCK_MINUTES
  ) {
    throw new InvalidRequest(`Auto-lock must be 1 to ${MAX_AUTO_LOCK_MINUTES} minutes`, {
      details: { minutes },
    });
  }
  return minutes;
}

export function createVault(options: VaultOptions = {}): WalletVault {
  const kdfCost = options.kdfCost ?? PRODUCTION_SCRYPT;
  const now = options.now ?? Date.now;
  const serial = createSerial();
  const lockListeners = new Set<() => void>();

  async function readHeader(): Promise<Header> {
    const raw = await headerItem.getValue();
    if (raw === null) throw new VaultNotInitialised();
    return parseHeader(raw);
  }

  async function wrapDataKey(password: string, dataKey: Uint8Array): Promise<Header> {
    const kdf = newKdfParams(kdfCost);
    const passwordKey = await deriveKey(password, kdf);
    return { format: FORMAT, version: VERSION, kdf, dataKey: seal(passwordKey, dataKey, dataKeyAd(kdf)) };
  }

  /** The data key if `password` opens the vault; otherwise a counted failure. */
  async function checkPassword(password: unknown): Promise<Uint8Array> {
    const header = await readHeader();
    const wait = await retryAfterMs(now());
    // Refused before the KDF runs: guessing costs wall-clock time, not just CPU.
    if (wait > 0) throw new UnlockThrottled(undefined, { details: { retryAfterMs: wait } });
    if (typeof password !== 'string') throw new InvalidRequest('The password must be text');
    const passwordKey = await deriveKey(password, header.kdf);
    const dataKey = open(passwordKey, header.dataKey, dataKeyAd(header.kdf));
    if (!dataKey || dataKey.length !== KEY_BYTES) {
      const failure = await recordFailure(now());
      throw new WrongPassword(undefined, { details: failure });
    }
    await recordSuccess();
    return dataKey;
  }

  async function autoLockMinutes(): Promise<number> {
    const stored = await autoLockItem.getValue();
    return typeof stored === 'number' && Number.isInteger(stored) && stored >= 1
      ? Math.min(stored, MAX_AUTO_LOCK_MINUTES)
      : DEFAULT_AUTO_LOCK_MINUTES;
  }

  async function startSession(dataKey: Uint8Array): Promise<void> {
    const lockAt = now() + (await autoLockMinutes()) * 60_000;
    await sessionItem.setValue({ dataKey: u8aToHex(dataKey), lockAt });
    await browser.alarms.create(AUTO_LOCK_ALARM, { when: lockAt });
  }

  async function endSession(): Promise<void> {
    await sessionItem.removeValue();
    for (const listener of lockListeners) listener();
    await browser.alarms.clear(AUTO_LOCK_ALARM);
  }

  function usable(session: Session | null): session is Session {
    return (
      session !== null &&
      typeof session.lockAt === 'number' &&
      typeof session.dataKey === 'string' &&
      isHex(session.dataKey, KEY_BYTES * 8) &&
      now() < session.lockAt
    );
  }

  /**
   * The data key while unlocked. A session past its deadline (alarm missed, e.g. the computer slept) counts
   * as locked at once, and is wiped in turn with other vault writes so a concurrent unlock is not undone.
   */
  async function sessionKey(): Promise<Uint8Array | undefined> {
    const session = await sessionItem.getValue();
    if (usable(session)) return hexToU8a(session.dataKey);
    if (session !== null) {
      void serial(async () => {
        if (!usable(await sessionItem.getValue())) await endSession();
      }).catch(() => undefined);
    }
    return undefined;
  }

  async function requireKey(): Promise<Uint8Array> {
    const key = await sessionKey();
    if (!key) throw new VaultLocked();
    return key;
  }

  const vault: WalletVault = {
    kdfCost,

    async isInitialised() {
      return (await headerItem.getValue()) !== null;
    },

    async isUnlocked() {
      return (await sessionKey()) !== undefined;
    },

    async status() {
      return {
        initialised: await vault.isInitialised(),
        unlocked: await vault.isUnlocked(),
        autoLockMinutes: await autoLockMinutes(),
        retryAfterMs: await retryAfterMs(now()),
      };
    },

    create(password) {
      return serial(async () => {
        if (await vault.isInitialised()) throw new VaultAlreadyInitialised();
        const dataKey = randomBytes(KEY_BYTES);
        await headerItem.setValue(await wrapDataKey(checkNewPassword(password), dataKey));
        await recordSuccess();
        await startSession(dataKey);
      });
    },

    unlock(password) {
      return serial(async () => startSession(await checkPassword(password)));
    },

    verifyPassword(password) {
      return serial(async () => {
        await checkPassword(password);
      });
    },

    changePassword(current, next) {
      return serial(async () => {
        const nextPassword = checkNewPassword(next);
        const dataKey = await checkPassword(current);
        await headerItem.setValue(await wrapDataKey(nextPassword, dataKey));
      });
    },

    lock() {
      return serial(endSession);
    },

    touch() {
      return serial(async () => {
        const key = await sessionKey();
        if (key) await startSession(key);
      });
    },

    async getSecret(name) {
      const storageKey = secretKey(name);
      const key = await requireKey();
      const raw = await storage.getItem<SecretRecord>(storageKey);
      if (raw === null) return undefined;
      const box = parseSealedBox(raw);
      if (!box || raw.version !== VERSION) {
        throw new VaultCorrupt(`The stored secret "${name}" is damaged`, { details: { name } });
      }
      const plaintext = open(key, box, secretAd(name));
      if (!plaintext) {
        throw new VaultCorrupt(`The stored secret "${name}" does not decrypt`, { details: { name } });
      }
      return plaintext;
    },

    async putSecret(name, value) {
      const storageKey = secretKey(name);
      const key = await requireKey();
      const record: SecretRecord = { version: VERSION, ...seal(key, value, secretAd(name)) };
      await storage.setItem(storageKey, record);
    },

    async deleteSecret(name) {
      const storageKey = secretKey(name);
      await requireKey();
      await storage.removeItem(storageKey);
    },

    autoLockMinutes,

    setAutoLockMinutes(minutes) {
      return serial(async () => {
        await autoLockItem.setValue(checkMinutes(minutes));
        const key = await sessionKey();
        if (key) await startSession(key);
        return autoLockMinutes();
      });
    },

    onLock(listener) {
      lockListeners.add(listener);
    },

    listen() {
      // Returning the promise lets callers that await listeners (tests, some polyfills) see the lock.
      browser.alarms.onAlarm.addListener((alarm) =>
        vault.handleAlarm(alarm).catch((error: unknown) => {
          console.error('Auto-lock failed:', error instanceof Error ? error.message : String(error));
        }),
      );
    },

    handleAlarm(alarm) {
      if (alarm.name !== AUTO_LOCK_ALARM) return Promise.resolve();
      return serial(async () => {
        const session = await sessionItem.getValue();
        if (session === null) return;
        // A touch that raced the alarm moved the deadline: wait for the new one.
        if (typeof session.lockAt === 'number' && now() < session.lockAt) {
          await browser.alarms.create(AUTO_LOCK_ALARM, { when: session.lockAt });
          return;
        }
        await endSession();
      });
    },
  };
  return vault;
}
