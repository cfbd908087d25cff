import type { Acl, Constraints } from '../chain';
import { InvalidRequest } from '../messaging/errors';

/** The chain's limit on addresses per list (constraints pallet `maxAclLength`). */
export const MAX_ACL_ADDRESSES = 25;

function parseAcl(value: unknown, field: string, addressBytes: number): Acl | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value))
    throw new InvalidRequest(`${field} must be an object`);
  const { addresses, kind, allowNullRecipient } = value as Record<string, unknown>;
  if (kind !== 'Allow' && kind !== 'Deny') {
    throw new InvalidRequest(`${field}.kind must be "Allow" or "Deny"`, {
      details: { field: `${field}.kind` },
    });
  }
  if (!Array.isArray(addresses) || addresses.length > MAX_ACL_ADDRESSES) {
    throw new InvalidRequest(`${field}.addresses must be a list of at most ${MAX_ACL_ADDRESSES} addresses`, {
      details: { field: `${field}.addresses` },
    });
  }
  const pattern = new RegExp(`^0x[0-9a-fA-F]{${addressBytes * 2}}$`);
  for (const address of addresses) {
    if (typeof address !== 'string' || !pattern.test(address)) {
      throw new InvalidRequest(`${String(address)} is not a ${addressBytes}-byte hex address`, {
        details: { field: `${field}.addresses` },
      });
    }
  }
  return {
    addresses: [...new Set((addresses as string[]).map((a) => a.toLowerCase() as `0x${string}`))],
    kind,
    allowNullRecipient: allowNullRecipient === true,
  };
}

/** Strict parse of constraints from the popup: EVM lists hold 20-byte addresses, BTC lists 32-byte ones. */
export function parseConstraints(value: unknown): Constraints {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value))
    throw new InvalidRequest('constraints must be an object');
  const { evmAcl, btcAcl } = value as Record<string, unknown>;
  const out: Constraints = {};
  const evm = parseAcl(evmAcl, 'evmAcl', 20);
  const btc = parseAcl(btcAcl, 'btcAcl', 32);
  if (evm) out.evmAcl = evm;
  if (btc) out.btcAcl = btc;
  return out;
}
