import type { ApiPromise } from '@polkadot/api';
import { u8aToHex } from '@polkadot/util';
import type { Constraints } from '../../chain';
import { encodeKeyShare, ethereumAddress } from '../../protocol';
import type { Accounts } from '../accounts/accounts';
import type { AccountInfo } from '../accounts/types';
import { runRegistration, type RegistrationProgress } from './session';

export interface RegisterInput {
  address: string;
  /** Defaults to the account itself. */
  constraintAccount?: string;
  constraints?: Constraints;
}

/** Registers a wallet account with Entropy and stores the resulting key share and registration. */
export function createRegistrationService(deps: {
  accounts: Pick<Accounts, 'pair' | 'x25519' | 'deriveShare' | 'putKeyShare' | 'setRegistration'>;
  api(): Promise<ApiPromise>;
  hold(): () => void;
}) {
  return {
    async register(
      input: RegisterInput,
      onProgress: (progress: RegistrationProgress) => void,
    ): Promise<AccountInfo> {
      const release = deps.hold();
      try {
        const [pair, x25519, api] = await Promise.all([
          deps.accounts.pair(input.address),
          deps.accounts.x25519(input.address),
          deps.api(),
        ]);
        const constraintAccount = input.constraintAccount ?? input.address;
        const share = await runRegistration({
          api,
          pair,
          x25519SecretKey: x25519.secretKey,
          constraintAccount,
          constraints: input.constraints,
          deriveShare: (context) => deps.accounts.deriveShare(input.address, context),
          onProgress,
        });
        // The share first: a registration without its share would be unusable, a share without one is harmless.
        await deps.accounts.putKeyShare(input.address, encodeKeyShare(share));
        return await deps.accounts.setRegistration(input.address, {
          verifyingKey: u8aToHex(share.verifyingKey),
          ethAddress: ethereumAddress(share.verifyingKey),
          constraintAccount,
          keyRecovery: 'phrase',
        });
      } finally {
        release();
      }
    },
  };
}
