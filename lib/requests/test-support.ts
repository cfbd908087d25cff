import { secp256k1 } from '@noble/curves/secp256k1.js';
import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { bytesToHex, hexToBytes, type Address, type Hex } from 'viem';
import type { Constraints } from '../chain/entropy';
import { createEvmRpc, type EvmRpc } from '../ethereum/rpc';
import { evaluateConstraints, type ConstraintSubject } from '../wallet/constraint-rules';
import { publicKeyToAddress } from 'viem/accounts';
import type { BackgroundServices } from '../background/services';
import type { AccountsService, ApprovedRequestSigner } from '../background/types';
import { builtinEvmNetworks } from '../settings/evm-networks';
import { createPermissionStore } from '../permissions/store';
import type { AccountInfo } from '../wallet/accounts/types';
import { createRequestExecutor } from './executor';
import { createRequestQueue, type Approval, type RequestQueue } from './queue';
import type { SigningProgress } from './types';

/**
 * TESTS ONLY: a stand-in for the threshold signer that holds the whole key locally. The real signer never
 * has the key in one place; this one only lets tests check encodings against viem's verifiers.
 */
export function fakeThresholdSigner(options: { recoveryBase?: 0 | 27 } = {}) {
  const secretKey = secp256k1.utils.randomSecretKey();
  const verifyingKey = bytesToHex(secp256k1.getPublicKey(secretKey, true));
  const ethAddress: Address = publicKeyToAddress(bytesToHex(secp256k1.getPublicKey(secretKey, false)));
  const calls: Parameters<ApprovedRequestSigner['signHash']>[0][] = [];
  const signer: ApprovedRequestSigner = {
    async signHash(input, onProgress: (event: SigningProgress) => void) {
      await input.precheck;
      calls.push(input);
      onProgress({ requestId: input.requestId, step: 'signing', round: 1, totalRounds: 3, at: 0 });
      // noble's "recovered" format is recovery‖r‖s; the signer's contract is r‖s‖v.
      const recovered = secp256k1.sign(hexToBytes(input.sigHash), secretKey, {
        prehash: false,
        format: 'recovered',
      });
      const out = new Uint8Array(65);
      out.set(recovered.subarray(1), 0);
      out[64] = recovered[0]! + (options.recoveryBase ?? 27);
      return out;
    },
  };
  return { signer, verifyingKey, ethAddress, calls };
}

/** TESTS ONLY: in-memory accounts with sr25519 dev pairs (`//Alice`, `//Bob`, …). */
export async function fakeAccounts(
  uris: string[],
  registrations: Record<string, AccountInfo['registration']> = {},
): Promise<AccountsService & { pairs: KeyringPair[]; infos: AccountInfo[] }> {
  await cryptoWaitReady();
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
  const pairs = uris.map((uri) => keyring.addFromUri(uri, { name: uri }));
  const infos: AccountInfo[] = pairs.map((pair, i) => ({
    address: pair.address,
    name: uris[i]!,
    publicKey: bytesToHex(pair.publicKey),
    ...(registrations[uris[i]!] ? { registration: registrations[uris[i]!] } : {}),
  }));
  return {
    pairs,
    infos,
    list: async () => infos,
    async pair(address) {
      const pair = pairs.find((p) => p.address === address);
      if (!pair) throw new Error(`no account ${address}`);
      return pair;
    },
  };
}

/**
 * TESTS ONLY: the background's services over fake storage, with `//Alice` registered to a fake threshold
 * key and `//Bob` unregistered. `answer` makes the "user" approve or reject every new request at once.
 */
export async function testBackground(
  options: {
    answer?: 'approve' | 'reject';
    ethSignEnabled?: boolean;
    approval?: Approval;
    /** Every account's constraints on "chain" (default none). */
    constraints?: Constraints;
    /** The EVM networks' RPCs (default the built-in list, never called unless a test asks). */
    evm?: EvmRpc;
    broadcast?: (chainId: number, signed: Hex) => Promise<Hex>;
  } = {},
) {
  const fake = fakeThresholdSigner();
  const accounts = await fakeAccounts(['//Alice', '//Bob'], {
    '//Alice': { verifyingKey: fake.verifyingKey, ethAddress: fake.ethAddress, constraintAccount: '' },
  });
  const permissions = createPermissionStore(undefined, undefined, async () => 1);
  const evm = options.evm ?? createEvmRpc(async () => builtinEvmNetworks());
  const checkConstraints = async (_address: string, subject: ConstraintSubject) =>
    evaluateConstraints(options.constraints ?? {}, subject);
  const opened: string[] = [];
  const queue: RequestQueue = createRequestQueue({
    executor: createRequestExecutor({
      accounts: () => accounts,
      signer: () => fake.signer,
      permissions,
      constraints: { check: checkConstraints },
      evm: {
        addNetwork: async () => undefined,
        broadcast:
          options.broadcast ??
          (async () => {
            throw new Error('no broadcast in this test');
          }),
      },
    }),
    openPopup: async () => {
      const newest = (await queue.list()).at(-1);
      if (!newest) return;
      opened.push(newest.id);
      if (options.answer === 'approve') await queue.approve(newest.id, options.approval);
      if (options.answer === 'reject') await queue.reject(newest.id);
    },
  });
  const accountWatchers = new Set<() => void>();
  const services: BackgroundServices = {
    accounts: () => accounts,
    signer: () => fake.signer,
    genesisHash: async () => null,
    watchAccounts(listener) {
      accountWatchers.add(listener);
      return () => accountWatchers.delete(listener);
    },
    queue,
    permissions,
    evmNetworks: async () => builtinEvmNetworks(),
    defaultChainId: async () => 1,
    ethSignEnabled: async () => options.ethSignEnabled ?? false,
    evm,
    checkConstraints,
  };
  const [alice, bob] = accounts.infos as [AccountInfo, AccountInfo];
  /** What the accounts service does when an account is added, removed or registered. */
  const accountsChanged = () => accountWatchers.forEach((listener) => listener());
  return { services, fake, accounts, alice, bob, opened, accountsChanged };
}
