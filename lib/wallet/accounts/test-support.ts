import { secp256k1 } from '@noble/curves/secp256k1.js';
import { u8aToHex } from '@polkadot/util';
import { createVault, type ScryptCost } from '../vault';
import { createAccounts } from './accounts';
import { ethAddressOf } from './keys';
import type { AccountRegistration } from './types';

/** Small scrypt cost so tests run fast; production parameters are checked in one vault test. */
export const TEST_COST: ScryptCost = { N: 2 ** 10, r: 8, p: 1 };
export const PASSWORD = 'wallet password';
// Substrate's well-known development phrase; without a derivation path it is this address.
export const DEV_PHRASE = 'bottom drive obey lake curtain smoke basket hold race lonely fit walk';
export const DEV_ADDRESS = '5DfhGyQdFobKM8NsWvEeAKk5EQQgYe9AydgJ7rMB6E1EqRzV';

/** The services as a (re)started worker builds them over the current fake storage, set up and unlocked. */
export async function unlockedServices(password = PASSWORD) {
  const vault = createVault({ kdfCost: TEST_COST });
  if (!(await vault.isInitialised())) await vault.create(password);
  return { vault, accounts: createAccounts(vault) };
}

export function registrationFor(constraintAccount: string): AccountRegistration {
  const verifyingKey = u8aToHex(secp256k1.getPublicKey(secp256k1.utils.randomSecretKey(), true));
  return { verifyingKey, ethAddress: ethAddressOf(verifyingKey), constraintAccount };
}
