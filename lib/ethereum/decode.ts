import {
  decodeFunctionData,
  erc20Abi,
  formatUnits,
  maxUint256,
  slice,
  type Address,
  type Hex,
  type PublicClient,
} from 'viem';

/** A token as the approval shows it: symbol and decimals read from the contract, when it answers. */
export interface TokenInfo {
  address: Address;
  symbol?: string;
  decimals?: number;
}

/** What a transaction's data does, as the approval shows it. */
export type DecodedCall =
  | { kind: 'transfer' }
  | { kind: 'deploy' }
  | {
      kind: 'erc20';
      functionName: 'transfer' | 'approve' | 'transferFrom';
      token: TokenInfo;
      /** transferFrom: whose tokens move. */
      owner?: Address;
      /** transfer/transferFrom: who receives; approve: who may spend. */
      recipient?: Address;
      spender?: Address;
      /** Raw amount (base units, decimal string) and, when decimals are known, in token units. */
      amount: string;
      formatted?: string;
      /** approve of (practically) everything the owner has, now and later. */
      unlimited: boolean;
    }
  | { kind: 'call'; selector: Hex };

/** Amounts this large cannot be meant as a number of tokens: it is "everything, forever". */
const UNLIMITED = 2n ** 255n;

type Erc20Call =
  | { functionName: 'transfer'; args: readonly [Address, bigint] }
  | { functionName: 'approve'; args: readonly [Address, bigint] }
  | { functionName: 'transferFrom'; args: readonly [Address, Address, bigint] };

/** The ERC-20 call in `data`, if it is exactly one of transfer / approve / transferFrom. */
export function decodeErc20Call(data: Hex): Erc20Call | undefined {
  try {
    const decoded = decodeFunctionData({ abi: erc20Abi, data });
    if (
      decoded.functionName === 'transfer' ||
      decoded.functionName === 'approve' ||
      decoded.functionName === 'transferFrom'
    ) {
      return decoded as Erc20Call;
    }
  } catch {
    // not an ERC-20 call (or malformed): shown by selector
  }
  return undefined;
}

/** Decodes without the chain: the token's symbol and decimals are filled in by describeCall. */
export function decodeCall(
  to: Address | undefined,
  data: Hex,
  token?: Omit<TokenInfo, 'address'>,
): DecodedCall {
  if (!to) return { kind: 'deploy' };
  if (data === '0x') return { kind: 'transfer' };
  const call = decodeErc20Call(data);
  if (!call) return { kind: 'call', selector: data.length >= 10 ? slice(data, 0, 4) : data };
  const amount = call.args[call.args.length - 1] as bigint;
  const info: TokenInfo = { address: to, ...token };
  return {
    kind: 'erc20',
    functionName: call.functionName,
    token: info,
    ...(call.functionName === 'transfer' ? { recipient: call.args[0] } : {}),
    ...(call.functionName === 'approve' ? { spender: call.args[0] } : {}),
    ...(call.functionName === 'transferFrom' ? { owner: call.args[0], recipient: call.args[1] } : {}),
    amount: amount.toString(),
    ...(info.decimals === undefined ? {} : { formatted: formatUnits(amount, info.decimals) }),
    unlimited: call.functionName === 'approve' && (amount === maxUint256 || amount >= UNLIMITED),
  };
}

const MAX_SYMBOL = 16;

/** Symbol and decimals from the token contract; whatever it does not answer (or answers oddly) stays unknown. */
export async function readTokenInfo(
  client: PublicClient,
  address: Address,
): Promise<Omit<TokenInfo, 'address'>> {
  const [symbol, decimals] = await Promise.allSettled([
    client.readContract({ address, abi: erc20Abi, functionName: 'symbol' }),
    client.readContract({ address, abi: erc20Abi, functionName: 'decimals' }),
  ]);
  const out: Omit<TokenInfo, 'address'> = {};
  // A symbol is shown next to amounts: printable ASCII only, so a token cannot pose as another text.
  if (symbol.status === 'fulfilled' && /^[\x20-\x7e]{1,16}$/.test(symbol.value))
    out.symbol = symbol.value.slice(0, MAX_SYMBOL);
  if (decimals.status === 'fulfilled' && decimals.value <= 77) out.decimals = decimals.value;
  return out;
}

/** The decoded call with the token's symbol and decimals read from the chain. */
export async function describeCall(
  client: PublicClient,
  to: Address | undefined,
  data: Hex,
): Promise<DecodedCall> {
  const call = decodeCall(to, data);
  if (call.kind !== 'erc20') return call;
  return decodeCall(to, data, await readTokenInfo(client, call.token.address));
}
