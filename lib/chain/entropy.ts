import type { ApiPromise } from '@polkadot/api';
import type { KeyringPair } from '@polkadot/keyring/types';
import type { Codec } from '@polkadot/types/types';
import { decodeAddress, encodeAddress } from '@polkadot/util-crypto';
import { hexToString, hexToU8a, u8aToHex } from '@polkadot/util';
import type { CommitteeMember, RelayerMessage } from '../wire/ocw';
import { ExtrinsicFailed } from './errors';
import { waitForBlockEvents } from './heads';
import { submitAndWaitInBlock, type Inclusion } from './submit';

export type Hex = `0x${string}`;

export interface Acl {
  addresses: Hex[];
  kind: 'Allow' | 'Deny';
  allowNullRecipient: boolean;
}

export interface Constraints {
  evmAcl?: Acl;
  btcAcl?: Acl;
}

interface MemberJson {
  signingGroup: number;
  stash: string;
  tssAccount: string;
  x25519PublicKey: Hex;
  endpoint: Hex;
}

function memberFromJson(json: MemberJson): CommitteeMember {
  return {
    signingGroup: json.signingGroup,
    stash: decodeAddress(json.stash),
    tssAccount: decodeAddress(json.tssAccount),
    x25519PublicKey: hexToU8a(json.x25519PublicKey),
    endpoint: hexToString(json.endpoint),
  };
}

/** A `Vec<CommitteeMember>` codec as plain bytes and strings, ordered by signing group. */
export function committeeFromCodec(codec: Codec): CommitteeMember[] {
  return (codec.toJSON() as unknown as MemberJson[])
    .map(memberFromJson)
    .sort((a, b) => a.signingGroup - b.signingGroup);
}

/** A relayer `Message` codec (event or storage) as the same structure the off-chain worker sends. */
export function relayerMessageFromCodec(codec: Codec): RelayerMessage {
  const json = codec.toJSON() as unknown as {
    account: string;
    sigRequest: { sigHash: Hex };
    committee: MemberJson[];
  };
  return {
    account: decodeAddress(json.account),
    sigRequest: { sigHash: hexToU8a(json.sigRequest.sigHash) },
    committee: json.committee.map(memberFromJson).sort((a, b) => a.signingGroup - b.signingGroup),
  };
}

function aclToChain(acl: Acl | undefined) {
  return acl
    ? { addresses: acl.addresses, kind: acl.kind, allowNullRecipient: acl.allowNullRecipient }
    : null;
}

function aclFromChain(codec: Codec): Acl | undefined {
  const json = codec.toJSON() as { addresses: Hex[]; kind: string; allowNullRecipient: boolean } | null;
  if (!json) return undefined;
  return {
    addresses: json.addresses,
    kind: json.kind === 'Deny' ? 'Deny' : 'Allow',
    allowNullRecipient: json.allowNullRecipient,
  };
}

export function constraintsToChain(constraints: Constraints) {
  return { evmAcl: aclToChain(constraints.evmAcl), btcAcl: aclToChain(constraints.btcAcl) };
}

/** A validator's registered TSS server, from `stakingExtension.thresholdServers`. */
export interface ServerInfo {
  stash: Uint8Array;
  tssAccount: Uint8Array;
  x25519PublicKey: Uint8Array;
  endpoint: string;
}

export async function serverOf(api: ApiPromise, stash: Uint8Array): Promise<ServerInfo | undefined> {
  const value = (await api.query.stakingExtension.thresholdServers(encodeAddress(stash))) as unknown as {
    isSome: boolean;
    unwrap(): Codec;
  };
  if (!value.isSome) return undefined;
  const json = value.unwrap().toJSON() as { tssAccount: string; x25519PublicKey: string; endpoint: string };
  return {
    stash,
    tssAccount: api.createType('AccountId32', json.tssAccount).toU8a(),
    x25519PublicKey: hexToU8a(json.x25519PublicKey),
    endpoint: hexToString(json.endpoint),
  };
}

/** The servers of every validator in signing group `group`, in selection order. */
export async function groupServers(api: ApiPromise, group: number): Promise<ServerInfo[]> {
  const stashes = (await api.query.stakingExtension.signingGroups(group)) as unknown as Codec[];
  const servers: ServerInfo[] = [];
  for (const stash of stashes) {
    const info = await serverOf(api, stash.toU8a());
    if (info) servers.push(info);
  }
  return servers;
}

/**
 * Every party's public key share of a registration as the chain keeps it: the user's and each signing
 * group's (33-byte compressed, groups ascending). The validators confirm it with the key; a wallet
 * restoring the account from its phrase rebuilds its share's public part from it.
 */
export interface PublicShares {
  user: Uint8Array;
  groups: [number, Uint8Array][];
}

/** `relayer.registrationInfo`: the registration's identity (block of its `register`) and public shares. */
export interface RegistrationInfo {
  blockNumber: number;
  publicShares: PublicShares;
}

/** The account's registration info, or undefined (not registered, or registered before the chain kept it). */
export async function getRegistrationInfo(
  api: ApiPromise,
  address: string,
): Promise<RegistrationInfo | undefined> {
  const value = (await api.query.relayer.registrationInfo(address)) as unknown as {
    isSome: boolean;
    unwrap(): Codec;
  };
  if (!value.isSome) return undefined;
  const json = value.unwrap().toJSON() as {
    blockNumber: number;
    publicShares: { user: Hex; groups: [number, Hex][] };
  };
  return {
    blockNumber: json.blockNumber,
    publicShares: {
      user: hexToU8a(json.publicShares.user),
      groups: json.publicShares.groups.map(([g, pk]) => [g, hexToU8a(pk)]),
    },
  };
}

/** The account's ECDSA verifying key (33 bytes, compressed) once registered. */
export async function getVerifyingKey(api: ApiPromise, address: string): Promise<Uint8Array | undefined> {
  const value = (await api.query.relayer.registered(address)) as unknown as {
    isSome: boolean;
    unwrap(): Codec;
  };
  return value.isSome ? value.unwrap().toU8a() : undefined;
}

export async function getConstraints(api: ApiPromise, address: string): Promise<Constraints> {
  const [evm, btc] = await Promise.all([
    api.query.constraints.evmAcl(address),
    api.query.constraints.btcAcl(address),
  ]);
  return { evmAcl: aclFromChain(evm), btcAcl: aclFromChain(btc) };
}

export interface RegistrationSignal extends Inclusion {
  committee: CommitteeMember[];
}

/** `relayer.register`: returns the registration committee the chain picked in the inclusion block. */
export async function register(
  api: ApiPromise,
  pair: KeyringPair,
  constraintAccount: string,
  initialConstraints: Constraints,
): Promise<RegistrationSignal> {
  const inclusion = await submitAndWaitInBlock(
    api,
    api.tx.relayer.register(constraintAccount, constraintsToChain(initialConstraints)),
    pair,
  );
  const signal = inclusion.events.find(({ event }) => api.events.relayer.SignalRegister.is(event));
  if (!signal)
    throw new ExtrinsicFailed('The chain did not signal the registration', {
      details: { call: 'relayer.register' },
    });
  return { ...inclusion, committee: committeeFromCodec(signal.event.data[1] as Codec) };
}

/** Waits for `AccountRegistered` (→ verifying key) or `RegistrationFailed` for this account. */
export function waitForRegistration(
  api: ApiPromise,
  address: string,
  options: { fromBlock: number; timeoutMs: number },
): Promise<Uint8Array> {
  const accountHex = u8aToHex(decodeAddress(address));
  return waitForBlockEvents(
    api,
    ({ events }) => {
      for (const { event } of events) {
        if (u8aToHex((event.data[0] as Codec | undefined)?.toU8a() ?? new Uint8Array()) !== accountHex)
          continue;
        if (api.events.relayer.AccountRegistered.is(event)) return (event.data[1] as Codec).toU8a();
        if (api.events.relayer.RegistrationFailed.is(event)) {
          throw new ExtrinsicFailed('The signing groups disagreed on the key; registration failed', {
            details: { error: 'relayer.RegistrationFailed' },
          });
        }
      }
      return undefined;
    },
    { ...options, what: 'the registration to be confirmed' },
  );
}

export interface SignatureRequest extends Inclusion {
  message: RelayerMessage;
}

/** `relayer.prepTransaction` with the hash only; returns the committee from `SignatureRequested`. */
export async function prepTransaction(
  api: ApiPromise,
  pair: KeyringPair,
  sigHash: Uint8Array,
): Promise<SignatureRequest> {
  const inclusion = await submitAndWaitInBlock(
    api,
    api.tx.relayer.prepTransaction({ sigHash: u8aToHex(sigHash) }),
    pair,
  );
  const requested = inclusion.events.find(({ event }) => api.events.relayer.SignatureRequested.is(event));
  if (!requested) {
    throw new ExtrinsicFailed('The chain did not select a signing committee', {
      details: { call: 'relayer.prepTransaction' },
    });
  }
  return { ...inclusion, message: relayerMessageFromCodec(requested.event.data[0] as Codec) };
}

export function updateConstraints(
  api: ApiPromise,
  constraintAccountPair: KeyringPair,
  sigReqAccount: string,
  constraints: Constraints,
): Promise<Inclusion> {
  return submitAndWaitInBlock(
    api,
    api.tx.constraints.updateConstraints(sigReqAccount, constraintsToChain(constraints)),
    constraintAccountPair,
  );
}

/** Waits until the chain records a committee's failure report for `sigHash` (`relayer.SigningFailed`). */
export function waitForSigningFailure(
  api: ApiPromise,
  sigHash: Uint8Array,
  options: { fromBlock: number; timeoutMs: number },
): Promise<{ blockNumber: number; accused: string; reason: string }> {
  const wanted = u8aToHex(sigHash);
  return waitForBlockEvents(
    api,
    ({ blockNumber, events }) => {
      for (const { event } of events) {
        if (!api.events.relayer.SigningFailed.is(event)) continue;
        const failure = event.data[1].toJSON() as { sigHash: Hex; accused: string; reason: Hex };
        if (failure.sigHash === wanted)
          return { blockNumber, accused: failure.accused, reason: hexToString(failure.reason) };
      }
      return undefined;
    },
    { ...options, what: 'the committee’s failure report' },
  );
}
