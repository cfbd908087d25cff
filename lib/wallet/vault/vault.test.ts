import { fakeBrowser } from 'wxt/testing/fake-browser';
import { storage } from 'wxt/utils/storage';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { deserializeError, serializeError } from '../../errors';
import {
  UnlockThrottled,
  VaultAlreadyInitialised,
  VaultCorrupt,
  VaultLocked,
  VaultNotInitialised,
  WeakPassword,
  WrongPassword,
} from './errors';
import { PRODUCTION_SCRYPT, type ScryptCost } from './kdf';
import { AUTO_LOCK_ALARM, createVault, type VaultOptions } from './vault';
import { delayAfter } from './throttle';

const TEST_COST: ScryptCost = { N: 2 ** 10, r: 8, p: 1 };
const PASSWORD = 'correct horse battery';
const bytes = (...values: number[]) => new Uint8Array(values);

/** A controllable clock: tests move time instead of waiting for it. */
function clock(start = 1_700_000_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

function vaultWith(options: VaultOptions = {}) {
  return createVault({ kdfCost: TEST_COST, ...options });
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

beforeEach(() => {
  fakeBrowser.reset();
});

describe('vault: password and secrets', () => {
  it('creates, stores secrets encrypted at rest, and reads them back', async () => {
    const vault = vaultWith();
    expect(await vault.isInitialised()).toBe(false);
    await vault.create(PASSWORD);
    expect(await vault.isUnlocked()).toBe(true);
    await vault.putSecret('account/a/mnemonic', bytes(1, 2, 3));
    expect(await vault.getSecret('account/a/mnemonic')).toEqual(bytes(1, 2, 3));
    expect(await vault.getSecret('missing')).toBeUndefined();

    const local = JSON.stringify(await fakeBrowser.storage.local.get());
    expect(local).not.toContain('010203');
    const record = await storage.getItem<Record<string, unknown>>('local:vault.secret.account/a/mnemonic');
    expect(record).toMatchObject({ version: 1, nonce: expect.stringMatching(/^0x[0-9a-f]{48}$/) });
  });

  it('keeps the key only in session storage, never in local storage', async () => {
    const vault = vaultWith();
    await vault.create(PASSWORD);
    const session = await storage.getItem<{ dataKey: string }>('session:vault.session');
    expect(session?.dataKey).toMatch(/^0x[0-9a-f]{64}$/);
    expect(JSON.stringify(await fakeBrowser.storage.local.get())).not.toContain(session!.dataKey.slice(2));
  });

  it('refuses a second create, short passwords and use before setup', async () => {
    const vault = vaultWith();
    await expect(vault.unlock(PASSWORD)).rejects.toBeInstanceOf(VaultNotInitialised);
    await expect(vault.create('short')).rejects.toBeInstanceOf(WeakPassword);
    await vault.create(PASSWORD);
    await expect(vault.create(PASSWORD)).rejects.toBeInstanceOf(VaultAlreadyInitialised);
  });

  it('locks, refuses secrets while locked, and unlocks with the password', async () => {
    const vault = vaultWith();
    await vault.create(PASSWORD);
    await vault.putSecret('s', bytes(9));
    await vault.lock();
    expect(await vault.isUnlocked()).toBe(false);
    await expect(vault.getSecret('s')).rejects.toBeInstanceOf(VaultLocked);
    await expect(vault.putSecret('s', bytes(1))).rejects.toBeInstanceOf(VaultLocked);
    await vault.unlock(PASSWORD);
    expect(await vault.getSecret('s')).toEqual(bytes(9));
    await vault.deleteSecret('s');
    expect(await vault.getSecret('s')).toBeUndefined();
  });

  it('changes the password without touching the secrets', async () => {
    const vault = vaultWith();
    await vault.create(PASSWORD);
    await vault.putSecret('s', bytes(7));
    await vault.changePassword(PASSWORD, 'a new password!');
    await vault.lock();
    await expect(vault.unlock(PASSWORD)).rejects.toBeInstanceOf(WrongPassword);
  });
});

describe('vault: wrong password', () => {
  it('throws WrongPassword with a growing, persisted delay', async () => {
    const time = clock();
    let vault = vaultWith({ now: time.now });
    await vault.create(PASSWORD);
    await vault.lock();

    const first = await rejection(vault.unlock('wrong password 1'));
    expect(first).toBeInstanceOf(WrongPassword);
    expect((first as WrongPassword).details).toEqual({ failures: 1, retryAfterMs: delayAfter(1) });

    // Trying again inside the delay is refused without checking the password, even the right one.
    const throttled = await rejection(vault.unlock(PASSWORD));
    expect(throttled).toBeInstanceOf(UnlockThrottled);
    expect((throttled as UnlockThrottled).details?.retryAfterMs).toBe(delayAfter(1));

    time.advance(delayAfter(1));
    const second = (await rejection(vault.unlock('wrong password 2'))) as WrongPassword;
    expect(second.details?.retryAfterMs).toBe(delayAfter(2));
    expect(delayAfter(2)).toBeGreaterThan(delayAfter(1));

    // A restarted worker (new services over the same storage) keeps counting.
    vault = vaultWith({ now: time.now });
    expect((await vault.status()).retryAfterMs).toBe(delayAfter(2));
    time.advance(delayAfter(2));
    const third = (await rejection(vault.unlock('wrong password 3'))) as WrongPassword;
    expect(third.details).toEqual({ failures: 3, retryAfterMs: delayAfter(3) });
    expect(delayAfter(3)).toBeGreaterThan(delayAfter(2));

    // The right password after the wait unlocks and resets the counter.
    time.advance(delayAfter(3));
    await vault.unlock(PASSWORD);
    expect((await vault.status()).retryAfterMs).toBe(0);
    await vault.lock();
    expect((await rejection(vault.unlock('again wrong'))) as WrongPassword).toMatchObject({
      details: { failures: 1 },
    });
  });

  it('caps the delay', () => {
    expect(delayAfter(0)).toBe(0);
    expect(delayAfter(100)).toBe(delayAfter(1000));
    expect(delayAfter(100)).toBe(10 * 60_000);
  });

  it('survives serialisation to the popup as the same typed error', async () => {
    const vault = vaultWith();
    await vault.create(PASSWORD);
    const error = deserializeError(
      JSON.parse(JSON.stringify(serializeError(await rejection(vault.verifyPassword('nope nope'))))),
    );
    expect(error).toBeInstanceOf(WrongPassword);
    expect(error.details?.retryAfterMs).toBe(delayAfter(1));
  });
});

describe('vault: tampering', () => {
  async function withSecret() {
    const vault = vaultWith();
    await vault.create(PASSWORD);
    await vault.putSecret('victim', bytes(1, 2, 3, 4));
    const record = (await storage.getItem<Record<string, string>>('local:vault.secret.victim'))!;
    return { vault, record };
  }

  const flipLastHexDigit = (hex: string) => hex.slice(0, -1) + (hex.endsWith('0') ? '1' : '0');

  it('rejects a modified ciphertext', async () => {
    const { vault, record } = await withSecret();
    await storage.setItem('local:vault.secret.victim', {
      ...record,
      ciphertext: flipLastHexDigit(record.ciphertext!),
    });
    await expect(vault.getSecret('victim')).rejects.toBeInstanceOf(VaultCorrupt);
  });

  it('rejects a modified nonce', async () => {
    const { vault, record } = await withSecret();
    await storage.setItem('local:vault.secret.victim', { ...record, nonce: flipLastHexDigit(record.nonce!) });
    await expect(vault.getSecret('victim')).rejects.toBeInstanceOf(VaultCorrupt);
  });

  it('rejects a record moved under another name (associated data binds the name)', async () => {
    const { vault, record } = await withSecret();
    await storage.setItem('local:vault.secret.other', record);
    await expect(vault.getSecret('other')).rejects.toBeInstanceOf(VaultCorrupt);
  });

  it('rejects another record version and malformed records', async () => {
    const { vault, record } = await withSecret();
    await storage.setItem('local:vault.secret.victim', { ...record, version: 2 });
    await expect(vault.getSecret('victim')).rejects.toBeInstanceOf(VaultCorrupt);
    await storage.setItem('local:vault.secret.victim', 'garbage');
    await expect(vault.getSecret('victim')).rejects.toBeInstanceOf(VaultCorrupt);
  });

  it('does not unlock with a tampered header, and reports a damaged one', async () => {
    const { vault } = await withSecret();
    await vault.lock();
    const header = (await storage.getItem<Record<string, Record<string, string>>>('local:vault.header'))!;
    await storage.setItem('local:vault.header', {
      ...header,
      dataKey: { ...header.dataKey, ciphertext: flipLastHexDigit(header.dataKey!.ciphertext!) },
    });
    await expect(vault.unlock(PASSWORD)).rejects.toBeInstanceOf(WrongPassword);
    await storage.setItem('local:vault.header', {
      ...header,
      kdf: { name: 'scrypt', N: 2 ** 30, r: 8, p: 1 },
    });
    await expect(vault.unlock(PASSWORD)).rejects.toBeInstanceOf(VaultCorrupt);
  });

  it('binds the KDF parameters to the wrapped key', async () => {
    const { vault } = await withSecret();
    await vault.lock();
    const header = (await storage.getItem<Record<string, Record<string, unknown>>>('local:vault.header'))!;
    // Edited parameters in storage derive another key, and the associated data names the stored ones.
    await storage.setItem('local:vault.header', { ...header, kdf: { ...header.kdf, p: 2 } });
    await expect(vault.unlock(PASSWORD)).rejects.toBeInstanceOf(WrongPassword);
  });
});

describe('vault: KDF parameters', () => {
  it('stores the production parameters with the wrapped key by default', async () => {
    const vault = createVault();
    await vault.create(PASSWORD);
    const header = await storage.getItem<{ kdf: Record<string, unknown> }>('local:vault.header');
    expect(header?.kdf).toEqual({
      name: 'scrypt',
      ...PRODUCTION_SCRYPT,
      salt: expect.stringMatching(/^0x[0-9a-f]{32}$/),
    });
  });

  it('opens a vault written with other parameters using the stored ones', async () => {
    const writer = createVault({ kdfCost: { N: 2 ** 11, r: 4, p: 2 } });
    await writer.create(PASSWORD);
    await writer.putSecret('s', bytes(5));
    await writer.lock();
    const reader = vaultWith({ kdfCost: { N: 2 ** 10, r: 1, p: 1 } });
    await reader.unlock(PASSWORD);
    expect(await reader.getSecret('s')).toEqual(bytes(5));
  });
});

describe('vault: auto-lock and worker restarts', () => {
  it('schedules an alarm and locks when it fires', async () => {
    const time = clock();
    const vault = vaultWith({ now: time.now });
    vault.listen();
    await vault.setAutoLockMinutes(5);
    await vault.create(PASSWORD);
    expect((await fakeBrowser.alarms.get(AUTO_LOCK_ALARM))?.scheduledTime).toBe(time.now() + 5 * 60_000);

    const locked = vi.fn();
    vault.onLock(locked);
    time.advance(5 * 60_000);
    await fakeBrowser.alarms.onAlarm.trigger({
      name: AUTO_LOCK_ALARM,
      scheduledTime: time.now(),
      persistAcrossSessions: false,
    });
    expect(await storage.getItem('session:vault.session')).toBeNull();
    expect(await vault.isUnlocked()).toBe(false);
    // What the wallet keeps in memory while unlocked (derived keys) goes with the lock.
    expect(locked).toHaveBeenCalledOnce();
  });

  it('touch moves the deadline; an alarm that raced it does not lock', async () => {
    const time = clock();
    const vault = vaultWith({ now: time.now });
    await vault.setAutoLockMinutes(5);
    await vault.create(PASSWORD);
    time.advance(4 * 60_000);
    await vault.touch();
    expect((await fakeBrowser.alarms.get(AUTO_LOCK_ALARM))?.scheduledTime).toBe(time.now() + 5 * 60_000);
    time.advance(60_000);
    await vault.handleAlarm({ name: AUTO_LOCK_ALARM });
    expect(await vault.isUnlocked()).toBe(true);
    await vault.handleAlarm({ name: 'someone-else' });
    expect(await vault.isUnlocked()).toBe(true);
  });

  it('treats a session past its deadline as locked even if the alarm never came', async () => {
    const time = clock();
    const vault = vaultWith({ now: time.now });
    await vault.create(PASSWORD);
    time.advance(15 * 60_000);
    expect(await vault.isUnlocked()).toBe(false);
    await expect(vault.getSecret('s')).rejects.toBeInstanceOf(VaultLocked);
    await vault.touch(); // runs after the queued wipe of the expired session
    expect(await storage.getItem('session:vault.session')).toBeNull();
  });

  it('a restarted worker stays unlocked, and locks when session storage is cleared', async () => {
    const first = vaultWith();
    await first.create(PASSWORD);
    await first.putSecret('s', bytes(4, 2));

    const restarted = vaultWith();
    restarted.listen();
    expect(await restarted.isUnlocked()).toBe(true);
    expect(await restarted.getSecret('s')).toEqual(bytes(4, 2));

    await fakeBrowser.storage.session.clear(); // the browser was closed
    const afterBrowserRestart = vaultWith();
    expect(await afterBrowserRestart.isUnlocked()).toBe(false);
    await expect(afterBrowserRestart.getSecret('s')).rejects.toBeInstanceOf(VaultLocked);
    await afterBrowserRestart.unlock(PASSWORD);
    expect(await afterBrowserRestart.getSecret('s')).toEqual(bytes(4, 2));
  });

  it('an alarm delivered to a restarted worker locks it', async () => {
    const time = clock();
    await vaultWith({ now: time.now }).create(PASSWORD);
    const restarted = vaultWith({ now: time.now });
    restarted.listen();
    time.advance(15 * 60_000);
    await fakeBrowser.alarms.onAlarm.trigger({
      name: AUTO_LOCK_ALARM,
      scheduledTime: time.now(),
      persistAcrossSessions: false,
    });
    expect(await storage.getItem('session:vault.session')).toBeNull();
    expect(await fakeBrowser.alarms.get(AUTO_LOCK_ALARM)).toBeUndefined();
  });

  it('validates the auto-lock setting', async () => {
    const vault = vaultWith();
    await expect(vault.setAutoLockMinutes(0)).rejects.toThrow(/Auto-lock/);
    await expect(vault.setAutoLockMinutes(1.5)).rejects.toThrow(/Auto-lock/);
    expect(await vault.setAutoLockMinutes(30)).toBe(30);
    expect((await vault.status()).autoLockMinutes).toBe(30);
  });
});
