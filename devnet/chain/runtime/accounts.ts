/**
 * `System.Account` (`AccountInfo { nonce, consumers, providers, sufficients, data: AccountData }`) and
 * the balance moves of `pallet_balances`: transfers, endowing new accounts, reaping emptied ones.
 */
import { u8aConcat } from '@polkadot/util';
import { readUint, u128Le, u32Le } from '../scale';
import type { Ctx } from './context';

export interface AccountInfo {
  nonce: number;
  consumers: number;
  providers: number;
  sufficients: number;
  free: bigint;
  reserved: bigint;
  frozen: bigint;
  flags: bigint;
}

const FLAGS_NEW_LOGIC = 1n << 127n;

function decodeAccount(b: Uint8Array): AccountInfo {
  return {
    nonce: Number(readUint(b, 0, 4)),
    consumers: Number(readUint(b, 4, 4)),
    providers: Number(readUint(b, 8, 4)),
    sufficients: Number(readUint(b, 12, 4)),
    free: readUint(b, 16, 16),
    reserved: readUint(b, 32, 16),
    frozen: readUint(b, 48, 16),
    flags: readUint(b, 64, 16),
  };
}

function encodeAccount(a: AccountInfo): Uint8Array {
  return u8aConcat(
    u32Le(a.nonce),
    u32Le(a.consumers),
    u32Le(a.providers),
    u32Le(a.sufficients),
    u128Le(a.free),
    u128Le(a.reserved),
    u128Le(a.frozen),
    u128Le(a.flags),
  );
}

function emptyAccount(): AccountInfo {
  return {
    nonce: 0,
    consumers: 0,
    providers: 0,
    sufficients: 0,
    free: 0n,
    reserved: 0n,
    frozen: 0n,
    flags: FLAGS_NEW_LOGIC,
  };
}

export function getAccount(ctx: Ctx, who: string): AccountInfo {
  const raw = ctx.raw('System', 'Account', who);
  return raw && raw.length === 80 ? decodeAccount(raw) : emptyAccount();
}

export function accountExists(ctx: Ctx, who: string): boolean {
  return ctx.raw('System', 'Account', who) !== null;
}

export function putAccount(ctx: Ctx, who: string, info: AccountInfo): void {
  ctx.putRaw('System', 'Account', who, encodeAccount(info));
}

function totalIssuance(ctx: Ctx): bigint {
  const raw = ctx.raw('Balances', 'TotalIssuance');
  return raw ? readUint(raw, 0, 16) : 0n;
}

function setTotalIssuance(ctx: Ctx, value: bigint): void {
  ctx.putRaw('Balances', 'TotalIssuance', undefined, u128Le(value));
}

/** Credits `amount` to `who`, creating the account (NewAccount, Endowed) when it did not exist. */
export function deposit(ctx: Ctx, who: string, amount: bigint): void {
  const existed = accountExists(ctx, who);
  const info = getAccount(ctx, who);
  if (!existed) {
    info.providers = 1;
    ctx.deposit('System', 'NewAccount', [who]);
    ctx.deposit('Balances', 'Endowed', [who, amount]);
  }
  info.free += amount;
  putAccount(ctx, who, info);
}

/** Genesis endowment: mints `amount` to `who`. */
export function endow(ctx: Ctx, who: string, amount: bigint): void {
  const info = getAccount(ctx, who);
  info.providers = Math.max(1, info.providers);
  info.free += amount;
  putAccount(ctx, who, info);
  setTotalIssuance(ctx, totalIssuance(ctx) + amount);
}

/** Spendable balance: free minus what is frozen. */
export function spendable(info: AccountInfo): bigint {
  return info.free > info.frozen ? info.free - info.frozen : 0n;
}

/**
 * Removes `amount` from `who` for a fee: the account must keep the existential deposit.
 * Returns false (and changes nothing) when it cannot pay.
 */
export function withdrawFee(ctx: Ctx, who: string, amount: bigint): boolean {
  const info = getAccount(ctx, who);
  if (
    !accountExists(ctx, who) ||
    spendable(info) < amount ||
    info.free - amount < ctx.config.existentialDeposit
  ) {
    return false;
  }
  info.free -= amount;
  putAccount(ctx, who, info);
  setTotalIssuance(ctx, totalIssuance(ctx) - amount);
  if (amount > 0n) ctx.deposit('Balances', 'Withdraw', [who, amount]);
  return true;
}

/** `pallet_balances` transfer; `keepAlive` refuses to take the sender below the existential deposit. */
export function transfer(ctx: Ctx, from: string, to: string, amount: bigint, keepAlive: boolean): void {
  const ed = ctx.config.existentialDeposit;
  const sender = getAccount(ctx, from);
  if (spendable(sender) < amount) ctx.fail('Balances', 'InsufficientBalance');
  const remaining = sender.free - amount;
  if (remaining < ed && keepAlive) ctx.fail('Balances', 'Expendability');
  if (from === to) {
    ctx.deposit('Balances', 'Transfer', [from, to, amount]);
    return;
  }
  if (!accountExists(ctx, to) && amount < ed) ctx.fail('Balances', 'ExistentialDeposit');
  sender.free = remaining;
  if (remaining < ed) {
    // The sender is reaped; what is left under the existential deposit is dust.
    ctx.remove('System', 'Account', from);
    if (remaining > 0n) {
      setTotalIssuance(ctx, totalIssuance(ctx) - remaining);
      ctx.deposit('Balances', 'DustLost', [from, remaining]);
    }
    ctx.deposit('System', 'KilledAccount', [from]);
  } else {
    putAccount(ctx, from, sender);
  }
  deposit(ctx, to, amount);
  ctx.deposit('Balances', 'Transfer', [from, to, amount]);
}
