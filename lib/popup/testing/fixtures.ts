/** Realistic data in the background's shapes, shared by the component tests. */
import { describeRequest } from '../../requests/display';
import {
  requestKindOf,
  type EvmDisplayExtras,
  type PendingRequest,
  type RequestPayload,
} from '../../requests/types';
import { builtinEvmNetworks } from '../../settings/evm-networks';
import type { AccountInfo } from '../../wallet/accounts/types';
import type { SigningSessionView } from '../../wallet/signing/view';

export const ALICE: AccountInfo = {
  address: '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY',
  name: 'Alice',
  publicKey: '0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d',
  registration: {
    verifyingKey: '0x02a1633cafcc01ebfb6d78e39f687a1f0995c62fc95f51ead10a02ee0be551b5dc',
    ethAddress: '0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf',
    constraintAccount: '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY',
  },
};

export const BOB: AccountInfo = {
  address: '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty',
  name: 'Bob',
  publicKey: '0x8eaf04151687736326c9fea17e25fc5287613693c912909cb226aa4794f26a48',
};

export const ORIGIN = 'http://127.0.0.1:5173';

export function pending(
  id: string,
  payload: RequestPayload,
  extra: Partial<PendingRequest> = {},
  extras: EvmDisplayExtras = {},
): PendingRequest {
  const kind = requestKindOf(payload);
  return {
    id,
    origin: ORIGIN,
    kind,
    ...(kind === 'sign' ? { account: ALICE.address } : {}),
    payload,
    display: describeRequest(payload, ORIGIN, ALICE.registration!.ethAddress, extras),
    createdAt: 1_700_000_000_000,
    status: 'pending',
    ...extra,
  };
}

export const TRANSFER = pending(
  'tx-1',
  {
    kind: 'evm-transaction',
    chainId: 11155111,
    transaction: {
      type: 'eip1559',
      chainId: 11155111,
      nonce: 7,
      gas: '0x5208',
      to: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
      value: '0x16345785d8a0000',
      data: '0xa9059cbb000000000000000000000000000000000000000000000000000000000000002a',
      maxFeePerGas: '0x77359400',
      maxPriorityFeePerGas: '0x3b9aca00',
    },
  },
  { sigHash: '0x5c0b7a4e5d6f1b2a3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3' },
  { network: builtinEvmNetworks().find((n) => n.chainId === 11155111) },
);

export const MESSAGE = pending('msg-1', {
  kind: 'personal-message',
  message: '0x48656c6c6f2c20456e74726f707921',
});

export const TYPED = pending('typed-1', {
  kind: 'typed-data',
  typedData: {
    types: { Mail: [{ name: 'contents', type: 'string' }] },
    primaryType: 'Mail',
    domain: { name: 'Ether Mail', version: '1', chainId: 1 },
    message: { contents: 'Hello, Bob!', from: { name: 'Cow' } },
  },
});

export const AUTHORIZE = pending('auth-1', { kind: 'authorize' });

const T0 = 1_700_000_000_000;
const MEMBERS = [0, 1, 2].map((group) => ({
  group,
  stash: [
    '5DAAnrj7VHTznn2AWBemMuyBwZWs6FNFjdyVXUeYum3PTXFy',
    '5HGjWAeFDfFCWPsjFQdVV2Msvz2XtMktvgocEZcCj68kUMaw',
    '5GNJqTPyNqANBkUVMN1LPPrxXnFouWXoe2wNSmmEoLctxiZY',
  ][group]!,
  tssAccount: `5Tss${group}`,
  endpoint: `http://127.0.0.1:${3001 + group}`,
}));

/** Three signing groups in round 2 of 3, the protocol step running for 1.5 s. */
export const MID_PROTOCOL: SigningSessionView = {
  requestId: 'tx-1',
  account: ALICE.address,
  sigHash: TRANSFER.sigHash!,
  attempt: 1,
  maxAttempts: 3,
  status: 'running',
  blockNumber: 42,
  members: MEMBERS.map((m, i) => ({
    ...m,
    state: i === 2 ? 'subscribed' : 'running',
    ...(i === 2 ? {} : { round: 2, totalRounds: 3 }),
    constraintResults: [{ constraint: 'evmAcl', passed: true, reason: 'recipient is not on the deny list' }],
  })),
  steps: [
    { name: 'submit', startedAt: T0, endedAt: T0 + 1200 },
    { name: 'committee', startedAt: T0 + 1200, endedAt: T0 + 2300 },
    { name: 'deliver', startedAt: T0 + 2300, endedAt: T0 + 2600 },
    { name: 'subscribe', startedAt: T0 + 2600, endedAt: T0 + 3000 },
    { name: 'protocol', startedAt: T0 + 3000 },
  ],
  retries: [],
  startedAt: T0,
};

export const MID_PROTOCOL_NOW = T0 + 4500;

/** Every member refused the transaction: the recipient is on the deny list. */
export const FAILED_CONSTRAINT: SigningSessionView = {
  ...MID_PROTOCOL,
  status: 'failed',
  members: MEMBERS.map((m) => ({
    ...m,
    state: 'constraints-failed',
    constraintResults: [
      { constraint: 'evmAcl', passed: false, reason: 'recipient 0x7099…79C8 is on the deny list' },
    ],
  })),
  steps: [
    { name: 'submit', startedAt: T0, endedAt: T0 + 1200 },
    { name: 'committee', startedAt: T0 + 1200, endedAt: T0 + 2300 },
    { name: 'deliver', startedAt: T0 + 2300, endedAt: T0 + 2600 },
  ],
  error: { code: 'CONSTRAINTS_FAILED', message: 'Every committee member refused the transaction.' },
  endedAt: T0 + 2600,
};

/** Signed on the second attempt after one member was blamed. */
export const SIGNED_AFTER_RETRY: SigningSessionView = {
  ...MID_PROTOCOL,
  attempt: 2,
  status: 'done',
  blockNumber: 45,
  members: MEMBERS.map((m) => ({ ...m, state: 'done' })),
  steps: [
    ...MID_PROTOCOL.steps.map((s) => ({ ...s, endedAt: s.endedAt ?? T0 + 5900 })),
    { name: 'verify', startedAt: T0 + 5900, endedAt: T0 + 6000 },
  ],
  retries: [
    {
      attempt: 1,
      blockNumber: 42,
      blamed: [
        {
          party: 'group-1',
          reason: 'sent an invalid commitment in round 1',
          group: 1,
          stash: MEMBERS[1]!.stash,
          endpoint: MEMBERS[1]!.endpoint,
        },
      ],
    },
  ],
  signature: `0x${'ab'.repeat(64)}1b`,
  endedAt: T0 + 6000,
};

/** `balances.transferKeepAlive` of 12.5 BITS to Bob, as the background decodes it with the chain's metadata. */
export const SUBSTRATE_TRANSFER: PendingRequest = {
  ...pending('sub-1', {
    kind: 'substrate-payload',
    payload: {
      address: ALICE.address,
      blockHash: `0x${'11'.repeat(32)}`,
      blockNumber: '0x00000064',
      era: '0x4502',
      genesisHash: `0x${'22'.repeat(32)}`,
      method: '0x0503008eaf04151687736326c9fea17e25fc5287613693c912909cb226aa4794f26a480b00b864d945',
      nonce: '0x00000007',
      specVersion: '0x00000064',
      tip: '0x00000000000000000000000000989680',
      transactionVersion: '0x00000001',
      signedExtensions: ['CheckNonce'],
      version: 4,
    },
  }),
};
SUBSTRATE_TRANSFER.display = {
  ...(SUBSTRATE_TRANSFER.display as Extract<PendingRequest['display'], { kind: 'substrate-payload' }>),
  decoded: {
    call: {
      section: 'balances',
      method: 'transferKeepAlive',
      doc: 'Same as the transfer call, but with a check that the transfer will not kill the origin account.',
      args: [
        { name: 'dest', type: 'AccountIdLookupOf<T>', value: { kind: 'address', address: BOB.address } },
        {
          name: 'value',
          type: 'T::Balance',
          value: { kind: 'amount', planck: '125000000000', formatted: '12.5 BITS' },
        },
      ],
    },
    tip: '0.001 BITS',
    nonce: 7,
    era: { mortal: true, period: 64, birth: 96, death: 160 },
    genesisHash: `0x${'22'.repeat(32)}`,
    chain: 'Entropy devnet',
    specVersion: 100,
    warnings: [],
  },
};

/** EIP-712 for Ethereum (chain 1) while the site is on Sepolia. */
export const TYPED_OTHER_CHAIN = pending('typed-2', {
  kind: 'typed-data',
  chainId: 11155111,
  typedData: (TYPED.payload as Extract<RequestPayload, { kind: 'typed-data' }>).typedData,
});
