import type { ApiPromise } from '@polkadot/api';
import type { KeyringPair } from '@polkadot/keyring/types';
import { u8aToHex } from '@polkadot/util';
import { cryptoWaitReady, encodeAddress } from '@polkadot/util-crypto';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { equalBytes } from '@noble/curves/utils.js';
import {
  ChainUnavailable,
  getRegistrationInfo,
  getVerifyingKey,
  groupServers,
  type RegistrationInfo,
} from '../../chain';
import {
  decodeKeyShare,
  encodeKeyShare,
  ethereumAddress,
  type KeyShare,
  type PairwiseOt,
} from '../../protocol';
import { groupPartyId, partiesOf } from '../../tss';
import type { Accounts } from '../accounts/accounts';
import { checkMnemonic, pairFromMnemonic, SS58_PREFIX, x25519SecretFromMnemonic } from '../accounts/keys';
import type { AccountInfo, AccountRegistration } from '../accounts/types';
import { runOtSetup } from '../signing/ot-setup';
import { deriveUserShare, type ShareContext } from './derive';
import { KeyNotFromPhrase, NotRegistered, RegistrationInvalid, RestoreFailed } from './errors';

/** What a phrase restores, as the popup shows it before and while restoring. */
export interface RecoveryPreview {
  address: string;
  /** Absent when the account is not registered on this network. */
  registration?: {
    /** The registration's identity on chain: the block of its `register`. */
    blockNumber: number;
    verifyingKey: `0x${string}`;
    ethAddress: `0x${string}`;
    /** Signing groups whose link with the share is set up again. */
    groups: number[];
    /** False: registered before phrase recovery; only a backup file restores the key. */
    fromPhrase: boolean;
  };
}

export type GroupRestoreState = 'waiting' | 'running' | 'done' | 'failed';

export interface GroupProgress {
  group: number;
  state: GroupRestoreState;
  /** The server of the group being asked. */
  endpoint?: string;
  error?: string;
}

export interface RestoreProgress {
  step: 'discover' | 'link' | 'store' | 'done';
  preview?: RecoveryPreview;
  groups?: GroupProgress[];
  at: number;
}

/** Whose key is restored: the secrets come from a typed phrase, or from an account already in the wallet. */
interface KeySource {
  pair: KeyringPair;
  x25519SecretKey: Uint8Array;
  deriveShare(context: Omit<ShareContext, 'account'>): bigint | Promise<bigint>;
}

interface Discovered {
  preview: RecoveryPreview;
  info?: RegistrationInfo;
  verifyingKey?: Uint8Array;
  constraintAccount?: string;
}

export interface RestoreServiceDeps {
  accounts: Pick<Accounts, 'pair' | 'x25519' | 'deriveShare' | 'restore'>;
  api(): Promise<ApiPromise>;
  hold(): () => void;
  /** How long a chain read may take before the chain counts as not answering. */
  chainTimeoutMs?: number;
  /** Per OT setup with one server. */
  protocolTimeoutMs?: number;
  fetch?: typeof fetch;
}

function withTimeout<T>(what: string, ms: number, run: () => Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([
    run(),
    new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(new ChainUnavailable(`The Entropy network did not answer (${what})`, { details: { what } })),
        ms,
      );
    }),
  ]).finally(() => clearTimeout(timer));
}

/** Σ pk_j = verifying key, with every point valid. */
function sumsTo(publicShares: Uint8Array[], verifyingKey: Uint8Array): boolean {
  try {
    const sum = publicShares.map((pk) => secp256k1.Point.fromBytes(pk)).reduce((a, b) => a.add(b));
    return sum.equals(secp256k1.Point.fromBytes(verifyingKey));
  } catch {
    return false;
  }
}

const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * Restores the threshold key from the recovery phrase (docs/vault.md, "Recovery"): finds the account's
 * registration on chain, derives the share again and checks it against the user's public share there,
 * sets up the OT link with every signing group again (`/signer/ot_setup`), and only then writes the
 * account, its share and its registration. Any failure leaves the wallet as it was.
 */
export function createRestoreService(deps: RestoreServiceDeps) {
  const chainTimeoutMs = deps.chainTimeoutMs ?? 20_000;

  async function discover(source: KeySource): Promise<Discovered> {
    const address = source.pair.address;
    const { api, verifyingKey, info, constraintAccount } = await withTimeout(
      'reading the registration',
      chainTimeoutMs,
      async () => {
        const api = await deps.api();
        const [verifyingKey, info, constraint] = await Promise.all([
          getVerifyingKey(api, address),
          getRegistrationInfo(api, address),
          api.query.constraints.constraintAccount(address),
        ]);
        const c = constraint as unknown as { isSome: boolean; unwrap(): { toU8a(): Uint8Array } };
        return {
          api,
          verifyingKey,
          info,
          constraintAccount: c.isSome ? encodeAddress(c.unwrap().toU8a(), SS58_PREFIX) : address,
        };
      },
    );
    if (!verifyingKey) return { preview: { address } };
    let fromPhrase = false;
    if (info) {
      const x = await source.deriveShare({
        genesisHash: api.genesisHash.toU8a(),
        registrationBlock: info.blockNumber,
      });
      fromPhrase = equalBytes(secp256k1.Point.BASE.multiply(x).toBytes(true), info.publicShares.user);
    }
    return {
      preview: {
        address,
        registration: {
          blockNumber: info?.blockNumber ?? 0,
          verifyingKey: u8aToHex(verifyingKey),
          ethAddress: ethereumAddress(verifyingKey),
          groups: info?.publicShares.groups.map(([g]) => g) ?? [],
          fromPhrase,
        },
      },
      info,
      verifyingKey,
      constraintAccount,
    };
  }

  /** The share as the DKG left it, minus the OT links; the public shares must add up to the key. */
  async function rebuildShare(source: KeySource, found: Discovered): Promise<KeyShare> {
    const { info, verifyingKey, preview } = found;
    const address = source.pair.address;
    if (!info || !verifyingKey || !preview.registration?.fromPhrase) {
      throw new KeyNotFromPhrase(
        'This account was registered before keys were derived from the recovery phrase: restore its key from an encrypted backup file',
        { details: { address } },
      );
    }
    const api = await deps.api();
    const secretShare = await source.deriveShare({
      genesisHash: api.genesisHash.toU8a(),
      registrationBlock: info.blockNumber,
    });
    const { parties, publicShares } = partiesOf(info.publicShares, address);
    if (new Set(parties).size !== parties.length || !sumsTo(publicShares, verifyingKey)) {
      throw new RegistrationInvalid('The public key shares on chain do not add up to the registered key', {
        details: { address },
      });
    }
    return { partyId: address, parties, verifyingKey, secretShare, publicShares, ot: new Map() };
  }

  /** Sets up the OT link with each signing group (any server of the group; it hands it to the rest). */
  async function relink(
    source: KeySource,
    share: KeyShare,
    report: (groups: GroupProgress[]) => void,
  ): Promise<KeyShare> {
    const api = await deps.api();
    const groups = share.parties
      .filter((p) => p !== share.partyId)
      .map((p) => Number(p.slice('group-'.length)));
    const states = new Map<number, GroupProgress>(groups.map((g) => [g, { group: g, state: 'waiting' }]));
    const update = (g: number, change: Partial<GroupProgress>) => {
      states.set(g, { ...states.get(g)!, ...change });
      report([...states.values()]);
    };
    report([...states.values()]);
    const results = await Promise.allSettled(
      groups.map(async (group) => {
        const servers = await withTimeout(`the servers of signing group ${group}`, chainTimeoutMs, () =>
          groupServers(api, group),
        );
        const failures: string[] = [];
        for (const server of servers) {
          update(group, { state: 'running', endpoint: server.endpoint });
          try {
            const renewed = await runOtSetup({
              pair: source.pair,
              x25519SecretKey: source.x25519SecretKey,
              share,
              peer: {
                partyId: groupPartyId(group),
                endpoint: server.endpoint,
                tssAccount: server.tssAccount,
                x25519PublicKey: server.x25519PublicKey,
              },
              timeoutMs: deps.protocolTimeoutMs,
              fetch: deps.fetch,
            });
            update(group, { state: 'done' });
            return renewed.ot.get(groupPartyId(group))!;
          } catch (error) {
            failures.push(`${server.endpoint}: ${messageOf(error)}`);
          }
        }
        const reason = servers.length === 0 ? 'the group has no servers' : failures.join('; ');
        update(group, { state: 'failed', error: reason });
        throw new RestoreFailed(
          `Signing group ${group} did not set up its link with the restored key: ${reason}`,
          {
            details: { group, failures },
          },
        );
      }),
    );
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    const ot = new Map(
      results.map((r, i) => [groupPartyId(groups[i]!), (r as PromiseFulfilledResult<PairwiseOt>).value]),
    );
    // Encoding and strict decoding check the whole share once more before it is stored.
    return decodeKeyShare(encodeKeyShare({ ...share, ot }));
  }

  async function restore(
    source: KeySource,
    onProgress: (progress: RestoreProgress) => void,
    write: (share: Uint8Array, registration: AccountRegistration) => Promise<AccountInfo>,
  ): Promise<AccountInfo> {
    const release = deps.hold();
    try {
      const progress = (p: Omit<RestoreProgress, 'at'>) => onProgress({ ...p, at: Date.now() });
      progress({ step: 'discover' });
      const found = await discover(source);
      const { preview } = found;
      if (!preview.registration) {
        throw new NotRegistered(
          `Account ${preview.address} is not registered with Entropy on this network: there is no key to restore`,
          { details: { address: preview.address } },
        );
      }
      const share = await rebuildShare(source, found);
      progress({ step: 'link', preview });
      const restored = await relink(source, share, (groups) => progress({ step: 'link', preview, groups }));
      progress({ step: 'store', preview });
      const registration: AccountRegistration = {
        verifyingKey: preview.registration.verifyingKey,
        ethAddress: preview.registration.ethAddress,
        constraintAccount: found.constraintAccount ?? preview.address,
        keyRecovery: 'phrase',
      };
      const account = await write(encodeKeyShare(restored), registration);
      progress({ step: 'done', preview });
      return account;
    } finally {
      release();
    }
  }

  function phraseSource(mnemonic: string): KeySource {
    const pair = pairFromMnemonic(mnemonic);
    return {
      pair,
      x25519SecretKey: x25519SecretFromMnemonic(mnemonic),
      deriveShare: (context) => deriveUserShare(mnemonic, { ...context, account: pair.publicKey }),
    };
  }

  async function accountSource(address: string): Promise<KeySource> {
    const [pair, x25519] = await Promise.all([deps.accounts.pair(address), deps.accounts.x25519(address)]);
    return {
      pair,
      x25519SecretKey: x25519.secretKey,
      deriveShare: (context) => deps.accounts.deriveShare(address, context),
    };
  }

  return {
    /** What `mnemonic` would restore on this network; reads the chain only. */
    async preview(mnemonic: string): Promise<RecoveryPreview> {
      await cryptoWaitReady();
      return (await discover(phraseSource(checkMnemonic(mnemonic)))).preview;
    },

    /** Imports the phrase's account with its threshold key (or refreshes it when the account is here). */
    async restorePhrase(
      input: { name: string; mnemonic: string },
      onProgress: (progress: RestoreProgress) => void,
    ): Promise<AccountInfo> {
      await cryptoWaitReady();
      const mnemonic = checkMnemonic(input.mnemonic);
      return restore(phraseSource(mnemonic), onProgress, (keyShare, registration) =>
        deps.accounts.restore({ name: input.name, mnemonic, keyShare, registration }),
      );
    },

    /** Restores the key of an account already in the wallet from its stored phrase (after another device did). */
    async restoreAccount(
      address: string,
      onProgress: (progress: RestoreProgress) => void,
    ): Promise<AccountInfo> {
      await cryptoWaitReady();
      const source = await accountSource(address);
      return restore(source, onProgress, (keyShare, registration) =>
        deps.accounts.restore({ address: source.pair.address, keyShare, registration }),
      );
    },
  };
}

export type RestoreService = ReturnType<typeof createRestoreService>;
