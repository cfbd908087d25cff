import { formatEther, formatGwei, hexToBytes, type Hex } from 'viem';
import { maxTransactionFee } from '../ethereum/send';
import type { EvmTransactionJson } from '../ethereum/transaction';
import type { EvmDisplayExtras, RequestDisplay, RequestPayload } from './types';

/** UTF-8 text when the bytes are printable text (what the user can read), else undefined (show hex). */
export function printableText(hex: Hex): string | undefined {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(hexToBytes(hex));
  } catch {
    return undefined;
  }
  return [...text].some(hidesText) ? undefined : text;
}

/** Control characters (other than tab and newlines) and bidi overrides could hide or reorder what is read. */
function hidesText(char: string): boolean {
  const code = char.codePointAt(0)!;
  if (code === 0x09 || code === 0x0a || code === 0x0d) return false;
  return (
    code < 0x20 || code === 0x7f || (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069)
  );
}

function describeTransaction(
  tx: EvmTransactionJson,
  from: string,
  broadcast: boolean,
  extras: EvmDisplayExtras,
): RequestDisplay {
  const symbol = extras.network?.nativeCurrency.symbol ?? 'ETH';
  const maxFee = maxTransactionFee(tx);
  const fees: Record<string, string> =
    tx.type === 'legacy'
      ? { gasPrice: `${formatGwei(BigInt(tx.gasPrice ?? '0x0'))} gwei` }
      : {
          maxFeePerGas: `${formatGwei(BigInt(tx.maxFeePerGas ?? '0x0'))} gwei`,
          maxPriorityFeePerGas: `${formatGwei(BigInt(tx.maxPriorityFeePerGas ?? '0x0'))} gwei`,
        };
  return {
    kind: 'evm-transaction',
    type: tx.type,
    chainId: tx.chainId,
    from,
    to: tx.to ?? null,
    value: `${formatEther(BigInt(tx.value))} ${symbol}`,
    nonce: tx.nonce,
    gas: BigInt(tx.gas).toString(),
    fees,
    data: tx.data,
    ...(tx.data.length >= 10 ? { functionSelector: tx.data.slice(0, 10) as Hex } : {}),
    ...(extras.network ? { chainName: extras.network.name } : {}),
    ...(extras.network?.blockExplorerUrl ? { explorerUrl: extras.network.blockExplorerUrl } : {}),
    maxFee: `${formatEther(maxFee)} ${symbol}`,
    maxTotal: `${formatEther(maxFee + BigInt(tx.value))} ${symbol}`,
    ...(extras.call ? { call: extras.call } : {}),
    ...(extras.refusal ? { refusal: extras.refusal } : {}),
    broadcast,
  };
}

/** What the popup shows for a request: decoded transaction, typed-data fields, message text or hex. */
/** `from` is the signing account's Ethereum address, shown for transactions. */
export function describeRequest(
  payload: RequestPayload,
  origin: string,
  from = '',
  extras: EvmDisplayExtras = {},
): RequestDisplay {
  switch (payload.kind) {
    case 'authorize':
      return { kind: 'authorize', origin };
    case 'switch-chain':
    case 'add-chain':
      return payload;
    case 'evm-transaction':
      return describeTransaction(payload.transaction, from, payload.broadcast === true, extras);
    case 'personal-message':
      return { kind: 'personal-message', text: printableText(payload.message), hex: payload.message };
    case 'substrate-raw':
      return { kind: 'substrate-raw', text: printableText(payload.data), hex: payload.data };
    case 'typed-data':
      return {
        kind: 'typed-data',
        primaryType: payload.typedData.primaryType,
        ...(payload.chainId === undefined ? {} : { currentChainId: payload.chainId }),
        domain: payload.typedData.domain,
        message: payload.typedData.message,
      };
    case 'hash':
      return { kind: 'hash', hash: payload.hash };
    case 'substrate-payload': {
      const { address, genesisHash, method, nonce, era, tip, specVersion, transactionVersion, blockNumber } =
        payload.payload;
      return {
        kind: 'substrate-payload',
        fields: {
          address,
          genesisHash,
          method,
          nonce: BigInt(nonce).toString(),
          tip: BigInt(tip).toString(),
          era,
          blockNumber: BigInt(blockNumber).toString(),
          specVersion: BigInt(specVersion).toString(),
          transactionVersion: BigInt(transactionVersion).toString(),
        },
      };
    }
  }
}
