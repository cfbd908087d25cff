/** The runtime version the node reports, with the runtime APIs `state_call` really answers. */
import { u8aToHex, stringToU8a } from '@polkadot/util';
import { blake2AsU8a } from '@polkadot/util-crypto';

function apiId(name: string): string {
  return u8aToHex(blake2AsU8a(stringToU8a(name), 64));
}

/** Runtime APIs and versions: Core_version, Metadata_metadata(_versions/_at_version), TransactionPaymentApi_query_info/query_fee_details. */
export const RUNTIME_APIS: [string, number][] = [
  ['Core', 4],
  ['Metadata', 2],
  ['TransactionPaymentApi', 4],
];

export const RUNTIME_VERSION = {
  specName: 'entropy-devnet',
  implName: 'entropy-devnet-ts',
  authoringVersion: 1,
  specVersion: 100,
  implVersion: 0,
  apis: RUNTIME_APIS.map(([name, version]) => [apiId(name), version] as [string, number]),
  transactionVersion: 1,
  stateVersion: 1,
};
