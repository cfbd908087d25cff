import { getAddress } from 'viem';

/** One line of an address list the wallet cannot use, and why, in words. */
export interface AddressProblem {
  entry: string;
  reason: string;
}

export interface AddressList {
  /** EIP-55 checksummed, in the order typed, each once. */
  addresses: `0x${string}`[];
  problems: AddressProblem[];
}

const HEX_ADDRESS = /^0x[0-9a-fA-F]{40}$/;

/** All lowercase or all uppercase: EIP-55 says such an address carries no checksum. */
function uncased(address: string): boolean {
  const hex = address.slice(2);
  return hex === hex.toLowerCase() || hex === hex.toUpperCase();
}

/**
 * Ethereum addresses typed one per line (commas and spaces separate too). Lowercase (or uppercase) hex is
 * taken as it is; mixed case must carry a valid EIP-55 checksum, which catches a mistyped character.
 */
export function parseEvmAddressList(text: string): AddressList {
  const addresses: `0x${string}`[] = [];
  const problems: AddressProblem[] = [];
  for (const entry of text.split(/[\s,]+/).filter(Boolean)) {
    if (!HEX_ADDRESS.test(entry)) {
      problems.push({ entry, reason: 'is not an Ethereum address (0x and 40 hex digits)' });
    } else if (!uncased(entry) && getAddress(entry) !== entry) {
      problems.push({ entry, reason: 'has a wrong checksum: check it for a typo, or type it in lowercase' });
    } else {
      const address = getAddress(entry);
      if (!addresses.includes(address)) addresses.push(address);
    }
  }
  return { addresses, problems };
}

/** The problems as one sentence each, for the hint under the field. */
export function describeProblems(problems: AddressProblem[]): string {
  return problems.map((p) => `${p.entry} ${p.reason}.`).join(' ');
}

/** Whether two lists name the same addresses, whatever their case or order. */
export function sameAddresses(a: readonly string[], b: readonly string[]): boolean {
  const left = new Set(a.map((x) => x.toLowerCase()));
  const right = new Set(b.map((x) => x.toLowerCase()));
  return left.size === right.size && [...left].every((x) => right.has(x));
}
