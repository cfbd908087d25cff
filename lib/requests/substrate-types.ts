/** What the popup shows of a Substrate `signPayload` request (decoded by ./substrate-decode). */

/** One argument of a decoded call, typed for the popup: an amount, an address, a nested call, or text. */
export type DecodedValue =
  | { kind: 'amount'; planck: string; formatted: string }
  | { kind: 'address'; address: string }
  | { kind: 'call'; call: DecodedCall }
  | { kind: 'calls'; calls: DecodedCall[] }
  | { kind: 'text'; text: string };

export interface DecodedCall {
  section: string;
  method: string;
  /** The first line of the call's documentation, when the metadata has it. */
  doc?: string;
  args: { name: string; type: string; value: DecodedValue }[];
}

/** A `signPayload` request as the user must see it: what is called, on which chain, with what extras. */
export interface DecodedSubstratePayload {
  /** Absent when the call could not be decoded (`decodeError` says why): the popup then warns. */
  call?: DecodedCall;
  decodeError?: string;
  tip: string;
  nonce: number;
  /** Mortal: valid from block `birth` to `death`; immortal transactions never expire. */
  era: { mortal: false } | { mortal: true; period: number; birth: number; death: number };
  genesisHash: `0x${string}`;
  /** The connected chain's name when the payload's genesis is that chain's. */
  chain?: string;
  specVersion: number;
  warnings: string[];
}
