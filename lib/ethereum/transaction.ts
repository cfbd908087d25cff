import {
  keccak256,
  numberToHex,
  serializeTransaction,
  type AccessList,
  type Address,
  type Hex,
  type TransactionSerializable,
} from 'viem';
import { InvalidParams } from './errors';
import {
  parseAddress,
  parseBytes,
  parseBytes32,
  parseObject,
  parseQuantity,
  parseSafeInteger,
} from './params';
import { splitSignature } from './signature';

/**
 * A transaction as it waits in the approval queue: JSON-safe (quantities as hex), every field the
 * signature covers present, so what the user approves is exactly what gets signed.
 */
export interface EvmTransactionJson {
  type: 'legacy' | 'eip1559';
  chainId: number;
  nonce: number;
  gas: Hex;
  /** Absent for contract creation. */
  to?: Address;
  value: Hex;
  data: Hex;
  gasPrice?: Hex;
  maxFeePerGas?: Hex;
  maxPriorityFeePerGas?: Hex;
  accessList?: { address: Address; storageKeys: Hex[] }[];
}

export const KNOWN_FIELDS = new Set([
  'from',
  'to',
  'gas',
  'gasLimit',
  'gasPrice',
  'maxFeePerGas',
  'maxPriorityFeePerGas',
  'value',
  'data',
  'input',
  'nonce',
  'chainId',
  'type',
  'accessList',
]);
const MAX_ACCESS_LIST = 256;

function quantityHex(value: unknown, param: string): Hex {
  return numberToHex(parseQuantity(value, param));
}

function parseAccessList(value: unknown): EvmTransactionJson['accessList'] {
  if (!Array.isArray(value) || value.length > MAX_ACCESS_LIST) {
    throw new InvalidParams(`"accessList" must be an array of at most ${MAX_ACCESS_LIST} entries`, {
      details: { param: 'accessList' },
    });
  }
  return value.map((entry, i) => {
    const item = parseObject(entry, `accessList[${i}]`);
    if (!Array.isArray(item.storageKeys) || item.storageKeys.length > MAX_ACCESS_LIST) {
      throw new InvalidParams(`"accessList[${i}].storageKeys" must be an array of 32-byte keys`, {
        details: { param: `accessList[${i}].storageKeys` },
      });
    }
    return {
      address: parseAddress(item.address, `accessList[${i}].address`),
      storageKeys: item.storageKeys.map((key, k) => parseBytes32(key, `accessList[${i}].storageKeys[${k}]`)),
    };
  });
}

function required(tx: Record<string, unknown>, field: string): unknown {
  if (tx[field] === undefined || tx[field] === null) {
    // The wallet has no EVM node to fill these in; the dApp (which has one) must.
    throw new InvalidParams(`The transaction needs "${field}"`, { details: { param: field } });
  }
  return tx[field];
}

/**
 * Validates an `eth_signTransaction` request object. Legacy when `gasPrice` is given (or type 0x0),
 * EIP-1559 when `maxFeePerGas` is (or type 0x2); other types are refused. The chain id, if given, must be
 * the page's current chain.
 */
export function parseTransactionRequest(
  raw: unknown,
  currentChainId: number,
): { from: Address; transaction: EvmTransactionJson } {
  const tx = parseObject(raw, 'transaction');
  for (const key of Object.keys(tx)) {
    if (!KNOWN_FIELDS.has(key)) {
      throw new InvalidParams(`Unknown transaction field "${key}"`, { details: { param: key } });
    }
  }
  const from = parseAddress(required(tx, 'from'), 'from');
  const chainId = tx.chainId === undefined ? currentChainId : parseSafeInteger(tx.chainId, 'chainId');
  if (chainId !== currentChainId) {
    throw new InvalidParams(
      `The transaction is for chain ${chainId} but the wallet is on ${currentChainId}`,
      {
        details: { param: 'chainId', chainId, currentChainId },
      },
    );
  }
  if (tx.data !== undefined && tx.input !== undefined && tx.data !== tx.input) {
    throw new InvalidParams('"data" and "input" differ', { details: { param: 'data' } });
  }
  if (tx.gas !== undefined && tx.gasLimit !== undefined && tx.gas !== tx.gasLimit) {
    throw new InvalidParams('"gas" and "gasLimit" differ', { details: { param: 'gas' } });
  }
  const type = transactionType(tx);
  const base = {
    chainId,
    nonce: parseSafeInteger(required(tx, 'nonce'), 'nonce'),
    gas: quantityHex(tx.gas ?? required(tx, 'gasLimit'), 'gas'),
    ...(tx.to === undefined || tx.to === null ? {} : { to: parseAddress(tx.to, 'to') }),
    value: tx.value === undefined ? '0x0' : quantityHex(tx.value, 'value'),
    data: (tx.data ?? tx.input) ? parseBytes(tx.data ?? tx.input, 'data') : '0x',
  } satisfies Partial<EvmTransactionJson>;
  if (type === 'legacy') {
    if (tx.accessList !== undefined) {
      throw new InvalidParams('A legacy transaction has no access list', {
        details: { param: 'accessList' },
      });
    }
    return {
      from,
      transaction: { type, ...base, gasPrice: quantityHex(required(tx, 'gasPrice'), 'gasPrice') },
    };
  }
  const maxFeePerGas = parseQuantity(required(tx, 'maxFeePerGas'), 'maxFeePerGas');
  const maxPriorityFeePerGas = parseQuantity(required(tx, 'maxPriorityFeePerGas'), 'maxPriorityFeePerGas');
  if (maxPriorityFeePerGas > maxFeePerGas) {
    throw new InvalidParams('"maxPriorityFeePerGas" exceeds "maxFeePerGas"', {
      details: { param: 'maxPriorityFeePerGas' },
    });
  }
  return {
    from,
    transaction: {
      type,
      ...base,
      maxFeePerGas: numberToHex(maxFeePerGas),
      maxPriorityFeePerGas: numberToHex(maxPriorityFeePerGas),
      ...(tx.accessList === undefined ? {} : { accessList: parseAccessList(tx.accessList) }),
    },
  };
}

function transactionType(tx: Record<string, unknown>): EvmTransactionJson['type'] {
  const hasGasPrice = tx.gasPrice !== undefined;
  const hasFeeMarket = tx.maxFeePerGas !== undefined || tx.maxPriorityFeePerGas !== undefined;
  if (hasGasPrice && hasFeeMarket) {
    throw new InvalidParams('Give either "gasPrice" or "maxFeePerGas", not both', {
      details: { param: 'gasPrice' },
    });
  }
  if (tx.type === undefined) return hasGasPrice ? 'legacy' : 'eip1559';
  const type = parseSafeInteger(tx.type, 'type');
  if (type === 0 && !hasFeeMarket) return 'legacy';
  if (type === 2 && !hasGasPrice) return 'eip1559';
  throw new InvalidParams(
    type === 0 || type === 2
      ? `The fee fields do not match transaction type ${type}`
      : `Transaction type ${type} is not supported (legacy or EIP-1559 only)`,
    { details: { param: 'type', type } },
  );
}

/** The viem form of a queued transaction. */
export function toSerializable(tx: EvmTransactionJson): TransactionSerializable {
  const common = {
    chainId: tx.chainId,
    nonce: tx.nonce,
    gas: BigInt(tx.gas),
    to: tx.to ?? null,
    value: BigInt(tx.value),
    data: tx.data,
  };
  if (tx.type === 'legacy') return { ...common, type: 'legacy', gasPrice: BigInt(tx.gasPrice ?? '0x0') };
  return {
    ...common,
    type: 'eip1559',
    maxFeePerGas: BigInt(tx.maxFeePerGas ?? '0x0'),
    maxPriorityFeePerGas: BigInt(tx.maxPriorityFeePerGas ?? '0x0'),
    ...(tx.accessList ? { accessList: tx.accessList as AccessList } : {}),
  };
}

/** RLP of the unsigned transaction (EIP-155 form for legacy), as the TSS servers evaluate it. */
export function unsignedTransaction(tx: EvmTransactionJson): Hex {
  return serializeTransaction(toSerializable(tx));
}

/** What the key signs: keccak256 of the unsigned serialisation. */
export function transactionSigHash(tx: EvmTransactionJson): Hex {
  return keccak256(unsignedTransaction(tx));
}

/** The signed serialisation: EIP-155 `v` for legacy, `yParity` for EIP-1559. */
export function signedTransaction(tx: EvmTransactionJson, signature: Uint8Array): Hex {
  const { r, s, recovery } = splitSignature(signature);
  const serializable = toSerializable(tx);
  return serializable.type === 'legacy'
    ? serializeTransaction(serializable, { r, s, v: 27n + BigInt(recovery) })
    : serializeTransaction(serializable, { r, s, yParity: recovery });
}
