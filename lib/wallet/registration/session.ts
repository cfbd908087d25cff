import type { ApiPromise } from '@polkadot/api';
import type { KeyringPair } from '@polkadot/keyring/types';
import { encodeAddress } from '@polkadot/util-crypto';
import { equalBytes } from '@noble/curves/utils.js';
import { getRegistrationInfo, register, waitForRegistration, type Constraints } from '../../chain';
import { WalletError, registerError } from '../../errors';
import { createDkg, ethereumAddress, type KeyShare } from '../../protocol';
import type { ShareContext } from '../recovery/derive';
import {
  groupPartyId,
  postUserNew,
  registrationSessionId,
  runUserParty,
  type CommitteePeer,
} from '../../tss';
import { sealEnvelope } from '../../wire';

/** The chain registered a different key than the one our DKG produced — the share must not be used. */
export class RegistrationMismatch extends WalletError {
  constructor(message: string, options: ConstructorParameters<typeof WalletError>[1] = {}) {
    super(message, { code: 'REGISTRATION_MISMATCH', ...options });
  }
}
registerError(RegistrationMismatch);

export type RegistrationStep = 'submit' | 'committee' | 'dkg' | 'confirm' | 'done';

export interface RegistrationProgress {
  step: RegistrationStep;
  blockNumber?: number;
  committee?: { group: number; endpoint: string; tssAccount: string }[];
  round?: number;
  totalRounds?: number;
  ethAddress?: `0x${string}`;
  at: number;
}

export interface RegistrationOptions {
  api: ApiPromise;
  pair: KeyringPair;
  x25519SecretKey: Uint8Array;
  /** Who may change the constraints later; by default the account itself. */
  constraintAccount?: string;
  constraints?: Constraints;
  /**
   * The user's DKG share for this registration, derived from the recovery phrase (lib/wallet/recovery);
   * without it the share is random and only this device (or a backup file) holds it.
   */
  deriveShare?: (context: ShareContext) => bigint | Promise<bigint>;
  onProgress?: (progress: RegistrationProgress) => void;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/**
 * Registers the account with Entropy (docs/signing.md): `relayer.register`, the DKG with the registration
 * committee the chain picked, then waits for `AccountRegistered` and checks that the chain holds the very
 * key our DKG produced before the share is handed back to be stored.
 */
export async function runRegistration(opts: RegistrationOptions): Promise<KeyShare> {
  const { api, pair } = opts;
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const progress = (p: Omit<RegistrationProgress, 'at'>) => opts.onProgress?.({ ...p, at: Date.now() });

  progress({ step: 'submit' });
  const signal = await register(api, pair, opts.constraintAccount ?? pair.address, opts.constraints ?? {});
  const committee: CommitteePeer[] = signal.committee.map((m) => ({
    partyId: groupPartyId(m.signingGroup),
    endpoint: m.endpoint,
    tssAccount: m.tssAccount,
    x25519PublicKey: m.x25519PublicKey,
  }));
  progress({
    step: 'committee',
    blockNumber: signal.blockNumber,
    committee: signal.committee.map((m) => ({
      group: m.signingGroup,
      endpoint: m.endpoint,
      tssAccount: encodeAddress(m.tssAccount, 42),
    })),
  });

  const sessionId = registrationSessionId(pair.publicKey, signal.blockNumber);
  const secretShare = await opts.deriveShare?.({
    account: pair.publicKey,
    genesisHash: api.genesisHash.toU8a(),
    registrationBlock: signal.blockNumber,
  });
  const machine = createDkg({
    sessionId,
    self: pair.address,
    parties: [pair.address, ...committee.map((p) => p.partyId)],
    ...(secretShare === undefined ? {} : { secretShare }),
  });
  const running = runUserParty({
    sessionId,
    partyId: pair.address,
    signer: pair,
    x25519SecretKey: opts.x25519SecretKey,
    committee,
    machine,
    timeoutMs,
    fetch: opts.fetch,
    onStatus: (status) => progress({ step: 'dkg', round: status.round, totalRounds: status.totalRounds }),
  });
  const plaintext = new TextEncoder().encode(JSON.stringify({ blockNumber: signal.blockNumber }));
  await Promise.all(
    signal.committee.map((member) =>
      postUserNew(
        member.endpoint,
        sealEnvelope({
          plaintext,
          signer: pair,
          senderX25519SecretKey: opts.x25519SecretKey,
          recipientX25519PublicKey: member.x25519PublicKey,
        }),
        { fetch: opts.fetch },
      ),
    ),
  );
  const share = await running;

  progress({ step: 'confirm', ethAddress: ethereumAddress(share.verifyingKey) });
  const onChain = await waitForRegistration(api, pair.address, { fromBlock: signal.blockNumber, timeoutMs });
  if (!equalBytes(onChain, share.verifyingKey)) {
    throw new RegistrationMismatch('The chain registered a different key than this wallet computed', {
      details: { account: pair.address },
    });
  }
  // What a restore will read back: this registration's block and our public share, as the DKG made them.
  const info = await getRegistrationInfo(api, pair.address);
  const ownPublic = share.publicShares[share.parties.indexOf(pair.address)]!;
  if (!info || info.blockNumber !== signal.blockNumber || !equalBytes(info.publicShares.user, ownPublic)) {
    throw new RegistrationMismatch('The chain did not record this registration as the wallet ran it', {
      details: { account: pair.address },
    });
  }
  progress({ step: 'done', ethAddress: ethereumAddress(share.verifyingKey) });
  return share;
}
