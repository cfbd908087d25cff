/**
 * Types for the Entropy pallets as `@polkadot/api` exposes them (the devnet's metadata, docs/devnet.md), in
 * the style of `@polkadot/api-augment`: `api.tx.relayer.prepTransaction`, `api.query.relayer.registered` …
 * are then typed instead of indexed by string. Only what the wallet uses is declared.
 */
import '@polkadot/api-base/types/storage';
import '@polkadot/api-base/types/submittable';
import '@polkadot/api-base/types/events';
import type {
  ApiTypes,
  AugmentedEvent,
  AugmentedQuery,
  AugmentedSubmittable,
  SubmittableExtrinsic,
} from '@polkadot/api-base/types';
import type { Bytes, Option, U8aFixed, Vec, u8, u32 } from '@polkadot/types-codec';
import type { EventRecord } from '@polkadot/types/interfaces/system';
import type { AccountId32 } from '@polkadot/types/interfaces/runtime';
import type { Codec } from '@polkadot/types-codec/types';
import type { Observable } from '@polkadot/types/types';

type Account = AccountId32 | string | Uint8Array;
type Hex = `0x${string}`;

export interface AclInput {
  addresses: Hex[];
  kind: 'Allow' | 'Deny';
  allowNullRecipient: boolean;
}

export interface ConstraintsInput {
  evmAcl: AclInput | null;
  btcAcl: AclInput | null;
}

export interface PublicSharesInput {
  user: Hex | Uint8Array;
  groups: [number, Hex | Uint8Array][];
}

declare module '@polkadot/api-base/types/submittable' {
  interface AugmentedSubmittables<ApiType extends ApiTypes> {
    relayer: {
      register: AugmentedSubmittable<
        (constraintAccount: Account, initialConstraints: ConstraintsInput) => SubmittableExtrinsic<ApiType>,
        [AccountId32, Codec]
      >;
      prepTransaction: AugmentedSubmittable<
        (sigRequest: { sigHash: Hex | Uint8Array }) => SubmittableExtrinsic<ApiType>,
        [Codec]
      >;
      confirmRegister: AugmentedSubmittable<
        (
          sigReqAccount: Account,
          signingGroup: number,
          verifyingKey: Hex | Uint8Array,
          publicShares: PublicSharesInput,
        ) => SubmittableExtrinsic<ApiType>,
        [AccountId32, u8, U8aFixed, Codec]
      >;
      reportFailure: AugmentedSubmittable<
        (
          blockNumber: number,
          sigHash: Hex | Uint8Array,
          accused: Account,
          reason: string | Uint8Array,
          evidence: (Hex | Uint8Array)[],
        ) => SubmittableExtrinsic<ApiType>,
        [u32, U8aFixed, AccountId32, Bytes, Vec<Bytes>]
      >;
      confirmDone: AugmentedSubmittable<
        (blockNumber: number, sigHash: Hex | Uint8Array) => SubmittableExtrinsic<ApiType>,
        [u32, U8aFixed]
      >;
    };
    balances: {
      transferKeepAlive: AugmentedSubmittable<
        (dest: Account | { Id: Account }, value: bigint | string) => SubmittableExtrinsic<ApiType>,
        [Codec, Codec]
      >;
    };
    constraints: {
      updateConstraints: AugmentedSubmittable<
        (sigReqAccount: Account, constraints: ConstraintsInput) => SubmittableExtrinsic<ApiType>,
        [AccountId32, Codec]
      >;
    };
  }
}

declare module '@polkadot/api-base/types/storage' {
  interface AugmentedQueries<ApiType extends ApiTypes> {
    system: {
      events: AugmentedQuery<ApiType, () => Observable<Vec<EventRecord>>, []>;
      account: AugmentedQuery<ApiType, (account: Account) => Observable<Codec>, [AccountId32]>;
    };
    relayer: {
      registered: AugmentedQuery<ApiType, (account: Account) => Observable<Option<U8aFixed>>, [AccountId32]>;
      registering: AugmentedQuery<ApiType, (account: Account) => Observable<Option<Codec>>, [AccountId32]>;
      registrationInfo: AugmentedQuery<
        ApiType,
        (account: Account) => Observable<Option<Codec>>,
        [AccountId32]
      >;
      messages: AugmentedQuery<ApiType, (blockNumber: number) => Observable<Vec<Codec>>, [u32]>;
      failures: AugmentedQuery<ApiType, (blockNumber: number) => Observable<Vec<Codec>>, [u32]>;
      excludedUntil: AugmentedQuery<ApiType, (stash: Account) => Observable<Option<u32>>, [AccountId32]>;
    };
    constraints: {
      evmAcl: AugmentedQuery<ApiType, (account: Account) => Observable<Option<Codec>>, [AccountId32]>;
      btcAcl: AugmentedQuery<ApiType, (account: Account) => Observable<Option<Codec>>, [AccountId32]>;
      constraintAccount: AugmentedQuery<
        ApiType,
        (account: Account) => Observable<Option<AccountId32>>,
        [AccountId32]
      >;
    };
    stakingExtension: {
      signingGroups: AugmentedQuery<ApiType, (group: number) => Observable<Vec<AccountId32>>, [u8]>;
      thresholdServers: AugmentedQuery<ApiType, (stash: Account) => Observable<Option<Codec>>, [AccountId32]>;
      signingGroupCount: AugmentedQuery<ApiType, () => Observable<u8>, []>;
    };
  }
}

declare module '@polkadot/api-base/types/events' {
  interface AugmentedEvents<ApiType extends ApiTypes> {
    relayer: {
      SignalRegister: AugmentedEvent<ApiType, [AccountId32, Vec<Codec>]>;
      RegistrationConfirmed: AugmentedEvent<ApiType, [AccountId32, u8]>;
      AccountRegistered: AugmentedEvent<ApiType, [AccountId32, U8aFixed]>;
      RegistrationFailed: AugmentedEvent<ApiType, [AccountId32]>;
      SignatureRequested: AugmentedEvent<ApiType, [Codec]>;
      SigningFailed: AugmentedEvent<ApiType, [u32, Codec]>;
      ValidatorExcluded: AugmentedEvent<ApiType, [AccountId32, u32]>;
      SignatureDone: AugmentedEvent<ApiType, [u32, U8aFixed, AccountId32]>;
    };
    constraints: {
      ConstraintsUpdated: AugmentedEvent<ApiType, [AccountId32, Codec]>;
    };
  }
}
