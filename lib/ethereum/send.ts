import { Eip1559FeesNotSupportedError, numberToHex, type Address, type Hex, type PublicClient } from 'viem';
import { InsufficientFunds, InvalidParams } from './errors';
import { parseAddress, parseBytes, parseObject, parseQuantity, parseSafeInteger } from './params';
import { KNOWN_FIELDS, parseTransactionRequest, type EvmTransactionJson } from './transaction';

/** The smallest gas a transaction can use; a limit below it can never be mined. */
const INTRINSIC_GAS = 21_000n;

/** The most a transaction can cost in fees: gas limit × max fee per gas (or gas price). */
export function maxTransactionFee(tx: EvmTransactionJson): bigint {
  return BigInt(tx.gas) * BigInt(tx.maxFeePerGas ?? tx.gasPrice ?? '0x0');
}

/**
 * Refuses a transaction the chain would refuse anyway, before anything is paid for its signature: a gas
 * limit below 21,000 or above the block's, or more value and fees than the account holds.
 */
export function checkFeeLimits(
  tx: EvmTransactionJson,
  chain: { blockGasLimit: bigint; balance: bigint },
): void {
  const gas = BigInt(tx.gas);
  if (gas < INTRINSIC_GAS) {
    throw new InvalidParams(`A gas limit of ${gas} is below the 21000 every transaction needs`, {
      details: { param: 'gas' },
    });
  }
  if (gas > chain.blockGasLimit) {
    throw new InvalidParams(`A gas limit of ${gas} exceeds the block gas limit (${chain.blockGasLimit})`, {
      details: { param: 'gas', blockGasLimit: chain.blockGasLimit.toString() },
    });
  }
  const cost = BigInt(tx.value) + maxTransactionFee(tx);
  if (cost > chain.balance) {
    throw new InsufficientFunds('The account cannot pay the value plus the maximum fee of this transaction', {
      details: { needed: cost.toString(), balance: chain.balance.toString(), chainId: tx.chainId },
    });
  }
}

function quantity(value: unknown, param: string): bigint | undefined {
  return value === undefined || value === null ? undefined : parseQuantity(value, param);
}

/**
 * `eth_sendTransaction`'s request, completed from the chain as MetaMask does: the pending nonce, the gas
 * `eth_estimateGas` gives, EIP-1559 fees from viem's estimate (legacy gas price on chains without a base
 * fee). What the dApp gave is kept; the result goes through the same validation as a signed request.
 */
export async function fillTransaction(
  client: PublicClient,
  raw: unknown,
  chainId: number,
): Promise<{ from: Address; transaction: EvmTransactionJson }> {
  const tx = parseObject(raw, 'transaction');
  for (const key of Object.keys(tx)) {
    if (!KNOWN_FIELDS.has(key)) {
      throw new InvalidParams(`Unknown transaction field "${key}"`, { details: { param: key } });
    }
  }
  if (tx.from === undefined)
    throw new InvalidParams('The transaction needs "from"', { details: { param: 'from' } });
  const from = parseAddress(tx.from, 'from');
  const to = tx.to === undefined || tx.to === null ? undefined : parseAddress(tx.to, 'to');
  const value = quantity(tx.value, 'value') ?? 0n;
  const rawData = tx.data ?? tx.input;
  const data: Hex = rawData === undefined || rawData === null ? '0x' : parseBytes(rawData, 'data');
  const given = {
    nonce: tx.nonce === undefined || tx.nonce === null ? undefined : parseSafeInteger(tx.nonce, 'nonce'),
    gas: quantity(tx.gas ?? tx.gasLimit, 'gas'),
    gasPrice: quantity(tx.gasPrice, 'gasPrice'),
    maxFeePerGas: quantity(tx.maxFeePerGas, 'maxFeePerGas'),
    maxPriorityFeePerGas: quantity(tx.maxPriorityFeePerGas, 'maxPriorityFeePerGas'),
  };
  const wantsLegacy =
    given.gasPrice !== undefined || (tx.type !== undefined && parseSafeInteger(tx.type, 'type') === 0);
  const hasFees = wantsLegacy
    ? given.gasPrice !== undefined
    : given.maxFeePerGas !== undefined && given.maxPriorityFeePerGas !== undefined;

  const fees = hasFees ? {} : await estimateFees(client, wantsLegacy, given);
  const [nonce, gas] = await Promise.all([
    given.nonce ?? client.getTransactionCount({ address: from, blockTag: 'pending' }),
    given.gas ??
      client.estimateGas({
        account: from,
        ...(to ? { to } : {}),
        value,
        data,
        ...(tx.accessList ? { accessList: tx.accessList as never } : {}),
      }),
  ]);
  const legacy = wantsLegacy || 'gasPrice' in fees;
  const complete = {
    ...tx,
    gas: numberToHex(gas),
    gasLimit: undefined,
    nonce: numberToHex(nonce),
    ...(legacy
      ? { gasPrice: numberToHex(given.gasPrice ?? (fees as { gasPrice: bigint }).gasPrice) }
      : {
          maxFeePerGas: numberToHex(given.maxFeePerGas ?? (fees as { maxFeePerGas: bigint }).maxFeePerGas),
          maxPriorityFeePerGas: numberToHex(
            given.maxPriorityFeePerGas ?? (fees as { maxPriorityFeePerGas: bigint }).maxPriorityFeePerGas,
          ),
        }),
  };
  delete complete.gasLimit;
  return parseTransactionRequest(complete, chainId);
}

async function estimateFees(
  client: PublicClient,
  legacy: boolean,
  given: { maxFeePerGas?: bigint; maxPriorityFeePerGas?: bigint },
): Promise<{ gasPrice: bigint } | { maxFeePerGas: bigint; maxPriorityFeePerGas: bigint }> {
  if (legacy)
    return { gasPrice: (await client.estimateFeesPerGas({ chain: null, type: 'legacy' })).gasPrice };
  try {
    const estimate = await client.estimateFeesPerGas({ chain: null, type: 'eip1559' });
    const maxPriorityFeePerGas = given.maxPriorityFeePerGas ?? estimate.maxPriorityFeePerGas;
    // A dApp's own priority fee above the estimate's cap would make the transaction invalid: raise the cap.
    const maxFeePerGas =
      given.maxFeePerGas ??
      (estimate.maxFeePerGas > maxPriorityFeePerGas ? estimate.maxFeePerGas : maxPriorityFeePerGas);
    return { maxFeePerGas, maxPriorityFeePerGas };
  } catch (error) {
    if (error instanceof Eip1559FeesNotSupportedError) {
      return { gasPrice: (await client.estimateFeesPerGas({ chain: null, type: 'legacy' })).gasPrice };
    }
    throw error;
  }
}

/** What checkFeeLimits needs from the chain, read in one go. */
export async function feeLimitContext(
  client: PublicClient,
  from: Address,
): Promise<{ blockGasLimit: bigint; balance: bigint }> {
  const [block, balance] = await Promise.all([
    client.getBlock({ blockTag: 'latest' }),
    client.getBalance({ address: from }),
  ]);
  return { blockGasLimit: block.gasLimit, balance };
}
