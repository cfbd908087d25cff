/** An ERC-20 the wallet shows a balance of on its chain (and can send). */
export interface EvmToken {
  address: `0x${string}`;
  symbol: string;
  decimals: number;
}

/** An EVM chain the wallet can send to: where its RPC is and how to show it. */
export interface EvmNetwork {
  chainId: number;
  name: string;
  /** The chain's JSON-RPC endpoint (http or https): reads pass through it, signed transactions go to it. */
  rpcUrl: string;
  nativeCurrency: { name: string; symbol: string; decimals: number };
  /** Base URL of a block explorer (`<url>/tx/<hash>`), when the chain has one. */
  blockExplorerUrl?: string;
  /** Tokens whose balances the home screen shows on this chain. */
  tokens?: EvmToken[];
  /** The site that added it with wallet_addEthereumChain (after the user approved); absent: built in. */
  addedBy?: string;
}

/** The user's wallet settings, as stored and as the popup edits them. */
export interface Settings {
  endpoint: string;
  /** Whether pages may use eth_sign (signs an opaque hash; off by default). */
  ethSignEnabled: boolean;
  /** The EVM chains sites may use, by chain id, each with its RPC endpoint. */
  evmNetworks: EvmNetwork[];
  /** The chain a site is on until it switches (31337, the devnet's anvil, on the local network). */
  defaultEvmChainId: number;
}
