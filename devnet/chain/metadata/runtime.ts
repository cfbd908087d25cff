/**
 * The runtime's types and pallets, as metadata V14 describes them. Type paths follow Substrate's (and
 * Entropy's) Rust paths, so `@polkadot/types` recognises the well-known ones (AccountId32, MultiAddress,
 * Era, H256, Weight) and names the rest as it would for a real node.
 */
import { u8aToHex } from '@polkadot/util';
import { TypeBuilder } from './type-builder';
import { u16Le, u32Le, u64Le, u128Le } from '../scale';

export type Hasher = 'Blake2_128Concat' | 'Twox64Concat' | 'Identity';

export interface StorageSpec {
  name: string;
  key?: { hasher: Hasher; type: number };
  value: number;
  /** `Default` items read as `fallback` when absent; `Optional` ones as `None`. */
  modifier: 'Optional' | 'Default';
  fallback: Uint8Array;
  docs: string[];
}

export interface PalletSpec {
  name: string;
  index: number;
  storage: StorageSpec[];
  calls?: number;
  events?: number;
  errors?: number;
  constants: { name: string; type: number; value: Uint8Array; docs: string[] }[];
}

export interface RuntimeParams {
  existentialDeposit: bigint;
  blockHashCount: number;
  minimumPeriod: bigint;
  maxAclLength: number;
  maxReasonLength: number;
  maxEvidenceBytes: number;
}

const NONE = Uint8Array.of(0);
const EMPTY_VEC = Uint8Array.of(0);

function plain(name: string, value: number, fallback: Uint8Array | null, docs: string): StorageSpec {
  return {
    name,
    value,
    modifier: fallback ? 'Default' : 'Optional',
    fallback: fallback ?? NONE,
    docs: [docs],
  };
}

function map(
  name: string,
  hasher: Hasher,
  key: number,
  value: number,
  fallback: Uint8Array | null,
  docs: string,
): StorageSpec {
  return {
    name,
    key: { hasher, type: key },
    value,
    modifier: fallback ? 'Default' : 'Optional',
    fallback: fallback ?? NONE,
    docs: [docs],
  };
}

/** Every type id the chain code encodes or decodes with. */
export function buildRuntimeTypes(params: RuntimeParams) {
  const b = new TypeBuilder();
  const u8 = b.primitive('U8');
  const u16 = b.primitive('U16');
  const u32 = b.primitive('U32');
  const u64 = b.primitive('U64');
  const u128 = b.primitive('U128');
  const bool = b.primitive('Bool');
  const bytes = b.bytes();
  const unit = b.tuple([]);
  const bytes20 = b.array(20, u8);
  const bytes32 = b.array(32, u8);
  const bytes33 = b.array(33, u8);
  const bytes64 = b.array(64, u8);
  const bytes65 = b.array(65, u8);
  const accountId = b.composite(
    ['sp_core', 'crypto', 'AccountId32'],
    [{ type: bytes32, typeName: '[u8; 32]' }],
  );
  const h256 = b.composite(['primitive_types', 'H256'], [{ type: bytes32, typeName: '[u8; 32]' }]);
  const compactU32 = b.compact(u32);
  const compactU64 = b.compact(u64);
  const compactU128 = b.compact(u128);

  // --- frame_system ---
  const accountData = b.composite(
    ['pallet_balances', 'types', 'AccountData'],
    [
      { name: 'free', type: u128, typeName: 'Balance' },
      { name: 'reserved', type: u128, typeName: 'Balance' },
      { name: 'frozen', type: u128, typeName: 'Balance' },
      {
        name: 'flags',
        type: b.composite(['pallet_balances', 'types', 'ExtraFlags'], [{ type: u128 }]),
        typeName: 'ExtraFlags',
      },
    ],
    [{ name: 'Balance', type: u128 }],
  );
  const accountInfo = b.composite(
    ['frame_system', 'AccountInfo'],
    [
      { name: 'nonce', type: u32, typeName: 'Nonce' },
      { name: 'consumers', type: u32, typeName: 'RefCount' },
      { name: 'providers', type: u32, typeName: 'RefCount' },
      { name: 'sufficients', type: u32, typeName: 'RefCount' },
      { name: 'data', type: accountData, typeName: 'AccountData' },
    ],
    [
      { name: 'Nonce', type: u32 },
      { name: 'AccountData', type: accountData },
    ],
  );
  const weight = b.composite(
    ['sp_weights', 'weight_v2', 'Weight'],
    [
      { name: 'ref_time', type: compactU64, typeName: 'u64' },
      { name: 'proof_size', type: compactU64, typeName: 'u64' },
    ],
  );
  const dispatchClass = b.enumOf(
    ['frame_support', 'dispatch', 'DispatchClass'],
    ['Normal', 'Operational', 'Mandatory'],
  );
  const pays = b.enumOf(['frame_support', 'dispatch', 'Pays'], ['Yes', 'No']);
  const dispatchInfo = b.composite(
    ['frame_support', 'dispatch', 'DispatchInfo'],
    [
      { name: 'weight', type: weight, typeName: 'Weight' },
      { name: 'class', type: dispatchClass, typeName: 'DispatchClass' },
      { name: 'pays_fee', type: pays, typeName: 'Pays' },
    ],
  );
  const moduleError = b.composite(
    ['sp_runtime', 'ModuleError'],
    [
      { name: 'index', type: u8, typeName: 'u8' },
      { name: 'error', type: b.array(4, u8), typeName: '[u8; MAX_MODULE_ERROR_ENCODED_SIZE]' },
    ],
  );
  const tokenError = b.enumOf(
    ['sp_runtime', 'TokenError'],
    [
      'FundsUnavailable',
      'OnlyProvider',
      'BelowMinimum',
      'CannotCreate',
      'UnknownAsset',
      'Frozen',
      'Unsupported',
      'CannotCreateHold',
      'NotExpendable',
      'Blocked',
    ],
  );
  const arithmeticError = b.enumOf(
    ['sp_arithmetic', 'ArithmeticError'],
    ['Underflow', 'Overflow', 'DivisionByZero'],
  );
  const transactionalError = b.enumOf(['sp_runtime', 'TransactionalError'], ['LimitReached', 'NoLayer']);
  const dispatchError = b.enumOf(
    ['sp_runtime', 'DispatchError'],
    [
      'Other',
      'CannotLookup',
      'BadOrigin',
      { name: 'Module', fields: [{ type: moduleError, typeName: 'ModuleError' }] },
      'ConsumerRemaining',
      'NoProviders',
      'TooManyConsumers',
      { name: 'Token', fields: [{ type: tokenError, typeName: 'TokenError' }] },
      { name: 'Arithmetic', fields: [{ type: arithmeticError, typeName: 'ArithmeticError' }] },
      { name: 'Transactional', fields: [{ type: transactionalError, typeName: 'TransactionalError' }] },
      'Exhausted',
      'Corruption',
      'Unavailable',
      'RootNotAllowed',
    ],
  );
  const T = {
    b,
    u8,
    u16,
    u32,
    u64,
    u128,
    bool,
    bytes,
    unit,
    bytes20,
    bytes32,
    bytes33,
    bytes64,
    bytes65,
    accountId,
    h256,
  };
  const pt = (name: string) => [{ name, type: null }];

  const systemCall = b.variant(
    ['frame_system', 'pallet', 'Call'],
    [
      { name: 'remark', index: 0, fields: [{ name: 'remark', type: bytes, typeName: 'Vec<u8>' }] },
      { name: 'remark_with_event', index: 7, fields: [{ name: 'remark', type: bytes, typeName: 'Vec<u8>' }] },
    ],
    pt('T'),
  );
  const systemEvent = b.variant(
    ['frame_system', 'pallet', 'Event'],
    [
      {
        name: 'ExtrinsicSuccess',
        index: 0,
        fields: [{ name: 'dispatch_info', type: dispatchInfo, typeName: 'DispatchInfo' }],
      },
      {
        name: 'ExtrinsicFailed',
        index: 1,
        fields: [
          { name: 'dispatch_error', type: dispatchError, typeName: 'DispatchError' },
          { name: 'dispatch_info', type: dispatchInfo, typeName: 'DispatchInfo' },
        ],
      },
      {
        name: 'NewAccount',
        index: 3,
        fields: [{ name: 'account', type: accountId, typeName: 'T::AccountId' }],
      },
      {
        name: 'KilledAccount',
        index: 4,
        fields: [{ name: 'account', type: accountId, typeName: 'T::AccountId' }],
      },
      {
        name: 'Remarked',
        index: 5,
        fields: [
          { name: 'sender', type: accountId, typeName: 'T::AccountId' },
          { name: 'hash', type: h256, typeName: 'T::Hash' },
        ],
      },
    ],
    pt('T'),
  );
  const systemError = b.variant(
    ['frame_system', 'pallet', 'Error'],
    [{ name: 'CallFiltered', index: 5 }],
    pt('T'),
  );

  // --- timestamp ---
  const timestampCall = b.variant(
    ['pallet_timestamp', 'pallet', 'Call'],
    [{ name: 'set', index: 0, fields: [{ name: 'now', type: compactU64, typeName: 'T::Moment' }] }],
    pt('T'),
  );

  // --- balances ---
  const multiAddress = b.variant(
    ['sp_runtime', 'multiaddress', 'MultiAddress'],
    [
      { name: 'Id', index: 0, fields: [{ type: accountId, typeName: 'AccountId' }] },
      { name: 'Index', index: 1, fields: [{ type: b.compact(unit), typeName: 'AccountIndex' }] },
      { name: 'Raw', index: 2, fields: [{ type: bytes, typeName: 'Vec<u8>' }] },
      { name: 'Address32', index: 3, fields: [{ type: bytes32, typeName: '[u8; 32]' }] },
      { name: 'Address20', index: 4, fields: [{ type: bytes20, typeName: '[u8; 20]' }] },
    ],
    [
      { name: 'AccountId', type: accountId },
      { name: 'AccountIndex', type: unit },
    ],
  );
  const balancesCall = b.variant(
    ['pallet_balances', 'pallet', 'Call'],
    [
      {
        name: 'transfer_allow_death',
        index: 0,
        fields: [
          { name: 'dest', type: multiAddress, typeName: 'AccountIdLookupOf<T>' },
          { name: 'value', type: compactU128, typeName: 'T::Balance' },
        ],
      },
      {
        name: 'transfer_keep_alive',
        index: 3,
        fields: [
          { name: 'dest', type: multiAddress, typeName: 'AccountIdLookupOf<T>' },
          { name: 'value', type: compactU128, typeName: 'T::Balance' },
        ],
      },
      {
        name: 'transfer_all',
        index: 4,
        fields: [
          { name: 'dest', type: multiAddress, typeName: 'AccountIdLookupOf<T>' },
          { name: 'keep_alive', type: bool, typeName: 'bool' },
        ],
      },
    ],
    [
      { name: 'T', type: null },
      { name: 'I', type: null },
    ],
  );
  const balancesEvent = b.variant(
    ['pallet_balances', 'pallet', 'Event'],
    [
      {
        name: 'Endowed',
        index: 0,
        fields: [
          { name: 'account', type: accountId, typeName: 'T::AccountId' },
          { name: 'free_balance', type: u128, typeName: 'T::Balance' },
        ],
      },
      {
        name: 'DustLost',
        index: 1,
        fields: [
          { name: 'account', type: accountId, typeName: 'T::AccountId' },
          { name: 'amount', type: u128, typeName: 'T::Balance' },
        ],
      },
      {
        name: 'Transfer',
        index: 2,
        fields: [
          { name: 'from', type: accountId, typeName: 'T::AccountId' },
          { name: 'to', type: accountId, typeName: 'T::AccountId' },
          { name: 'amount', type: u128, typeName: 'T::Balance' },
        ],
      },
      {
        name: 'Withdraw',
        index: 8,
        fields: [
          { name: 'who', type: accountId, typeName: 'T::AccountId' },
          { name: 'amount', type: u128, typeName: 'T::Balance' },
        ],
      },
    ],
    [
      { name: 'T', type: null },
      { name: 'I', type: null },
    ],
  );
  const balancesError = b.variant(
    ['pallet_balances', 'pallet', 'Error'],
    [
      { name: 'InsufficientBalance', index: 2, docs: ['Balance too low to send value.'] },
      {
        name: 'ExistentialDeposit',
        index: 3,
        docs: ['Value too low to create account due to existential deposit.'],
      },
      { name: 'Expendability', index: 4, docs: ['Transfer/payment would kill account.'] },
    ],
    [
      { name: 'T', type: null },
      { name: 'I', type: null },
    ],
  );

  // --- transactionPayment ---
  const transactionPaymentEvent = b.variant(
    ['pallet_transaction_payment', 'pallet', 'Event'],
    [
      {
        name: 'TransactionFeePaid',
        index: 0,
        fields: [
          { name: 'who', type: accountId, typeName: 'T::AccountId' },
          { name: 'actual_fee', type: u128, typeName: 'BalanceOf<T>' },
          { name: 'tip', type: u128, typeName: 'BalanceOf<T>' },
        ],
      },
    ],
    pt('T'),
  );

  // --- Entropy types ---
  const sigRequest = b.composite(
    ['entropy_shared', 'types', 'SigRequest'],
    [{ name: 'sig_hash', type: bytes32, typeName: '[u8; 32]' }],
  );
  const committeeMember = b.composite(
    ['entropy_shared', 'types', 'CommitteeMember'],
    [
      { name: 'signing_group', type: u8, typeName: 'u8' },
      { name: 'stash', type: accountId, typeName: 'AccountId32' },
      { name: 'tss_account', type: accountId, typeName: 'AccountId32' },
      { name: 'x25519_public_key', type: bytes32, typeName: 'X25519PublicKey' },
      { name: 'endpoint', type: bytes, typeName: 'Vec<u8>' },
    ],
  );
  const committee = b.sequence(committeeMember);
  const message = b.composite(
    ['entropy_shared', 'types', 'Message'],
    [
      { name: 'account', type: accountId, typeName: 'AccountId32' },
      { name: 'sig_request', type: sigRequest, typeName: 'SigRequest' },
      { name: 'committee', type: committee, typeName: 'Vec<CommitteeMember>' },
    ],
  );
  const serverInfo = b.composite(
    ['pallet_staking_extension', 'pallet', 'ServerInfo'],
    [
      { name: 'tss_account', type: accountId, typeName: 'AccountId' },
      { name: 'x25519_public_key', type: bytes32, typeName: 'X25519PublicKey' },
      { name: 'endpoint', type: bytes, typeName: 'TssServerURL' },
    ],
    [{ name: 'AccountId', type: accountId }],
  );
  const aclKind = b.enumOf(['pallet_constraints', 'pallet', 'AclKind'], ['Allow', 'Deny']);
  const acl = (addr: number) =>
    b.composite(
      ['pallet_constraints', 'pallet', 'Acl'],
      [
        { name: 'addresses', type: b.sequence(addr), typeName: 'Vec<Address>' },
        { name: 'kind', type: aclKind, typeName: 'AclKind' },
        { name: 'allow_null_recipient', type: bool, typeName: 'bool' },
      ],
      [{ name: 'Address', type: addr }],
    );
  const evmAcl = acl(bytes20);
  const btcAcl = acl(bytes32);
  const constraints = b.composite(
    ['pallet_constraints', 'pallet', 'Constraints'],
    [
      { name: 'evm_acl', type: b.option(evmAcl), typeName: 'Option<Acl<[u8; 20]>>' },
      { name: 'btc_acl', type: b.option(btcAcl), typeName: 'Option<Acl<[u8; 32]>>' },
    ],
  );
  const confirmations = b.sequence(b.tuple([u8, bytes33]));
  const publicShares = b.composite(
    ['pallet_relayer', 'pallet', 'PublicShares'],
    [
      { name: 'user', type: bytes33, typeName: '[u8; 33]' },
      { name: 'groups', type: b.sequence(b.tuple([u8, bytes33])), typeName: 'Vec<(u8, [u8; 33])>' },
    ],
  );
  const registrationInfo = b.composite(
    ['pallet_relayer', 'pallet', 'RegistrationInfo'],
    [
      { name: 'block_number', type: u32, typeName: 'BlockNumberFor<T>' },
      { name: 'public_shares', type: publicShares, typeName: 'PublicShares' },
    ],
    pt('T'),
  );
  const registeringDetails = b.composite(
    ['pallet_relayer', 'pallet', 'RegisteringDetails'],
    [
      { name: 'constraint_account', type: accountId, typeName: 'T::AccountId' },
      { name: 'committee', type: committee, typeName: 'Vec<CommitteeMember>' },
      { name: 'initial_constraints', type: constraints, typeName: 'Constraints' },
      { name: 'confirmations', type: confirmations, typeName: 'Vec<(u8, [u8; 33])>' },
      { name: 'block_number', type: u32, typeName: 'BlockNumberFor<T>' },
      { name: 'public_shares', type: b.option(publicShares), typeName: 'Option<PublicShares>' },
    ],
    pt('T'),
  );
  const failure = b.composite(
    ['pallet_relayer', 'pallet', 'Failure'],
    [
      { name: 'sig_hash', type: bytes32, typeName: '[u8; 32]' },
      { name: 'reporter', type: accountId, typeName: 'T::AccountId' },
      { name: 'accused', type: accountId, typeName: 'T::AccountId' },
      { name: 'reason', type: bytes, typeName: 'Vec<u8>' },
      { name: 'evidence', type: b.sequence(bytes), typeName: 'Vec<Vec<u8>>' },
    ],
    pt('T'),
  );

  const relayerCall = b.variant(
    ['pallet_relayer', 'pallet', 'Call'],
    [
      {
        name: 'register',
        index: 0,
        fields: [
          { name: 'constraint_account', type: accountId, typeName: 'T::AccountId' },
          { name: 'initial_constraints', type: constraints, typeName: 'Constraints' },
        ],
        docs: ['Starts registration: selects a registration committee, one validator per signing group.'],
      },
      {
        name: 'confirm_register',
        index: 1,
        fields: [
          { name: 'sig_req_account', type: accountId, typeName: 'T::AccountId' },
          { name: 'signing_group', type: u8, typeName: 'u8' },
          { name: 'verifying_key', type: bytes33, typeName: '[u8; 33]' },
          { name: 'public_shares', type: publicShares, typeName: 'PublicShares' },
        ],
        docs: [
          "A registration committee member's TSS account confirms the DKG result for its group: the key and",
          " every party's public key share (kept so the user can restore its share from its recovery phrase).",
        ],
      },
      {
        name: 'prep_transaction',
        index: 2,
        fields: [{ name: 'sig_request', type: sigRequest, typeName: 'SigRequest' }],
        docs: ['A registered account asks for a signature over `sig_request.sig_hash`.'],
      },
      {
        name: 'report_failure',
        index: 3,
        fields: [
          { name: 'block_number', type: u32, typeName: 'BlockNumberFor<T>' },
          { name: 'sig_hash', type: bytes32, typeName: '[u8; 32]' },
          { name: 'accused', type: accountId, typeName: 'T::AccountId' },
          { name: 'reason', type: bytes, typeName: 'Vec<u8>' },
          { name: 'evidence', type: b.sequence(bytes), typeName: 'Vec<Vec<u8>>' },
        ],
        docs: ['A committee member reports who made a signing session fail, and why.'],
      },
      {
        name: 'confirm_done',
        index: 4,
        fields: [
          { name: 'block_number', type: u32, typeName: 'BlockNumberFor<T>' },
          { name: 'sig_hash', type: bytes32, typeName: '[u8; 32]' },
        ],
        docs: ['A committee member confirms the signature was produced.'],
      },
    ],
    pt('T'),
  );
  const relayerEvent = b.variant(
    ['pallet_relayer', 'pallet', 'Event'],
    [
      {
        name: 'SignalRegister',
        index: 0,
        fields: [
          { type: accountId, typeName: 'T::AccountId' },
          { type: committee, typeName: 'Vec<CommitteeMember>' },
        ],
      },
      {
        name: 'RegistrationConfirmed',
        index: 1,
        fields: [
          { type: accountId, typeName: 'T::AccountId' },
          { type: u8, typeName: 'u8' },
        ],
      },
      {
        name: 'AccountRegistered',
        index: 2,
        fields: [
          { type: accountId, typeName: 'T::AccountId' },
          { type: bytes33, typeName: '[u8; 33]' },
        ],
      },
      { name: 'RegistrationFailed', index: 3, fields: [{ type: accountId, typeName: 'T::AccountId' }] },
      { name: 'SignatureRequested', index: 4, fields: [{ type: message, typeName: 'Message' }] },
      {
        name: 'SigningFailed',
        index: 5,
        fields: [
          { type: u32, typeName: 'BlockNumberFor<T>' },
          { type: failure, typeName: 'Failure<T>' },
        ],
      },
      {
        name: 'ValidatorExcluded',
        index: 6,
        fields: [
          { type: accountId, typeName: 'T::AccountId' },
          { type: u32, typeName: 'BlockNumberFor<T>' },
        ],
      },
      {
        name: 'SignatureDone',
        index: 7,
        fields: [
          { type: u32, typeName: 'BlockNumberFor<T>' },
          { type: bytes32, typeName: '[u8; 32]' },
          { type: accountId, typeName: 'T::AccountId' },
        ],
      },
    ],
    pt('T'),
  );
  const relayerErrors = [
    'AlreadyRegistered',
    'AlreadyRegistering',
    'NotRegistering',
    'NotRegistered',
    'NotInCommittee',
    'AlreadyConfirmed',
    'NoAvailableValidator',
    'MessageNotFound',
    'AccusedNotInCommittee',
    'AlreadyReported',
    'ReasonTooLong',
    'EvidenceTooLarge',
    'InvalidPublicShares',
  ] as const;
  const relayerError = b.enumOf(['pallet_relayer', 'pallet', 'Error'], [...relayerErrors], pt('T'));

  const constraintsCall = b.variant(
    ['pallet_constraints', 'pallet', 'Call'],
    [
      {
        name: 'update_constraints',
        index: 0,
        fields: [
          { name: 'sig_req_account', type: accountId, typeName: 'T::AccountId' },
          { name: 'constraints', type: constraints, typeName: 'Constraints' },
        ],
        docs: ["Replaces the account's constraints; only its constraint account may."],
      },
    ],
    pt('T'),
  );
  const constraintsEvent = b.variant(
    ['pallet_constraints', 'pallet', 'Event'],
    [
      {
        name: 'ConstraintsUpdated',
        index: 0,
        fields: [
          { type: accountId, typeName: 'T::AccountId' },
          { type: constraints, typeName: 'Constraints' },
        ],
      },
    ],
    pt('T'),
  );
  const constraintsErrors = ['NotAuthorized', 'TooManyAddresses'] as const;
  const constraintsError = b.enumOf(
    ['pallet_constraints', 'pallet', 'Error'],
    [...constraintsErrors],
    pt('T'),
  );

  // --- outer enums, extrinsic ---
  const palletCalls: [string, number, number][] = [
    ['System', 0, systemCall],
    ['Timestamp', 1, timestampCall],
    ['Balances', 2, balancesCall],
    ['Relayer', 5, relayerCall],
    ['Constraints', 6, constraintsCall],
  ];
  const runtimeCall = b.variant(
    ['entropy_runtime', 'RuntimeCall'],
    palletCalls.map(([name, index, type]) => ({
      name,
      index,
      fields: [{ type, typeName: `CallableCallFor<${name}, Runtime>` }],
    })),
  );
  const palletEvents: [string, number, number][] = [
    ['System', 0, systemEvent],
    ['Balances', 2, balancesEvent],
    ['TransactionPayment', 3, transactionPaymentEvent],
    ['Relayer', 5, relayerEvent],
    ['Constraints', 6, constraintsEvent],
  ];
  const runtimeEvent = b.variant(
    ['entropy_runtime', 'RuntimeEvent'],
    palletEvents.map(([name, index, type]) => ({
      name,
      index,
      fields: [{ type, typeName: `${name.toLowerCase()}::Event<Runtime>` }],
    })),
  );
  const phase = b.enumOf(
    ['frame_system', 'Phase'],
    [{ name: 'ApplyExtrinsic', fields: [{ type: u32, typeName: 'u32' }] }, 'Finalization', 'Initialization'],
  );
  const eventRecord = b.composite(
    ['frame_system', 'EventRecord'],
    [
      { name: 'phase', type: phase, typeName: 'Phase' },
      { name: 'event', type: runtimeEvent, typeName: 'E' },
      { name: 'topics', type: b.sequence(h256), typeName: 'Vec<T>' },
    ],
    [
      { name: 'E', type: runtimeEvent },
      { name: 'T', type: h256 },
    ],
  );
  const eventRecords = b.sequence(eventRecord);
  const era = b.variant(
    ['sp_runtime', 'generic', 'era', 'Era'],
    Array.from({ length: 256 }, (_, i) =>
      i === 0 ? { name: 'Immortal', index: 0 } : { name: `Mortal${i}`, index: i, fields: [{ type: u8 }] },
    ),
  );
  const multiSignature = b.variant(
    ['sp_runtime', 'MultiSignature'],
    [
      {
        name: 'Ed25519',
        index: 0,
        fields: [{ type: b.composite(['sp_core', 'ed25519', 'Signature'], [{ type: bytes64 }]) }],
      },
      {
        name: 'Sr25519',
        index: 1,
        fields: [{ type: b.composite(['sp_core', 'sr25519', 'Signature'], [{ type: bytes64 }]) }],
      },
      {
        name: 'Ecdsa',
        index: 2,
        fields: [{ type: b.composite(['sp_core', 'ecdsa', 'Signature'], [{ type: bytes65 }]) }],
      },
    ],
  );
  const ext = (name: string, path: string[], fieldType?: number) =>
    [name, b.composite(path, fieldType === undefined ? [] : [{ type: fieldType }], pt('T'))] as const;
  const signedExtensions = [
    {
      ...idOf(
        ext('CheckNonZeroSender', [
          'frame_system',
          'extensions',
          'check_non_zero_sender',
          'CheckNonZeroSender',
        ]),
      ),
      additionalSigned: unit,
    },
    {
      ...idOf(
        ext('CheckSpecVersion', ['frame_system', 'extensions', 'check_spec_version', 'CheckSpecVersion']),
      ),
      additionalSigned: u32,
    },
    {
      ...idOf(ext('CheckTxVersion', ['frame_system', 'extensions', 'check_tx_version', 'CheckTxVersion'])),
      additionalSigned: u32,
    },
    {
      ...idOf(ext('CheckGenesis', ['frame_system', 'extensions', 'check_genesis', 'CheckGenesis'])),
      additionalSigned: h256,
    },
    {
      identifier: 'CheckMortality',
      type: b.composite(
        ['frame_system', 'extensions', 'check_mortality', 'CheckMortality'],
        [{ type: era, typeName: 'Era' }],
        pt('T'),
      ),
      additionalSigned: h256,
    },
    {
      ...idOf(ext('CheckNonce', ['frame_system', 'extensions', 'check_nonce', 'CheckNonce'], compactU32)),
      additionalSigned: unit,
    },
    {
      ...idOf(ext('CheckWeight', ['frame_system', 'extensions', 'check_weight', 'CheckWeight'])),
      additionalSigned: unit,
    },
    {
      ...idOf(
        ext(
          'ChargeTransactionPayment',
          ['pallet_transaction_payment', 'ChargeTransactionPayment'],
          compactU128,
        ),
      ),
      additionalSigned: unit,
    },
  ];
  const signedExtra = b.tuple(signedExtensions.map((e) => e.type));
  const uncheckedExtrinsic = b.composite(
    ['sp_runtime', 'generic', 'unchecked_extrinsic', 'UncheckedExtrinsic'],
    [{ type: bytes }],
    [
      { name: 'Address', type: multiAddress },
      { name: 'Call', type: runtimeCall },
      { name: 'Signature', type: multiSignature },
      { name: 'Extra', type: signedExtra },
    ],
  );
  const runtime = b.composite(['entropy_runtime', 'Runtime'], []);

  const pallets: PalletSpec[] = [
    {
      name: 'System',
      index: 0,
      storage: [
        map(
          'Account',
          'Blake2_128Concat',
          accountId,
          accountInfo,
          new Uint8Array(80),
          ' The full account information for a particular account ID.',
        ),
        plain('ExtrinsicCount', u32, null, ' Total extrinsics count for the current block.'),
        map(
          'BlockHash',
          'Twox64Concat',
          u32,
          h256,
          new Uint8Array(32),
          ' Map of block numbers to block hashes.',
        ),
        plain('Number', u32, u32Le(0), ' The current block number being processed.'),
        plain('ParentHash', h256, new Uint8Array(32), ' Hash of the previous block.'),
        plain('Events', eventRecords, EMPTY_VEC, ' Events deposited for the current block.'),
        plain('EventCount', u32, u32Le(0), ' The number of events in the `Events<T>` list.'),
      ],
      calls: systemCall,
      events: systemEvent,
      errors: systemError,
      constants: [
        {
          name: 'BlockHashCount',
          type: u32,
          value: u32Le(params.blockHashCount),
          docs: [' Maximum number of block number to block hash mappings to keep.'],
        },
        {
          name: 'SS58Prefix',
          type: u16,
          value: u16Le(42),
          docs: [' The designated SS58 prefix of this chain.'],
        },
      ],
    },
    {
      name: 'Timestamp',
      index: 1,
      storage: [
        plain('Now', u64, u64Le(0n), ' The current time for the current block.'),
        plain('DidUpdate', bool, Uint8Array.of(0), ' Whether the timestamp has been updated in this block.'),
      ],
      calls: timestampCall,
      constants: [
        {
          name: 'MinimumPeriod',
          type: u64,
          value: u64Le(params.minimumPeriod),
          docs: [' The minimum period between blocks.'],
        },
      ],
    },
    {
      name: 'Balances',
      index: 2,
      storage: [plain('TotalIssuance', u128, u128Le(0n), ' The total units issued in the system.')],
      calls: balancesCall,
      events: balancesEvent,
      errors: balancesError,
      constants: [
        {
          name: 'ExistentialDeposit',
          type: u128,
          value: u128Le(params.existentialDeposit),
          docs: [' The minimum amount required to keep an account open.'],
        },
      ],
    },
    {
      name: 'TransactionPayment',
      index: 3,
      storage: [
        plain(
          'NextFeeMultiplier',
          u128,
          u128Le(10n ** 18n),
          ' The fee multiplier (FixedU128); fixed at 1 here.',
        ),
      ],
      events: transactionPaymentEvent,
      constants: [{ name: 'OperationalFeeMultiplier', type: u8, value: Uint8Array.of(5), docs: [] }],
    },
    {
      name: 'StakingExtension',
      index: 4,
      storage: [
        map(
          'ThresholdServers',
          'Blake2_128Concat',
          accountId,
          serverInfo,
          null,
          ' TSS server of each validator stash.',
        ),
        map(
          'ThresholdToStash',
          'Blake2_128Concat',
          accountId,
          accountId,
          null,
          ' Stash of each TSS account.',
        ),
        map(
          'SigningGroups',
          'Twox64Concat',
          u8,
          b.sequence(accountId),
          EMPTY_VEC,
          ' Validator stashes of each signing group, in selection order.',
        ),
        map(
          'ValidatorToSigningGroup',
          'Blake2_128Concat',
          accountId,
          u8,
          null,
          ' Signing group of each validator stash.',
        ),
        plain('SigningGroupCount', u8, Uint8Array.of(0), ' Number of signing groups.'),
      ],
      constants: [],
    },
    {
      name: 'Relayer',
      index: 5,
      storage: [
        map(
          'Registering',
          'Blake2_128Concat',
          accountId,
          registeringDetails,
          null,
          ' Accounts whose registration is in progress.',
        ),
        map(
          'Registered',
          'Blake2_128Concat',
          accountId,
          bytes33,
          null,
          ' Verifying key (compressed secp256k1) of each registered account.',
        ),
        map(
          'RegistrationInfo',
          'Blake2_128Concat',
          accountId,
          registrationInfo,
          null,
          ' Of each registered account: the block of its `register` (its identity) and every public key share.',
        ),
        map(
          'Messages',
          'Twox64Concat',
          u32,
          b.sequence(message),
          EMPTY_VEC,
          ' Signature requests of each block, with their committees.',
        ),
        map(
          'Failures',
          'Twox64Concat',
          u32,
          b.sequence(failure),
          EMPTY_VEC,
          ' Signing failures reported for the requests of each block.',
        ),
        map(
          'ExcludedUntil',
          'Blake2_128Concat',
          accountId,
          u32,
          null,
          ' Validators left out of new committees until this block.',
        ),
        map(
          'SignaturesDone',
          'Twox64Concat',
          u32,
          b.sequence(b.tuple([bytes32, accountId])),
          EMPTY_VEC,
          ' Confirmed signatures per request block.',
        ),
        plain('ExclusionPeriod', u32, u32Le(0), ' Blocks an accused validator stays excluded.'),
      ],
      calls: relayerCall,
      events: relayerEvent,
      errors: relayerError,
      constants: [
        { name: 'MaxReasonLength', type: u32, value: u32Le(params.maxReasonLength), docs: [] },
        { name: 'MaxEvidenceBytes', type: u32, value: u32Le(params.maxEvidenceBytes), docs: [] },
      ],
    },
    {
      name: 'Constraints',
      index: 6,
      storage: [
        map(
          'EvmAcl',
          'Blake2_128Concat',
          accountId,
          evmAcl,
          null,
          ' EVM recipient access-control list of each account.',
        ),
        map(
          'BtcAcl',
          'Blake2_128Concat',
          accountId,
          btcAcl,
          null,
          ' Bitcoin recipient access-control list of each account.',
        ),
        map(
          'ConstraintAccount',
          'Blake2_128Concat',
          accountId,
          accountId,
          null,
          ' Account allowed to change the constraints.',
        ),
      ],
      calls: constraintsCall,
      events: constraintsEvent,
      errors: constraintsError,
      constants: [{ name: 'MaxAclLength', type: u32, value: u32Le(params.maxAclLength), docs: [] }],
    },
  ];

  const metadataV14 = {
    lookup: { types: b.types },
    pallets: pallets.map((p) => ({
      name: p.name,
      storage: p.storage.length
        ? {
            prefix: p.name,
            items: p.storage.map((s) => ({
              name: s.name,
              modifier: s.modifier,
              type: s.key
                ? { map: { hashers: [s.key.hasher], key: s.key.type, value: s.value } }
                : { plain: s.value },
              fallback: u8aToHex(s.fallback),
              docs: s.docs,
            })),
          }
        : null,
      calls: p.calls === undefined ? null : { type: p.calls },
      events: p.events === undefined ? null : { type: p.events },
      constants: p.constants.map((c) => ({ ...c, value: u8aToHex(c.value) })),
      errors: p.errors === undefined ? null : { type: p.errors },
      index: p.index,
    })),
    extrinsic: { type: uncheckedExtrinsic, version: 4, signedExtensions },
    type: runtime,
  };

  return {
    metadataV14,
    pallets,
    ids: {
      ...T,
      accountInfo,
      dispatchInfo,
      dispatchError,
      eventRecords,
      runtimeCall,
      sigRequest,
      committeeMember,
      message,
      messages: b.sequence(message),
      serverInfo,
      constraints,
      evmAcl,
      btcAcl,
      registeringDetails,
      failure,
      failures: b.sequence(failure),
      accountIds: b.sequence(accountId),
      done: b.sequence(b.tuple([bytes32, accountId])),
    },
    errorNames: { Relayer: relayerErrors, Constraints: constraintsErrors },
  };

  function idOf(pair: readonly [string, number]) {
    return { identifier: pair[0], type: pair[1] };
  }
}

export type RuntimeTypes = ReturnType<typeof buildRuntimeTypes>;
