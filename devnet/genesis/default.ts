/**
 * The default devnet genesis: `groups` signing groups of `groupSize` validators with deterministic
 * keys, TSS servers on consecutive ports from `basePort`, and endowed dev and validator accounts.
 */
import { u8aToHex } from '@polkadot/util';
import type { GenesisConfig } from './config';
import { deriveValidatorKeys, devAccounts, validatorName, type ValidatorKeys } from './keys';

export interface DefaultGenesisOptions {
  groups?: number;
  groupSize?: number;
  /** Port of the first TSS server; the rest follow group by group. */
  basePort?: number;
  host?: string;
  exclusionPeriod?: number;
}

/** 10^10 units make one BITS (10 decimals). */
export const UNIT = 10n ** 10n;
export const DEV_ACCOUNT_BALANCE = 1_000_000_000n * UNIT;
export const VALIDATOR_BALANCE = 1_000_000n * UNIT;

export interface DefaultGenesis {
  config: GenesisConfig;
  /** `validators[g][i]`: keys of member i of group g, including the secrets its TSS server needs. */
  validators: ValidatorKeys[][];
}

export async function defaultGenesis(options: DefaultGenesisOptions = {}): Promise<DefaultGenesis> {
  const groups = options.groups ?? 3;
  const groupSize = options.groupSize ?? 2;
  const basePort = options.basePort ?? 3001;
  const host = options.host ?? '127.0.0.1';
  const validators: ValidatorKeys[][] = [];
  for (let g = 0; g < groups; g++) {
    const group: ValidatorKeys[] = [];
    for (let i = 0; i < groupSize; i++) group.push(await deriveValidatorKeys(validatorName(g, i)));
    validators.push(group);
  }
  const endowed = (await devAccounts()).map((p) => ({
    account: p.address,
    balance: DEV_ACCOUNT_BALANCE.toString(),
  }));
  for (const v of validators.flat()) {
    endowed.push({ account: v.stash.address, balance: VALIDATOR_BALANCE.toString() });
    endowed.push({ account: v.tss.address, balance: VALIDATOR_BALANCE.toString() });
  }
  const config: GenesisConfig = {
    chainName: 'Entropy Devnet',
    endowed,
    signingGroups: validators.map((group, g) =>
      group.map((v, i) => ({
        name: v.name,
        stash: v.stash.address,
        tssAccount: v.tss.address,
        x25519PublicKey: u8aToHex(v.x25519.publicKey),
        endpoint: `http://${host}:${basePort + g * groupSize + i}`,
      })),
    ),
    exclusionPeriod: options.exclusionPeriod ?? 20,
    existentialDeposit: UNIT.toString(),
  };
  return { config, validators };
}
