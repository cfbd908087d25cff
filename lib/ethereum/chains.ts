import { numberToHex, type Hex } from 'viem';

export function chainIdHex(chainId: number): Hex {
  return numberToHex(chainId);
}
