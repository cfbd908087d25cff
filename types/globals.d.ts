/** The extension's version, from package.json, replaced at build time. */
declare const __WALLET_VERSION__: string;

interface ImportMetaEnv {
  readonly WXT_ENTROPY_ENDPOINT?: string;
  /** RPC of the devnet EVM chain (31337) at build time; default http://127.0.0.1:8545. */
  readonly WXT_EVM_RPC?: string;
}

interface Window {
  /** Set by the wallet's inpage script in every http(s) page. */
  entropyWallet?: import('../lib/inpage/entropy-wallet').EntropyWalletGlobal;
}
