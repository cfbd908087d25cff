/** The extension's version, from package.json, replaced at build time. */
declare const __WALLET_VERSION__: string;

interface ImportMetaEnv {
  readonly WXT_ENTROPY_ENDPOINT?: string;
}

interface Window {
  /** Set by the wallet's inpage script in every http(s) page. */
  entropyWallet?: import('../lib/inpage/entropy-wallet').EntropyWalletGlobal;
}
