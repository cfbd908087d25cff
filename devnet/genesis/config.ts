/**
 * The chain's genesis configuration: a JSON file the launcher writes and the node reads. Every field
 * is checked on load; a bad file is a `GenesisError` naming the field.
 */
import { readFile } from 'node:fs/promises';
import { decodeAddress, encodeAddress } from '@polkadot/util-crypto';
import { hexToU8a, isHex } from '@polkadot/util';
import { WalletError, registerError } from '../../lib/errors';
import { SS58_PREFIX } from './keys';

export interface GenesisValidator {
  /** Name the keys were derived from (informational). */
  name: string;
  /** SS58 stash account. */
  stash: string;
  /** SS58 account the validator's TSS server signs with. */
  tssAccount: string;
  /** 0x-hex, 32 bytes. */
  x25519PublicKey: string;
  /** Base URL of the TSS server, e.g. `http://127.0.0.1:3001`. */
  endpoint: string;
}

export interface GenesisConfig {
  chainName: string;
  /** Accounts and their free balance in the smallest unit (decimal string). */
  endowed: { account: string; balance: string }[];
  /** `signingGroups[g]` are the validators of group g, in selection order. */
  signingGroups: GenesisValidator[][];
  /** Blocks an accused validator stays out of new committees. */
  exclusionPeriod: number;
  /** Smallest balance an account may keep (smallest unit, decimal string). */
  existentialDeposit: string;
}

export class GenesisError extends WalletError {
  constructor(message: string, options: { code?: string; details?: Record<string, unknown> } = {}) {
    super(message, { ...options, code: options.code ?? 'GENESIS_INVALID' });
  }
}
registerError(GenesisError);

function fail(field: string, reason: string): never {
  throw new GenesisError(`Invalid genesis ${field}: ${reason}`, { details: { field } });
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function address(field: string, v: unknown): string {
  if (typeof v !== 'string') fail(field, 'must be an SS58 address or 0x-hex public key');
  try {
    return encodeAddress(decodeAddress(v), SS58_PREFIX);
  } catch {
    return fail(field, 'must be an SS58 address or 0x-hex public key');
  }
}

function amount(field: string, v: unknown): string {
  if (typeof v !== 'string' || !/^(0|[1-9][0-9]*)$/.test(v) || BigInt(v) >= 2n ** 128n) {
    fail(field, 'must be a decimal u128 string');
  }
  return v;
}

function text(field: string, v: unknown, max: number): string {
  if (typeof v !== 'string' || v.length === 0 || v.length > max)
    fail(field, `must be a string of 1..${max} chars`);
  return v;
}

function validator(field: string, v: unknown): GenesisValidator {
  if (!isRecord(v)) fail(field, 'must be an object');
  const key = v.x25519PublicKey;
  if (typeof key !== 'string' || !isHex(key) || hexToU8a(key).length !== 32) {
    fail(`${field}.x25519PublicKey`, 'must be 0x-hex of 32 bytes');
  }
  const endpoint = text(`${field}.endpoint`, v.endpoint, 256);
  if (!/^https?:\/\/[^\s/]+$/.test(endpoint))
    fail(`${field}.endpoint`, 'must be an http(s) origin without path');
  return {
    name: text(`${field}.name`, v.name, 64),
    stash: address(`${field}.stash`, v.stash),
    tssAccount: address(`${field}.tssAccount`, v.tssAccount),
    x25519PublicKey: key.toLowerCase(),
    endpoint,
  };
}

/** Validates parsed JSON as a genesis config; optional fields get their defaults. */
export function parseGenesis(json: unknown): GenesisConfig {
  if (!isRecord(json)) fail('config', 'must be a JSON object');
  if (!Array.isArray(json.endowed)) fail('endowed', 'must be an array');
  const endowed = json.endowed.map((e: unknown, i) => {
    if (!isRecord(e)) fail(`endowed[${i}]`, 'must be an object');
    return {
      account: address(`endowed[${i}].account`, e.account),
      balance: amount(`endowed[${i}].balance`, e.balance),
    };
  });
  if (
    !Array.isArray(json.signingGroups) ||
    json.signingGroups.length === 0 ||
    json.signingGroups.length > 255
  ) {
    fail('signingGroups', 'must be a non-empty array of at most 255 groups');
  }
  const signingGroups = json.signingGroups.map((g: unknown, i) => {
    if (!Array.isArray(g) || g.length === 0) fail(`signingGroups[${i}]`, 'must be a non-empty array');
    return g.map((v: unknown, j) => validator(`signingGroups[${i}][${j}]`, v));
  });
  const stashes = signingGroups.flat().map((v) => v.stash);
  const tss = signingGroups.flat().map((v) => v.tssAccount);
  if (new Set(stashes).size !== stashes.length) fail('signingGroups', 'a stash appears twice');
  if (new Set(tss).size !== tss.length) fail('signingGroups', 'a TSS account appears twice');
  const exclusionPeriod = json.exclusionPeriod ?? 20;
  if (typeof exclusionPeriod !== 'number' || !Number.isInteger(exclusionPeriod) || exclusionPeriod < 0) {
    fail('exclusionPeriod', 'must be a non-negative integer');
  }
  return {
    chainName: json.chainName === undefined ? 'Entropy Devnet' : text('chainName', json.chainName, 64),
    endowed,
    signingGroups,
    exclusionPeriod,
    existentialDeposit:
      json.existentialDeposit === undefined
        ? '10000000000'
        : amount('existentialDeposit', json.existentialDeposit),
  };
}

export async function loadGenesis(file: string): Promise<GenesisConfig> {
  let raw: string;
  try {
    raw = await readFile(file, 'utf8');
  } catch (e) {
    throw new GenesisError(`Cannot read genesis file ${file}: ${(e as Error).message}`, {
      code: 'GENESIS_UNREADABLE',
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new GenesisError(`Genesis file ${file} is not valid JSON`, { details: { file } });
  }
  return parseGenesis(json);
}
