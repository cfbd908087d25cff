import { defineConfig } from 'wxt';
import pkg from './package.json' with { type: 'json' };

export default defineConfig({
  // A separate build directory lets two checkouts' test runs build side by side (e2e/support/chromium.ts).
  outDir: process.env.ENTROPY_BUILD_DIR || '.output',
  modules: ['@wxt-dev/module-react'],
  // Explicit imports everywhere: lib/ must stay free of browser globals so devnet reuses it.
  imports: false,
  vite: () => ({
    define: { __WALLET_VERSION__: JSON.stringify(pkg.version) },
    // Readable output for store review, and class names intact: typed errors cross boundaries by name.
    // No module preloading: its helper touches `document`, which the service worker does not have (viem
    // loads secp256k1 with a dynamic import).
    build: { minify: false, modulePreload: false },
  }),
  manifest: {
    name: 'Entropy Wallet',
    description: 'Threshold signatures from the Entropy network',
    permissions: ['storage', 'alarms'],
    content_security_policy: {
      // @polkadot/util-crypto runs its sr25519 and hashing code as WebAssembly.
      extension_pages: "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'",
    },
    web_accessible_resources: [{ resources: ['inpage.js'], matches: ['<all_urls>'] }],
  },
});
