import { WaitForTransactionReceiptTimeoutError, type Hex, type PublicClient } from 'viem';

/** How long the worker follows a broadcast transaction before leaving it pending until its next start. */
export const RECEIPT_TIMEOUT_MS = 10 * 60_000;

/** What History shows for a broadcast transaction once its receipt is known. */
export type ReceiptStatus = 'confirmed' | 'failed';

/**
 * What a broadcast transaction's receipt says: confirmed (status 1) or failed (reverted, status 0). Waits
 * for it (viem follows a replacement too); undefined when none came within `timeoutMs` (not mined yet, or
 * dropped), so the transaction stays pending. Other failures (the RPC itself) are thrown.
 */
export async function receiptStatus(
  client: PublicClient,
  hash: Hex,
  timeoutMs = RECEIPT_TIMEOUT_MS,
): Promise<ReceiptStatus | undefined> {
  try {
    const receipt = await client.waitForTransactionReceipt({ hash, timeout: timeoutMs });
    return receipt.status === 'success' ? 'confirmed' : 'failed';
  } catch (error) {
    if (error instanceof WaitForTransactionReceiptTimeoutError) return undefined;
    throw error;
  }
}
